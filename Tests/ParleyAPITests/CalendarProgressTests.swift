import Foundation
import Testing
import ParleyAPI
import ParleyCore
import ParleyTestSupport

/// Calendar jobs report progress as live events and can be cancelled between posts.
@Suite struct CalendarProgressTests {
    func progressEvents(_ h: PublishingHarness, calendar id: Int) throws -> [[String: Any]] {
        try h.t.app.ingest.bus.events(tenantID: h.tenant.id, after: 0).filter { $0.type == "calendar.progress" }.compactMap {
            try JSONSerialization.jsonObject(with: Data($0.data.utf8)) as? [String: Any]
        }.filter { $0["id"] as? Int == id }
    }

    @Test func eachDraftedPostIsAProgressEvent() throws {
        let h = try PublishingHarness()
        defer { h.stop() }
        let id = try #require(try h.admin.post("/api/v1/calendars", ["month": "2026-11", "count": 5]).json["id"] as? Int)
        for _ in 0..<100 where try h.admin.get("/api/v1/calendars/\(id)").json["state"] as? String == "running" { Thread.sleep(forTimeInterval: 0.05) }
        let events = try progressEvents(h, calendar: id)
        #expect(events.map { $0["done"] as? Int ?? -1 } == [1, 2, 3, 4, 5, 5], "\(events)")
        #expect(events.allSatisfy { $0["total"] as? Int == 5 })
        #expect(events.last?["state"] as? String == "done")
        #expect(events.map { $0["final"] as? Bool } == [false, false, false, false, false, true])
        #expect(try h.admin.get("/api/v1/calendars/\(id)").json["running"] as? Bool == false)
    }

    @Test func aPlanCutShortByARestartEndsAsFailedWithItsDraftsKept() throws {
        let h = try PublishingHarness()
        defer { h.stop() }
        // A `running` row with no job in this process: what a crash or restart mid-plan leaves behind.
        let db = try h.t.core.tenants.database(h.tenant.id)
        let id = try db.write { c -> Int64 in
            try c.run("INSERT INTO calendars (month, total, done, created_at) VALUES ('2026-12', 8, 3, '2026-11-22T00:00:00Z')")
            return c.lastInsertRowID
        }
        let p = try h.admin.get("/api/v1/calendars/\(id)").json
        #expect(p["state"] as? String == "failed" && p["running"] as? Bool == false && p["done"] as? Int == 3)
        #expect((p["error"] as? String)?.contains("restarted") == true)
        // Cancelling it afterwards changes nothing.
        #expect(try h.admin.post("/api/v1/calendars/\(id)/cancel", [:] as [String: Any]).json["state"] as? String == "failed")
    }

    @Test func cancelStopsBetweenPostsAndKeepsDrafts() throws {
        let ai = try FakeOpenAI()
        defer { ai.stop() }
        ai.set(.slow(seconds: 2))
        let h = try PublishingHarness(configure: { c in c.openAIBaseURL = ai.baseURL })
        defer { h.stop() }
        h.t.app.publishing.captions.setTimeout(.milliseconds(300))
        let id = try #require(try h.admin.post("/api/v1/calendars", ["month": "2026-11", "count": 8, "use_ai": true]).json["id"] as? Int)
        for _ in 0..<100 where try progressEvents(h, calendar: id).isEmpty { Thread.sleep(forTimeInterval: 0.05) }
        let c = try h.admin.post("/api/v1/calendars/\(id)/cancel", [:] as [String: Any])
        #expect(c.status == 200, "\(c.text)")
        #expect(c.json["state"] as? String == "cancelled")
        // The job finishes the caption it was writing, then sends one final event; nothing is drafted after it.
        var final: [String: Any]?
        for _ in 0..<200 where final == nil {
            final = try progressEvents(h, calendar: id).first { $0["final"] as? Bool == true }
            if final == nil { Thread.sleep(forTimeInterval: 0.02) }
        }
        let last = try #require(final)
        #expect(last["state"] as? String == "cancelled")
        let after = try h.admin.get("/api/v1/calendars/\(id)").json
        let done = after["done"] as? Int ?? -1
        #expect(after["state"] as? String == "cancelled" && after["running"] as? Bool == false)
        #expect(done >= 1 && done < 8)
        #expect(last["done"] as? Int == done)
        #expect((after["post_ids"] as? [Int] ?? []).count == done)
        #expect(try progressEvents(h, calendar: id).last?["final"] as? Bool == true)
        #expect(try h.admin.post("/api/v1/calendars/999/cancel", [:] as [String: Any]).status == 404)
    }
}

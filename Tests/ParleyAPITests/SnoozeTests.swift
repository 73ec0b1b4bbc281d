import Foundation
import Testing
import ParleyAPI
import ParleyCore
import ParleyTestSupport

/// Snoozing: the time is kept and shown, must be in the future, and the conversation opens again when it comes
/// (or earlier, when the customer writes).
@Suite struct SnoozeTests {
    @Test func aSnoozedConversationReopensWhenItsTimeComes() throws {
        let t = try TestApp()
        defer { t.stop() }
        let tenant = try t.createTenant().tenant
        let admin = try t.login(email: "admin@acme.test")
        let page = try ChannelStore(core: t.core).connect(tenantID: tenant.id, kind: .messenger, externalID: "sandbox-page", name: "Page", token: nil)
        let (a, _) = try ChannelTestData.conversation(t, tenantID: tenant.id, channelID: page.id, psid: "PSID-A")
        let (b, _) = try ChannelTestData.conversation(t, tenantID: tenant.id, channelID: page.id, psid: "PSID-B")
        let now = Clock.nowMillis()

        #expect(try admin.patch("/api/v1/conversations/\(a)", ["status": "snoozed", "snoozed_until": now - 1000]).status == 422)
        #expect(try admin.patch("/api/v1/conversations/\(a)", ["status": "snoozed"]).status == 422)
        let r = try admin.patch("/api/v1/conversations/\(a)", ["status": "snoozed", "snoozed_until": now + 60_000])
        #expect(r.status == 200)
        #expect((r.json["conversation"] as? [String: Any])?["snoozed_until"] as? Int == Int(now + 60_000))
        #expect(try admin.patch("/api/v1/conversations/\(b)", ["status": "snoozed", "snoozed_until": now + 3_600_000]).status == 200)
        let listed = try admin.get("/api/v1/conversations?status=snoozed").json["conversations"] as? [[String: Any]] ?? []
        #expect(Set(listed.compactMap { $0["snoozed_until"] as? Int }) == [Int(now + 60_000), Int(now + 3_600_000)])

        // Not yet: nothing happens. A minute later: only the first opens, with an event for the live inbox.
        #expect(t.app.snoozes.runOnce(now: now + 30_000) == 0)
        #expect(t.app.snoozes.runOnce(now: now + 61_000) == 1)
        let first = try admin.get("/api/v1/conversations/\(a)").json["conversation"] as? [String: Any]
        #expect(first?["status"] as? String == "open" && first?["snoozed_until"] == nil)
        #expect(try admin.get("/api/v1/conversations/\(b)").json["conversation"].flatMap { ($0 as? [String: Any])?["status"] as? String } == "snoozed")
        let events = try t.app.ingest.bus.events(tenantID: tenant.id, after: 0).filter { $0.type == "conversation.updated" && $0.data.contains("snooze_ended") }
        #expect(events.count == 1)
        // The tenant's next wake-up is the second snooze; after it, nothing is left to watch.
        let next = try t.core.control.read { c in try c.scalar("SELECT next_due_at FROM work_due WHERE tenant_id = ? AND kind = 'snooze'", [tenant.id], as: Int64.self) }
        #expect(next == now + 3_600_000)
        #expect(t.app.snoozes.runOnce(now: now + 3_600_001) == 1)
        #expect(try t.core.control.read { c in try c.scalar("SELECT count(*) FROM work_due WHERE kind = 'snooze'", as: Int64.self) } == 0)
    }
}

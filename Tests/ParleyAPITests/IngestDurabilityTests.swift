import Foundation
import ParleyCore
import ParleySQLite
import ParleyTestSupport
import Synchronization
import Testing

@Suite struct IngestDurabilityTests {
    @Test func diskFullAnswers503WithRetryAfterAndRecoversWhenSpaceReturns() throws {
        let h = try WebhookHarness()
        defer { h.close() }
        try h.connect(.messenger, "PAGE1")
        #expect(try h.post(MetaBodies.messengerText(page: "PAGE1", psid: "U1", mid: "m_before", text: "before")).status == 200)

        // "Disk full": cap ingest.sqlite at its current size on the journal's own writer connection.
        try h.core.ingest.writeWithoutTransaction { c in
            let pages = try c.scalar("PRAGMA page_count", as: Int64.self) ?? 1
            _ = try c.query("PRAGMA max_page_count = \(pages)")
        }
        let big = String(repeating: "x", count: 32_000)  // needs new pages
        for i in 0..<3 {
            let r = try h.post(MetaBodies.messengerText(page: "PAGE1", psid: "U1", mid: "m_full\(i)", text: big))
            #expect(r.status == 503)
            #expect(r.header("retry-after") == "5")
            #expect(r.errorCode == "unavailable")
        }
        #expect(try h.ingestScalar("SELECT count(*) FROM inbound") == 1)
        #expect(h.app.metrics.counter("parley_webhook_requests_total", labels: "result=\"failed\"") == 3)

        // Space returns: the same journal (no restart) stores the retry.
        try h.core.ingest.writeWithoutTransaction { c in _ = try c.query("PRAGMA max_page_count = 1073741823") }
        let retry = try h.post(MetaBodies.messengerText(page: "PAGE1", psid: "U1", mid: "m_full0", text: big))
        #expect(retry.status == 200)
        #expect(h.waitForIngest())
        #expect(try h.tenantScalar("SELECT count(*) FROM messages") == 2)
        let check = try h.core.ingest.read { c in try c.scalar("PRAGMA integrity_check", as: String.self) }
        #expect(check == "ok")
    }

    @Test func concurrentPostsAreAllAcknowledgedAndStored() throws {
        let h = try WebhookHarness()
        defer { h.close() }
        try h.connect(.messenger, "PAGE1")
        let threads = 8, perThread = 25
        let bodies: [[String]] = (0..<threads).map { t in
            (0..<perThread).map { i in
                MetaBodies.messengerText(page: "PAGE1", psid: "U\(t)", mid: "m_\(t)_\(i)", text: "message \(i) from \(t) – caf\\u00e9",
                                         time: 1_760_000_000_000 + Int64(t * 1000 + i))
            }
        }
        let statuses = Mutex<[Int]>([])
        let start = Date()
        DispatchQueue.concurrentPerform(iterations: threads) { t in
            for body in bodies[t] {
                let status = (try? h.post(body).status) ?? -1
                statuses.withLock { $0.append(status) }
            }
        }
        let acked = Date().timeIntervalSince(start)
        let all = statuses.withLock { $0 }
        #expect(all.count == threads * perThread)
        #expect(all.allSatisfy { $0 == 200 })
        #expect(try h.ingestScalar("SELECT count(*) FROM inbound") == Int64(threads * perThread))
        #expect(h.waitForIngest(timeout: 30))
        let processed = Date().timeIntervalSince(start)
        #expect(try h.tenantScalar("SELECT count(*) FROM messages") == Int64(threads * perThread))
        #expect(try h.tenantScalar("SELECT count(*) FROM conversations") == Int64(threads))
        let stats = h.app.ingest.journal.stats
        let n = Double(threads * perThread)
        print("ingest: \(threads * perThread) signed POSTs from \(threads) threads acknowledged in \(String(format: "%.3f", acked)) s "
              + "(\(Int(n / acked)) req/s); all applied to the tenant after \(String(format: "%.3f", processed)) s; "
              + "journal: \(stats.batches) commits, largest batch \(stats.largestBatch)")
    }
}

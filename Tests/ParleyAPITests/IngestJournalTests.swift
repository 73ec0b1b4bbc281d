import Foundation
import ParleyCore
import ParleyCrypto
import ParleySQLite
import ParleyTestSupport
import Synchronization
import Testing

@Suite struct IngestJournalTests {
    private func openCore() throws -> (Core, TempDirectory) {
        let dir = TempDirectory("parley-journal")
        var config = Config()
        config.dataDir = dir.path
        return (try Core(config: config), dir)
    }

    @Test func completionsRunOnlyAfterTheirRowIsCommittedAndBatchesGroup() throws {
        let (core, dir) = try openCore()
        defer { core.close(); dir.remove() }
        let journal = IngestJournal(db: core.ingest)
        let total = 2000, producers = 4
        let done = DispatchSemaphore(value: 0)
        let problems = Mutex<[String]>([])
        let start = Date()
        DispatchQueue.concurrentPerform(iterations: producers) { p in
            for i in 0..<(total / producers) {
                let body = Array(#"{"object":"page","n":"\#(p)-\#(i)","pad":"\#(String(repeating: "p", count: 1500))"}"#.utf8)
                let digest = SHA256.hex(body)
                journal.append(provider: "meta", path: "/webhooks/meta", signature: "sha256=x", body: body) { result in
                    // A separate read connection sees only committed data: the row must already be there.
                    let visible = (try? core.ingest.read { c in
                        try c.scalar("SELECT count(*) FROM inbound WHERE body_sha256 = ?", [digest], as: Int64.self)
                    }) ?? 0
                    if case .failure(let e) = result { problems.withLock { $0.append("failed: \(e)") } }
                    if visible != 1 { problems.withLock { $0.append("row \(p)-\(i) not visible at completion") } }
                    done.signal()
                }
            }
        }
        for _ in 0..<total { done.wait() }
        let seconds = Date().timeIntervalSince(start)
        journal.stop()
        #expect(problems.withLock { $0 }.isEmpty)
        let count = try core.ingest.read { c in try c.scalar("SELECT count(*) FROM inbound", as: Int64.self) }
        #expect(count == Int64(total))
        let stats = journal.stats
        #expect(stats.stored == total)
        #expect(stats.batches <= total)
        print("journal: \(total) appends of ~1.6 KB from \(producers) threads in \(String(format: "%.3f", seconds)) s "
              + "(\(Int(Double(total) / seconds)) rows/s, synchronous=FULL), \(stats.batches) commits, largest batch \(stats.largestBatch)")
    }

    @Test func stopCommitsWhatIsQueuedAndLaterAppendsFail() throws {
        let (core, dir) = try openCore()
        defer { core.close(); dir.remove() }
        let journal = IngestJournal(db: core.ingest)
        let ok = Atomic<Int>(0), failed = Atomic<Int>(0)
        for i in 0..<300 {
            journal.append(provider: "meta", path: "/w", signature: "s", body: Array("body \(i)".utf8)) { r in
                if case .success = r { ok.add(1, ordering: .relaxed) } else { failed.add(1, ordering: .relaxed) }
            }
        }
        // Exact duplicates are a success but stored once.
        journal.append(provider: "meta", path: "/w", signature: "s", body: Array("body 0".utf8)) { r in
            if case .success = r { ok.add(1, ordering: .relaxed) }
        }
        journal.stop()
        #expect(ok.load(ordering: .relaxed) == 301)
        #expect(failed.load(ordering: .relaxed) == 0)
        #expect(journal.stats.duplicates == 1)
        let late = Mutex<Result<Void, Error>?>(nil)
        journal.append(provider: "meta", path: "/w", signature: "s", body: [1]) { r in late.withLock { $0 = r } }
        let lateResult = late.withLock { $0 }
        #expect(lateResult.map { if case .failure = $0 { true } else { false } } == true)
        #expect(try core.ingest.read { c in try c.scalar("SELECT count(*) FROM inbound", as: Int64.self) } == 300)
    }

    @Test func retentionDropsOnlyOldProcessedRowsInBatches() throws {
        let (core, dir) = try openCore()
        defer { core.close(); dir.remove() }
        let day: Int64 = 86_400_000, now = Clock.nowMillis()
        // 2,500 applied 40 days ago (more than one batch), plus one of each kind that must stay.
        try core.ingest.write { c in
            for i in 0..<2_500 {
                try c.run("INSERT INTO inbound (provider, received_at, body_sha256, signature, path, body, status, processed_at) VALUES ('meta', ?, ?, 's', '/webhooks/meta', X'7B7D', 'done', ?)",
                          [now - 40 * day, "old-\(i)", now - 40 * day])
            }
            for (key, status, processed) in [("unroutable-old", "unroutable", now - 40 * day), ("failed-old", "failed", now - 40 * day),
                                             ("pending-old", "pending", nil), ("done-recent", "done", now - day)] as [(String, String, Int64?)] {
                try c.run("INSERT INTO inbound (provider, received_at, body_sha256, signature, path, body, status, processed_at) VALUES ('meta', ?, ?, 's', '/webhooks/meta', X'7B7D', ?, ?)",
                          [now - 40 * day, key, status, processed])
            }
        }
        let removed = try InboundRetention.prune(core.ingest, processedBefore: now - 30 * day, batch: 1_000)
        #expect(removed == 2_501)
        let left = try core.ingest.read { c in try c.query("SELECT body_sha256 FROM inbound ORDER BY body_sha256").map { try $0.string("body_sha256") } }
        #expect(left == ["done-recent", "failed-old", "pending-old"])
        #expect(try InboundRetention.prune(core.ingest, processedBefore: now - 30 * day) == 0)
    }
}

import Dispatch
import ParleyCrypto
import ParleySQLite
import Synchronization

/// The durable journal of raw webhook requests (ingest.sqlite `inbound`), with group commit: one writer thread takes
/// whatever appends are queued (up to `maxBatch`), inserts them in one BEGIN IMMEDIATE transaction and COMMITs
/// (synchronous=FULL: one fsync for the batch), and only then calls each completion. No completion ever reports
/// success before its row's COMMIT returned OK; if the transaction fails (disk full, I/O, busy) every completion of the
/// batch gets the error, and the next batch simply tries again (no poisoned state).
public final class IngestJournal: Sendable {
    /// The journal was stopped; the request should be retried later (503).
    public struct Stopped: Error, CustomStringConvertible, Sendable {
        public var description: String { "the ingest journal is stopped" }
    }

    /// Counters since start.
    public struct Stats: Sendable, Equatable {
        /// Transactions committed.
        public var batches = 0
        /// Rows newly stored.
        public var stored = 0
        /// Appends that were exact duplicates of a stored body (still a success).
        public var duplicates = 0
        /// Appends answered with an error.
        public var failed = 0
        /// Largest batch committed.
        public var largestBatch = 0
    }

    private struct Append {
        let provider: String
        let path: String
        let signature: String
        let body: [UInt8]
        let sha256: String
        let receivedAt: Int64
        let completion: @Sendable (Result<Void, Error>) -> Void
    }

    private struct State {
        var queue: [Append] = []
        var stopping = false
        var stats = Stats()
    }

    private let db: Database
    private let maxBatch: Int
    private let onCommit: @Sendable () -> Void
    private let state = Mutex(State())
    private let wakeup = DispatchSemaphore(value: 0)
    private let thread = Mutex<BackgroundThread?>(nil)

    /// Creates the journal over ingest.sqlite and starts its writer thread; `onCommit` runs after every successful batch.
    public init(db: Database, maxBatch: Int = 256, onCommit: @escaping @Sendable () -> Void = {}) {
        self.db = db
        self.maxBatch = max(1, maxBatch)
        self.onCommit = onCommit
        let t = BackgroundThread { [self] in self.run() }
        thread.withLock { $0 = t }
        if t == nil { state.withLock { $0.stopping = true } }  // appends then fail with 503 instead of hanging
    }

    /// Queues a raw request; `completion` runs on the writer thread after the COMMIT (success, also for an exact
    /// duplicate body) or after the transaction failed (the error).
    public func append(provider: String, path: String, signature: String, body: [UInt8],
                       completion: @escaping @Sendable (Result<Void, Error>) -> Void) {
        let item = Append(provider: provider, path: path, signature: signature, body: body, sha256: SHA256.hex(body),
                          receivedAt: Clock.nowMillis(), completion: completion)
        let accepted = state.withLock { s -> Bool in
            if s.stopping { s.stats.failed += 1; return false }
            s.queue.append(item)
            return true
        }
        if accepted { wakeup.signal() } else { completion(.failure(Stopped())) }
    }

    /// Appends still waiting for a commit.
    public var queued: Int { state.withLock { $0.queue.count } }

    /// Counters since start.
    public var stats: Stats { state.withLock { $0.stats } }

    /// Commits everything queued, then ends the writer thread. Later appends fail with `Stopped`.
    public func stop() {
        state.withLock { $0.stopping = true }
        wakeup.signal()
        let t = thread.withLock { t in defer { t = nil }; return t }
        t?.join()
    }

    private func run() {
        while true {
            wakeup.wait()
            // Every append signalled once, so there are always at least as many wake-ups as queued items.
            let (batch, stopping) = state.withLock { s -> ([Append], Bool) in
                let n = min(s.queue.count, maxBatch)
                let batch = Array(s.queue.prefix(n))
                s.queue.removeFirst(n)
                return (batch, s.stopping)
            }
            if batch.isEmpty {
                if stopping { return }
                continue
            }
            commit(batch)
        }
    }

    private func commit(_ batch: [Append]) {
        let result = Result<Int, Error> {
            try db.write { c in
                var stored = 0
                for a in batch {
                    stored += try c.run("""
                        INSERT INTO inbound (provider, received_at, body_sha256, signature, path, body) VALUES (?, ?, ?, ?, ?, ?)
                        ON CONFLICT (body_sha256) DO NOTHING
                        """, [a.provider, a.receivedAt, a.sha256, a.signature, a.path, a.body])
                }
                return stored
            }
        }
        // db.write returned: COMMIT is done (or the transaction rolled back); only now may anyone hear about it.
        state.withLock { s in
            switch result {
            case .success(let stored):
                s.stats.batches += 1
                s.stats.stored += stored
                s.stats.duplicates += batch.count - stored
                s.stats.largestBatch = max(s.stats.largestBatch, batch.count)
            case .failure:
                s.stats.failed += batch.count
            }
        }
        let outcome: Result<Void, Error> = result.map { _ in () }
        for a in batch { a.completion(outcome) }
        if case .success = result { onCommit() }
    }
}

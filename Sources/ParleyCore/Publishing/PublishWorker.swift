import Dispatch
import FoundationEssentials
import ParleyHTTPClient
import ParleySQLite
import Synchronization

/// Publishes due post targets, at most once: each target is marked `publishing` (committed) before the Graph call
/// that can make it public, then `published` or `failed`; one found `publishing` at startup becomes `uncertain`
/// and is never re-posted automatically. Instagram containers are polled without blocking the thread (`processing`).
public final class PublishWorker: Sendable {
    /// Timing knobs (tests shorten them).
    public struct Settings: Sendable {
        /// Between Instagram container status polls (Meta: once a minute).
        public var pollIntervalMillis: Int64 = 60_000
        /// Give up on a container still IN_PROGRESS after this long (Meta: at most 5 minutes).
        public var pollTimeoutMillis: Int64 = 300_000
        /// The same for a Reel: videos take minutes to process (the container stays valid for 24 hours).
        public var videoPollTimeoutMillis: Int64 = 1_200_000
        /// First retry delay for failures before anything was published (doubles per attempt).
        public var retryBaseMillis: Int64 = 30_000
        /// Attempts before a retryable failure becomes final.
        public var maxAttempts: Int64 = 4
        /// When to fetch likes/comments/shares after publishing (bounded number of rounds).
        public var engagementDelaysMillis: [Int64] = [15 * 60_000, 3_600_000, 6 * 3_600_000, 24 * 3_600_000, 72 * 3_600_000]
        /// Defaults.
        public init() {}
    }

    let core: Core
    let publisher: MetaPublisher
    let signer: MediaURLSigner
    let onChange: @Sendable (Int64) -> Void
    let settingsBox = Mutex(Settings())
    /// Tenants with publishing work and when, mirrored in memory so a pass does not need the control database.
    let due = Mutex<[Int64: Int64]>([:])
    private let ticker = Ticker()
    /// E-mails authors about failed or uncertain targets (set when SMTP is configured).
    let notifier = Mutex<PublishNotifier?>(nil)

    /// `onChange(tenantID)` runs after a commit that changed posts (live updates).
    public init(core: Core, graph: GraphClient, signer: MediaURLSigner, onChange: @escaping @Sendable (Int64) -> Void) {
        self.core = core
        self.publisher = MetaPublisher(graph: graph)
        self.signer = signer
        self.onChange = onChange
    }

    /// The current settings.
    public var settings: Settings { settingsBox.withLock { $0 } }

    /// Turns author e-mails about failed or uncertain targets on (nil: off).
    public func setNotifier(_ n: PublishNotifier?) { notifier.withLock { $0 = n } }

    /// Changes settings (tests).
    public func configure(_ change: (inout Settings) -> Void) { settingsBox.withLock { change(&$0) } }

    /// Records that a tenant has publishing work at `atMillis` and wakes the worker.
    public func noteDue(tenantID: Int64, atMillis: Int64) {
        due.withLock { m in m[tenantID] = min(m[tenantID] ?? Int64.max, atMillis) }
        ticker.wake()
    }

    static let interrupted = "Parley stopped while publishing this. Check the page or account before publishing it again."

    /// Recovers interrupted publishing, then starts the thread.
    public func start() {
        recoverInterrupted()
        ticker.start(every: { [self] in .milliseconds(max(20, min(1000, settings.pollIntervalMillis))) }) { [self] in runOnce() }
    }

    /// Stops after the current step.
    public func stop() { ticker.stop(timeout: .seconds(30)) }

    /// One pass over tenants with due publishing work (public for tests).
    public func runOnce() {
        let now = Clock.nowMillis()
        var tenants = Set((try? Scheduling.dueTenants(core, nowMillis: now, kind: .publishing)) ?? [])
        due.withLock { m in for (t, at) in m where at <= now { tenants.insert(t) } }
        for t in tenants.sorted() { processTenant(t) }
    }

    func processTenant(_ tenantID: Int64) {
        guard let db = try? core.tenants.database(tenantID) else { return }
        let now = Clock.nowMillis()
        do {
            // This thread is the only publisher and is between steps here, so a `publishing` row is left over from a
            // previous process that crash recovery did not reach.
            try markInterrupted(tenantID, db)
            let (queued, polling, engagement) = try db.read { c in
                (try c.query("SELECT id FROM post_targets WHERE state = 'queued' AND run_at <= ? ORDER BY run_at, id LIMIT 20", [now]).map { try $0.int64("id") },
                 try c.query("SELECT id FROM post_targets WHERE state = 'processing' AND run_at <= ? ORDER BY run_at, id LIMIT 20", [now]).map { try $0.int64("id") },
                 try c.query("SELECT id FROM post_targets WHERE state = 'published' AND engagement_due_at <= ? ORDER BY engagement_due_at LIMIT 20", [now]).map { try $0.int64("id") })
            }
            for id in queued { try start(tenantID, db, id) }
            for id in polling { try poll(tenantID, db, id) }
            for id in engagement { try refreshEngagement(tenantID, db, id) }
            let next = try db.read { c in
                try c.scalar("""
                    SELECT min(at) FROM (SELECT min(run_at) AS at FROM post_targets WHERE state IN ('queued', 'processing')
                                         UNION ALL SELECT min(engagement_due_at) FROM post_targets WHERE state = 'published')
                    """, as: Int64.self)
            }
            due.withLock { m in if let next { m[tenantID] = next } else { m.removeValue(forKey: tenantID) } }
            if let next { try Scheduling.markDue(core, tenantID: tenantID, atMillis: next, kind: .publishing) }
        } catch {
            // The tenant is tried again on a later pass; rows keep their state, nothing is lost.
            due.withLock { m in m[tenantID] = now + 5_000 }
        }
    }

    /// After a crash: a target still `publishing` may or may not be live. Mark it uncertain, never re-post it.
    func recoverInterrupted() {
        guard let tenants = try? Scheduling.dueTenants(core, nowMillis: Int64.max, kind: .publishing) else { return }
        for t in tenants {
            guard let db = try? core.tenants.database(t) else { continue }
            try? markInterrupted(t, db)
            due.withLock { m in m[t] = min(m[t] ?? Int64.max, Clock.nowMillis()) }
        }
    }

    /// Targets left `publishing` by a process that stopped become `uncertain` (with their posts' states), and their
    /// authors are e-mailed when notifications are on.
    func markInterrupted(_ tenantID: Int64, _ db: Database) throws {
        let notifier = notifier.withLock { $0 }
        let mails = try db.write { c -> [SMTPMessage]? in
            let rows = try c.query("SELECT post_id, channel_id FROM post_targets WHERE state = 'publishing'")
            guard !rows.isEmpty else { return nil }
            try c.run("UPDATE post_targets SET state = 'uncertain', error = ? WHERE state = 'publishing'", [Self.interrupted])
            var mails: [SMTPMessage] = []
            for r in rows {
                let post = try r.int64("post_id")
                try PostStore.refreshState(c, postID: post)
                if let n = notifier, let m = try PublishNotifier.message(c, postID: post, channelID: try r.int64("channel_id"), problem: Self.interrupted,
                                                                          uncertain: true, from: n.from, publicURL: n.publicURL) {
                    mails.append(m)
                }
            }
            return mails
        }
        guard let mails else { return }
        onChange(tenantID)
        if let notifier { for m in mails { notifier.send(m) } }
    }
}

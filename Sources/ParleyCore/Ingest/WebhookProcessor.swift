import Dispatch
import ParleySQLite
import Synchronization

/// The ingest worker: one background thread that wakes on journal commits (and every few seconds), reads pending
/// `inbound` rows in id order, parses them, routes each event by its account id to a tenant and applies it there in
/// one transaction per row and tenant. A row is marked `done` only after those commits, so a crash in between
/// replays it, which the message-level UNIQUE keys make harmless. Rows that cannot be routed or applied stay visible
/// (`unroutable` / `failed` with last_error) and can be replayed.
public final class WebhookProcessor: Sendable {
    /// Counters since start.
    public struct Stats: Sendable, Equatable {
        /// Rows processed (any outcome).
        public var rows = 0
        /// Rows marked failed.
        public var failed = 0
        /// Rows marked unroutable.
        public var unroutable = 0
        /// Messages inserted.
        public var newMessages = 0
        /// Messages already known (replays, retries, echoes of known mids).
        public var duplicates = 0
    }

    private let core: Core
    private let bus: EventBus
    private let channels: ChannelStore
    private let interval: Duration
    private let wakeup = DispatchSemaphore(value: 0)
    private let stopping = Atomic<Bool>(false)
    private let thread = Mutex<BackgroundThread?>(nil)
    /// One drain at a time (the thread, a test, an admin replay).
    private let draining = Mutex(())
    private let counters = Mutex(Stats())

    /// Creates a stopped processor; `interval` is the idle poll period.
    public init(core: Core, bus: EventBus, interval: Duration = .seconds(3)) {
        self.core = core
        self.bus = bus
        self.channels = ChannelStore(core: core)
        self.interval = interval
    }

    /// Starts the background thread (idempotent).
    public func start() {
        thread.withLock { t in
            guard t == nil, !stopping.load(ordering: .acquiring) else { return }
            t = BackgroundThread { [self] in self.run() }
        }
    }

    /// Asks the thread to look for work now.
    public func wake() { wakeup.signal() }

    /// Stops the thread after the row in hand; pending rows stay pending for the next start.
    public func stop() {
        stopping.store(true, ordering: .releasing)
        wakeup.signal()
        let t = thread.withLock { t in defer { t = nil }; return t }
        t?.join()
    }

    /// Counters since start.
    public var stats: Stats { counters.withLock { $0 } }

    /// Rows waiting to be processed.
    public func backlog() throws -> Int {
        try core.ingest.read { c in try c.scalar("SELECT count(*) FROM inbound WHERE status = 'pending'", as: Int.self) ?? 0 }
    }

    /// Puts one row back in the queue (any status); returns false if there is no such row.
    @discardableResult
    public func replay(_ inboundID: Int64) throws -> Bool {
        let n = try core.ingest.write { c in try c.run("UPDATE inbound SET status = 'pending' WHERE id = ?", [inboundID]) }
        wake()
        return n == 1
    }

    /// Queues every failed (and, by default, unroutable) row again, e.g. after fixing a bug or connecting a page.
    @discardableResult
    public func replayFailed(includeUnroutable: Bool = true) throws -> Int {
        let statuses = includeUnroutable ? "('failed', 'unroutable')" : "('failed')"
        let n = try core.ingest.write { c in try c.run("UPDATE inbound SET status = 'pending' WHERE status IN \(statuses)", []) }
        wake()
        return n
    }

    /// Processes every pending row now, on the calling thread; returns how many rows were handled.
    @discardableResult
    public func processPending() -> Int {
        draining.withLock { _ in
            var handled = 0
            while !stopping.load(ordering: .acquiring) {
                let rows: [Row]
                do {
                    rows = try core.ingest.read { c in
                        try c.query("SELECT id, body, received_at FROM inbound WHERE status = 'pending' ORDER BY id LIMIT 64", [])
                    }
                } catch {
                    return handled  // ingest closed or unreadable: try again on the next wake-up
                }
                if rows.isEmpty { return handled }
                for row in rows {
                    guard let id = try? row.int64("id") else { continue }
                    let body = (try? row.blob("body")) ?? []
                    let outcome = process(body: body, receivedAt: (try? row.int64("received_at")) ?? Clock.nowMillis())
                    do {
                        try core.ingest.write { c in
                            try c.run("UPDATE inbound SET status = ?, attempts = attempts + 1, last_error = ?, processed_at = ? WHERE id = ?",
                                      [outcome.status, outcome.error, Clock.nowMillis(), id])
                        }
                    } catch {
                        // Could not record the outcome (disk full?): stop here; the row stays pending and is replayed
                        // later, which the idempotent apply absorbs.
                        return handled
                    }
                    handled += 1
                    counters.withLock { s in
                        s.rows += 1
                        if outcome.status == "failed" { s.failed += 1 }
                        if outcome.status == "unroutable" { s.unroutable += 1 }
                    }
                }
            }
            return handled
        }
    }

    private func run() {
        while !stopping.load(ordering: .acquiring) {
            processPending()
            _ = wakeup.wait(timeout: .now() + .milliseconds(Int(interval.components.seconds * 1000 + interval.components.attoseconds / 1_000_000_000_000_000)))
        }
    }

    /// Parses, routes and applies one body; returns the row's new status and error text.
    func process(body: [UInt8], receivedAt: Int64) -> (status: String, error: String?) {
        let parsed: MetaPayloadParser.Result
        do {
            parsed = try MetaPayloadParser.parse(body, fallbackTime: receivedAt)
        } catch {
            return ("failed", String(describing: error))
        }
        var problems: [String] = []
        var unroutable: [String] = []
        // Group by tenant, keeping payload order; resolve each account id once.
        var routes: [RouteKey: (tenantID: Int64, channelID: Int64)?] = [:]
        var byTenant: [Int64: [(channelID: Int64, event: MetaEvent)]] = [:]
        var tenantOrder: [Int64] = []
        for event in parsed.events {
            if routes[event.route] == nil {
                do {
                    routes[event.route] = .some(try channels.route(event.route))
                } catch {
                    problems.append("routing \(event.route): \(error)")
                    routes[event.route] = .some(nil)
                    continue
                }
            }
            guard let target = routes[event.route] ?? nil else {
                let text = "no channel connected for \(event.route)"
                if !unroutable.contains(text) && !problems.contains(where: { $0.hasPrefix("routing \(event.route)") }) { unroutable.append(text) }
                continue
            }
            if byTenant[target.tenantID] == nil { tenantOrder.append(target.tenantID) }
            byTenant[target.tenantID, default: []].append((target.channelID, event))
        }
        for tenantID in tenantOrder {
            do {
                let db = try core.tenants.database(tenantID)
                let outcome = try db.write { c in
                    var applier = InboxApplier(c)
                    return try applier.apply(byTenant[tenantID] ?? [])
                }
                counters.withLock { s in
                    s.newMessages += outcome.newMessages
                    s.duplicates += outcome.duplicates
                }
                // Committed: now subscribers may see it.
                for e in outcome.events { bus.publish(tenantID: tenantID, event: e) }
            } catch {
                problems.append("tenant \(tenantID): \(error)")
            }
        }
        if !problems.isEmpty { return ("failed", (problems + unroutable).joined(separator: "; ")) }
        if !unroutable.isEmpty { return ("unroutable", unroutable.joined(separator: "; ")) }
        return ("done", nil)
    }
}

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
                let batch = rows.compactMap { row -> (id: Int64, body: [UInt8], at: Int64)? in
                    guard let id = try? row.int64("id") else { return nil }
                    return (id, (try? row.blob("body")) ?? [], (try? row.int64("received_at")) ?? Clock.nowMillis())
                }
                let outcomes = processBatch(batch)
                do {
                    // One commit records the whole batch's outcomes (two fsyncs per batch instead of two per row).
                    try core.ingest.write { c in
                        for o in outcomes {
                            try c.run("UPDATE inbound SET status = ?, attempts = attempts + 1, last_error = ?, processed_at = ? WHERE id = ?",
                                      [o.status, o.error, Clock.nowMillis(), o.id])
                        }
                    }
                } catch {
                    // Could not record the outcome (disk full?): stop here; the rows stay pending and are replayed
                    // later, which the idempotent apply absorbs.
                    return handled
                }
                handled += outcomes.count
                counters.withLock { s in
                    for o in outcomes {
                        s.rows += 1
                        if o.status == "failed" { s.failed += 1 }
                        if o.status == "unroutable" { s.unroutable += 1 }
                    }
                }
            }
            return handled
        }
    }

    private func run() {
        var lastPrune: Int64 = 0
        while !stopping.load(ordering: .acquiring) {
            processPending()
            // Once an hour (and once at start): drop journal rows past the retention window.
            let now = Clock.nowMillis(), days = core.config.webhookRetentionDays
            if days > 0 && now - lastPrune >= 3_600_000 {
                lastPrune = now
                _ = try? InboundRetention.prune(core.ingest, processedBefore: now - Int64(days) * 86_400_000)
            }
            _ = wakeup.wait(timeout: .now() + .milliseconds(Int(interval.components.seconds * 1000 + interval.components.attoseconds / 1_000_000_000_000_000)))
        }
    }

    /// The events of one journal row, routed and grouped by tenant, before anything is applied.
    struct Plan {
        var byTenant: [Int64: [(channelID: Int64, event: MetaEvent)]] = [:]
        var tenantOrder: [Int64] = []
        var problems: [String] = []
        var unroutable: [String] = []
    }

    /// Parses and routes one body.
    func plan(body: [UInt8], receivedAt: Int64, routes: inout [RouteKey: (tenantID: Int64, channelID: Int64)?]) -> Plan {
        var plan = Plan()
        let parsed: MetaPayloadParser.Result
        do {
            parsed = try MetaPayloadParser.parse(body, fallbackTime: receivedAt)
        } catch {
            plan.problems.append(String(describing: error))
            return plan
        }
        for event in parsed.events {
            if routes[event.route] == nil {
                do {
                    routes[event.route] = .some(try channels.route(event.route))
                } catch {
                    plan.problems.append("routing \(event.route): \(error)")
                    continue
                }
            }
            guard let target = routes[event.route] ?? nil else {
                let text = "no channel connected for \(event.route)"
                if !plan.unroutable.contains(text) { plan.unroutable.append(text) }
                continue
            }
            if plan.byTenant[target.tenantID] == nil { plan.tenantOrder.append(target.tenantID) }
            plan.byTenant[target.tenantID, default: []].append((target.channelID, event))
        }
        return plan
    }

    /// Applies a batch of rows with one tenant transaction per tenant (events in row order); if a tenant's batch
    /// fails, its rows are applied one by one so a single bad row cannot fail the others.
    func processBatch(_ rows: [(id: Int64, body: [UInt8], at: Int64)]) -> [(id: Int64, status: String, error: String?)] {
        var routes: [RouteKey: (tenantID: Int64, channelID: Int64)?] = [:]
        let plans = rows.map { plan(body: $0.body, receivedAt: $0.at, routes: &routes) }
        var order: [Int64] = []
        var events: [Int64: [(channelID: Int64, event: MetaEvent)]] = [:]
        for p in plans {
            for t in p.tenantOrder {
                if events[t] == nil { order.append(t) }
                events[t, default: []] += p.byTenant[t] ?? []
            }
        }
        var failedTenants: Set<Int64> = []
        for tenantID in order {
            if !apply(tenantID, events[tenantID] ?? []) { failedTenants.insert(tenantID) }
        }
        return zip(rows, plans).map { row, p in
            var problems = p.problems
            for t in p.tenantOrder where failedTenants.contains(t) {
                // Retry this row's share alone; only a row whose own events fail is marked failed.
                if let e = applyError(t, p.byTenant[t] ?? []) { problems.append("tenant \(t): \(e)") }
            }
            if !problems.isEmpty { return (row.id, "failed", (problems + p.unroutable).joined(separator: "; ")) }
            if !p.unroutable.isEmpty { return (row.id, "unroutable", p.unroutable.joined(separator: "; ")) }
            return (row.id, "done", nil)
        }
    }

    /// Applies events to one tenant in one transaction and publishes them after the commit.
    func apply(_ tenantID: Int64, _ items: [(channelID: Int64, event: MetaEvent)]) -> Bool {
        applyError(tenantID, items) == nil
    }

    func applyError(_ tenantID: Int64, _ items: [(channelID: Int64, event: MetaEvent)]) -> String? {
        do {
            let db = try core.tenants.database(tenantID)
            let outcome = try db.write { c in
                var applier = InboxApplier(c)
                return try applier.apply(items)
            }
            counters.withLock { s in
                s.newMessages += outcome.newMessages
                s.duplicates += outcome.duplicates
            }
            // Committed: now subscribers may see it.
            for e in outcome.events { bus.publish(tenantID: tenantID, event: e) }
            return nil
        } catch {
            return String(describing: error)
        }
    }

    /// Parses, routes and applies one body; returns the row's new status and error text.
    func process(body: [UInt8], receivedAt: Int64) -> (status: String, error: String?) {
        let r = processBatch([(0, body, receivedAt)])[0]
        return (r.status, r.error)
    }
}

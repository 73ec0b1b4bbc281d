import Dispatch
import ParleyCore
import ParleyHTTP
import ParleySQLite
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Live updates over Server-Sent Events. The tenant's `events` table is the source of truth: on every change
/// each subscriber reads the rows after the last id it sent, filtered by what its user may see — so a
/// reconnect with Last-Event-ID resumes exactly, and no event is lost between a commit and a push.
public final class LiveHub: Sendable {
    final class Subscriber: Sendable {
        let stream: EventStream
        let tenantID: Int64
        let user: User
        let visible: Set<Int64>?
        let lastID: Mutex<Int64>
        init(stream: EventStream, tenantID: Int64, user: User, visible: Set<Int64>?, lastID: Int64) {
            self.stream = stream
            self.tenantID = tenantID
            self.user = user
            self.visible = visible
            self.lastID = Mutex(lastID)
        }
    }

    private let subscribers = Mutex<[ObjectIdentifier: Subscriber]>([:])
    private let busTokens = Mutex<[Int64: SubscriptionToken]>([:])
    private let core: Core
    private let bus: EventBus
    private let queue = DispatchQueue(label: "parley.live")

    /// Creates the hub and its heartbeat (proxies drop silent streams; a ping also detects dead clients).
    public init(core: Core, bus: EventBus) {
        self.core = core
        self.bus = bus
        startThread { [weak self] in
            while true {
                sleep(15)
                guard let hub = self else { return }
                hub.heartbeat()
            }
        }
    }

    /// Opens a stream for a user, starting after `lastEventID` (or at the newest event when nil).
    public func subscribe(tenantID: Int64, db: Database, user: User, lastEventID: Int64?) throws -> EventStream {
        let visible = try ChannelAccess(db: db).visibleChannels(for: user)
        let start = try lastEventID ?? (db.read { c in try c.scalar("SELECT max(id) FROM events", as: Int64.self) } ?? 0)
        let holder = Mutex<ObjectIdentifier?>(nil)
        let stream = EventStream(onClose: { [weak self] in
            if let id = holder.withLock({ $0 }) { self?.remove(id, tenantID: tenantID) }
        })
        let sub = Subscriber(stream: stream, tenantID: tenantID, user: user, visible: visible, lastID: start)
        holder.withLock { $0 = ObjectIdentifier(sub) }
        subscribers.withLock { $0[ObjectIdentifier(sub)] = sub }
        busTokens.withLock { tokens in
            // One bus subscription per tenant with open streams; commits elsewhere (ingest) wake us through it.
            if tokens[tenantID] == nil {
                tokens[tenantID] = bus.subscribe(tenantID: tenantID) { [weak self] _ in self?.notify(tenantID: tenantID) }
            }
        }
        stream.retry(milliseconds: 3000)
        if lastEventID != nil { queue.async { self.deliver(sub, db: db) } }
        return stream
    }

    func remove(_ id: ObjectIdentifier, tenantID: Int64) {
        let remaining = subscribers.withLock { m -> Int in
            m.removeValue(forKey: id)
            return m.values.filter { $0.tenantID == tenantID }.count
        }
        if remaining == 0, let t = busTokens.withLock({ $0.removeValue(forKey: tenantID) }) { bus.unsubscribe(t) }
    }

    /// Something changed in a tenant: push new events to its subscribers (asynchronously).
    public func notify(tenantID: Int64) {
        queue.async {
            let subs = self.subscribers.withLock { $0.values.filter { $0.tenantID == tenantID } }
            guard !subs.isEmpty, let db = try? self.core.tenants.database(tenantID) else { return }
            for s in subs { self.deliver(s, db: db) }
        }
    }

    /// Sends a passing signal (e.g. "typing") to the tenant's streams that may see the channel, except `exceptUser`'s.
    /// Not stored: it has no id and is not replayed on reconnect.
    public func broadcast(tenantID: Int64, channelID: Int64, event: String, data: String, exceptUser: Int64) {
        let subs = subscribers.withLock { $0.values.filter { $0.tenantID == tenantID && $0.user.id != exceptUser } }
        for s in subs where s.visible.map({ $0.contains(channelID) }) ?? true {
            s.stream.send(event: event, data: data)
        }
    }

    /// Number of open streams.
    public var count: Int { subscribers.withLock { $0.count } }

    /// Ends every stream (shutdown).
    public func closeAll() {
        for s in subscribers.withLock({ Array($0.values) }) { s.stream.close() }
    }

    func deliver(_ s: Subscriber, db: Database) {
        let after = s.lastID.withLock { $0 }
        guard let rows = try? db.read({ c in try c.query("SELECT id, type, channel_id, data FROM events WHERE id > ? ORDER BY id LIMIT 500", [after]) }) else { return }
        var last = after
        for r in rows {
            guard let id = try? r.int64("id") else { continue }
            last = id
            let channel = try? r.optionalInt64("channel_id")
            if let visible = s.visible, let ch = channel ?? nil, !visible.contains(ch) { continue }
            guard s.stream.send(id: String(id), event: (try? r.string("type")) ?? "message", data: (try? r.string("data")) ?? "{}") else { return }
        }
        s.lastID.withLock { $0 = last }
    }

    func heartbeat() {
        for s in subscribers.withLock({ Array($0.values) }) { s.stream.comment("ping") }
    }
}

import FoundationEssentials
import ParleySQLite
import Synchronization

/// A change in a tenant's inbox, as stored in its `events` table (the id is the SSE event id).
public struct InboxEvent: Sendable, Equatable {
    /// events.id: increasing per tenant, used for Last-Event-ID resume.
    public var id: Int64
    /// "message.created", "message.updated" or "conversation.updated".
    public var type: String
    /// The channel it concerns (for per-channel visibility filtering).
    public var channelID: Int64?
    /// JSON text of the object (a message or a conversation).
    public var data: String
    /// When it happened (unix ms).
    public var at: Int64

    /// Creates one.
    public init(id: Int64, type: String, channelID: Int64?, data: String, at: Int64) {
        self.id = id
        self.type = type
        self.channelID = channelID
        self.data = data
        self.at = at
    }
}

/// Identifies one subscription, for `unsubscribe`.
public struct SubscriptionToken: Sendable, Hashable {
    /// The tenant subscribed to.
    public let tenantID: Int64
    let serial: UInt64
}

/// In-process publish/subscribe of inbox events per tenant. Writers insert the `events` row in their transaction and
/// publish after the commit, so a subscriber never sees an event that could still roll back; a client that missed some
/// (reconnect) reads them back with `events(tenantID:after:limit:)`.
public final class EventBus: Sendable {
    private struct State {
        var next: UInt64 = 1
        var handlers: [Int64: [UInt64: @Sendable (InboxEvent) -> Void]] = [:]
        var everyTenant: [@Sendable (Int64, InboxEvent) -> Void] = []
    }
    private let state = Mutex(State())
    private let tenants: TenantRegistry

    /// Creates a bus reading history from the tenants' databases.
    public init(tenants: TenantRegistry) { self.tenants = tenants }

    /// Calls `handler` (on the publisher's thread; keep it short and non-blocking) for each event of the tenant.
    public func subscribe(tenantID: Int64, handler: @escaping @Sendable (InboxEvent) -> Void) -> SubscriptionToken {
        state.withLock { s in
            let serial = s.next
            s.next += 1
            s.handlers[tenantID, default: [:]][serial] = handler
            return SubscriptionToken(tenantID: tenantID, serial: serial)
        }
    }

    /// Stops a subscription; unknown tokens are ignored.
    public func unsubscribe(_ token: SubscriptionToken) {
        state.withLock { s in
            s.handlers[token.tenantID]?[token.serial] = nil
            if s.handlers[token.tenantID]?.isEmpty == true { s.handlers[token.tenantID] = nil }
        }
    }

    /// Delivers an already-committed event to the tenant's subscribers.
    public func publish(tenantID: Int64, event: InboxEvent) {
        // Call outside the lock: a handler may unsubscribe (client gone) without deadlocking.
        let (handlers, all) = state.withLock { s in (s.handlers[tenantID].map { Array($0.values) } ?? [], s.everyTenant) }
        for h in handlers { h(event) }
        for h in all { h(tenantID, event) }
    }

    /// Calls `handler` for every tenant's events, for the life of the process (background jobs such as media downloads).
    public func observeAll(_ handler: @escaping @Sendable (Int64, InboxEvent) -> Void) {
        state.withLock { $0.everyTenant.append(handler) }
    }

    /// Subscribers of one tenant right now.
    public func subscriberCount(tenantID: Int64) -> Int { state.withLock { $0.handlers[tenantID]?.count ?? 0 } }

    /// Stored events with id > `after`, oldest first (SSE resume).
    public func events(tenantID: Int64, after id: Int64, limit: Int = 500) throws -> [InboxEvent] {
        try tenants.database(tenantID).read { c in
            try c.query("SELECT id, type, channel_id, data, at FROM events WHERE id > ? ORDER BY id LIMIT ?", [id, max(1, min(limit, 5000))]).map {
                InboxEvent(id: try $0.int64("id"), type: try $0.string("type"), channelID: try $0.optionalInt64("channel_id"),
                           data: try $0.string("data"), at: try $0.int64("at"))
            }
        }
    }

    /// Inside a write transaction: stores an event row and returns it (publish it after the commit).
    public static func record(_ c: Connection, type: String, channelID: Int64?, data: String, at: Int64 = Clock.nowMillis()) throws -> InboxEvent {
        try c.run("INSERT INTO events (at, type, channel_id, data) VALUES (?, ?, ?, ?)", [at, type, channelID, data])
        return InboxEvent(id: c.lastInsertRowID, type: type, channelID: channelID, data: data, at: at)
    }

    /// Encodes a value as the event's JSON data (sorted keys, like API responses).
    public static func json<T: Encodable>(_ value: T) -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? e.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}

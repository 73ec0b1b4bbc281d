import ParleySQLite

/// Reopens snoozed conversations when their time comes. Snoozing records the wake-up time per tenant in the control
/// database (`work_due`, kind `snooze`), so each second costs one indexed read there and only tenants with a snooze
/// due are opened. A reopened conversation gets a `conversation.updated` event, so open inboxes see it at once.
public final class SnoozeWaker: Sendable {
    let core: Core
    let onChange: @Sendable (Int64) -> Void
    private let ticker = Ticker()

    /// `onChange(tenantID)` runs after conversations of a tenant were reopened (live updates).
    public init(core: Core, onChange: @escaping @Sendable (Int64) -> Void) {
        self.core = core
        self.onChange = onChange
    }

    /// Records a snooze's wake-up time for the tenant.
    public static func noteSnoozed(_ core: Core, tenantID: Int64, until: Int64) throws {
        try Scheduling.markDue(core, tenantID: tenantID, atMillis: until, kind: .snooze)
    }

    /// Starts the once-a-second thread.
    public func start() { ticker.start(every: { .seconds(1) }) { [self] in runOnce() } }

    /// Stops after the current pass.
    public func stop() { ticker.stop(timeout: .seconds(15)) }

    /// Reopens what is due in every tenant with a due snooze; returns how many conversations were reopened.
    @discardableResult
    public func runOnce(now: Int64 = Clock.nowMillis()) -> Int {
        var total = 0
        for tenant in (try? Scheduling.dueTenants(core, nowMillis: now, kind: .snooze)) ?? [] {
            guard let db = try? core.tenants.database(tenant),
                  let (reopened, next) = try? Self.reopen(db, now: now) else { continue }
            try? Scheduling.setNextDue(core, tenantID: tenant, atMillis: next, kind: .snooze)
            if reopened > 0 { onChange(tenant) }
            total += reopened
        }
        return total
    }

    /// In one transaction: snoozed conversations whose time has come become open again, each with an event.
    /// Returns how many, and the next wake-up time left in this tenant.
    static func reopen(_ db: Database, now: Int64) throws -> (Int, Int64?) {
        try db.write { c in
            let due = try c.query("SELECT id, channel_id FROM conversations WHERE status = 'snoozed' AND snoozed_until <= ?", [now])
            for r in due {
                let id = try r.int64("id")
                try c.run("UPDATE conversations SET status = 'open', snoozed_until = NULL WHERE id = ?", [id])
                _ = try EventBus.record(c, type: "conversation.updated", channelID: try r.int64("channel_id"),
                                        data: "{\"conversation_id\":\(id),\"reason\":\"snooze_ended\"}")
            }
            let next = try c.scalar("SELECT min(snoozed_until) FROM conversations WHERE status = 'snoozed'", as: Int64.self)
            return (due.count, next)
        }
    }
}

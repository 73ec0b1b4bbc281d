import FoundationEssentials
import ParleySQLite
import Synchronization

/// Content calendars: drafts `count` posts spread over a month in the background, with captions
/// (AI when asked and configured, templates otherwise). Progress is a row in `calendars`.
public struct CalendarService: Sendable {
    let core: Core
    let captions: CaptionService
    /// Calendars whose drafting thread runs in this process; a `running` row missing here was cut short by a restart.
    let active = ActiveSet()

    /// The ids of running jobs, shared by copies of the service.
    final class ActiveSet: Sendable {
        let ids = Mutex<Set<Int64>>([])
    }

    /// Creates the service.
    public init(core: Core, captions: CaptionService) {
        self.core = core
        self.captions = captions
    }

    /// Posts a plan may hold: at least five to make a mix of post types, at most one a day.
    public static let countRange = 5...31
    /// Posts when the request does not say: about two a week.
    public static let defaultCount = 8


    /// A calendar's progress.
    public struct Progress: Sendable, Codable {
        /// Id.
        public let id: Int64
        /// "2026-12".
        public let month: String
        /// running, done, failed or cancelled.
        public let state: String
        /// Posts drafted so far.
        public let done: Int
        /// Posts asked for.
        public let total: Int
        /// The drafted posts.
        public let postIDs: [Int64]
        /// What went wrong, if anything.
        public let error: String?
        /// Whether the drafting job is still at work (after a cancel it may finish the post it was writing).
        public let running: Bool

        enum CodingKeys: String, CodingKey {
            case id, month, state, done, total, error, running
            case postIDs = "post_ids"
        }
    }

    /// Day starts (unix ms, 10:00 UTC) for `count` posts spread evenly over "YYYY-MM"; nil for a bad month.
    public static func slots(month: String, count: Int) -> [Int64]? {
        let parts = month.split(separator: "-")
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, let y = Int(parts[0]), let m = Int(parts[1]),
              (2000...2100).contains(y), (1...12).contains(m) else { return nil }
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
        // Days since 1970-01-01 of the month's first day (civil-from-days inverse).
        let yy = m <= 2 ? y - 1 : y
        let era = (yy >= 0 ? yy : yy - 399) / 400
        let yoe = yy - era * 400
        let mp = (m + 9) % 12
        let doy = (153 * mp + 2) / 5
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let first = Int64(era * 146_097 + doe - 719_468)
        return (0..<count).map { i in (first + Int64(i * days / count)) * 86_400_000 + 10 * 3_600_000 }
    }

    /// Starts drafting; returns the calendar id at once.
    public func start(tenantID: Int64, db: Database, month: String, count: Int, useAI: Bool, userID: Int64, plan: String,
                      tenantName: String = "", bus: EventBus? = nil) throws -> Int64 {
        var p: [String: String] = [:]
        let slots = Self.slots(month: month, count: max(1, count))
        if slots == nil { p["month"] = "Use a month like 2026-12." }
        if !Self.countRange.contains(count) { p["count"] = "Plan \(Self.countRange.lowerBound) to \(Self.countRange.upperBound) posts (\(Self.defaultCount) if you are unsure)." }
        guard p.isEmpty, let slots else { throw CoreError.invalid(p) }
        let id = try db.write { c -> Int64 in
            try c.run("INSERT INTO calendars (month, total, use_ai, created_by, created_at) VALUES (?, ?, ?, ?, ?)",
                      [month, Int64(count), useAI ? Int64(1) : Int64(0), userID, Clock.iso()])
            return c.lastInsertRowID
        }
        let business = try BusinessProfile.load(db: db, defaultName: tenantName)
        active.ids.withLock { _ = $0.insert(id) }
        startThread { [self] in
            // The tenant's switch wins over the request: with AI captions off, a plan uses the templates.
            let last = run(tenantID: tenantID, db: db, calendarID: id, slots: slots, useAI: useAI && business.aiCaptions, userID: userID, plan: plan, business: business, bus: bus)
            // Out of the set before the final event goes out, so whoever reacts to it sees the job as finished.
            active.ids.withLock { _ = $0.remove(id) }
            if let last { bus?.publish(tenantID: tenantID, event: last) }
        }
        return id
    }

    /// Drafts the posts; returns the final `calendar.progress` event (done, cancelled or failed, with `final: true`),
    /// which the caller publishes once the job no longer counts as running.
    func run(tenantID: Int64, db: Database, calendarID: Int64, slots: [Int64], useAI: Bool, userID: Int64, plan: String,
             business: BusinessProfile? = nil, bus: EventBus? = nil) -> InboxEvent? {
        let store = PostStore(core: core, tenantID: tenantID, db: db)
        let actor = PostStore.Actor(userID: userID, canPublish: true, plan: plan)
        do {
            var suggested: Set<Int64> = []
            for (i, at) in slots.enumerated() {
                // Cancellation is checked between posts: a caption being written is finished and kept.
                if try isCancelled(db: db, id: calendarID) {
                    return try db.write { c in try Self.recordProgress(c, id: calendarID, final: true) }
                }
                let kind = Self.kind(at: i)
                let round = i / Self.kinds.count
                var req = CaptionService.Request(platform: "instagram", tone: kind.tone, topic: kind.topics[round % kind.topics.count], business: business)
                req.details = kind.details
                let result = captions.write(req, useAI: useAI, avoiding: try CaptionService.recentPosts(db: db))
                let caption = result.caption
                try CaptionLog(db: db).record(userID: userID, request: req, result: result)
                let asset = try db.read { c in try Self.suggestAsset(c, for: kind, avoiding: suggested) }
                if let asset { suggested.insert(asset) }
                _ = try store.create(.init(text: caption, assetIDs: asset.map { [$0] } ?? [], channelIDs: [], scheduledAt: at), by: actor, asDraft: true,
                                     calendarID: calendarID, planKind: kind.id)
                let event = try db.write { c -> InboxEvent in
                    try c.run("UPDATE calendars SET done = done + 1 WHERE id = ?", [calendarID])
                    return try Self.recordProgress(c, id: calendarID)
                }
                bus?.publish(tenantID: tenantID, event: event)
            }
            return try db.write { c -> InboxEvent in
                try c.run("UPDATE calendars SET state = 'done' WHERE id = ? AND state = 'running'", [calendarID])
                return try Self.recordProgress(c, id: calendarID, final: true)
            }
        } catch {
            return try? db.write { c -> InboxEvent in
                try c.run("UPDATE calendars SET state = 'failed', error = ? WHERE id = ? AND state = 'running'", ["\(error)", calendarID])
                return try Self.recordProgress(c, id: calendarID, final: true)
            }
        }
    }

    /// Asks a running calendar to stop before its next post (drafts so far are kept); returns its progress, nil if unknown.
    public func cancel(tenantID: Int64, db: Database, id: Int64, bus: EventBus? = nil) throws -> Progress? {
        let event = try db.write { c -> InboxEvent? in
            try c.run("UPDATE calendars SET state = 'cancelled' WHERE id = ? AND state = 'running'", [id])
            return c.changes > 0 ? try Self.recordProgress(c, id: id) : nil
        }
        if let event { bus?.publish(tenantID: tenantID, event: event) }
        return try progress(db: db, id: id)
    }

    func isCancelled(db: Database, id: Int64) throws -> Bool {
        try db.read { c in try c.queryOne("SELECT state FROM calendars WHERE id = ?", [id])?.string("state") == "cancelled" }
    }

    /// The live event's payload: `calendar.progress {id, done, total, state, final}`; `final` is true on the job's
    /// last event (after it, no more drafts appear), so a cancelled job's "cancelled" answer is followed by a final count.
    struct ProgressEvent: Encodable {
        let id: Int64
        let done: Int
        let total: Int
        let state: String
        let final: Bool
    }

    /// Inside a write transaction: stores a `calendar.progress` event with the calendar's current counts.
    static func recordProgress(_ c: Connection, id: Int64, final: Bool = false) throws -> InboxEvent {
        let r = try c.queryOne("SELECT done, total, state FROM calendars WHERE id = ?", [id])
        let payload = ProgressEvent(id: id, done: try r?.int("done") ?? 0, total: try r?.int("total") ?? 0, state: try r?.string("state") ?? "failed",
                                    final: final)
        return try EventBus.record(c, type: "calendar.progress", channelID: nil, data: EventBus.json(payload))
    }

    /// A calendar's progress, or nil. A `running` calendar with no job in this process was interrupted by a restart:
    /// it becomes `failed` (its drafts are kept) instead of showing progress forever.
    public func progress(db: Database, id: Int64) throws -> Progress? {
        let read = { () throws -> Progress? in
            try db.read { c in
                guard let r = try c.queryOne("SELECT * FROM calendars WHERE id = ?", [id]) else { return nil }
                let posts = try c.query("SELECT id FROM posts WHERE calendar_id = ? ORDER BY scheduled_at, id", [id]).map { try $0.int64("id") }
                return Progress(id: id, month: try r.string("month"), state: try r.string("state"), done: try r.int("done"), total: try r.int("total"),
                                postIDs: posts, error: try r.optionalString("error"), running: active.ids.withLock { $0.contains(id) })
            }
        }
        // A read answers the common case; only a `running` row without its job (left by a restart) needs a write.
        let first = try read()
        guard let p = first, p.state == "running", !p.running else { return first }
        _ = try db.write { c in
            try c.run("UPDATE calendars SET state = 'failed', error = ? WHERE id = ? AND state = 'running'",
                      ["Parley restarted while drafting this plan; the drafts made before that are kept.", id])
        }
        return try read()
    }
}

import FoundationEssentials
import ParleySQLite

/// Posts of one tenant: drafts, review, scheduling and the per-channel targets the PublishWorker works through.
public struct PostStore: Sendable {
    let core: Core
    let tenantID: Int64
    let db: Database
    let onDue: @Sendable (_ tenantID: Int64, _ atMillis: Int64) -> Void

    /// Works on one tenant; `onDue` tells the running PublishWorker about newly due work.
    public init(core: Core, tenantID: Int64, db: Database, onDue: @escaping @Sendable (Int64, Int64) -> Void = { _, _ in }) {
        self.core = core
        self.tenantID = tenantID
        self.db = db
        self.onDue = onDue
    }

    /// Who acts, and whether they may publish without review.
    public struct Actor: Sendable {
        /// User id.
        public let userID: Int64
        /// Holds publish_posts.
        public let canPublish: Bool
        /// The tenant's plan (posts per day).
        public let plan: String
        /// Creates one.
        public init(userID: Int64, canPublish: Bool, plan: String) {
            self.userID = userID
            self.canPublish = canPublish
            self.plan = plan
        }
    }

    /// The editable content of a post.
    public struct Draft: Sendable {
        /// Text.
        public var text: String
        /// Assets in order.
        public var assetIDs: [Int64]
        /// Channels.
        public var channelIDs: [Int64]
        /// When (unix ms), nil = draft / now.
        public var scheduledAt: Int64?
        /// Creates one.
        public init(text: String, assetIDs: [Int64], channelIDs: [Int64], scheduledAt: Int64?) {
            self.text = text
            self.assetIDs = assetIDs
            self.channelIDs = channelIDs
            self.scheduledAt = scheduledAt
        }
    }

    /// States in which a post may still be edited or deleted.
    public static let editable: Set<String> = ["draft", "pending_review", "scheduled", "failed"]

    /// Creates a post: with publish_posts it is a draft, or scheduled when `scheduledAt` is given;
    /// without it the post waits for review (`pending_review`), unless `asDraft`.
    public func create(_ d: Draft, by actor: Actor, asDraft: Bool = false, calendarID: Int64? = nil, planKind: String? = nil) throws -> Post {
        let (assets, channels) = try check(d)
        let state: String
        if asDraft { state = "draft" }
        else if !actor.canPublish { state = "pending_review" }
        else { state = d.scheduledAt == nil ? "draft" : "scheduled" }
        if state != "draft" { try requireValid(d, assets, channels) }
        if state == "scheduled" { try checkDailyLimit(actor.plan, excluding: nil) }
        let now = Clock.nowMillis()
        let id = try db.write { c -> Int64 in
            try c.run("""
                INSERT INTO posts (text, state, scheduled_at, submitted_at, created_by, calendar_id, plan_kind, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, [d.text, state, d.scheduledAt, state == "scheduled" ? now : nil, actor.userID, calendarID, planKind, Clock.iso(), Clock.iso()])
            let id = c.lastInsertRowID
            try writeContent(c, id, d)
            if state == "scheduled" { try queueTargets(c, id, at: d.scheduledAt ?? now, onlyFailed: false) }
            return id
        }
        if state == "scheduled" { try noteDue(d.scheduledAt ?? now) }
        guard let p = try get(id) else { throw CoreError.notFound("Post") }
        return p
    }

    /// Changes text, assets, channels or time of a post that has not started publishing.
    public func update(_ id: Int64, _ change: (inout Draft) -> Void, by actor: Actor) throws -> Post {
        guard let current = try get(id) else { throw CoreError.notFound("Post") }
        guard Self.editable.contains(current.state) else { throw CoreError.conflict("A \(current.state) post cannot be changed.") }
        var d = Draft(text: current.text, assetIDs: current.assetIDs, channelIDs: current.targets.map(\.channelID),
                      scheduledAt: current.scheduledAt.flatMap(Self.millis))
        change(&d)
        let (assets, channels) = try check(d)
        var state = current.state
        if state == "failed" { state = "draft" }
        if !actor.canPublish && state != "draft" { state = "pending_review" }
        if actor.canPublish && (state == "scheduled" || state == "draft") { state = d.scheduledAt == nil ? "draft" : "scheduled" }
        if state != "draft" { try requireValid(d, assets, channels) }
        if state == "scheduled" { try checkDailyLimit(actor.plan, excluding: id) }
        let now = Clock.nowMillis()
        try db.write { c in
            try c.run("UPDATE posts SET text = ?, state = ?, scheduled_at = ?, submitted_at = CASE WHEN ? = 'scheduled' THEN coalesce(submitted_at, ?) ELSE NULL END, updated_at = ? WHERE id = ?",
                      [d.text, state, d.scheduledAt, state, now, Clock.iso(), id])
            try writeContent(c, id, d)
            if state == "scheduled" { try queueTargets(c, id, at: d.scheduledAt ?? now, onlyFailed: false) }
        }
        if state == "scheduled" { try noteDue(d.scheduledAt ?? now) }
        guard let p = try get(id) else { throw CoreError.notFound("Post") }
        return p
    }

    /// Deletes a post that has not been (and is not being) published.
    public func delete(_ id: Int64) throws {
        guard let p = try get(id) else { throw CoreError.notFound("Post") }
        guard Self.editable.contains(p.state) else { throw CoreError.conflict("A \(p.state) post cannot be deleted.") }
        if p.targets.contains(where: { $0.state == "published" || $0.state == "publishing" || $0.state == "processing" }) {
            throw CoreError.conflict("Part of this post is already on a channel; it cannot be deleted here.")
        }
        _ = try db.write { c in try c.run("DELETE FROM posts WHERE id = ?", [id]) }
    }

    /// Publishes now: queues every target not yet published (failed ones again). Needs publish_posts.
    public func publishNow(_ id: Int64, by actor: Actor) throws -> Post {
        guard actor.canPublish else { throw CoreError.forbidden("You cannot publish posts; ask someone with publishing rights to approve it.") }
        return try schedule(id, at: nil, allowed: ["draft", "scheduled", "failed", "partially_published", "pending_review"], approvedBy: nil, plan: actor.plan)
    }

    /// Approves a post waiting for review: scheduled at its time, or published now.
    public func approve(_ id: Int64, by actor: Actor) throws -> Post {
        guard actor.canPublish else { throw CoreError.forbidden("Only someone who may publish can approve posts.") }
        guard let p = try get(id) else { throw CoreError.notFound("Post") }
        let when = p.scheduledAt.flatMap(Self.millis).flatMap { $0 > Clock.nowMillis() ? $0 : nil }
        return try schedule(id, at: when, allowed: ["pending_review"], approvedBy: actor.userID, plan: actor.plan)
    }

    /// Sends a draft (new, or sent back by a reviewer) for review. It must be valid for every target; its time is kept.
    public func submit(_ id: Int64, by actor: Actor) throws -> Post {
        guard let p = try get(id) else { throw CoreError.notFound("Post") }
        guard p.state == "draft" else { throw CoreError.conflict("Only drafts can be sent for review; this post is \(p.state).") }
        let d = Draft(text: p.text, assetIDs: p.assetIDs, channelIDs: p.targets.map(\.channelID), scheduledAt: p.scheduledAt.flatMap(Self.millis))
        let (assets, channels) = try check(d)
        try requireValid(d, assets, channels)
        // The state guard in the UPDATE keeps a concurrent edit or delete from being overwritten.
        let n = try db.write { c in
            try c.run("UPDATE posts SET state = 'pending_review', updated_at = ? WHERE id = ? AND state = 'draft'", [Clock.iso(), id])
        }
        guard n == 1 else { throw CoreError.conflict("The post changed while it was being sent; reload it and try again.") }
        guard let out = try get(id) else { throw CoreError.notFound("Post") }
        return out
    }

    /// Sends a post back to its author as a draft with a comment.
    public func reject(_ id: Int64, comment: String, by actor: Actor) throws -> Post {
        guard actor.canPublish else { throw CoreError.forbidden("Only someone who may publish can review posts.") }
        let comment = comment.trimmingSpaces
        guard !comment.isEmpty, comment.count <= 2000 else { throw CoreError.invalid(["comment": "Say what should change (1–2,000 characters)."]) }
        let n = try db.write { c in
            try c.run("UPDATE posts SET state = 'draft', review_comment = ?, updated_at = ? WHERE id = ? AND state = 'pending_review'", [comment, Clock.iso(), id])
        }
        guard n == 1 else { throw try get(id) == nil ? CoreError.notFound("Post") : CoreError.conflict("Only posts waiting for review can be sent back.") }
        guard let p = try get(id) else { throw CoreError.notFound("Post") }
        return p
    }

    func schedule(_ id: Int64, at: Int64?, allowed: Set<String>, approvedBy: Int64?, plan: String) throws -> Post {
        guard let p = try get(id) else { throw CoreError.notFound("Post") }
        guard allowed.contains(p.state) else { throw CoreError.conflict("A \(p.state) post cannot be published now.") }
        let d = Draft(text: p.text, assetIDs: p.assetIDs, channelIDs: p.targets.map(\.channelID), scheduledAt: at)
        let (assets, channels) = try check(d)
        try requireValid(d, assets, channels)
        try checkDailyLimit(plan, excluding: id)
        let now = Clock.nowMillis()
        let runAt = at ?? now
        try db.write { c in
            try c.run("""
                UPDATE posts SET state = 'scheduled', scheduled_at = ?, submitted_at = coalesce(submitted_at, ?), approved_by = coalesce(?, approved_by),
                  updated_at = ? WHERE id = ?
                """, [at, now, approvedBy, Clock.iso(), id])
            try queueTargets(c, id, at: runAt, onlyFailed: p.state == "failed" || p.state == "partially_published")
        }
        try noteDue(runAt)
        guard let out = try get(id) else { throw CoreError.notFound("Post") }
        return out
    }

    /// Targets become `queued` at `at` (published and uncertain ones are never queued again).
    func queueTargets(_ c: Connection, _ postID: Int64, at: Int64, onlyFailed: Bool) throws {
        try c.run("""
            UPDATE post_targets SET state = 'queued', run_at = ?, error = NULL, attempts = 0
            WHERE post_id = ? AND state IN (\(onlyFailed ? "'failed'" : "'pending', 'queued', 'failed'"))
            """, [at, postID])
    }

    func noteDue(_ at: Int64) throws {
        try Scheduling.markDue(core, tenantID: tenantID, atMillis: at, kind: .publishing)
        onDue(tenantID, at)
    }

    func writeContent(_ c: Connection, _ id: Int64, _ d: Draft) throws {
        try c.run("DELETE FROM post_assets WHERE post_id = ?", [id])
        for (i, a) in d.assetIDs.enumerated() {
            try c.run("INSERT INTO post_assets (post_id, position, asset_id) VALUES (?, ?, ?)", [id, Int64(i), a])
        }
        let keep = Set(d.channelIDs)
        for row in try c.query("SELECT id, channel_id, state FROM post_targets WHERE post_id = ?", [id]) {
            let ch = try row.int64("channel_id")
            let st = try row.string("state")
            if !keep.contains(ch) && ["pending", "queued", "failed"].contains(st) {
                try c.run("DELETE FROM post_targets WHERE id = ?", [try row.int64("id")])
            }
        }
        for ch in d.channelIDs {
            try c.run("INSERT OR IGNORE INTO post_targets (post_id, channel_id, state) VALUES (?, ?, 'pending')", [id, ch])
        }
    }

    /// Structural checks (always): text size, assets and channels exist.
    func check(_ d: Draft) throws -> ([Asset], [Channel]) {
        var problems: [String: String] = [:]
        if d.text.utf8.count > 64_000 { problems["text"] = "The text is too long." }
        if d.assetIDs.count > 20 { problems["asset_ids"] = "At most 20 files per post." }
        if Set(d.assetIDs).count != d.assetIDs.count { problems["asset_ids"] = "A file is attached twice." }
        if d.channelIDs.count > 50 { problems["channel_ids"] = "At most 50 channels per post." }
        guard problems.isEmpty else { throw CoreError.invalid(problems) }
        let assets = try AssetStore(core: core, tenantID: tenantID, db: db).get(ids: d.assetIDs)
        let store = ChannelStore(core: core)
        var channels: [Channel] = []
        for id in Set(d.channelIDs).sorted() {
            guard let ch = try store.get(tenantID: tenantID, id: id) else { throw CoreError.invalid(["channel_ids": "No channel with id \(id)."]) }
            channels.append(ch)
        }
        return (assets, channels)
    }

    /// Platform rules per target; every problem is reported under `targets.<channel id>`.
    func requireValid(_ d: Draft, _ assets: [Asset], _ channels: [Channel]) throws {
        var problems: [String: String] = [:]
        if channels.isEmpty { problems["channel_ids"] = "Choose at least one Facebook Page or Instagram account." }
        for ch in channels {
            let list = PostRules.problems(text: d.text, assets: assets, channel: ch)
            if !list.isEmpty { problems["targets.\(ch.id)"] = "\(ch.kind == .instagram ? "Instagram" : ch.kind == .messenger ? "Facebook" : ch.kind.rawValue) \"\(ch.name)\": " + list.joined(separator: " ") }
        }
        if let at = d.scheduledAt, at < Clock.nowMillis() - 60_000 { problems["scheduled_at"] = "Pick a time in the future." }
        guard problems.isEmpty else { throw CoreError.invalid(problems) }
    }

    /// The plan's posts per rolling 24 hours (scheduled or published).
    func checkDailyLimit(_ plan: String, excluding: Int64?) throws {
        let limit = PlanLimits.postsPerDay(plan)
        let since = Clock.nowMillis() - 86_400_000
        let (count, oldest) = try db.read { c in
            (try c.scalar("SELECT count(*) FROM posts WHERE submitted_at >= ? AND id != ?", [since, excluding ?? -1], as: Int64.self) ?? 0,
             try c.scalar("SELECT min(submitted_at) FROM posts WHERE submitted_at >= ? AND id != ?", [since, excluding ?? -1], as: Int64.self))
        }
        if count >= Int64(limit) {
            let wait = max(60, Int(((oldest ?? since) + 86_400_000 - Clock.nowMillis()) / 1000))
            throw CoreError.rateLimited(retryAfter: wait, message: "Your plan allows \(limit) posts per 24 hours; this would be one more.")
        }
    }

    static func millis(_ iso: String) -> Int64? {
        (try? Date(iso, strategy: .iso8601)).map { Int64(($0.timeIntervalSince1970 * 1000).rounded()) }
    }
}

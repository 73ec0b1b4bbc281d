import FoundationEssentials
import ParleySQLite

extension PostStore {
    /// One post with its targets.
    public func get(_ id: Int64) throws -> Post? {
        try db.read { c in try c.queryOne("SELECT * FROM posts WHERE id = ?", [id]).map { try Self.post(c, $0) } }
    }

    /// Posts newest first (optionally one state), and the cursor of the next page.
    public func list(state: String?, cursor: Int64?, limit: Int) throws -> ([Post], next: Int64?) {
        var sql = "SELECT * FROM posts WHERE 1 = 1"
        var args: [any SQLBindable] = []
        if let state { sql += " AND state = ?"; args.append(state) }
        if let cursor { sql += " AND id < ?"; args.append(cursor) }
        sql += " ORDER BY id DESC LIMIT ?"
        args.append(Int64(limit + 1))
        let posts = try db.read { c in try c.query(sql, args).map { try Self.post(c, $0) } }
        let page = Array(posts.prefix(limit))
        return (page, posts.count > limit ? page.last?.id : nil)
    }

    static func post(_ c: Connection, _ r: Row) throws -> Post {
        let id = try r.int64("id")
        let assets = try c.query("SELECT asset_id FROM post_assets WHERE post_id = ? ORDER BY position", [id]).map { try $0.int64("asset_id") }
        let targets = try c.query("""
            SELECT t.*, coalesce(ch.name, '(removed channel)') AS ch_name, coalesce(ch.kind, '') AS ch_kind
            FROM post_targets t LEFT JOIN channels ch ON ch.id = t.channel_id WHERE t.post_id = ? ORDER BY t.id
            """, [id]).map { t in
            PostTarget(id: try t.int64("id"), channelID: try t.int64("channel_id"), channelName: try t.string("ch_name"),
                       kind: try t.string("ch_kind"), state: try t.string("state"), externalID: try t.optionalString("external_id"),
                       permalink: try t.optionalString("permalink"), error: try t.optionalString("error"),
                       publishedAt: try t.optionalInt64("published_at").map { Clock.iso(millis: $0) },
                       likes: try t.optionalInt64("likes"), comments: try t.optionalInt64("comments"), shares: try t.optionalInt64("shares"),
                       reach: try t.optionalInt64("reach"), views: try t.optionalInt64("views"),
                       engagementAt: try t.optionalInt64("engagement_at").map { Clock.iso(millis: $0) })
        }
        return Post(id: id, text: try r.string("text"), state: try r.string("state"),
                    scheduledAt: try r.optionalInt64("scheduled_at").map { Clock.iso(millis: $0) }, assetIDs: assets, targets: targets,
                    createdBy: try r.optionalInt64("created_by"), approvedBy: try r.optionalInt64("approved_by"),
                    reviewComment: try r.optionalString("review_comment"), calendarID: try r.optionalInt64("calendar_id"),
                    planKind: try r.optionalString("plan_kind"),
                    createdAt: try r.string("created_at"), updatedAt: try r.string("updated_at"))
    }

    /// Recomputes a post's state from its targets (after each target outcome).
    static func refreshState(_ c: Connection, postID: Int64) throws {
        let states = try c.query("SELECT state FROM post_targets WHERE post_id = ?", [postID]).map { try $0.string("state") }
        guard !states.isEmpty else { return }
        let s = Set(states)
        let state: String
        if s.contains("publishing") || s.contains("processing") { state = "publishing" }
        else if s.contains("queued") { state = "scheduled" }
        else if s == ["published"] { state = "published" }
        else if s.contains("uncertain") { state = "uncertain" }
        else if s.contains("published") { state = "partially_published" }
        else if s.contains("failed") { state = "failed" }
        else { return }
        try c.run("UPDATE posts SET state = ?, updated_at = ? WHERE id = ? AND state != ?", [state, Clock.iso(), postID, state])
    }
}

import ParleySQLite

/// Which channels (pages, numbers…) a user may see and answer: all of them with view_all_conversations,
/// otherwise those granted to the user or to one of their teams.
public struct ChannelAccess: Sendable {
    let db: Database

    /// Wraps a tenant database.
    public init(db: Database) { self.db = db }

    /// The visible channel ids, or nil for "all".
    public func visibleChannels(for user: User) throws -> Set<Int64>? {
        if user.can(.viewAllConversations) { return nil }
        return try db.read { c in
            Set(try c.query("""
                SELECT channel_id FROM channel_access WHERE user_id = ?
                UNION SELECT ca.channel_id FROM channel_access ca JOIN team_members tm ON tm.team_id = ca.team_id WHERE tm.user_id = ?
                """, [user.id, user.id]).map { try $0.int64("channel_id") })
        }
    }

    /// Whether the user may see one channel.
    public func canSee(_ user: User, channelID: Int64) throws -> Bool {
        guard let set = try visibleChannels(for: user) else { return true }
        return set.contains(channelID)
    }

    /// Replaces who may access a channel.
    public func set(channelID: Int64, userIDs: [Int64], teamIDs: [Int64]) throws {
        try db.write { c in
            guard try c.queryOne("SELECT id FROM channels WHERE id = ?", [channelID]) != nil else { throw CoreError.notFound("Channel") }
            try c.run("DELETE FROM channel_access WHERE channel_id = ?", [channelID])
            for u in Set(userIDs) {
                guard try c.queryOne("SELECT id FROM users WHERE id = ?", [u]) != nil else { throw CoreError.invalid(["user_ids": "User \(u) does not exist."]) }
                try c.run("INSERT INTO channel_access (channel_id, user_id) VALUES (?, ?)", [channelID, u])
            }
            for t in Set(teamIDs) {
                guard try c.queryOne("SELECT id FROM teams WHERE id = ?", [t]) != nil else { throw CoreError.invalid(["team_ids": "Team \(t) does not exist."]) }
                try c.run("INSERT INTO channel_access (channel_id, team_id) VALUES (?, ?)", [channelID, t])
            }
        }
    }

    /// Who may access a channel.
    public func grants(channelID: Int64) throws -> (userIDs: [Int64], teamIDs: [Int64]) {
        try db.read { c in
            let rows = try c.query("SELECT user_id, team_id FROM channel_access WHERE channel_id = ?", [channelID])
            return (try rows.compactMap { try $0.optionalInt64("user_id") }.sorted(), try rows.compactMap { try $0.optionalInt64("team_id") }.sorted())
        }
    }
}

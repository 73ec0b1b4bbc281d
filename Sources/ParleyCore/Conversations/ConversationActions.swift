import ParleySQLite

/// What a PATCH may change on a conversation (absent = unchanged; `assignee_id: null` unassigns).
public struct ConversationChanges: Sendable, Decodable {
    /// New status.
    public var status: String?
    /// New assignee (nil with `assigneeSet` = unassign).
    public var assigneeID: Int64?
    /// Whether assignee_id was present.
    public var assigneeSet = false
    /// New team.
    public var teamID: Int64?
    /// Whether team_id was present.
    public var teamSet = false
    /// Replace labels by name (created if new).
    public var labels: [String]?
    /// normal, high, urgent, low.
    public var priority: String?
    /// Snooze until (unix ms), with status snoozed.
    public var snoozedUntil: Int64?

    enum CodingKeys: String, CodingKey {
        case status, labels, priority
        case assigneeID = "assignee_id", teamID = "team_id", snoozedUntil = "snoozed_until"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        status = try c.decodeIfPresent(String.self, forKey: .status)
        assigneeSet = c.contains(.assigneeID)
        assigneeID = try c.decodeIfPresent(Int64.self, forKey: .assigneeID)
        teamSet = c.contains(.teamID)
        teamID = try c.decodeIfPresent(Int64.self, forKey: .teamID)
        labels = try c.decodeIfPresent([String].self, forKey: .labels)
        priority = try c.decodeIfPresent(String.self, forKey: .priority)
        snoozedUntil = try c.decodeIfPresent(Int64.self, forKey: .snoozedUntil)
    }

    /// No changes.
    public init() {}
}

/// Write side of the inbox for staff actions (status, assignment, labels, notes, read).
public struct ConversationActions: Sendable {
    let db: Database

    /// Wraps a tenant database.
    public init(db: Database) { self.db = db }

    /// Applies changes in one transaction with an event; returns the conversation id.
    public func update(_ id: Int64, _ ch: ConversationChanges, by userID: Int64) throws -> Int64 {
        var problems: [String: String] = [:]
        if let s = ch.status, !["open", "pending", "snoozed", "resolved"].contains(s) { problems["status"] = "Use open, pending, snoozed or resolved." }
        if let p = ch.priority, !["low", "normal", "high", "urgent"].contains(p) { problems["priority"] = "Use low, normal, high or urgent." }
        if ch.status == "snoozed" && ch.snoozedUntil == nil { problems["snoozed_until"] = "Say until when." }
        if ch.status == "snoozed", let until = ch.snoozedUntil, until <= Clock.nowMillis() { problems["snoozed_until"] = "Pick a time in the future." }
        if let labels = ch.labels, labels.contains(where: { $0.trimmingSpaces.isEmpty || $0.count > 40 }) { problems["labels"] = "Labels are 1–40 characters." }
        guard problems.isEmpty else { throw CoreError.invalid(problems) }
        try db.write { c in
            guard let row = try c.queryOne("SELECT channel_id FROM conversations WHERE id = ?", [id]) else { throw CoreError.notFound("Conversation") }
            if let s = ch.status {
                try c.run("UPDATE conversations SET status = ?, snoozed_until = ? WHERE id = ?", [s, s == "snoozed" ? ch.snoozedUntil : nil, id])
            }
            if ch.assigneeSet {
                if let a = ch.assigneeID, try c.queryOne("SELECT id FROM users WHERE id = ? AND active = 1", [a]) == nil {
                    throw CoreError.invalid(["assignee_id": "No active user \(a)."])
                }
                try c.run("UPDATE conversations SET assignee_id = ? WHERE id = ?", [ch.assigneeID, id])
            }
            if ch.teamSet {
                if let t = ch.teamID, try c.queryOne("SELECT id FROM teams WHERE id = ?", [t]) == nil { throw CoreError.invalid(["team_id": "No team \(t)."]) }
                try c.run("UPDATE conversations SET team_id = ? WHERE id = ?", [ch.teamID, id])
            }
            if let p = ch.priority { try c.run("UPDATE conversations SET priority = ? WHERE id = ?", [p, id]) }
            if let labels = ch.labels {
                try c.run("DELETE FROM conversation_labels WHERE conversation_id = ?", [id])
                for name in Set(labels.map { $0.trimmingSpaces }) {
                    try c.run("INSERT INTO labels (name) VALUES (?) ON CONFLICT(name) DO NOTHING", [name])
                    try c.run("INSERT INTO conversation_labels (conversation_id, label_id) SELECT ?, id FROM labels WHERE name = ?", [id, name])
                }
            }
            _ = try EventBus.record(c, type: "conversation.updated", channelID: try row.int64("channel_id"),
                                    data: "{\"conversation_id\":\(id),\"by\":\(userID)}")
        }
        return id
    }

    /// Clears the unread counter.
    public func markRead(_ id: Int64) throws {
        _ = try db.write { c in try c.run("UPDATE conversations SET unread = 0 WHERE id = ?", [id]) }
    }

    /// Adds a private note (never sent to the customer).
    public func addNote(_ id: Int64, text: String, by userID: Int64) throws -> Note {
        let text = text.trimmingSpaces
        guard !text.isEmpty, text.count <= 10_000 else { throw CoreError.invalid(["text": "Write a note (up to 10,000 characters)."]) }
        return try db.write { c in
            guard let row = try c.queryOne("SELECT channel_id FROM conversations WHERE id = ?", [id]) else { throw CoreError.notFound("Conversation") }
            // Milliseconds: the thread orders notes among messages by time, and messages carry millisecond times.
            let now = Clock.isoMillis()
            try c.run("INSERT INTO notes (conversation_id, author_user_id, text, created_at) VALUES (?, ?, ?, ?)", [id, userID, text, now])
            let noteID = c.lastInsertRowID
            let name = try c.scalar("SELECT name FROM users WHERE id = ?", [userID], as: String.self)
            _ = try EventBus.record(c, type: "note.created", channelID: try row.int64("channel_id"),
                                    data: "{\"conversation_id\":\(id),\"note_id\":\(noteID)}")
            return Note(id: noteID, author_user_id: userID, author_name: name, text: text, created_at: now)
        }
    }
}

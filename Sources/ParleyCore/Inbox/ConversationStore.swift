import ParleySQLite

/// One thread between the business (a channel) and a contact.
public struct Conversation: Codable, Sendable, Equatable {
    /// Row id.
    public var id: Int64
    /// Channel.
    public var channelID: Int64
    /// Contact.
    public var contactID: Int64
    /// open, pending, snoozed or resolved.
    public var status: String
    /// When a snoozed conversation opens again (unix ms).
    public var snoozedUntil: Int64? = nil
    /// Assigned agent.
    public var assigneeID: Int64?
    /// Assigned team.
    public var teamID: Int64?
    /// normal, high…
    public var priority: String
    /// Inbound messages not yet read by an agent.
    public var unread: Int
    /// Last customer message (unix ms): the 24 h window starts here.
    public var lastInboundAt: Int64?
    /// Last message either way (unix ms).
    public var lastMessageAt: Int64
    /// Start of the last message's text.
    public var lastMessagePreview: String
    /// in or out.
    public var lastMessageDirection: String
    /// Created.
    public var createdAt: String

    enum CodingKeys: String, CodingKey {
        case id, status, priority, unread
        case channelID = "channel_id", contactID = "contact_id", assigneeID = "assignee_id", teamID = "team_id"
        case lastInboundAt = "last_inbound_at", lastMessageAt = "last_message_at", lastMessagePreview = "last_message_preview"
        case lastMessageDirection = "last_message_direction", createdAt = "created_at", snoozedUntil = "snoozed_until"
    }
}

/// Conversations of one tenant.
public struct ConversationStore: Sendable {
    let db: Database

    /// Wraps a tenant database.
    public init(db: Database) { self.db = db }

    /// Most recent first.
    public func list(limit: Int = 50) throws -> [Conversation] {
        try db.read { c in
            try c.query("SELECT * FROM conversations ORDER BY last_message_at DESC, id DESC LIMIT ?", [max(1, min(limit, 500))]).map(Self.conversation)
        }
    }

    /// One conversation.
    public func get(id: Int64) throws -> Conversation? {
        try db.read { c in try Self.get(c, id: id) }
    }

    /// Inside a transaction: one conversation.
    public static func get(_ c: Connection, id: Int64) throws -> Conversation? {
        try c.queryOne("SELECT * FROM conversations WHERE id = ?", [id]).map(Self.conversation)
    }

    /// Inside a write transaction: the conversation of (channel, contact), created (open, empty) if missing.
    public static func findOrCreate(_ c: Connection, channelID: Int64, contactID: Int64, at: Int64) throws -> (id: Int64, created: Bool) {
        if let id = try c.scalar("SELECT id FROM conversations WHERE channel_id = ? AND contact_id = ?", [channelID, contactID], as: Int64.self) {
            return (id, false)
        }
        try c.run("INSERT INTO conversations (channel_id, contact_id, last_message_at, created_at) VALUES (?, ?, ?, ?)",
                  [channelID, contactID, at, Clock.iso()])
        return (c.lastInsertRowID, true)
    }

    /// Inside a write transaction: a new message joined the conversation. Inbound messages count as unread, set
    /// last_inbound_at and reopen a resolved or snoozed conversation; the preview only moves forward in time, so a
    /// late-arriving older message does not replace a newer one.
    public static func noteMessage(_ c: Connection, id: Int64, direction: String, preview: String, at: Int64) throws {
        if direction == "in" {
            try c.run("""
                UPDATE conversations SET unread = unread + 1, last_inbound_at = max(ifnull(last_inbound_at, 0), ?),
                    status = CASE WHEN status IN ('resolved', 'snoozed') THEN 'open' ELSE status END,
                    snoozed_until = CASE WHEN status = 'snoozed' THEN NULL ELSE snoozed_until END
                WHERE id = ?
                """, [at, id])
        }
        try c.run("UPDATE conversations SET last_message_at = ?, last_message_preview = ?, last_message_direction = ? WHERE id = ? AND last_message_at <= ?",
                  [at, preview, direction, id, at])
    }

    /// The preview text stored on the conversation: the text, or a label for attachment-only messages.
    public static func preview(text: String, attachments: [InboundAttachment]) -> String {
        let base = text.isEmpty ? attachments.first.map { "[\($0.type)]" } ?? "" : text
        return base.count > 140 ? String(base.prefix(140)) + "…" : base
    }

    static func conversation(_ r: Row) throws -> Conversation {
        Conversation(id: try r.int64("id"), channelID: try r.int64("channel_id"), contactID: try r.int64("contact_id"),
                     status: try r.string("status"), snoozedUntil: try r.optionalInt64("snoozed_until"), assigneeID: try r.optionalInt64("assignee_id"), teamID: try r.optionalInt64("team_id"),
                     priority: try r.string("priority"), unread: try r.int("unread"), lastInboundAt: try r.optionalInt64("last_inbound_at"),
                     lastMessageAt: try r.int64("last_message_at"), lastMessagePreview: try r.string("last_message_preview"),
                     lastMessageDirection: try r.string("last_message_direction"), createdAt: try r.string("created_at"))
    }
}

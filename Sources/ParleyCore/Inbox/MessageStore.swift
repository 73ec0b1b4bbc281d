import ParleySQLite

/// Messages of one tenant. The static functions run inside a caller's write transaction (ingest applies a whole
/// webhook in one); the instance methods are reads.
public struct MessageStore: Sendable {
    let db: Database

    /// Wraps a tenant database.
    public init(db: Database) { self.db = db }

    /// The messages of a conversation, oldest first.
    public func messages(conversationID: Int64, limit: Int = 200) throws -> [Message] {
        try db.read { c in
            try c.query("SELECT * FROM (SELECT * FROM messages WHERE conversation_id = ? ORDER BY id DESC LIMIT ?) ORDER BY id",
                        [conversationID, max(1, min(limit, 1000))]).map(Self.message)
        }
    }

    /// A message by its provider id.
    public func message(channelID: Int64, externalID: String) throws -> Message? {
        try db.read { c in try c.queryOne("SELECT * FROM messages WHERE channel_id = ? AND external_id = ?", [channelID, externalID]).map(Self.message) }
    }

    /// Inside a transaction: a message by id.
    public static func get(_ c: Connection, id: Int64) throws -> Message? {
        try c.queryOne("SELECT * FROM messages WHERE id = ?", [id]).map(Self.message)
    }

    /// Inserts unless a message with the same (channel, external id) exists; returns the new id, or nil for a duplicate.
    /// The UNIQUE index decides, so concurrent or replayed deliveries cannot both insert.
    public static func insertIfNew(_ c: Connection, _ m: NewMessage) throws -> Int64? {
        let n = try c.run("""
            INSERT INTO messages (conversation_id, channel_id, direction, external_id, text, attachments, status, is_echo, sent_at, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (channel_id, external_id) WHERE external_id IS NOT NULL DO NOTHING
            """, [m.conversationID, m.channelID, m.direction, m.externalID, m.text, AttachmentJSON.encode(m.attachments),
                  m.status.rawValue, m.isEcho, m.sentAt, Clock.iso()])
        return n == 1 ? c.lastInsertRowID : nil
    }

    /// Gives an outbound message Parley wrote its provider id (an echo arrived before the send call returned).
    /// Only a message still without an id is touched; returns whether one was.
    public static func attachExternalID(_ c: Connection, messageID: Int64, channelID: Int64, externalID: String) throws -> Bool {
        try c.run("UPDATE messages SET external_id = ? WHERE id = ? AND channel_id = ? AND direction = 'out' AND external_id IS NULL",
                  [externalID, messageID, channelID]) == 1
    }

    /// Moves outbound messages with these provider ids forward to `status` (never backwards); returns the changed ids.
    public static func advance(_ c: Connection, channelID: Int64, externalIDs: [String], to status: MessageStatus, error: String?) throws -> [Int64] {
        var changed: [Int64] = []
        for mid in externalIDs {
            changed += try c.query("""
                UPDATE messages SET status = ?, error = coalesce(?, error)
                WHERE channel_id = ? AND external_id = ? AND direction = 'out' AND \(MessageStatus.rankSQL) < ?
                RETURNING id
                """, [status.rawValue, error, channelID, mid, status.rank]).map { try $0.int64("id") }
        }
        return changed
    }

    /// Watermark receipts: every outbound message of the conversation sent at or before `watermark` moves forward to
    /// `status`. Messages still queued are left alone (they were not sent yet).
    public static func advance(_ c: Connection, conversationID: Int64, upTo watermark: Int64, to status: MessageStatus) throws -> [Int64] {
        try c.query("""
            UPDATE messages SET status = ?
            WHERE conversation_id = ? AND direction = 'out' AND sent_at <= ? AND status NOT IN ('queued', 'sending') AND \(MessageStatus.rankSQL) < ?
            RETURNING id
            """, [status.rawValue, conversationID, watermark, status.rank]).map { try $0.int64("id") }
    }

    /// Replaces a message's text (customer edit or unsend), keeping the full-text index in step; returns the id changed.
    public static func replaceText(_ c: Connection, channelID: Int64, externalID: String, text: String, clearAttachments: Bool = false) throws -> Int64? {
        guard let row = try c.queryOne("SELECT id, text FROM messages WHERE channel_id = ? AND external_id = ?", [channelID, externalID]) else { return nil }
        let id = try row.int64("id"), old = try row.string("text")
        // messages_fts is an external-content index: remove the old text before the row changes, then add the new.
        try c.run("INSERT INTO messages_fts (messages_fts, rowid, text) VALUES ('delete', ?, ?)", [id, old])
        try c.run("UPDATE messages SET text = ?, attachments = CASE WHEN ? THEN '[]' ELSE attachments END WHERE id = ?", [text, clearAttachments, id])
        try c.run("INSERT INTO messages_fts (rowid, text) VALUES (?, ?)", [id, text])
        return id
    }

    static func message(_ r: Row) throws -> Message {
        Message(id: try r.int64("id"), conversationID: try r.int64("conversation_id"), channelID: try r.int64("channel_id"),
                direction: try r.string("direction"), externalID: try r.optionalString("external_id"), text: try r.string("text"),
                attachments: AttachmentJSON.decode(try r.string("attachments")),
                status: MessageStatus(rawValue: try r.string("status")) ?? .received, error: try r.optionalString("error"),
                authorUserID: try r.optionalInt64("author_user_id"), isEcho: try r.bool("is_echo"), sentAt: try r.int64("sent_at"),
                createdAt: try r.string("created_at"), reaction: try r.optionalString("reaction"))
    }
}

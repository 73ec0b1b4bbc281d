import ParleySQLite

/// Read side of the inbox: filtered, access-checked, cursor-paginated lists and threads.
/// The list reads the denormalised last-message columns (DESIGN.md §8: ~0.05 ms over 20k conversations).
public struct InboxQuery: Sendable {
    let db: Database

    /// Wraps a tenant database.
    public init(db: Database) { self.db = db }

    static let selectItem = """
        SELECT cv.*, ch.kind AS ch_kind, ch.name AS ch_name, ch.location_id AS ch_location_id, l.name AS location_name,
               ct.name AS contact_name,
               (SELECT group_concat(lb.name, char(31)) FROM conversation_labels cl JOIN labels lb ON lb.id = cl.label_id
                 WHERE cl.conversation_id = cv.id) AS label_names
        FROM conversations cv
        JOIN channels ch ON ch.id = cv.channel_id
        JOIN contacts ct ON ct.id = cv.contact_id
        LEFT JOIN locations l ON l.id = ch.location_id
        """

    /// A page of conversations visible to `visible` (nil = all channels), newest activity first.
    public func list(_ f: ConversationFilter, visible: Set<Int64>?, me: Int64) throws -> (items: [ConversationItem], nextCursor: String?) {
        var sql = Self.selectItem + " WHERE 1=1"
        var args: [any SQLBindable] = []
        if let visible {
            if visible.isEmpty { return ([], nil) }
            sql += " AND cv.channel_id IN (\(visible.sorted().map(String.init).joined(separator: ",")))"
        }
        if let s = f.status { sql += " AND cv.status = ?"; args.append(s) }
        if let ch = f.channelID { sql += " AND cv.channel_id = ?"; args.append(ch) }
        if let k = f.kind { sql += " AND ch.kind = ?"; args.append(k) }
        if let l = f.locationID { sql += " AND ch.location_id = ?"; args.append(l) }
        switch f.assignee {
        case .me: sql += " AND cv.assignee_id = ?"; args.append(me)
        case .unassigned: sql += " AND cv.assignee_id IS NULL"
        case .user(let u): sql += " AND cv.assignee_id = ?"; args.append(u)
        case nil: break
        }
        if let t = f.teamID { sql += " AND cv.team_id = ?"; args.append(t) }
        if let label = f.label {
            sql += " AND cv.id IN (SELECT cl.conversation_id FROM conversation_labels cl JOIN labels lb ON lb.id = cl.label_id WHERE lb.name = ?)"
            args.append(label)
        }
        if let q = f.query.flatMap(Self.ftsQuery) {
            // Newest matches first (cheap even for common words); contacts by name too.
            sql += """
                 AND (cv.id IN (SELECT m.conversation_id FROM messages m WHERE m.id IN
                        (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ? ORDER BY rowid DESC LIMIT 2000))
                      OR ct.name LIKE ? ESCAPE '\\')
                """
            args.append(q.match)
            args.append("%" + q.like + "%")
        }
        if let c = f.cursor {
            let parts = c.split(separator: ".")
            guard parts.count == 2, let at = Int64(parts[0]), let id = Int64(parts[1]) else { throw CoreError.invalid(["cursor": "This cursor is not valid."]) }
            sql += " AND (cv.last_message_at < ? OR (cv.last_message_at = ? AND cv.id < ?))"
            args += [at, at, id] as [any SQLBindable]
        }
        let limit = max(1, min(f.limit, 100))
        sql += " ORDER BY cv.last_message_at DESC, cv.id DESC LIMIT \(limit + 1)"
        let rows = try db.read { c in try c.query(sql, args) }
        var items = try rows.prefix(limit).map(Self.item)
        var next: String? = nil
        if rows.count > limit, let last = items.last {
            next = "\(last.conversation.lastMessageAt).\(last.conversation.id)"
        }
        items = Array(items)
        return (items, next)
    }

    /// One conversation, if visible.
    public func item(id: Int64, visible: Set<Int64>?) throws -> ConversationItem? {
        guard let r = try db.read({ c in try c.queryOne(Self.selectItem + " WHERE cv.id = ?", [id]) }) else { return nil }
        let item = try Self.item(r)
        if let visible, !visible.contains(item.channel.id) { return nil }
        return item
    }

    /// Messages of a conversation, oldest first, the `limit` newest before message id `before`.
    public func messages(conversationID: Int64, before: Int64?, limit: Int) throws -> [Message] {
        let limit = max(1, min(limit, 200))
        return try db.read { c in
            let rows = before == nil
                ? try c.query("SELECT * FROM messages WHERE conversation_id = ? ORDER BY id DESC LIMIT ?", [conversationID, limit])
                : try c.query("SELECT * FROM messages WHERE conversation_id = ? AND id < ? ORDER BY id DESC LIMIT ?", [conversationID, before!, limit])
            return try rows.reversed().map(MessageStore.message)
        }
    }

    /// A message's attachments if it belongs to the conversation.
    public func attachments(conversationID: Int64, messageID: Int64) throws -> [InboundAttachment]? {
        try db.read { c in
            try c.queryOne("SELECT attachments FROM messages WHERE id = ? AND conversation_id = ?", [messageID, conversationID])
                .map { AttachmentJSON.decode(try $0.string("attachments")) }
        }
    }

    /// Notes of a conversation, oldest first.
    public func notes(conversationID: Int64) throws -> [Note] {
        try db.read { c in
            try c.query("""
                SELECT n.*, u.name AS author_name FROM notes n LEFT JOIN users u ON u.id = n.author_user_id
                WHERE n.conversation_id = ? ORDER BY n.id
                """, [conversationID]).map { r in
                Note(id: try r.int64("id"), author_user_id: try r.optionalInt64("author_user_id"), author_name: try r.optionalString("author_name"),
                     text: try r.string("text"), created_at: try r.string("created_at"))
            }
        }
    }

    static func item(_ r: Row) throws -> ConversationItem {
        let labels = (try r.optionalString("label_names") ?? "").split(separator: "\u{1F}").map(String.init).sorted()
        return ConversationItem(
            conversation: try ConversationStore.conversation(r),
            channel: ConversationChannel(id: try r.int64("channel_id"), kind: try r.string("ch_kind"), name: try r.string("ch_name"),
                                    location_id: try r.optionalInt64("ch_location_id"), location: try r.optionalString("location_name")),
            contact: ContactSummary(id: try r.int64("contact_id"), name: try r.string("contact_name")),
            labels: labels)
    }

    /// Turns user text into a safe FTS5 query (each word a quoted prefix term, all required) and a LIKE pattern.
    static func ftsQuery(_ text: String) -> (match: String, like: String)? {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).prefix(8)
        guard !words.isEmpty else { return nil }
        let match = words.map { "\"" + $0.replacing("\"", with: "\"\"") + "\"*" }.joined(separator: " ")
        let like = text.trimmingSpaces.replacing("\\", with: "\\\\").replacing("%", with: "\\%").replacing("_", with: "\\_")
        return (match, like)
    }
}

import FoundationEssentials
import ParleySQLite

/// A contact with its channel identities and conversations, for the side panel and GDPR requests.
public struct ContactDetails: Sendable, Encodable {
    /// One identity on one channel.
    public struct Identity: Sendable, Encodable {
        /// Channel id.
        public let channel_id: Int64
        /// Channel kind.
        public let kind: String
        /// Channel name.
        public let channel_name: String
        /// PSID / IGSID / wa_id.
        public let external_id: String
    }
    /// The contact.
    public let contact: Contact
    /// Identities.
    public let identities: [Identity]
    /// Conversation ids with status.
    public let conversations: [[String: String]]
}

/// Contact reads, edits, export and erasure, limited to the channels a user may see.
public struct ContactService: Sendable {
    let db: Database

    /// Wraps a tenant database.
    public init(db: Database) { self.db = db }

    /// Contacts visible through `visible` channels (nil = all), newest first, optionally matching a name/phone/e-mail.
    public func list(visible: Set<Int64>?, query: String?, limit: Int, beforeID: Int64?) throws -> [Contact] {
        var sql = "SELECT DISTINCT ct.* FROM contacts ct JOIN contact_identities ci ON ci.contact_id = ct.id WHERE 1=1"
        var args: [any SQLBindable] = []
        if let visible {
            if visible.isEmpty { return [] }
            sql += " AND ci.channel_id IN (\(visible.sorted().map(String.init).joined(separator: ",")))"
        }
        if let q = query?.trimmingSpaces, !q.isEmpty {
            let like = "%" + q.replacing("\\", with: "\\\\").replacing("%", with: "\\%").replacing("_", with: "\\_") + "%"
            sql += " AND (ct.name LIKE ? ESCAPE '\\' OR ct.email LIKE ? ESCAPE '\\' OR ct.phone LIKE ? ESCAPE '\\')"
            args += [like, like, like] as [any SQLBindable]
        }
        if let b = beforeID { sql += " AND ct.id < ?"; args.append(b) }
        sql += " ORDER BY ct.id DESC LIMIT ?"
        args.append(max(1, min(limit, 200)))
        return try db.read { c in try c.query(sql, args).map(ContactStore.contact) }
    }

    /// Details if at least one identity is on a visible channel.
    public func details(id: Int64, visible: Set<Int64>?) throws -> ContactDetails? {
        try db.read { c in
            guard let r = try c.queryOne("SELECT * FROM contacts WHERE id = ?", [id]) else { return nil }
            let ids = try c.query("""
                SELECT ci.channel_id, ci.external_id, ch.kind, ch.name FROM contact_identities ci JOIN channels ch ON ch.id = ci.channel_id
                WHERE ci.contact_id = ? ORDER BY ch.id
                """, [id]).map { row in
                ContactDetails.Identity(channel_id: try row.int64("channel_id"), kind: try row.string("kind"),
                                        channel_name: try row.string("name"), external_id: try row.string("external_id"))
            }
            if let visible, !ids.contains(where: { visible.contains($0.channel_id) }) { return nil }
            let convs = try c.query("SELECT id, status, channel_id FROM conversations WHERE contact_id = ? ORDER BY last_message_at DESC", [id])
                .filter { row in try visible.map { $0.contains(try row.int64("channel_id")) } ?? true }
                .map { ["id": String(try $0.int64("id")), "status": try $0.string("status")] }
            return ContactDetails(contact: try ContactStore.contact(r), identities: ids, conversations: convs)
        }
    }

    /// Edits name, e-mail, phone.
    public func update(id: Int64, name: String?, email: String?, phone: String?) throws -> Contact {
        if let n = name, n.count > 200 { throw CoreError.invalid(["name": "Use at most 200 characters."]) }
        if let e = email, !e.isEmpty, !e.contains("@") || e.count > 254 { throw CoreError.invalid(["email": "Enter a valid e-mail address."]) }
        if let p = phone, p.count > 32 { throw CoreError.invalid(["phone": "Use at most 32 characters."]) }
        return try db.write { c in
            guard let r = try c.queryOne("SELECT * FROM contacts WHERE id = ?", [id]) else { throw CoreError.notFound("Contact") }
            var ct = try ContactStore.contact(r)
            if let n = name { ct.name = n.trimmingSpaces }
            if let e = email { ct.email = e.isEmpty ? nil : e.trimmingSpaces }
            if let p = phone { ct.phone = p.isEmpty ? nil : p.trimmingSpaces }
            try c.run("UPDATE contacts SET name = ?, email = ?, phone = ? WHERE id = ?", [ct.name, ct.email, ct.phone, id])
            return ct
        }
    }

    /// Everything Parley holds about a contact (GDPR access request), as JSON.
    public func export(id: Int64) throws -> [UInt8] {
        struct Export: Encodable {
            let exported_at: String
            let contact: Contact
            let identities: [ContactDetails.Identity]
            let conversations: [ConversationExport]
        }
        struct ConversationExport: Encodable {
            let id: Int64
            let status: String
            let messages: [Message]
            let notes: [Note]
        }
        guard let d = try details(id: id, visible: nil) else { throw CoreError.notFound("Contact") }
        let q = InboxQuery(db: db)
        let convs = try d.conversations.compactMap { Int64($0["id"] ?? "") }.map { cid in
            ConversationExport(id: cid, status: try db.read { c in try c.scalar("SELECT status FROM conversations WHERE id = ?", [cid], as: String.self) } ?? "",
                               messages: try q.messages(conversationID: cid, before: nil, limit: 200) + (try olderMessages(cid)),
                               notes: try q.notes(conversationID: cid))
        }
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return Array(try e.encode(Export(exported_at: Clock.iso(), contact: d.contact, identities: d.identities, conversations: convs)))
    }

    private func olderMessages(_ conversationID: Int64) throws -> [Message] {
        try db.read { c in
            try c.query("SELECT * FROM messages WHERE conversation_id = ? ORDER BY id DESC LIMIT -1 OFFSET 200", [conversationID]).reversed().map(MessageStore.message)
        }
    }

    /// Erases a contact and everything about them (GDPR erasure): identities, conversations, messages, notes.
    public func erase(id: Int64) throws {
        try db.write { c in
            guard try c.queryOne("SELECT id FROM contacts WHERE id = ?", [id]) != nil else { throw CoreError.notFound("Contact") }
            // Full-text rows go with their messages through the delete trigger; cascades remove the rest.
            try c.run("DELETE FROM messages WHERE conversation_id IN (SELECT id FROM conversations WHERE contact_id = ?)", [id])
            try c.run("DELETE FROM contacts WHERE id = ?", [id])
            _ = try EventBus.record(c, type: "contact.erased", channelID: nil, data: "{\"contact_id\":\(id)}")
        }
    }
}

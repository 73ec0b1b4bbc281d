import ParleySQLite

/// A person who wrote to the business, across channels (identities link channel-specific ids to one contact).
public struct Contact: Codable, Sendable, Equatable {
    /// Row id.
    public var id: Int64
    /// Display name ("" until known).
    public var name: String
    /// E-mail, if known.
    public var email: String?
    /// Phone (E.164, e.g. WhatsApp senders), if known.
    public var phone: String?
    /// When first seen.
    public var createdAt: String

    enum CodingKeys: String, CodingKey {
        case id, name, email, phone
        case createdAt = "created_at"
    }
}

/// Contacts of one tenant.
public struct ContactStore: Sendable {
    let db: Database

    /// Wraps a tenant database.
    public init(db: Database) { self.db = db }

    /// A contact by id.
    public func contact(id: Int64) throws -> Contact? {
        try db.read { c in try c.queryOne("SELECT * FROM contacts WHERE id = ?", [id]).map(Self.contact) }
    }

    /// The contact behind a channel identity (PSID, wa_id…), if any.
    public func contact(channelID: Int64, externalID: String) throws -> Contact? {
        try db.read { c in
            try c.queryOne("SELECT contacts.* FROM contact_identities JOIN contacts ON contacts.id = contact_identities.contact_id WHERE channel_id = ? AND external_id = ?",
                           [channelID, externalID]).map(Self.contact)
        }
    }

    /// Inside a write transaction: the contact for (channel, external id), created on first sight. A name or phone
    /// fills an empty field but never overwrites one (an agent may have corrected it).
    public static func resolve(_ c: Connection, channelID: Int64, externalID: String, name: String?, phone: String?) throws -> (id: Int64, created: Bool) {
        if let id = try c.scalar("SELECT contact_id FROM contact_identities WHERE channel_id = ? AND external_id = ?", [channelID, externalID], as: Int64.self) {
            if let name, !name.isEmpty { try c.run("UPDATE contacts SET name = ? WHERE id = ? AND name = ''", [name, id]) }
            if let phone, !phone.isEmpty { try c.run("UPDATE contacts SET phone = ? WHERE id = ? AND phone IS NULL", [phone, id]) }
            return (id, false)
        }
        try c.run("INSERT INTO contacts (name, phone, created_at) VALUES (?, ?, ?)", [name ?? "", phone, Clock.iso()])
        let id = c.lastInsertRowID
        try c.run("INSERT INTO contact_identities (channel_id, external_id, contact_id) VALUES (?, ?, ?)", [channelID, externalID, id])
        return (id, true)
    }

    static func contact(_ r: Row) throws -> Contact {
        Contact(id: try r.int64("id"), name: try r.string("name"), email: try r.optionalString("email"),
                phone: try r.optionalString("phone"), createdAt: try r.string("created_at"))
    }
}

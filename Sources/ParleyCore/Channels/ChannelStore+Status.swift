import ParleySQLite

/// A channel as the channels API shows it: health fields included, token material never.
public struct ChannelSummary: Codable, Sendable, Equatable {
    /// Row id.
    public var id: Int64
    /// Kind.
    public var kind: ChannelKind
    /// Display name.
    public var name: String
    /// Page id, IG id, phone_number_id…
    public var externalID: String
    /// Location (branch) id.
    public var locationID: Int64?
    /// Location name.
    public var locationName: String?
    /// active, needs_reauth or disconnected.
    public var status: String
    /// Last webhook event (unix ms).
    public var lastWebhookAt: Int64?
    /// When the stored token expires (unix seconds), if it does.
    public var tokenExpiresAt: Int64?
    /// Last problem in plain words.
    public var lastError: String?
    /// First connected.
    public var createdAt: String

    enum CodingKeys: String, CodingKey {
        case id, kind, name, status
        case externalID = "external_id", locationID = "location_id", locationName = "location_name", lastWebhookAt = "last_webhook_at"
        case tokenExpiresAt = "token_expires_at", lastError = "last_error", createdAt = "created_at"
    }
}

extension ChannelStore {
    /// Channels of a tenant for the API, optionally only the ids in `visible` (nil = all).
    public func summaries(tenantID: Int64, visible: Set<Int64>?) throws -> [ChannelSummary] {
        try core.tenants.database(tenantID).read { c in
            try c.query("""
                SELECT ch.*, l.name AS location_name FROM channels ch LEFT JOIN locations l ON l.id = ch.location_id
                ORDER BY ch.name COLLATE NOCASE, ch.id
                """).map(Self.summary).filter { visible?.contains($0.id) ?? true }
        }
    }

    /// One channel for the API.
    public func summary(tenantID: Int64, id: Int64) throws -> ChannelSummary? {
        try core.tenants.database(tenantID).read { c in
            try c.queryOne("SELECT ch.*, l.name AS location_name FROM channels ch LEFT JOIN locations l ON l.id = ch.location_id WHERE ch.id = ?",
                           [id]).map(Self.summary)
        }
    }

    /// Renames a channel or moves it to another location (`clearLocation` sets no location).
    public func update(tenantID: Int64, id: Int64, name: String?, locationID: Int64?, clearLocation: Bool) throws {
        var problems: [String: String] = [:]
        if let name, name.trimmingSpaces.isEmpty || name.count > 200 { problems["name"] = "Give the channel a name (1–200 characters)." }
        guard problems.isEmpty else { throw CoreError.invalid(problems) }
        do {
            try core.tenants.database(tenantID).write { c in
                guard try c.queryOne("SELECT id FROM channels WHERE id = ?", [id]) != nil else { throw CoreError.notFound("Channel") }
                if let name { try c.run("UPDATE channels SET name = ? WHERE id = ?", [name.trimmingSpaces, id]) }
                if clearLocation {
                    try c.run("UPDATE channels SET location_id = NULL WHERE id = ?", [id])
                } else if let locationID {
                    try c.run("UPDATE channels SET location_id = ? WHERE id = ?", [locationID, id])
                }
            }
        } catch let e as SQLiteError where e.isForeignKeyViolation {
            throw CoreError.invalid(["location_id": "No such location."])
        }
    }

    /// Marks a channel as needing a new login, with the reason in plain words (shown in the channels list).
    public func markNeedsReauth(tenantID: Int64, id: Int64, reason: String) throws {
        try core.tenants.database(tenantID).write { c in
            try c.run("UPDATE channels SET status = 'needs_reauth', last_error = ? WHERE id = ? AND status != 'disconnected'", [reason, id])
        }
    }

    /// Records a problem that does not stop the channel (or clears it with nil).
    public func setLastError(tenantID: Int64, id: Int64, _ message: String?) throws {
        try core.tenants.database(tenantID).write { c in try c.run("UPDATE channels SET last_error = ? WHERE id = ?", [message, id]) }
    }

    /// Stores when the channel's token expires (nil: it does not).
    public func setTokenExpiry(tenantID: Int64, id: Int64, expiresAt: Int64?) throws {
        try core.tenants.database(tenantID).write { c in try c.run("UPDATE channels SET token_expires_at = ? WHERE id = ?", [expiresAt, id]) }
    }

    static func summary(_ r: Row) throws -> ChannelSummary {
        ChannelSummary(id: try r.int64("id"), kind: ChannelKind(rawValue: try r.string("kind")) ?? .sandbox, name: try r.string("name"),
                       externalID: try r.string("external_id"), locationID: try r.optionalInt64("location_id"),
                       locationName: try r.optionalString("location_name"), status: try r.string("status"),
                       lastWebhookAt: try r.optionalInt64("last_webhook_at"), tokenExpiresAt: try r.optionalInt64("token_expires_at"),
                       lastError: try r.optionalString("last_error"), createdAt: try r.string("created_at"))
    }
}

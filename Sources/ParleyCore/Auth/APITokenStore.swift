import ParleyCrypto
import ParleySQLite

/// A named API token (the secret is shown once at creation and stored hashed).
public struct APIToken: Sendable, Codable {
    /// Id.
    public var id: Int64
    /// Owner.
    public var userID: Int64
    /// Label chosen by the user.
    public var name: String
    /// The first characters, to recognise it in lists.
    public var prefix: String
    /// Created (UTC).
    public var createdAt: String
    /// Last use (UTC), if any.
    public var lastUsedAt: String?
    /// Revoked (UTC), if revoked.
    public var revokedAt: String?

    enum CodingKeys: String, CodingKey {
        case id, name, prefix
        case userID = "user_id"
        case createdAt = "created_at"
        case lastUsedAt = "last_used_at"
        case revokedAt = "revoked_at"
    }
}

/// API tokens of one tenant. Token format: `pt_<tenant id>_<256-bit random>`.
public struct APITokenStore: Sendable {
    let db: Database

    /// Wraps a tenant database.
    public init(db: Database) { self.db = db }

    /// Creates a token; returns the secret (only now) and its record.
    public func create(tenantID: Int64, userID: Int64, name: String) throws -> (secret: String, token: APIToken) {
        let name = name.trimmingSpaces
        guard (1...80).contains(name.count) else { throw CoreError.invalid(["name": "Give the token a name (up to 80 characters)."]) }
        let secret = "pt_\(tenantID)_\(SecureRandom.token(byteCount: 32))"
        let prefix = String(secret.prefix(12))
        let now = Clock.iso()
        let id = try db.write { c in
            try c.run("INSERT INTO api_tokens (user_id, name, token_hash, prefix, created_at) VALUES (?, ?, ?, ?, ?)",
                      [userID, name, SHA256.hex(Array(secret.utf8)), prefix, now])
            return c.lastInsertRowID
        }
        return (secret, APIToken(id: id, userID: userID, name: name, prefix: prefix, createdAt: now))
    }

    /// Tokens, optionally of one user.
    public func list(userID: Int64? = nil) throws -> [APIToken] {
        try db.read { c in
            let rows = userID == nil ? try c.query("SELECT * FROM api_tokens ORDER BY id DESC")
                : try c.query("SELECT * FROM api_tokens WHERE user_id = ? ORDER BY id DESC", [userID!])
            return try rows.map(Self.token)
        }
    }

    /// A token record by id.
    public func token(id: Int64) throws -> APIToken? {
        try db.read { c in try c.queryOne("SELECT * FROM api_tokens WHERE id = ?", [id]).map(Self.token) }
    }

    /// Revokes a token; false when it does not exist or was already revoked.
    public func revoke(id: Int64) throws -> Bool {
        try db.write { c in try c.run("UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", [Clock.iso(), id]) } > 0
    }

    /// The owner of a live token, updating its last use at most every minute.
    public func userID(forSecret secret: String) throws -> Int64? {
        let hash = SHA256.hex(Array(secret.utf8))
        guard let r = try db.read({ c in try c.queryOne("SELECT id, user_id, last_used_at FROM api_tokens WHERE token_hash = ? AND revoked_at IS NULL", [hash]) })
        else { return nil }
        let last = try r.optionalString("last_used_at") ?? ""
        let now = Clock.iso()
        if last.prefix(16) != now.prefix(16) {
            _ = try db.write { c in try c.run("UPDATE api_tokens SET last_used_at = ? WHERE id = ?", [now, try r.int64("id")]) }
        }
        return try r.int64("user_id")
    }

    static func token(_ r: Row) throws -> APIToken {
        APIToken(id: try r.int64("id"), userID: try r.int64("user_id"), name: try r.string("name"), prefix: try r.string("prefix"),
                 createdAt: try r.string("created_at"), lastUsedAt: try r.optionalString("last_used_at"), revokedAt: try r.optionalString("revoked_at"))
    }
}

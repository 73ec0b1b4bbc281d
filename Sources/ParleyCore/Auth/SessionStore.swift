import ParleyCrypto
import ParleySQLite

/// A signed-in browser session (the cookie value is never stored, only its SHA-256).
public struct Session: Sendable {
    /// SHA-256 hex of the secret part of the cookie.
    public let idHash: String
    /// Whose session.
    public let userID: Int64
    /// The token the page must echo in X-CSRF-Token.
    public let csrfToken: String
    /// Unix seconds.
    public let createdAt: Int64
    /// Unix seconds.
    public let expiresAt: Int64
}

/// Sessions of one tenant. Cookie value format: `<tenant id>.<256-bit random, base64url>`,
/// so the tenant is known before any database is opened and a forged prefix only finds nothing.
public struct SessionStore: Sendable {
    let db: Database
    let idleSeconds: Int64
    let maxSeconds: Int64

    /// Wraps a tenant database with the configured expiries.
    public init(db: Database, idleMinutes: Int, maxHours: Int) {
        self.db = db
        self.idleSeconds = Int64(idleMinutes) * 60
        self.maxSeconds = Int64(maxHours) * 3600
    }

    /// Creates a session; returns the cookie value (shown only now) and the session.
    public func create(tenantID: Int64, userID: Int64, ip: String, userAgent: String) throws -> (cookie: String, session: Session) {
        let secret = SecureRandom.token(byteCount: 32)
        let hash = SHA256.hex(Array(secret.utf8))
        let csrf = SecureRandom.token(byteCount: 24)
        let now = Clock.nowSeconds()
        let s = Session(idHash: hash, userID: userID, csrfToken: csrf, createdAt: now, expiresAt: now + maxSeconds)
        try db.write { c in
            // Expired rows are swept here so the table cannot grow without bound.
            try c.run("DELETE FROM sessions WHERE expires_at < ? OR last_seen_at < ?", [now, now - idleSeconds])
            try c.run("INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, last_seen_at, expires_at, ip, user_agent) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                      [hash, userID, csrf, now, now, s.expiresAt, ip, String(userAgent.prefix(200))])
        }
        return ("\(tenantID).\(secret)", s)
    }

    /// The live session for a cookie's secret part, touching its idle timer; nil when unknown or expired.
    public func session(secret: String) throws -> Session? {
        let hash = SHA256.hex(Array(secret.utf8))
        let now = Clock.nowSeconds()
        guard let r = try db.read({ c in try c.queryOne("SELECT * FROM sessions WHERE id_hash = ?", [hash]) }) else { return nil }
        let lastSeen = try r.int64("last_seen_at")
        let s = Session(idHash: hash, userID: try r.int64("user_id"), csrfToken: try r.string("csrf_token"),
                        createdAt: try r.int64("created_at"), expiresAt: try r.int64("expires_at"))
        if now >= s.expiresAt || now - lastSeen >= idleSeconds {
            try delete(hash: hash)
            return nil
        }
        // Touch at most once a minute: a write per request would serialise every page load on the writer.
        if now - lastSeen >= 60 {
            _ = try db.write { c in try c.run("UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?", [now, hash]) }
        }
        return s
    }

    /// Ends one session.
    public func delete(hash: String) throws {
        _ = try db.write { c in try c.run("DELETE FROM sessions WHERE id_hash = ?", [hash]) }
    }

    /// Ends every session of a user (password change, disable).
    public func deleteAll(userID: Int64) throws {
        _ = try db.write { c in try c.run("DELETE FROM sessions WHERE user_id = ?", [userID]) }
    }
}

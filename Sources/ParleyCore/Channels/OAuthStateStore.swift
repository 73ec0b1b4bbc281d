import ParleyCrypto
import ParleySQLite

/// Why an OAuth `state` was refused.
public enum OAuthStateError: Error, Sendable, Equatable {
    /// No state in the request.
    case missing
    /// Never issued (or a guess).
    case unknown
    /// Issued more than 10 minutes ago.
    case expired
    /// Already used once.
    case replayed

    /// A sentence for the error page.
    public var plainMessage: String {
        switch self {
        case .missing: return "The answer from Facebook did not carry Parley's security check."
        case .unknown: return "This sign-in link was not started from this Parley, or its security check does not match."
        case .expired: return "This sign-in took longer than 10 minutes and has expired."
        case .replayed: return "This sign-in link was already used."
        }
    }
}

/// CSRF `state` values for OAuth round trips, kept in control.sqlite as SHA-256 hashes only, bound to a tenant
/// and a user, single use, 10 minutes.
public struct OAuthStateStore: Sendable {
    let db: Database
    /// How long a state stays valid (seconds).
    public static let lifetime: Int64 = 600

    /// Wraps the control database.
    public init(db: Database) { self.db = db }

    /// Issues a fresh 256-bit state for (tenant, user, purpose); returns the raw value (only the hash is stored).
    public func issue(tenantID: Int64, userID: Int64, purpose: String, now: Int64 = Clock.nowSeconds()) throws -> String {
        let state = SecureRandom.token(byteCount: 32)
        try db.write { c in
            // Old rows are useless (expired or used): drop them here instead of in a separate job.
            try c.run("DELETE FROM oauth_states WHERE expires_at < ?", [now - 3600])
            try c.run("INSERT INTO oauth_states (state_hash, tenant_id, user_id, purpose, expires_at) VALUES (?, ?, ?, ?, ?)",
                      [SHA256.hex(Array(state.utf8)), tenantID, userID, purpose, now + Self.lifetime])
        }
        return state
    }

    /// Consumes a state: returns who started the flow, or why it is refused. A state works exactly once.
    public func consume(_ state: String?, purpose: String, now: Int64 = Clock.nowSeconds()) throws -> Result<(tenantID: Int64, userID: Int64), OAuthStateError> {
        guard let state, !state.isEmpty else { return .failure(.missing) }
        guard state.count <= 200 else { return .failure(.unknown) }
        let hash = SHA256.hex(Array(state.utf8))
        return try db.write { c in
            guard let row = try c.queryOne("SELECT tenant_id, user_id, purpose, expires_at, used_at FROM oauth_states WHERE state_hash = ?", [hash]),
                  try row.string("purpose") == purpose else { return .failure(.unknown) }
            if try row.optionalInt64("used_at") != nil { return .failure(.replayed) }
            // Burn it before judging expiry: an expired state must not become usable by any later clock change.
            try c.run("UPDATE oauth_states SET used_at = ? WHERE state_hash = ?", [now, hash])
            if try row.int64("expires_at") < now { return .failure(.expired) }
            return .success((try row.int64("tenant_id"), try row.int64("user_id")))
        }
    }
}

import FoundationEssentials
import ParleyCrypto
import ParleySQLite

/// A Facebook Page offered after Facebook Login (with its page token: never leaves the server).
public struct MetaPageCandidate: Codable, Sendable {
    /// Page id.
    public var id: String
    /// Page name.
    public var name: String
    /// The user's tasks on the page (MESSAGING, MODERATE…).
    public var tasks: [String]
    /// The page access token.
    public var accessToken: String
    /// Linked Instagram professional account id, if any.
    public var instagramID: String?
    /// Its username, if Meta told us.
    public var instagramUsername: String?
}

/// What the OAuth callback learned, sealed server-side until the user picks pages.
public struct MetaPicker: Codable, Sendable {
    /// The app-scoped Facebook user id (for deauthorize callbacks).
    public var metaUserID: String
    /// The long-lived user token.
    public var userToken: String
    /// When the user token expires (unix seconds), if known.
    public var userTokenExpiresAt: Int64?
    /// Permissions the user declined in the dialog.
    public var declinedScopes: [String]
    /// The pages.
    public var pages: [MetaPageCandidate]
}

/// Short-lived (15 min) picker records in control.sqlite: keyed by the SHA-256 of a random id, payload sealed with the
/// key ring and bound (AAD) to tenant, user and id, so a row copied elsewhere does not open.
public struct OAuthPickerStore: Sendable {
    let db: Database
    let keyRing: KeyRing
    /// Lifetime in seconds.
    public static let lifetime: Int64 = 900

    /// Wraps the control database and the key ring.
    public init(core: Core) {
        self.db = core.control
        self.keyRing = core.keyRing
    }

    /// Stores a picker; returns its random id (for the redirect URL).
    public func create(tenantID: Int64, userID: Int64, picker: MetaPicker, now: Int64 = Clock.nowSeconds()) throws -> String {
        let id = SecureRandom.token(byteCount: 18)
        let hash = SHA256.hex(Array(id.utf8))
        let json = String(decoding: try JSONEncoder().encode(picker), as: UTF8.self)
        let sealed = try keyRing.seal(json, aad: Self.aad(tenantID: tenantID, userID: userID, hash: hash))
        try db.write { c in
            try c.run("DELETE FROM oauth_pickers WHERE expires_at < ?", [now])
            try c.run("INSERT INTO oauth_pickers (id_hash, tenant_id, user_id, meta_user_id, payload_sealed, expires_at) VALUES (?, ?, ?, ?, ?, ?)",
                      [hash, tenantID, userID, picker.metaUserID, sealed, now + Self.lifetime])
        }
        return id
    }

    /// The picker if it exists, is unexpired and belongs to this tenant and user; otherwise nil (no existence leak).
    public func load(id: String, tenantID: Int64, userID: Int64, now: Int64 = Clock.nowSeconds()) throws -> MetaPicker? {
        guard !id.isEmpty, id.count <= 100 else { return nil }
        let hash = SHA256.hex(Array(id.utf8))
        let sealed = try db.read { c in
            try c.scalar("SELECT payload_sealed FROM oauth_pickers WHERE id_hash = ? AND tenant_id = ? AND user_id = ? AND expires_at >= ?",
                         [hash, tenantID, userID, now], as: String.self)
        }
        guard let sealed else { return nil }
        let json = try keyRing.openString(sealed, aad: Self.aad(tenantID: tenantID, userID: userID, hash: hash))
        return try JSONDecoder().decode(MetaPicker.self, from: Data(json.utf8))
    }

    /// Forgets every picker of a Facebook user (data deletion request).
    @discardableResult
    public func delete(metaUserID: String) throws -> Int {
        try db.write { c in try c.run("DELETE FROM oauth_pickers WHERE meta_user_id = ?", [metaUserID]) }
    }

    static func aad(tenantID: Int64, userID: Int64, hash: String) -> String { "picker:\(tenantID):\(userID):\(hash)" }
}

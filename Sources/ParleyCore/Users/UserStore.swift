import ParleyCrypto
import ParleySQLite

/// Users of one tenant.
public struct UserStore: Sendable {
    let db: Database

    /// Wraps a tenant database.
    public init(db: Database) { self.db = db }

    /// All users, by name.
    public func all() throws -> [User] {
        try db.read { c in try c.query("SELECT * FROM users ORDER BY name COLLATE NOCASE, id").map(Self.user) }
    }

    /// A user by id.
    public func user(id: Int64) throws -> User? {
        try db.read { c in try c.queryOne("SELECT * FROM users WHERE id = ?", [id]).map(Self.user) }
    }

    /// A user and their password hash by e-mail (login).
    public func credentials(email: String) throws -> (User, String)? {
        try db.read { c in
            try c.queryOne("SELECT * FROM users WHERE email = ?", [email.trimmingSpaces]).map { r in (try Self.user(r), try r.string("password_hash")) }
        }
    }

    /// Creates a user; validates e-mail, name and password strength (length ≥ 12, as NIST 800-63B suggests ≥ 8; we ask more).
    public func create(email: String, name: String, role: Role, password: String, extra: [Permission] = []) throws -> User {
        let email = email.trimmingSpaces.lowercased()
        var problems: [String: String] = [:]
        if !Self.isEmail(email) { problems["email"] = "Enter a valid e-mail address." }
        if name.trimmingSpaces.isEmpty { problems["name"] = "Enter a name." }
        if let p = Self.passwordProblem(password) { problems["password"] = p }
        guard problems.isEmpty else { throw CoreError.invalid(problems) }
        let hash = PasswordHasher.hash(password)
        do {
            return try db.write { c in
                try c.run("INSERT INTO users (email, name, role, permissions, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                          [email, name.trimmingSpaces, role.rawValue, extra.map(\.rawValue).joined(separator: ","), hash, Clock.iso()])
                return User(id: c.lastInsertRowID, email: email, name: name.trimmingSpaces, role: role, extraPermissions: extra, active: true)
            }
        } catch let e as SQLiteError where e.isUniqueViolation {
            throw CoreError.conflict("A user with the e-mail \(email) already exists.")
        }
    }

    /// Why a password is not acceptable, or nil.
    public static func passwordProblem(_ p: String) -> String? {
        if p.count < 12 { return "Use at least 12 characters." }
        if p.count > 256 { return "Use at most 256 characters." }
        return nil
    }

    static func isEmail(_ s: String) -> Bool {
        let parts = s.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !parts[1].hasPrefix(".") &&
            !parts[1].hasSuffix(".") && s.count <= 254 && !s.contains(" ")
    }

    static func user(_ r: Row) throws -> User {
        let extra = try r.string("permissions").split(separator: ",").compactMap { Permission(rawValue: String($0)) }
        return User(id: try r.int64("id"), email: try r.string("email"), name: try r.string("name"),
                    role: Role(rawValue: try r.string("role")) ?? .viewer, extraPermissions: extra, active: try r.bool("active"))
    }
}

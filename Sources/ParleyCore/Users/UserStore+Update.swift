import ParleyCrypto
import ParleySQLite

/// Changes to a user, each optional.
public struct UserChanges: Sendable {
    /// New name.
    public var name: String?
    /// New role.
    public var role: Role?
    /// New extra permissions.
    public var extraPermissions: [Permission]?
    /// Enable/disable.
    public var active: Bool?
    /// New password.
    public var password: String?
    /// No changes.
    public init() {}
}

extension UserStore {
    /// Applies changes; refuses to leave the tenant without an active admin. Returns the updated user.
    public func update(id: Int64, _ ch: UserChanges) throws -> User {
        var problems: [String: String] = [:]
        if let n = ch.name, n.trimmingSpaces.isEmpty { problems["name"] = "Enter a name." }
        if let p = ch.password, let why = Self.passwordProblem(p) { problems["password"] = why }
        guard problems.isEmpty else { throw CoreError.invalid(problems) }
        let hash = ch.password.map { PasswordHasher.hash($0) }
        return try db.write { c in
            guard let row = try c.queryOne("SELECT * FROM users WHERE id = ?", [id]) else { throw CoreError.notFound("User") }
            var u = try Self.user(row)
            if let n = ch.name { u.name = n.trimmingSpaces }
            if let r = ch.role { u.role = r }
            if let e = ch.extraPermissions { u.extraPermissions = e }
            if let a = ch.active { u.active = a }
            try c.run("UPDATE users SET name = ?, role = ?, permissions = ?, active = ? WHERE id = ?",
                      [u.name, u.role.rawValue, u.extraPermissions.map(\.rawValue).joined(separator: ","), u.active, id])
            if let hash {
                try c.run("UPDATE users SET password_hash = ?, password_changed_at = ? WHERE id = ?", [hash, Clock.iso(), id])
            }
            // A password change or a disable ends every session of that user (RELIABILITY.md row 20).
            if hash != nil || ch.active == false { try c.run("DELETE FROM sessions WHERE user_id = ?", [id]) }
            let admins = try c.scalar("SELECT count(*) FROM users WHERE role = 'admin' AND active = 1", as: Int64.self) ?? 0
            if admins == 0 { throw CoreError.conflict("A workspace needs at least one active admin.") }
            return u
        }
    }

    /// Deletes a user (sessions and tokens go with it); never the last active admin.
    public func delete(id: Int64) throws {
        try db.write { c in
            guard try c.run("DELETE FROM users WHERE id = ?", [id]) == 1 else { throw CoreError.notFound("User") }
            let admins = try c.scalar("SELECT count(*) FROM users WHERE role = 'admin' AND active = 1", as: Int64.self) ?? 0
            if admins == 0 { throw CoreError.conflict("A workspace needs at least one active admin.") }
        }
    }
}

import ParleySQLite

/// Tenants in control.sqlite.
public struct TenantStore: Sendable {
    let db: Database

    /// Wraps the control database.
    public init(db: Database) { self.db = db }

    /// All tenants, oldest first.
    public func all() throws -> [Tenant] {
        try db.read { c in try c.query("SELECT * FROM tenants ORDER BY id").map(Self.tenant) }
    }

    /// A tenant by id.
    public func tenant(id: Int64) throws -> Tenant? {
        try db.read { c in try c.queryOne("SELECT * FROM tenants WHERE id = ?", [id]).map(Self.tenant) }
    }

    /// A tenant by slug.
    public func tenant(slug: String) throws -> Tenant? {
        try db.read { c in try c.queryOne("SELECT * FROM tenants WHERE slug = ?", [slug.lowercased()]).map(Self.tenant) }
    }

    /// Creates a tenant; the slug must be valid and unused.
    public func create(slug: String, name: String, plan: String = "basic") throws -> Tenant {
        let slug = slug.lowercased()
        var problems: [String: String] = [:]
        if !Tenant.isValidSlug(slug) { problems["slug"] = "Use 2–40 lower-case letters, digits and dashes." }
        if name.trimmingSpaces.isEmpty { problems["name"] = "Give the business a name." }
        if !["basic", "pro", "enterprise"].contains(plan) { problems["plan"] = "Plan is basic, pro or enterprise." }
        guard problems.isEmpty else { throw CoreError.invalid(problems) }
        do {
            return try db.write { c in
                try c.run("INSERT INTO tenants (slug, name, plan, created_at) VALUES (?, ?, ?, ?)", [slug, name.trimmingSpaces, plan, Clock.iso()])
                return Tenant(id: c.lastInsertRowID, slug: slug, name: name.trimmingSpaces, plan: plan, status: "active", createdAt: Clock.iso())
            }
        } catch let e as SQLiteError where e.isUniqueViolation {
            throw CoreError.conflict("A tenant with the slug \(slug) already exists.")
        }
    }

    /// Sets active/disabled.
    public func setStatus(id: Int64, _ status: String) throws {
        let n = try db.write { c in try c.run("UPDATE tenants SET status = ? WHERE id = ?", [status, id]) }
        if n == 0 { throw CoreError.notFound("Tenant") }
    }

    /// Removes the tenant row (the registry deletes its files).
    public func delete(id: Int64) throws {
        _ = try db.write { c in try c.run("DELETE FROM tenants WHERE id = ?", [id]) }
    }

    static func tenant(_ r: Row) throws -> Tenant {
        Tenant(id: try r.int64("id"), slug: try r.string("slug"), name: try r.string("name"), plan: try r.string("plan"),
               status: try r.string("status"), createdAt: try r.string("created_at"))
    }
}

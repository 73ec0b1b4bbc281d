/// Sample data for `parley demo`.
public enum DemoSeed {
    /// Adds demo staff and settings to a fresh demo tenant.
    public static func seed(_ core: Core, tenant: Tenant) throws {
        let users = UserStore(db: try core.tenants.database(tenant.id))
        _ = try users.create(email: "agent@demo.parley", name: "Alex Agent", role: .agent, password: "parley-demo-2026")
    }
}

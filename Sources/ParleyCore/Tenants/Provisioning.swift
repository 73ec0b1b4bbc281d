import ParleyCrypto

/// Creates a ready-to-use tenant: its row, its migrated database and its first admin.
public enum Provisioning {
    /// What `createTenant` made; `generatedPassword` is set when none was given (show it once).
    public struct Result: Sendable {
        /// The tenant.
        public let tenant: Tenant
        /// Its first admin.
        public let admin: User
        /// The password made up for the admin, if any.
        public let generatedPassword: String?
    }

    /// Creates tenant + database + admin. If the admin cannot be created the tenant is removed again (no half-made tenant).
    public static func createTenant(_ core: Core, slug: String, name: String, plan: String = "basic",
                                    adminEmail: String, adminName: String = "Admin", adminPassword: String?) throws -> Result {
        let password = adminPassword ?? SecureRandom.token(byteCount: 12)
        if let p = UserStore.passwordProblem(password) { throw CoreError.invalid(["admin_password": p]) }
        let tenant = try core.tenantStore.create(slug: slug, name: name, plan: plan)
        do {
            let db = try core.tenants.database(tenant.id)
            let admin = try UserStore(db: db).create(email: adminEmail, name: adminName, role: .admin, password: password)
            try AssetFolderStore(db: db).seedDefaults()
            return Result(tenant: tenant, admin: admin, generatedPassword: adminPassword == nil ? password : nil)
        } catch {
            core.tenants.close(tenant.id)
            try? core.tenantStore.delete(id: tenant.id)
            for suffix in ["", "-wal", "-shm"] { _ = unlinkFile(core.data.tenantDB(tenant.id) + suffix) }
            throw error
        }
    }
}

#if canImport(Glibc)
import Glibc
#endif
@discardableResult
func unlinkFile(_ path: String) -> Bool { unlink(path) == 0 }

import FoundationEssentials
import ParleySQLite
#if canImport(Glibc)
import Glibc
#endif

extension Restore {
    /// What a single-tenant restore will do (shown to the operator before asking for confirmation).
    public struct TenantPlan: Sendable {
        /// The tenant as recorded in the archive.
        public let tenant: BackupManifest.TenantInfo
        /// Its id in the target data folder (the existing one, else the archive's id when free, else a new one).
        public let targetID: Int64
        /// True when a tenant with that slug exists and will be replaced.
        public let replacesExisting: Bool
    }

    /// Plans restoring tenant `slug` (or the archive's only tenant when nil) from `manifest` into `root`.
    /// Refuses while a server holds the data folder lock.
    public static func planTenant(_ manifest: BackupManifest, slug: String?, into root: String) throws -> TenantPlan {
        let lock = try DataDirLock.acquire(root: root)
        defer { lock.release() }
        return try plan(manifest, slug: slug, root: root)
    }

    /// Restores one tenant: its database replaces tenants/<id>.sqlite, its files replace files/<id>/, and its
    /// control row (name, plan, status) and webhook routes are written. The data folder lock is held meanwhile.
    @discardableResult
    public static func restoreTenant(_ archive: String, slug: String?, into root: String,
                                     progress: any OpsProgress = SilentProgress()) throws -> TenantPlan {
        let lock = try DataDirLock.acquire(root: root)
        defer { lock.release() }
        let plan = try plan(try readManifest(archive), slug: slug, root: root)
        let data = try DataDirectory(root)
        let staging = try FileIO.makeTempDirectory(in: data.tmpDir, prefix: "restore-")
        defer { FileIO.removeTree(staging) }
        let source = plan.tenant.id
        let dbPath = "tenants/\(source).sqlite"
        let manifest = try extract(archive, into: staging, durable: true, progress: progress) {
            $0 == dbPath || $0.hasPrefix("files/\(source)/")
        }
        guard manifest.files.contains(where: { $0.path == dbPath }) else {
            throw OpsError(.refused, "\(archive) has no database for tenant \(plan.tenant.slug)")
        }
        try checkDatabases([dbPath], in: staging, progress: progress)

        progress.step("replacing tenant \(plan.tenant.slug) (id \(plan.targetID)) in \(root)")
        let target = data.tenantDB(plan.targetID)
        // A stale WAL left by a crash would be replayed onto the new file: remove it before the rename.
        for suffix in ["-wal", "-shm"] { unlink(target + suffix) }
        try FileIO.rename("\(staging)/\(dbPath)", target)
        let oldFiles = "\(staging)/old-files"
        if FileIO.exists(data.tenantFiles(plan.targetID)) { try FileIO.rename(data.tenantFiles(plan.targetID), oldFiles) }
        if FileIO.kind("\(staging)/files/\(source)") == .directory {
            try FileIO.rename("\(staging)/files/\(source)", data.tenantFiles(plan.targetID))
        }
        try writeControlRow(plan, data: data)
        try FileIO.matchOwner(of: root)
        progress.finish()
        return plan
    }

    private static func plan(_ manifest: BackupManifest, slug: String?, root: String) throws -> TenantPlan {
        let wanted = slug?.lowercased()
        guard let tenant = wanted.map({ s in manifest.tenants.first { $0.slug == s } })
                ?? (manifest.tenants.count == 1 ? manifest.tenants.first : nil) else {
            let slugs = manifest.tenants.map(\.slug).joined(separator: ", ")
            throw OpsError(.refused, wanted.map { "the archive has no tenant \($0) (it has: \(slugs))" }
                           ?? "the archive holds several tenants (\(slugs)); name one with --tenant")
        }
        let control = "\(root)/control.sqlite"
        guard FileIO.exists(control) else { return TenantPlan(tenant: tenant, targetID: tenant.id, replacesExisting: false) }
        let conn = try DatabaseCopy.open(control)
        defer { conn.close() }
        if let id = try conn.scalar("SELECT id FROM tenants WHERE slug = ?", [tenant.slug], as: Int64.self) {
            return TenantPlan(tenant: tenant, targetID: id, replacesExisting: true)
        }
        let taken = try conn.scalar("SELECT 1 FROM tenants WHERE id = ?", [tenant.id]) != nil
            || FileIO.exists("\(root)/tenants/\(tenant.id).sqlite")
        var id = tenant.id
        if taken {
            id = (try conn.scalar("SELECT max(id) FROM tenants", as: Int64.self) ?? 0) + 1
            while FileIO.exists("\(root)/tenants/\(id).sqlite") { id += 1 }
        }
        return TenantPlan(tenant: tenant, targetID: id, replacesExisting: false)
    }

    private static func writeControlRow(_ plan: TenantPlan, data: DataDirectory) throws {
        let db = try Database.open(path: data.controlDB,
                                   migrator: MigrationSnapshots.migrator(ControlSchema.migrator, data: data, label: "control"))
        defer { db.close() }
        let t = plan.tenant
        try db.write { c in
            try c.run("""
                INSERT INTO tenants (id, slug, name, plan, status, created_at) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET name = excluded.name, plan = excluded.plan, status = excluded.status
                """, [plan.targetID, t.slug, t.name, t.plan, t.status, t.createdAt])
            try c.run("DELETE FROM routes WHERE tenant_id = ?", [plan.targetID])
            // A route another tenant owns here stays with it; webhooks must not silently move between tenants.
            for r in t.routes {
                try c.run("INSERT OR IGNORE INTO routes (provider, external_id, tenant_id, channel_id) VALUES (?, ?, ?, ?)",
                          [r.provider, r.externalID, plan.targetID, r.channelID])
            }
        }
    }
}

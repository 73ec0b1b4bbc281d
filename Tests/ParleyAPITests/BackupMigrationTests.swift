import Foundation
import ParleyCore
import ParleySQLite
import ParleyTestSupport
import Testing

@Suite("Backup before migrations") struct BackupMigrationTests {
    /// (label, path in the data folder, the shipped migrator) for each database kind.
    static func kinds(_ f: BackupFixture, tenant: Int64) -> [(String, String, Migrator)] {
        [("control", f.core.data.controlDB, ControlSchema.migrator),
         ("ingest", f.core.data.ingestDB, IngestSchema.migrator),
         ("tenant-\(tenant)", f.core.data.tenantDB(tenant), TenantSchema.migrator)]
    }

    @Test func failingMigrationLeavesUsableFileAndSnapshot() throws {
        let f = try BackupFixture("parley-migrate")
        defer { f.dir.remove() }
        let t = try f.tenant("acme")
        try f.seedAudit(t.id, count: 25)
        f.core.close()
        let snapshots = MigrationSnapshots.directory(f.core.data)
        // Creating fresh databases must not have produced snapshots.
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: snapshots)) ?? []).isEmpty)

        for (label, path, shipped) in Self.kinds(f, tenant: t.id) {
            let old = shipped.knownVersion
            let before = try dumpTable(path, "parley_migrations")
            let upgraded = Migrator(kind: shipped.kind, migrations: shipped.migrations + [
                Migration(id: old + 1, name: "add a column", sql: "CREATE TABLE upgrade_probe (id INTEGER PRIMARY KEY)"),
                Migration(id: old + 2, name: "broken step", sql: "CREATE TABLE broken ("),
            ])
            let error = #expect(throws: SQLiteError.self) {
                _ = try Database.open(path: path, migrator: MigrationSnapshots.migrator(upgraded, data: f.core.data, label: label))
            }
            #expect(error?.kind == .migrationFailed(id: old + 2, name: "broken step"), "\(label)")
            #expect(error?.description.contains("migration \(old + 2) \"broken step\" failed") == true)

            let snapshot = "\(snapshots)/\(label)-v\(old).sqlite"
            #expect(FileManager.default.fileExists(atPath: snapshot), "\(label)")
            #expect(try dumpTable(snapshot, "parley_migrations") == before)
            #expect(try Connection(path: snapshot).integrityCheck() == [])

            // The file itself: the good step stayed, the broken one was rolled back, and it still opens and checks.
            let keep = Migrator(kind: shipped.kind, migrations: Array(upgraded.migrations.dropLast()))
            let db = try Database.open(path: path, migrator: keep)
            #expect(try db.read { c in try c.integrityCheck() } == [])
            #expect(try db.read { c in try c.scalar("PRAGMA user_version", as: Int.self) } == old + 1)
            #expect(try db.read { c in try c.scalar("SELECT count(*) FROM sqlite_schema WHERE name = 'broken'", as: Int.self) } == 0)
            db.close()
        }
        let rows = try Connection(path: f.core.data.tenantDB(t.id)).scalar("SELECT count(*) FROM audit_log", as: Int64.self) ?? 0
        #expect(rows >= 25)
    }

    @Test func noSnapshotWhenNothingIsPending() throws {
        let f = try BackupFixture("parley-migrate-idle")
        defer { f.dir.remove() }
        _ = try f.tenant("acme")
        f.core.close()
        var config = Config()
        config.dataDir = f.root
        let again = try Core(config: config)
        _ = try again.tenants.database(1)
        again.close()
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: MigrationSnapshots.directory(f.core.data))) ?? []).isEmpty)
    }
}

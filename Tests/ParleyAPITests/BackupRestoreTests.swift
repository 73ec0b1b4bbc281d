import Foundation
import ParleyCore
import ParleySQLite
import ParleyTestSupport
import Testing

@Suite("Backup restore") struct BackupRestoreTests {
    @Test func tenantRoundTripIntoSecondDataFolder() throws {
        let a = try BackupFixture("parley-restore-a")
        defer { a.dir.remove() }
        let t = try a.tenant("acme")
        let db = try a.core.tenants.database(t.id)
        _ = try UserStore(db: db).create(email: "agent@acme.test", name: "Agent", role: .agent, password: "another long password")
        _ = try SessionStore(db: db, idleMinutes: 60, maxHours: 24).create(tenantID: t.id, userID: 1, ip: "10.0.0.1", userAgent: "test")
        try AuditLog(db: db).record(actorUserID: 1, actor: "admin@acme.test", ip: "10.0.0.1", action: "user.create", target: "user:2", result: "ok")
        try a.seedAudit(t.id, count: 50)
        try DataDirectory.makeDirectory("\(a.core.data.tenantFiles(t.id))/x")
        try Data("logo".utf8).write(to: URL(fileURLWithPath: "\(a.core.data.tenantFiles(t.id))/x/logo.png"))
        try a.core.control.write { c in
            try c.run("INSERT INTO routes (provider, external_id, tenant_id, channel_id) VALUES ('facebook', 'page-1', ?, 7)", [t.id])
        }
        let archive = try Backup.create(data: a.core.data, BackupRequest(outDir: "\(a.dir.path)/out", tenantSlug: "acme", parleyVersion: "test")).archive
        a.core.close()

        // The second folder already has a tenant with id 1, so acme must land on a new id.
        let b = try BackupFixture("parley-restore-b")
        defer { b.dir.remove() }
        _ = try b.tenant("other")
        b.core.close()
        let plan = try Restore.planTenant(Restore.readManifest(archive), slug: nil, into: b.root)
        #expect(plan.replacesExisting == false)
        #expect(plan.targetID == 2)
        try Restore.restoreTenant(archive, slug: "acme", into: b.root)

        let source = a.core.data.tenantDB(t.id)
        let target = "\(b.root)/tenants/2.sqlite"
        for table in ["users", "sessions", "audit_log"] {
            let rows = try dumpTable(source, table)
            #expect(!rows.isEmpty)
            #expect(try dumpTable(target, table) == rows, "table \(table)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: "\(b.root)/files/2/x/logo.png")) == Data("logo".utf8))

        var config = Config()
        config.dataDir = b.root
        let reopened = try Core(config: config)
        defer { reopened.close() }
        let restored = try #require(try reopened.tenantStore.tenant(slug: "acme"))
        #expect(restored.id == 2)
        let route = try reopened.control.read { c in try c.queryOne("SELECT tenant_id, channel_id FROM routes WHERE external_id = 'page-1'") }
        #expect(try route?.int64("tenant_id") == 2)
        #expect(try route?.int64("channel_id") == 7)
        #expect(try UserStore(db: reopened.tenants.database(2)).all().count == 2)
    }

    @Test func replacingATenantDropsLaterChangesAndRefusesWhileLocked() throws {
        let f = try BackupFixture("parley-restore-replace")
        defer { f.dir.remove() }
        let t = try f.tenant("acme")
        let archive = try Backup.create(data: f.core.data, BackupRequest(outDir: "\(f.dir.path)/out", tenantSlug: "acme", parleyVersion: "test")).archive
        try f.seedAudit(t.id, count: 10)  // written after the backup
        f.core.close()

        let lock = try DataDirLock.acquire(root: f.root)
        let error = #expect(throws: OpsError.self) { try Restore.restoreTenant(archive, slug: "acme", into: f.root) }
        #expect(error?.kind == .locked)
        #expect(DataDirLock.isHeld(root: f.root))
        lock.release()
        #expect(!DataDirLock.isHeld(root: f.root))

        let plan = try Restore.restoreTenant(archive, slug: "acme", into: f.root)
        #expect(plan.replacesExisting)
        #expect(plan.targetID == t.id)
        let seeded = try Connection(path: f.core.data.tenantDB(t.id)).scalar("SELECT count(*) FROM audit_log WHERE action = 'seed.row'", as: Int64.self)
        #expect(seeded == 0)
        #expect(!FileManager.default.fileExists(atPath: f.core.data.tenantDB(t.id) + "-wal"))
    }

    @Test func fullRestoreNeedsAnEmptyFolderAndAFullArchive() throws {
        let f = try BackupFixture("parley-restore-full")
        defer { f.core.close(); f.dir.remove() }
        _ = try f.tenant("acme")
        let full = try Backup.create(data: f.core.data, BackupRequest(outDir: "\(f.dir.path)/out", parleyVersion: "test")).archive
        let one = try Backup.create(data: f.core.data, BackupRequest(outDir: "\(f.dir.path)/out1", tenantSlug: "acme", parleyVersion: "test")).archive

        let busy = #expect(throws: OpsError.self) { try Restore.restoreAll(full, into: f.root) }
        #expect(busy?.kind == .refused)
        #expect(busy?.message.contains("not empty") == true)
        let partial = #expect(throws: OpsError.self) { try Restore.restoreAll(one, into: "\(f.dir.path)/empty1") }
        #expect(partial?.message.contains("--tenant") == true)

        // keys/ may already be there: the operator puts the master key back first.
        let target = "\(f.dir.path)/fresh"
        try DataDirectory.makeDirectory("\(target)/keys")
        try FileManager.default.copyItem(atPath: "\(f.root)/keys/master.key", toPath: "\(target)/keys/master.key")
        let m = try Restore.restoreAll(full, into: target)
        #expect(m.tenants.map(\.slug) == ["acme"])
        var config = Config()
        config.dataDir = target
        let core = try Core(config: config)
        defer { core.close() }
        #expect(try core.tenantStore.tenant(slug: "acme") != nil)
        #expect(core.isReady())
    }
}

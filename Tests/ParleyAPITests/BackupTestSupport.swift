import Foundation
import ParleyCore
import ParleySQLite
import ParleyTestSupport

/// A data folder with a Core open on it, for backup and restore tests.
struct BackupFixture {
    let dir: TempDirectory
    let core: Core

    var root: String { "\(dir.path)/data" }

    init(_ name: String = "parley-backup") throws {
        dir = TempDirectory(name)
        var config = Config()
        config.dataDir = "\(dir.path)/data"
        core = try Core(config: config)
    }

    /// Creates a tenant with its admin.
    func tenant(_ slug: String) throws -> Tenant {
        try Provisioning.createTenant(core, slug: slug, name: slug.capitalized, adminEmail: "admin@\(slug).test",
                                      adminPassword: "correct horse battery").tenant
    }

    /// Inserts `count` audit rows in one transaction (fast seeding).
    func seedAudit(_ tenantID: Int64, count: Int) throws {
        try core.tenants.database(tenantID).write { c in
            for i in 0..<count {
                try c.run("INSERT INTO audit_log (at, actor_user_id, actor, ip, action, target, result, details, request_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                          ["2026-01-01T00:00:00Z", 1, "admin@example.test", "127.0.0.1", "seed.row", "row:\(i)", "ok",
                           "seeded row \(i) with a little text to make it realistic", "req-\(i)"])
            }
        }
    }
}

/// Every row of `table` ordered by rowid, as text (for comparing two copies of a database).
func dumpTable(_ path: String, _ table: String) throws -> [String] {
    let conn = try Connection(path: path)
    defer { conn.close() }
    return try conn.query("SELECT * FROM \(table) ORDER BY rowid").map { "\($0.values)" }
}

/// The single archive in a folder.
func onlyArchive(in dir: String) throws -> String {
    let names = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".tar") }
    guard names.count == 1 else { throw OpsError(.refused, "expected one archive in \(dir), found \(names)") }
    return "\(dir)/\(names[0])"
}

/// Flips one byte of a copy of `archive` and returns the copy's path.
func flippedCopy(of archive: String, at offset: Int, in dir: String) throws -> String {
    var bytes = try Data(contentsOf: URL(fileURLWithPath: archive))
    bytes[offset] ^= 0x20
    let path = "\(dir)/flipped-\(offset).tar"
    try bytes.write(to: URL(fileURLWithPath: path))
    return path
}

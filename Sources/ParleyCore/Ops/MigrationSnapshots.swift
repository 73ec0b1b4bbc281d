import ParleySQLite
#if canImport(Glibc)
import Glibc
#endif

/// Upgrade safety: before pending migrations touch a database that already holds data, copy it to
/// `<data>/backups/pre-migrate/<label>-v<old version>.sqlite` with the backup API, so a bad upgrade can be undone
/// by putting the old binary and that file back.
public enum MigrationSnapshots {
    /// The folder holding the snapshots.
    public static func directory(_ data: DataDirectory) -> String { "\(data.backupsDir)/pre-migrate" }

    /// A copy of `base` (same kind and migrations) whose `beforeApplying` hook takes the snapshot first.
    /// `label` names the file: "control", "ingest", "tenant-<id>".
    public static func migrator(_ base: Migrator, data: DataDirectory, label: String) -> Migrator {
        let dir = directory(data)
        let previous = base.beforeApplying
        return Migrator(kind: base.kind, migrations: base.migrations) { conn, pending in
            try previous?(conn, pending)
            // A brand-new file has only the bookkeeping table: nothing worth keeping.
            let tables = try conn.scalar("""
                SELECT count(*) FROM sqlite_schema
                WHERE type = 'table' AND name <> 'parley_migrations' AND name NOT LIKE 'sqlite_%'
                """, as: Int64.self) ?? 0
            guard tables > 0 else { return }
            let version = try conn.scalar("PRAGMA user_version", as: Int.self) ?? 0
            try DataDirectory.makeDirectory(dir)
            let dest = "\(dir)/\(label)-v\(version).sqlite"
            try conn.backup(to: dest)
            note("parley: \(base.kind) database \(conn.path) is at schema \(version); saved a copy to \(dest) "
                 + "before applying migration(s) \(pending.map { "\($0.id) \"\($0.name)\"" }.joined(separator: ", "))")
        }
    }

    private static func note(_ line: String) {
        let bytes = Array((line + "\n").utf8)
        _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    }
}

import ParleySQLite

/// Consistent copies of live database files and their checks.
enum DatabaseCopy {
    /// Copies `source` to `dest` with the online backup API (one step, temp + fsync + rename) and requires
    /// `integrity_check` = ok on the copy. The source is opened read-only, so a running server keeps writing.
    static func snapshot(_ source: String, to dest: String) throws {
        guard FileIO.kind(source) == .file else { throw OpsError(.refused, "\(source) does not exist") }
        let conn = try open(source)
        defer { conn.close() }
        try conn.backup(to: dest)
        try check(dest, label: FileIO.baseName(source))
    }

    /// Opens read-write although ops code only reads: a read-only connection cannot remove the -wal/-shm files it
    /// creates, which would leave them behind (owned by whoever ran the command) next to a stopped server's files.
    static func open(_ path: String) throws -> Connection {
        try Connection(path: path)
    }

    /// Fails loudly unless `PRAGMA integrity_check` says ok.
    static func check(_ path: String, label: String) throws {
        let problems: [String]
        do {
            let conn = try open(path)
            defer { conn.close() }
            problems = try conn.integrityCheck()
        } catch {
            throw OpsError(.integrity, "\(label): cannot check the database copy: \(error)")
        }
        guard problems.isEmpty else {
            throw OpsError(.integrity, "\(label): integrity_check failed: " + problems.prefix(5).joined(separator: "; "))
        }
    }
}

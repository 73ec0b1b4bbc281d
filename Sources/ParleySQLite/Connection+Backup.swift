internal import CSQLite
import Glibc

extension Connection {
    /// Runs PRAGMA integrity_check; returns the problems found, or [] when the file is "ok".
    public func integrityCheck() throws -> [String] {
        let lines = try query("PRAGMA integrity_check").compactMap { try $0.decodeIfPresent("integrity_check", as: String.self) }
        return lines == ["ok"] ? [] : lines
    }

    /// Writes a consistent snapshot of this database to `path` with the online backup API.
    ///
    /// Copies in one step (`step(-1)`): a stepped backup restarts whenever another connection writes and may
    /// never finish (sqlite.org backup.html). The copy goes to a temp file that is fsynced and then renamed,
    /// so `path` is either the old file or a complete new one, never half-written.
    public func backup(to path: String) throws {
        let source = try openHandle()
        let temp = FileSync.tempName(for: path)
        do {
            try copy(from: source, toFile: temp)
            try FileSync.fsyncFile(temp)
            try FileSync.rename(temp, to: path)
        } catch {
            unlink(temp)
            throw error
        }
    }

    private func copy(from source: OpaquePointer, toFile temp: String) throws {
        var dest: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let rc = sqlite3_open_v2(temp, &dest, flags, nil)
        defer { sqlite3_close_v2(dest) }
        guard rc == SQLITE_OK, let dest else { throw SQLiteError(db: dest, code: rc, sql: "backup to \(temp)") }
        guard let backup = sqlite3_backup_init(dest, "main", source, "main") else {
            throw SQLiteError(db: dest, code: sqlite3_errcode(dest), sql: "backup to \(temp)")
        }
        let stepCode = sqlite3_backup_step(backup, -1)
        let finishCode = sqlite3_backup_finish(backup)  // also releases the source read lock
        guard stepCode == SQLITE_DONE else { throw SQLiteError(db: dest, code: stepCode, sql: "backup to \(temp)") }
        guard finishCode == SQLITE_OK else { throw SQLiteError(db: dest, code: finishCode, sql: "backup to \(temp)") }
    }

    /// Writes a compacted snapshot to `path` with VACUUM INTO, via temp file + fsync + rename
    /// (SQLite does not fsync VACUUM INTO output itself, lang_vacuum.html).
    public func vacuumInto(path: String) throws {
        let temp = FileSync.tempName(for: path)
        do {
            try run("VACUUM INTO ?", [temp])
            try FileSync.fsyncFile(temp)
            try FileSync.rename(temp, to: path)
        } catch {
            unlink(temp)
            throw error
        }
    }
}

/// fsync/rename helpers so snapshot files survive a crash right after they are reported done.
enum FileSync {
    static func tempName(for path: String) -> String {
        "\(path).tmp-\(String(UInt64.random(in: 0...UInt64.max), radix: 16))"
    }

    static func fsyncFile(_ path: String) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ioError("open \(path)") }
        defer { Glibc.close(fd) }
        guard fsync(fd) == 0 else { throw ioError("fsync \(path)") }
    }

    /// Atomically replaces `to` and fsyncs the directory so the new name itself is durable.
    static func rename(_ from: String, to: String) throws {
        guard Glibc.rename(from, to) == 0 else { throw ioError("rename \(from) -> \(to)") }
        let dir = directory(of: to)
        let fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw ioError("open \(dir)") }
        defer { Glibc.close(fd) }
        guard fsync(fd) == 0 else { throw ioError("fsync \(dir)") }
    }

    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    private static func ioError(_ what: String) -> SQLiteError {
        let code = errno
        return SQLiteError(kind: .sqlite, extendedCode: 10, message: "\(what): \(String(cString: strerror(code)))")
    }
}

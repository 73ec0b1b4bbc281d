import FoundationEssentials
import ParleyCrypto
import ParleySQLite
#if canImport(Glibc)
import Glibc
#endif

/// Checks and restores backup archives. Nothing is moved into a data folder before every checksum and every
/// database's integrity_check has passed in a staging folder on the same file system.
public enum Restore {
    /// Reads only the manifest (checked against manifest.sha256).
    public static func readManifest(_ archive: String) throws -> BackupManifest {
        let fd = try FileIO.openRead(archive)
        defer { close(fd) }
        var tar = TarReader(fd: fd, path: archive)
        return try readManifest(&tar, archive: archive)
    }

    /// Verifies the whole archive: every member against the manifest, every database with integrity_check
    /// (extracted into a temp folder under `tempParent`, removed afterwards). Returns the manifest.
    @discardableResult
    public static func verify(_ archive: String, tempParent: String = defaultTemp, progress: any OpsProgress = SilentProgress()) throws -> BackupManifest {
        let staging = try FileIO.makeTempDirectory(in: tempParent, prefix: ".parley-verify-")
        defer { FileIO.removeTree(staging) }
        // Files are only hashed; databases are written out so SQLite can check them.
        let manifest = try extract(archive, into: staging, durable: false, progress: progress) { $0.hasSuffix(".sqlite") }
        try checkDatabases(manifest.files.map(\.path).filter { $0.hasSuffix(".sqlite") }, in: staging, progress: progress)
        progress.finish()
        return manifest
    }

    /// Restores a full archive into `root`, which must hold no files yet (empty folders, keys/ and parley.lock
    /// are allowed, so the master key can be put back first). Holds the data folder lock meanwhile.
    @discardableResult
    public static func restoreAll(_ archive: String, into root: String, progress: any OpsProgress = SilentProgress()) throws -> BackupManifest {
        let lock = try DataDirLock.acquire(root: root)
        defer { lock.release() }
        let present = try FileIO.walkFiles(root).filter { $0 != "parley.lock" && !$0.hasPrefix("keys/") }
        guard present.isEmpty else {
            throw OpsError(.refused, "\(root) is not empty (\(present.prefix(3).joined(separator: ", "))…); "
                           + "restore into an empty folder, or use --tenant to replace one tenant")
        }
        let head = try readManifest(archive)
        guard head.scope == "full" else {
            throw OpsError(.refused, "\(archive) holds only tenant \(head.tenants.first?.slug ?? "?"); restore it with --tenant")
        }
        let data = try DataDirectory(root)
        let staging = try FileIO.makeTempDirectory(in: data.tmpDir, prefix: "restore-")
        defer { FileIO.removeTree(staging) }
        let manifest = try extract(archive, into: staging, durable: true, progress: progress) { _ in true }
        try checkDatabases(manifest.files.map(\.path).filter { $0.hasSuffix(".sqlite") }, in: staging, progress: progress)
        progress.step("moving files into \(root)")
        for name in ["control.sqlite", "ingest.sqlite"] { try FileIO.rename("\(staging)/\(name)", "\(root)/\(name)") }
        for name in try FileIO.list("\(staging)/tenants") where name.hasSuffix(".sqlite") { try FileIO.rename("\(staging)/tenants/\(name)", "\(data.tenantsDir)/\(name)") }
        if FileIO.kind("\(staging)/files") == .directory {
            for name in try FileIO.list("\(staging)/files") { try FileIO.rename("\(staging)/files/\(name)", "\(data.filesDir)/\(name)") }
        }
        try FileIO.matchOwner(of: root)
        progress.finish()
        return manifest
    }

    /// TMPDIR or /tmp.
    public static var defaultTemp: String {
        getenv("TMPDIR").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
    }

    static func readManifest(_ tar: inout TarReader, archive: String) throws -> BackupManifest {
        guard let first = try tar.next(), first.name == "manifest.json" else {
            throw OpsError(.damaged, "\(archive) is not a Parley backup (manifest.json is not its first member)")
        }
        let bytes = try tar.readAll(limit: 64 << 20)
        guard let second = try tar.next(), second.name == "manifest.sha256" else {
            throw OpsError(.damaged, "\(archive) is damaged: manifest.sha256 is missing")
        }
        let stored = String(decoding: try tar.readAll(limit: 1024), as: UTF8.self).filter { !$0.isWhitespace }
        guard stored == SHA256.hex(bytes) else {
            throw OpsError(.damaged, "\(archive) is damaged: manifest.json does not match manifest.sha256")
        }
        let manifest = try BackupManifest.decode(bytes, archive: archive)
        var seen = Set<String>()
        for f in manifest.files {
            guard BackupManifest.isAllowed(f.path), seen.insert(f.path).inserted else {
                throw OpsError(.damaged, "\(archive) lists a path a backup never holds: \(f.path)")
            }
        }
        return manifest
    }

    /// Streams the archive: each member must be the next manifest file with its size and SHA-256.
    /// Members for which `select` is true are written below `staging` (fsynced when `durable`).
    static func extract(_ archive: String, into staging: String, durable: Bool, progress: any OpsProgress,
                        select: (String) -> Bool) throws -> BackupManifest {
        let fd = try FileIO.openRead(archive)
        defer { close(fd) }
        var tar = TarReader(fd: fd, path: archive)
        let manifest = try readManifest(&tar, archive: archive)
        progress.step("checking \(manifest.files.count) files from \(FileIO.baseName(archive)) (\(manifest.createdAt))")
        let total = manifest.files.reduce(0) { $0 + $1.size }
        var done: Int64 = 0
        var index = 0
        var buffer = [UInt8](repeating: 0, count: FileIO.chunkSize)
        let hasher = SHA256.Hasher()
        while let entry = try tar.next() {
            if entry.isDirectory { continue }
            guard index < manifest.files.count, manifest.files[index].path == entry.name, manifest.files[index].size == entry.size else {
                throw OpsError(.damaged, "\(archive) is damaged: unexpected member \(entry.name) (\(entry.size) bytes)")
            }
            let info = manifest.files[index]
            var out: Int32 = -1
            let target = "\(staging)/\(info.path)"
            if select(info.path) {
                try FileIO.makeParents(of: target)
                out = try FileIO.createNew(target)
            }
            defer { if out >= 0 { close(out) } }
            while true {
                let n = try buffer.withUnsafeMutableBytes { try tar.read($0) }
                if n == 0 { break }
                try buffer.withUnsafeBytes { chunk in
                    let part = UnsafeRawBufferPointer(rebasing: chunk[..<n])
                    hasher.update(part)
                    if out >= 0 { try FileIO.writeAll(out, part, path: target) }
                }
                done += Int64(n)
                progress.bytes(done: done, total: total, current: info.path)
            }
            guard Hex.encode(hasher.finalize()) == info.sha256 else {
                throw OpsError(.damaged, "\(archive) is damaged: \(info.path) does not match its SHA-256 checksum in the manifest")
            }
            if out >= 0 && durable { try FileIO.fsync(out, path: target) }
            index += 1
        }
        guard index == manifest.files.count else {
            throw OpsError(.damaged, "\(archive) is damaged: \(manifest.files[index].path) is missing")
        }
        progress.finish()
        return manifest
    }

    /// integrity_check on each database, and a schema version this build can open.
    static func checkDatabases(_ paths: [String], in staging: String, progress: any OpsProgress) throws {
        for path in paths {
            progress.step("integrity_check \(path)")
            try DatabaseCopy.check("\(staging)/\(path)", label: path)
            let known = path == "control.sqlite" ? ControlSchema.migrator.knownVersion
                : path == "ingest.sqlite" ? IngestSchema.migrator.knownVersion : TenantSchema.migrator.knownVersion
            let conn = try DatabaseCopy.open("\(staging)/\(path)")
            defer { conn.close() }
            let version = try conn.scalar("PRAGMA user_version", as: Int.self) ?? 0
            guard version <= known else {
                throw OpsError(.refused, "\(path) has schema \(version) but this Parley knows \(known); restore with a newer Parley")
            }
        }
    }
}

import FoundationEssentials
import ParleyCrypto
import ParleySQLite
#if canImport(Glibc)
import Glibc
#endif

/// What `Backup.create` should archive and where.
public struct BackupRequest: Sendable {
    /// Folder that receives the archive (created 0700 if missing).
    public var outDir: String
    /// Only this tenant (its database and files; no control or ingest database).
    public var tenantSlug: String?
    /// Recorded in the manifest.
    public var parleyVersion: String
    /// The time in the archive name and manifest.
    public var now: Date

    /// Creates a request.
    public init(outDir: String, tenantSlug: String? = nil, parleyVersion: String, now: Date = Date()) {
        self.outDir = outDir
        self.tenantSlug = tenantSlug
        self.parleyVersion = parleyVersion
        self.now = now
    }
}

/// What a backup produced.
public struct BackupResult: Sendable {
    /// Path of the archive.
    public let archive: String
    /// Its manifest.
    public let manifest: BackupManifest
    /// Archive size in bytes.
    public let archiveSize: Int64
}

/// Online backups of a data folder into one ustar archive (manifest.json, manifest.sha256, then the files).
/// The master key (keys/) is never archived: a stolen backup must not open the sealed tokens.
public enum Backup {
    /// Snapshots the databases (backup API, integrity_check), then writes the archive via temp name, fsync, link.
    public static func create(data: DataDirectory, _ request: BackupRequest, progress: any OpsProgress = SilentProgress()) throws -> BackupResult {
        try DataDirectory.makeDirectory(request.outDir)
        let staging = try FileIO.makeTempDirectory(in: request.outDir, prefix: ".parley-backup-")
        defer { FileIO.removeTree(staging) }
        try DataDirectory.makeDirectory("\(staging)/tenants")

        progress.step("snapshot control.sqlite")
        try DatabaseCopy.snapshot(data.controlDB, to: "\(staging)/control.sqlite")
        var tenants = try listTenants(controlCopy: "\(staging)/control.sqlite")
        var sources: [(path: String, source: String)] = []
        if let slug = request.tenantSlug?.lowercased() {
            guard let one = tenants.first(where: { $0.slug == slug }) else {
                throw OpsError(.refused, "no tenant with the slug \(slug) in \(data.root)")
            }
            tenants = [one]
        } else {
            sources.append(("control.sqlite", "\(staging)/control.sqlite"))
            progress.step("snapshot ingest.sqlite")
            try DatabaseCopy.snapshot(data.ingestDB, to: "\(staging)/ingest.sqlite")
            sources.append(("ingest.sqlite", "\(staging)/ingest.sqlite"))
        }
        for t in tenants {
            let name = "tenants/\(t.id).sqlite"
            if FileIO.exists(data.tenantDB(t.id)) {
                progress.step("snapshot \(name) (\(t.slug))")
                try DatabaseCopy.snapshot(data.tenantDB(t.id), to: "\(staging)/\(name)")
                sources.append((name, "\(staging)/\(name)"))
            }
            for rel in try FileIO.walkFiles(data.tenantFiles(t.id)) {
                sources.append(("files/\(t.id)/\(rel)", "\(data.tenantFiles(t.id))/\(rel)"))
            }
        }

        progress.step("checksums of \(sources.count) files")
        var files: [BackupManifest.FileInfo] = []
        for s in sources {
            let (size, sha) = try hashFile(s.source)
            files.append(.init(path: s.path, size: size, sha256: sha))
        }
        let manifest = BackupManifest(format: BackupManifest.currentFormat, parleyVersion: request.parleyVersion,
                                      createdAt: Clock.iso(request.now), scope: request.tenantSlug == nil ? "full" : "tenant",
                                      tenants: tenants, files: files)
        let name = archiveName(request.now, slug: request.tenantSlug?.lowercased())
        let final = "\(request.outDir)/\(name)"
        guard !FileIO.exists(final) else { throw OpsError(.refused, "\(final) already exists") }
        let size = try writeArchive(final, manifest: manifest, sources: sources.map(\.source), progress: progress)
        progress.finish()
        return BackupResult(archive: final, manifest: manifest, archiveSize: size)
    }

    /// "parley-backup-20260101T020000Z.tar" or "parley-backup-20260101T020000Z-acme.tar".
    public static func archiveName(_ date: Date, slug: String? = nil) -> String {
        var t = time_t(date.timeIntervalSince1970)
        var tm = Glibc.tm()
        gmtime_r(&t, &tm)
        func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let stamp = "\(tm.tm_year + 1900)\(two(tm.tm_mon + 1))\(two(tm.tm_mday))T\(two(tm.tm_hour))\(two(tm.tm_min))\(two(tm.tm_sec))Z"
        return "parley-backup-\(stamp)" + (slug.map { "-\($0)" } ?? "") + ".tar"
    }

    static func listTenants(controlCopy: String) throws -> [BackupManifest.TenantInfo] {
        let conn = try DatabaseCopy.open(controlCopy)
        defer { conn.close() }
        return try conn.query("SELECT id, slug, name, plan, status, created_at FROM tenants ORDER BY id").map { r in
            let id = try r.int64("id")
            let routes = try conn.query("SELECT provider, external_id, channel_id FROM routes WHERE tenant_id = ? ORDER BY provider, external_id", [id])
                .map { try BackupManifest.Route(provider: $0.string("provider"), externalID: $0.string("external_id"), channelID: $0.int64("channel_id")) }
            return BackupManifest.TenantInfo(id: id, slug: try r.string("slug"), name: try r.string("name"), plan: try r.string("plan"),
                                             status: try r.string("status"), createdAt: try r.string("created_at"), routes: routes)
        }
    }

    /// Size and hex SHA-256 of a file.
    static func hashFile(_ path: String) throws -> (Int64, String) {
        let fd = try FileIO.openRead(path)
        defer { close(fd) }
        let hasher = SHA256.Hasher()
        var buffer = [UInt8](repeating: 0, count: FileIO.chunkSize)
        var size: Int64 = 0
        while true {
            let n = try buffer.withUnsafeMutableBytes { try FileIO.readSome(fd, $0, path: path) }
            if n == 0 { break }
            buffer.withUnsafeBytes { hasher.update(UnsafeRawBufferPointer(rebasing: $0[..<n])) }
            size += Int64(n)
        }
        return (size, Hex.encode(hasher.finalize()))
    }

    private static func writeArchive(_ final: String, manifest: BackupManifest, sources: [String], progress: any OpsProgress) throws -> Int64 {
        let dir = FileIO.parent(of: final)
        let temp = "\(dir)/.\(FileIO.baseName(final)).partial-\(String(UInt64.random(in: 0...UInt64.max), radix: 16))"
        let fd = try FileIO.createNew(temp)
        defer {
            close(fd)
            unlink(temp)  // after link() the archive lives on under its final name
        }
        var tar = TarWriter(fd: fd, path: temp)
        let now = Int64(Date().timeIntervalSince1970)
        let manifestBytes = try manifest.encoded()
        try tar.add(name: "manifest.json", bytes: manifestBytes, mtime: now)
        try tar.add(name: "manifest.sha256", bytes: Array((SHA256.hex(manifestBytes) + "\n").utf8), mtime: now)
        let total = manifest.files.reduce(0) { $0 + $1.size }
        var done: Int64 = 0
        var buffer = [UInt8](repeating: 0, count: FileIO.chunkSize)
        let hasher = SHA256.Hasher()
        for (info, source) in zip(manifest.files, sources) {
            let src = try FileIO.openRead(source)
            defer { close(src) }
            try tar.beginEntry(name: info.path, size: info.size, mtime: FileIO.modificationTime(source))
            while true {
                let n = try buffer.withUnsafeMutableBytes { try FileIO.readSome(src, $0, path: source) }
                if n == 0 { break }
                try buffer.withUnsafeBytes { chunk in
                    let part = UnsafeRawBufferPointer(rebasing: chunk[..<n])
                    hasher.update(part)
                    try tar.write(part)
                }
                done += Int64(n)
                progress.bytes(done: done, total: total, current: info.path)
            }
            try tar.endEntry()
            // Uploads are written once; a changed file means something rewrote it mid-backup: fail, do not ship a lie.
            guard Hex.encode(hasher.finalize()) == info.sha256 else {
                throw OpsError(.io, "\(source) changed while it was archived; run the backup again")
            }
        }
        try tar.finish()
        try FileIO.fsync(fd, path: temp)
        // link() refuses an existing name, unlike rename(): never overwrite an older archive.
        guard link(temp, final) == 0 else { throw OpsError.io("cannot create \(final)", errno: errno) }
        try FileIO.fsyncDirectory(dir)
        return tar.offset
    }
}

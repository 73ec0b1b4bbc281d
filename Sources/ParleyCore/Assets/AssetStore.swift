import FoundationEssentials
import ParleyCrypto
import ParleySQLite
#if canImport(Glibc)
import Glibc
#endif

/// The asset library of one tenant: files under files/<tenant>/assets/ with random names, rows in the tenant database.
public struct AssetStore: Sendable {
    let core: Core
    let tenantID: Int64
    let db: Database

    /// Works on one tenant.
    public init(core: Core, tenantID: Int64, db: Database) {
        self.core = core
        self.tenantID = tenantID
        self.db = db
    }

    /// The tenant's asset folder on disk.
    public var directory: String { core.data.tenantFiles(tenantID) + "/assets" }

    /// Full path of a stored asset (the stored name is ours, never user input).
    public func path(of asset: Asset) -> String { directory + "/" + asset.storedName }

    /// What to store with a new upload.
    public struct Upload: Sendable {
        /// The temp file holding the bytes (moved into place, or removed).
        public var tempPath: String
        /// The client's file name (sanitised here).
        public var originalName: String?
        /// Folder.
        public var folderID: Int64?
        /// Tags.
        public var tags: [String]
        /// Description.
        public var description: String
        /// Uploader.
        public var userID: Int64?
        /// Creates one.
        public init(tempPath: String, originalName: String?, folderID: Int64?, tags: [String], description: String, userID: Int64?) {
            self.tempPath = tempPath
            self.originalName = originalName
            self.folderID = folderID
            self.tags = tags
            self.description = description
            self.userID = userID
        }
    }

    /// Checks the bytes, dedupes by SHA-256 and stores the file. Returns the asset and whether it is new.
    /// - Throws: `MediaProbe.Refusal` for refused content, `CoreError` otherwise. The temp file is always consumed.
    public func add(_ u: Upload) throws -> (Asset, created: Bool) {
        defer { unlink(u.tempPath) }
        let probe = try MediaProbe.probe(path: u.tempPath)
        let (hash, size) = try Self.sha256(path: u.tempPath)
        if let existing = try byHash(hash) { return (existing, false) }
        if let f = u.folderID, try AssetFolderStore(db: db).get(f) == nil { throw CoreError.invalid(["folder_id": "No such folder."]) }
        let tags = try Self.validTags(u.tags)
        guard u.description.count <= 2000 else { throw CoreError.invalid(["description": "At most 2,000 characters."]) }
        try DataDirectory.makeDirectory(directory)
        let stored = Hex.encode(SecureRandom.bytes(16)) + "." + probe.fileExtension
        let dest = directory + "/" + stored
        guard rename(u.tempPath, dest) == 0 else { throw CoreError.storage("cannot store upload: \(String(cString: strerror(errno)))") }
        let name = FileName.sanitize(u.originalName)
        do {
            let id = try db.write { c -> Int64 in
                try c.run("""
                    INSERT INTO assets (folder_id, name, original_name, description, tags, media_type, stored_name, size, width, height, duration_ms,
                                        sha256, created_by, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, [u.folderID, name, name, u.description, Self.joinTags(tags), probe.mediaType, stored, size,
                          probe.width.map { Int64($0) }, probe.height.map { Int64($0) }, probe.durationMillis.map { Int64($0) }, hash, u.userID, Clock.iso()])
                return c.lastInsertRowID
            }
            guard let a = try get(id) else { throw CoreError.notFound("Asset") }
            return (a, true)
        } catch let e as SQLiteError where e.isConstraintViolation {
            // Same bytes stored concurrently: keep the first.
            unlink(dest)
            if let existing = try byHash(hash) { return (existing, false) }
            throw e
        } catch {
            unlink(dest)
            throw error
        }
    }

    /// One asset.
    public func get(_ id: Int64) throws -> Asset? {
        try db.read { c in try c.queryOne("SELECT * FROM assets WHERE id = ?", [id]).map(Self.asset) }
    }

    /// Several assets in the order asked; throws for a missing one.
    public func get(ids: [Int64]) throws -> [Asset] {
        try ids.map { id in
            guard let a = try get(id) else { throw CoreError.invalid(["asset_ids": "No asset with id \(id)."]) }
            return a
        }
    }

    func byHash(_ hash: String) throws -> Asset? {
        try db.read { c in try c.queryOne("SELECT * FROM assets WHERE sha256 = ?", [hash]).map(Self.asset) }
    }

    /// Filters for `list`.
    public struct Filter: Sendable {
        /// Folder (nil: all).
        public var folderID: Int64?
        /// One tag.
        public var tag: String?
        /// Text in name/description/tags.
        public var query: String?
        /// Ids below this (pages go newest first).
        public var cursor: Int64?
        /// Page size.
        public var limit = 50
        /// Empty filter.
        public init() {}
    }

    /// A page of assets, newest first, and the cursor of the next page.
    public func list(_ f: Filter) throws -> ([Asset], next: Int64?) {
        var sql = "SELECT * FROM assets WHERE 1 = 1"
        var args: [any SQLBindable] = []
        if let folder = f.folderID { sql += " AND folder_id = ?"; args.append(folder) }
        if let tag = f.tag?.lowercased().trimmingSpaces, !tag.isEmpty { sql += " AND instr(tags, ?) > 0"; args.append("," + tag + ",") }
        if let q = f.query?.trimmingSpaces, !q.isEmpty {
            sql += " AND (instr(lower(name), ?) > 0 OR instr(lower(description), ?) > 0 OR instr(tags, ?) > 0)"
            args += [q.lowercased(), q.lowercased(), q.lowercased()]
        }
        if let cur = f.cursor { sql += " AND id < ?"; args.append(cur) }
        sql += " ORDER BY id DESC LIMIT ?"
        args.append(Int64(f.limit + 1))
        let rows = try db.read { c in try c.query(sql, args).map(Self.asset) }
        let page = Array(rows.prefix(f.limit))
        return (page, rows.count > f.limit ? page.last?.id : nil)
    }

    /// Changes name, tags, description or folder.
    public func update(_ id: Int64, name: String?, tags: [String]?, description: String?, folderID: Int64??) throws -> Asset {
        guard var a = try get(id) else { throw CoreError.notFound("Asset") }
        if let name {
            guard !name.trimmingSpaces.isEmpty else { throw CoreError.invalid(["name": "Give a name."]) }
            a.name = FileName.sanitize(name)
        }
        if let tags { a.tags = try Self.validTags(tags) }
        if let description {
            guard description.count <= 2000 else { throw CoreError.invalid(["description": "At most 2,000 characters."]) }
            a.description = description
        }
        if let folderID {
            if let f = folderID, try AssetFolderStore(db: db).get(f) == nil { throw CoreError.invalid(["folder_id": "No such folder."]) }
            a.folderID = folderID
        }
        try db.write { c in
            try c.run("UPDATE assets SET name = ?, tags = ?, description = ?, folder_id = ? WHERE id = ?",
                      [a.name, Self.joinTags(a.tags), a.description, a.folderID, id])
        }
        return a
    }

    /// Deletes an asset that no post uses; the file goes after the row.
    public func delete(_ id: Int64) throws {
        guard let a = try get(id) else { throw CoreError.notFound("Asset") }
        try db.write { c in
            let used = try c.scalar("SELECT count(*) FROM post_assets WHERE asset_id = ?", [id], as: Int64.self) ?? 0
            guard used == 0 else { throw CoreError.conflict("This file is used by \(used) post(s); remove it from them first.") }
            try c.run("DELETE FROM assets WHERE id = ?", [id])
        }
        unlink(path(of: a))
    }

    static func validTags(_ raw: [String]) throws -> [String] {
        var out: [String] = []
        for t in raw {
            let tag = t.trimmingSpaces.lowercased().filter { $0 != "," && !$0.isNewline }
            if tag.isEmpty || out.contains(tag) { continue }
            guard tag.count <= 40 else { throw CoreError.invalid(["tags": "Tags can be at most 40 characters."]) }
            out.append(tag)
        }
        guard out.count <= 30 else { throw CoreError.invalid(["tags": "At most 30 tags."]) }
        return out
    }

    static func joinTags(_ t: [String]) -> String { t.isEmpty ? "" : "," + t.joined(separator: ",") + "," }

    /// Streams the file through SHA-256.
    static func sha256(path: String) throws -> (String, Int64) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw CoreError.storage("cannot read upload") }
        defer { close(fd) }
        let h = SHA256.Hasher()
        var buf = [UInt8](repeating: 0, count: 1 << 20)
        var total: Int64 = 0
        while true {
            let n = buf.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n >= 0 else { throw CoreError.storage("cannot read upload") }
            if n == 0 { break }
            buf.withUnsafeBytes { h.update(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
            total += Int64(n)
        }
        return (Hex.encode(h.finalize()), total)
    }

    static func asset(_ r: Row) throws -> Asset {
        Asset(id: try r.int64("id"), folderID: try r.optionalInt64("folder_id"), name: try r.string("name"),
              originalName: try r.string("original_name"), description: try r.string("description"),
              tags: try r.string("tags").split(separator: ",").map(String.init), mediaType: try r.string("media_type"),
              size: try r.int64("size"), width: try r.optionalInt("width"), height: try r.optionalInt("height"),
              durationMillis: try r.optionalInt("duration_ms"), sha256: try r.string("sha256"), storedName: try r.string("stored_name"), createdAt: try r.string("created_at"))
    }
}

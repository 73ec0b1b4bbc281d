import ParleySQLite

/// Asset folders: a tree of named folders per tenant.
public struct AssetFolderStore: Sendable {
    let db: Database

    /// Works on one tenant database.
    public init(db: Database) { self.db = db }

    /// The folders a new workspace starts with.
    public static let defaults = ["Food", "Drinks", "Place", "Seasonal"]

    /// Creates the default folders (idempotent; called at tenant creation).
    public func seedDefaults() throws {
        try db.write { c in
            for name in Self.defaults {
                try c.run("INSERT OR IGNORE INTO asset_folders (parent_id, name, created_at) VALUES (NULL, ?, ?)", [name, Clock.iso()])
            }
        }
    }

    /// All folders, parents before children by name.
    public func list() throws -> [AssetFolder] {
        try db.read { c in try c.query("SELECT * FROM asset_folders ORDER BY coalesce(parent_id, 0), name COLLATE NOCASE").map(Self.folder) }
    }

    /// One folder.
    public func get(_ id: Int64) throws -> AssetFolder? {
        try db.read { c in try c.queryOne("SELECT * FROM asset_folders WHERE id = ?", [id]).map(Self.folder) }
    }

    /// Creates a folder under `parentID`.
    public func create(name: String, parentID: Int64?) throws -> AssetFolder {
        let name = try Self.validName(name)
        return try db.write { c in
            if let parentID { guard try c.scalar("SELECT 1 FROM asset_folders WHERE id = ?", [parentID], as: Int64.self) != nil else { throw CoreError.invalid(["parent_id": "No such folder."]) } }
            guard try c.scalar("SELECT 1 FROM asset_folders WHERE coalesce(parent_id, 0) = ? AND name = ? COLLATE NOCASE", [parentID ?? 0, name], as: Int64.self) == nil else {
                throw CoreError.conflict("A folder named \"\(name)\" already exists here.")
            }
            try c.run("INSERT INTO asset_folders (parent_id, name, created_at) VALUES (?, ?, ?)", [parentID, name, Clock.iso()])
            return AssetFolder(id: c.lastInsertRowID, parentID: parentID, name: name)
        }
    }

    /// Renames and/or moves a folder; refuses moving a folder into itself or a descendant.
    public func update(_ id: Int64, name: String?, parentID: Int64??) throws -> AssetFolder {
        try db.write { c in
            guard var f = try c.queryOne("SELECT * FROM asset_folders WHERE id = ?", [id]).map(Self.folder) else { throw CoreError.notFound("Folder") }
            if let name { f.name = try Self.validName(name) }
            if let newParent = parentID {
                var cursor = newParent
                var hops = 0
                while let p = cursor {
                    guard p != id else { throw CoreError.invalid(["parent_id": "A folder cannot move into itself or one of its subfolders."]) }
                    guard let row = try c.queryOne("SELECT parent_id FROM asset_folders WHERE id = ?", [p]) else { throw CoreError.invalid(["parent_id": "No such folder."]) }
                    cursor = try row.optionalInt64("parent_id")
                    hops += 1
                    if hops > 1000 { break }
                }
                f.parentID = newParent
            }
            guard try c.scalar("SELECT 1 FROM asset_folders WHERE coalesce(parent_id, 0) = ? AND name = ? COLLATE NOCASE AND id != ?", [f.parentID ?? 0, f.name, id], as: Int64.self) == nil else {
                throw CoreError.conflict("A folder named \"\(f.name)\" already exists here.")
            }
            try c.run("UPDATE asset_folders SET name = ?, parent_id = ? WHERE id = ?", [f.name, f.parentID, id])
            return f
        }
    }

    /// Deletes an empty folder (no subfolders, no assets).
    public func delete(_ id: Int64) throws {
        try db.write { c in
            guard try c.scalar("SELECT 1 FROM asset_folders WHERE id = ?", [id], as: Int64.self) != nil else { throw CoreError.notFound("Folder") }
            let kids = try c.scalar("SELECT count(*) FROM asset_folders WHERE parent_id = ?", [id], as: Int64.self) ?? 0
            let files = try c.scalar("SELECT count(*) FROM assets WHERE folder_id = ?", [id], as: Int64.self) ?? 0
            guard kids == 0, files == 0 else { throw CoreError.conflict("The folder is not empty: move or delete its \(kids) subfolder(s) and \(files) file(s) first.") }
            try c.run("DELETE FROM asset_folders WHERE id = ?", [id])
        }
    }

    static func validName(_ raw: String) throws -> String {
        let n = FileName.sanitize(raw)
        guard !raw.trimmingSpaces.isEmpty, n.count <= 80 else { throw CoreError.invalid(["name": "Give the folder a name (1–80 characters)."]) }
        return n
    }

    static func folder(_ r: Row) throws -> AssetFolder {
        AssetFolder(id: try r.int64("id"), parentID: try r.optionalInt64("parent_id"), name: try r.string("name"))
    }
}

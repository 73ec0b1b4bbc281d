import ParleySQLite

/// A branch or shop of the business; channels can belong to one.
public struct Location: Codable, Sendable, Equatable {
    /// Row id.
    public var id: Int64
    /// Name (unique, case-insensitive).
    public var name: String
    /// Street address.
    public var address: String
    /// Channels in it.
    public var channelCount: Int
    /// When created.
    public var createdAt: String

    enum CodingKeys: String, CodingKey {
        case id, name, address
        case channelCount = "channel_count", createdAt = "created_at"
    }
}

/// Locations of one tenant.
public struct LocationStore: Sendable {
    let db: Database

    /// Wraps a tenant database.
    public init(db: Database) { self.db = db }

    /// All locations by name.
    public func all() throws -> [Location] {
        try db.read { c in
            try c.query("""
                SELECT l.*, (SELECT count(*) FROM channels ch WHERE ch.location_id = l.id) AS channel_count
                FROM locations l ORDER BY l.name COLLATE NOCASE
                """).map(Self.location)
        }
    }

    /// One location.
    public func location(id: Int64) throws -> Location? {
        try db.read { c in
            try c.queryOne("SELECT l.*, (SELECT count(*) FROM channels ch WHERE ch.location_id = l.id) AS channel_count FROM locations l WHERE l.id = ?",
                           [id]).map(Self.location)
        }
    }

    /// Creates a location.
    public func create(name: String, address: String) throws -> Location {
        let (name, address) = try validated(name, address)
        let id = try unique {
            try db.write { c in
                try c.run("INSERT INTO locations (name, address, created_at) VALUES (?, ?, ?)", [name ?? "", address ?? "", Clock.iso()])
                return c.lastInsertRowID
            }
        }
        guard let l = try location(id: id) else { throw CoreError.notFound("Location") }
        return l
    }

    /// Renames or re-addresses a location.
    public func update(id: Int64, name: String?, address: String?) throws -> Location {
        let (name, address) = try validated(name, address, partial: true)
        try unique {
            try db.write { c in
                guard try c.queryOne("SELECT id FROM locations WHERE id = ?", [id]) != nil else { throw CoreError.notFound("Location") }
                if let name { try c.run("UPDATE locations SET name = ? WHERE id = ?", [name, id]) }
                if let address { try c.run("UPDATE locations SET address = ? WHERE id = ?", [address, id]) }
            }
        }
        guard let l = try location(id: id) else { throw CoreError.notFound("Location") }
        return l
    }

    /// Deletes a location; its channels simply have no location afterwards.
    public func delete(id: Int64) throws {
        try db.write { c in
            guard try c.run("DELETE FROM locations WHERE id = ?", [id]) > 0 else { throw CoreError.notFound("Location") }
        }
    }

    func validated(_ name: String?, _ address: String?, partial: Bool = false) throws -> (String?, String?) {
        var problems: [String: String] = [:]
        let n = name?.trimmingSpaces, a = address?.trimmingSpaces
        if (n == nil && !partial) || n.map({ $0.isEmpty || $0.count > 100 }) == true { problems["name"] = "Give the location a name (1–100 characters)." }
        if let a, a.count > 300 { problems["address"] = "Keep the address under 300 characters." }
        guard problems.isEmpty else { throw CoreError.invalid(problems) }
        return (n, a)
    }

    @discardableResult
    func unique<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as SQLiteError where e.isUniqueViolation {
            throw CoreError.invalid(["name": "A location with this name exists already."])
        }
    }

    static func location(_ r: Row) throws -> Location {
        Location(id: try r.int64("id"), name: try r.string("name"), address: try r.string("address"),
                 channelCount: try r.int("channel_count"), createdAt: try r.string("created_at"))
    }
}

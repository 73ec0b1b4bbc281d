import ParleySQLite

/// A group of users (e.g. "Downtown staff"), used for channel access and assignment.
public struct Team: Sendable, Codable, Equatable {
    /// Id.
    public var id: Int64
    /// Unique name.
    public var name: String
    /// Members' user ids.
    public var memberIDs: [Int64]

    enum CodingKeys: String, CodingKey {
        case id, name
        case memberIDs = "member_ids"
    }
}

/// Teams of one tenant.
public struct TeamStore: Sendable {
    let db: Database

    /// Wraps a tenant database.
    public init(db: Database) { self.db = db }

    /// All teams with members.
    public func all() throws -> [Team] {
        try db.read { c in
            let members = try c.query("SELECT team_id, user_id FROM team_members ORDER BY user_id")
            var byTeam: [Int64: [Int64]] = [:]
            for m in members { byTeam[try m.int64("team_id"), default: []].append(try m.int64("user_id")) }
            return try c.query("SELECT id, name FROM teams ORDER BY name").map { r in
                Team(id: try r.int64("id"), name: try r.string("name"), memberIDs: byTeam[try r.int64("id")] ?? [])
            }
        }
    }

    /// One team.
    public func team(id: Int64) throws -> Team? { try all().first { $0.id == id } }

    /// Creates a team.
    public func create(name: String, memberIDs: [Int64]) throws -> Team {
        let name = name.trimmingSpaces
        guard (1...80).contains(name.count) else { throw CoreError.invalid(["name": "Give the team a name (up to 80 characters)."]) }
        do {
            return try db.write { c in
                try c.run("INSERT INTO teams (name, created_at) VALUES (?, ?)", [name, Clock.iso()])
                let id = c.lastInsertRowID
                try Self.setMembers(c, id, memberIDs)
                return Team(id: id, name: name, memberIDs: memberIDs.sorted())
            }
        } catch let e as SQLiteError where e.isUniqueViolation {
            throw CoreError.conflict("A team named \(name) already exists.")
        }
    }

    /// Renames and/or replaces members.
    public func update(id: Int64, name: String?, memberIDs: [Int64]?) throws -> Team {
        if let n = name, !(1...80).contains(n.trimmingSpaces.count) { throw CoreError.invalid(["name": "Give the team a name (up to 80 characters)."]) }
        do {
            try db.write { c in
                guard try c.queryOne("SELECT id FROM teams WHERE id = ?", [id]) != nil else { throw CoreError.notFound("Team") }
                if let n = name { try c.run("UPDATE teams SET name = ? WHERE id = ?", [n.trimmingSpaces, id]) }
                if let m = memberIDs { try Self.setMembers(c, id, m) }
            }
        } catch let e as SQLiteError where e.isUniqueViolation {
            throw CoreError.conflict("A team with that name already exists.")
        }
        guard let t = try team(id: id) else { throw CoreError.notFound("Team") }
        return t
    }

    /// Deletes a team.
    public func delete(id: Int64) throws {
        guard try db.write({ c in try c.run("DELETE FROM teams WHERE id = ?", [id]) }) == 1 else { throw CoreError.notFound("Team") }
    }

    static func setMembers(_ c: Connection, _ id: Int64, _ members: [Int64]) throws {
        try c.run("DELETE FROM team_members WHERE team_id = ?", [id])
        for m in Set(members) {
            guard try c.queryOne("SELECT id FROM users WHERE id = ?", [m]) != nil else {
                throw CoreError.invalid(["member_ids": "User \(m) does not exist."])
            }
            try c.run("INSERT INTO team_members (team_id, user_id) VALUES (?, ?)", [id, m])
        }
    }
}

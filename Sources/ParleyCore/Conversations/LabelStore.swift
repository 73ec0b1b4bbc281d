import ParleySQLite

/// A conversation label ("vip", "booking"…).
public struct Label: Sendable, Codable, Equatable {
    /// Id.
    public let id: Int64
    /// Unique name.
    public let name: String
    /// CSS colour "#rrggbb".
    public let color: String
}

/// A saved reply, inserted with `/shortcut` in the composer.
public struct CannedResponse: Sendable, Codable, Equatable {
    /// Id.
    public let id: Int64
    /// What the agent types after "/".
    public let shortcut: String
    /// The text inserted.
    public let text: String
}

/// Labels and canned replies of one tenant (small lists managed under Settings).
public struct LabelStore: Sendable {
    let db: Database

    /// Wraps a tenant database.
    public init(db: Database) { self.db = db }

    /// All labels by name.
    public func labels() throws -> [Label] {
        try db.read { c in try c.query("SELECT * FROM labels ORDER BY name COLLATE NOCASE").map(Self.label) }
    }

    /// Creates a label.
    public func createLabel(name: String, color: String?) throws -> Label {
        let name = name.trimmingSpaces
        let color = color ?? "#64748b"
        var problems: [String: String] = [:]
        if !(1...40).contains(name.count) { problems["name"] = "Use 1–40 characters." }
        if !Self.isColor(color) { problems["color"] = "Use a colour like #3b82f6." }
        guard problems.isEmpty else { throw CoreError.invalid(problems) }
        do {
            return try db.write { c in
                try c.run("INSERT INTO labels (name, color) VALUES (?, ?)", [name, color])
                return Label(id: c.lastInsertRowID, name: name, color: color)
            }
        } catch let e as SQLiteError where e.isUniqueViolation {
            throw CoreError.conflict("A label named \(name) already exists.")
        }
    }

    /// Renames/recolours a label.
    public func updateLabel(id: Int64, name: String?, color: String?) throws -> Label {
        if let n = name, !(1...40).contains(n.trimmingSpaces.count) { throw CoreError.invalid(["name": "Use 1–40 characters."]) }
        if let c = color, !Self.isColor(c) { throw CoreError.invalid(["color": "Use a colour like #3b82f6."]) }
        do {
            return try db.write { c in
                guard let r = try c.queryOne("SELECT * FROM labels WHERE id = ?", [id]) else { throw CoreError.notFound("Label") }
                let cur = try Self.label(r)
                let next = Label(id: id, name: name?.trimmingSpaces ?? cur.name, color: color ?? cur.color)
                try c.run("UPDATE labels SET name = ?, color = ? WHERE id = ?", [next.name, next.color, id])
                return next
            }
        } catch let e as SQLiteError where e.isUniqueViolation {
            throw CoreError.conflict("A label with that name already exists.")
        }
    }

    /// Deletes a label (it disappears from conversations).
    public func deleteLabel(id: Int64) throws {
        guard try db.write({ c in try c.run("DELETE FROM labels WHERE id = ?", [id]) }) == 1 else { throw CoreError.notFound("Label") }
    }

    /// All canned replies by shortcut.
    public func cannedResponses() throws -> [CannedResponse] {
        try db.read { c in
            try c.query("SELECT * FROM canned_responses ORDER BY shortcut COLLATE NOCASE").map {
                CannedResponse(id: try $0.int64("id"), shortcut: try $0.string("shortcut"), text: try $0.string("text"))
            }
        }
    }

    /// Creates or updates a canned reply.
    public func saveCanned(id: Int64?, shortcut: String, text: String) throws -> CannedResponse {
        let shortcut = shortcut.trimmingSpaces.lowercased(), text = text.trimmingSpaces
        var problems: [String: String] = [:]
        if !(1...32).contains(shortcut.count) || shortcut.contains(" ") { problems["shortcut"] = "Use 1–32 characters without spaces." }
        if !(1...4000).contains(text.count) { problems["text"] = "Use 1–4,000 characters." }
        guard problems.isEmpty else { throw CoreError.invalid(problems) }
        do {
            return try db.write { c in
                if let id {
                    guard try c.run("UPDATE canned_responses SET shortcut = ?, text = ? WHERE id = ?", [shortcut, text, id]) == 1 else {
                        throw CoreError.notFound("Canned reply")
                    }
                    return CannedResponse(id: id, shortcut: shortcut, text: text)
                }
                try c.run("INSERT INTO canned_responses (shortcut, text) VALUES (?, ?)", [shortcut, text])
                return CannedResponse(id: c.lastInsertRowID, shortcut: shortcut, text: text)
            }
        } catch let e as SQLiteError where e.isUniqueViolation {
            throw CoreError.conflict("The shortcut /\(shortcut) is taken.")
        }
    }

    /// Deletes a canned reply.
    public func deleteCanned(id: Int64) throws {
        guard try db.write({ c in try c.run("DELETE FROM canned_responses WHERE id = ?", [id]) }) == 1 else { throw CoreError.notFound("Canned reply") }
    }

    static func label(_ r: Row) throws -> Label { Label(id: try r.int64("id"), name: try r.string("name"), color: try r.string("color")) }

    static func isColor(_ s: String) -> Bool {
        s.count == 7 && s.hasPrefix("#") && s.dropFirst().allSatisfy { $0.isHexDigit }
    }
}

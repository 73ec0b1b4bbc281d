import FoundationEssentials
import ParleySQLite

/// The business captions speak for, and whether its captions may be written by the AI server: `business.name`,
/// `business.description` and `captions.ai` in the tenant's `settings` table.
public struct BusinessProfile: Sendable, Codable, Equatable {
    /// Display name used in captions (defaults to the tenant's name).
    public var name: String
    /// A sentence or two about the business, given to the AI as context.
    public var description: String
    /// Whether captions may come from the AI server (when one is configured); off = built-in templates only.
    public var aiCaptions: Bool

    enum CodingKeys: String, CodingKey {
        case name, description
        case aiCaptions = "ai_captions"
    }

    /// Creates one.
    public init(name: String, description: String, aiCaptions: Bool = true) {
        self.name = name
        self.description = description
        self.aiCaptions = aiCaptions
    }

    /// Decodes a PUT body; `ai_captions` left out means on.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decodeIfPresent(String.self, forKey: .name) ?? ""
        description = try c.decodeIfPresent(String.self, forKey: .description) ?? ""
        aiCaptions = try c.decodeIfPresent(Bool.self, forKey: .aiCaptions) ?? true
    }

    /// The stored profile; an unset name falls back to `defaultName` (the tenant's name).
    public static func load(db: Database, defaultName: String) throws -> BusinessProfile {
        try db.read { c in
            let rows = try c.query("SELECT key, value FROM settings WHERE key IN ('business.name', 'business.description', 'captions.ai')", [])
            var values: [String: String] = [:]
            for r in rows { values[try r.string("key")] = try r.string("value") }
            let name = values["business.name"]?.trimmingSpaces ?? ""
            return BusinessProfile(name: name.isEmpty ? defaultName : name, description: values["business.description"] ?? "",
                                   aiCaptions: values["captions.ai"] != "off")
        }
    }

    /// Validates and stores the profile; throws `CoreError.invalid` naming each bad field.
    public static func save(_ p: BusinessProfile, db: Database) throws -> BusinessProfile {
        let clean = BusinessProfile(name: p.name.trimmingSpaces, description: p.description.trimmingSpaces, aiCaptions: p.aiCaptions)
        var bad: [String: String] = [:]
        if clean.name.count > 100 { bad["name"] = "At most 100 characters." }
        if clean.description.count > 1000 { bad["description"] = "At most 1,000 characters." }
        guard bad.isEmpty else { throw CoreError.invalid(bad) }
        try db.write { c in
            for (k, v) in [("business.name", clean.name), ("business.description", clean.description), ("captions.ai", clean.aiCaptions ? "on" : "off")] {
                try c.run("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", [k, v])
            }
        }
        return clean
    }
}

/// One business hosted by this Parley (its data lives in tenants/<id>.sqlite).
public struct Tenant: Sendable, Codable, Equatable {
    /// Numeric id (also the database file name).
    public var id: Int64
    /// URL-safe short name, e.g. "cafe-luna".
    public var slug: String
    /// Display name.
    public var name: String
    /// basic, pro or enterprise.
    public var plan: String
    /// active or disabled.
    public var status: String
    /// When it was created (UTC ISO-8601).
    public var createdAt: String

    enum CodingKeys: String, CodingKey {
        case id, slug, name, plan, status
        case createdAt = "created_at"
    }

    /// Whether a slug is acceptable: 2–40 of a-z, 0-9 and inner dashes.
    public static func isValidSlug(_ s: String) -> Bool {
        guard (2...40).contains(s.count), !s.hasPrefix("-"), !s.hasSuffix("-") else { return false }
        return s.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }
}

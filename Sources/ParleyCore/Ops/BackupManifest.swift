import FoundationEssentials

/// `manifest.json`, the first member of every backup archive: what is inside and the SHA-256 of each file.
/// `manifest.sha256` (the second member) holds the hex SHA-256 of the manifest itself.
public struct BackupManifest: Codable, Sendable, Equatable {
    /// The archive layout version this build writes and reads.
    public static let currentFormat = 1

    /// One tenant in the archive.
    public struct TenantInfo: Codable, Sendable, Equatable {
        /// Id in the source data folder (names tenants/<id>.sqlite and files/<id>/ in the archive).
        public var id: Int64
        /// Slug.
        public var slug: String
        /// Display name.
        public var name: String
        /// Plan.
        public var plan: String
        /// active or disabled.
        public var status: String
        /// Creation time (UTC ISO-8601).
        public var createdAt: String
        /// Its webhook routes from control.sqlite, so a single-tenant restore can re-create them.
        public var routes: [Route]

        enum CodingKeys: String, CodingKey {
            case id, slug, name, plan, status, routes
            case createdAt = "created_at"
        }
    }

    /// A routing row (provider + external account id → channel).
    public struct Route: Codable, Sendable, Equatable {
        /// "facebook", "instagram", "whatsapp"…
        public var provider: String
        /// Page id, IG account id, phone number id…
        public var externalID: String
        /// The tenant's channel id.
        public var channelID: Int64

        enum CodingKeys: String, CodingKey {
            case provider
            case externalID = "external_id"
            case channelID = "channel_id"
        }
    }

    /// One archived file.
    public struct FileInfo: Codable, Sendable, Equatable {
        /// Path inside the archive, e.g. "tenants/3.sqlite" or "files/3/ab/cd.jpg".
        public var path: String
        /// Size in bytes.
        public var size: Int64
        /// Lower-case hex SHA-256 of the content.
        public var sha256: String
    }

    /// Layout version.
    public var format: Int
    /// The Parley version that wrote it.
    public var parleyVersion: String
    /// When the backup was taken (UTC ISO-8601).
    public var createdAt: String
    /// "full" (control, ingest and every tenant) or "tenant" (one tenant's database and files).
    public var scope: String
    /// Tenants included.
    public var tenants: [TenantInfo]
    /// Every file in the archive besides the manifest, in archive order.
    public var files: [FileInfo]

    enum CodingKeys: String, CodingKey {
        case format, scope, tenants, files
        case parleyVersion = "parley_version"
        case createdAt = "created_at"
    }

    /// Stable, readable JSON.
    func encoded() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(self)) + [UInt8(ascii: "\n")]
    }

    static func decode(_ bytes: [UInt8], archive: String) throws -> BackupManifest {
        let manifest: BackupManifest
        do {
            manifest = try JSONDecoder().decode(BackupManifest.self, from: Data(bytes))
        } catch {
            throw OpsError(.damaged, "\(archive) is damaged: manifest.json cannot be read (\(error))")
        }
        guard manifest.format == currentFormat else {
            throw OpsError(.refused, "\(archive) has backup format \(manifest.format); this Parley reads format \(currentFormat)")
        }
        return manifest
    }

    /// Whether `path` may appear in an archive: databases and tenant files only, never keys or anything outside.
    static func isAllowed(_ path: String) -> Bool {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard !parts.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }) else { return false }
        if path == "control.sqlite" || path == "ingest.sqlite" { return true }
        if parts.count == 2, parts[0] == "tenants", parts[1].hasSuffix(".sqlite"),
           Int64(parts[1].dropLast(".sqlite".count)) != nil { return true }
        return parts.count >= 3 && parts[0] == "files" && Int64(parts[1]) != nil
    }
}

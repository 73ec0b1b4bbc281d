/// One stored picture or video of the asset library.
public struct Asset: Codable, Sendable, Equatable {
    /// Row id.
    public var id: Int64
    /// Folder, if any.
    public var folderID: Int64?
    /// Display name (sanitised, editable).
    public var name: String
    /// The client's file name, sanitised (metadata only).
    public var originalName: String
    /// Free text.
    public var description: String
    /// Tags.
    public var tags: [String]
    /// Sniffed media type.
    public var mediaType: String
    /// Bytes.
    public var size: Int64
    /// Pixels, when known.
    public var width: Int?
    /// Pixels, when known.
    public var height: Int?
    /// A video's length in milliseconds, when its header says.
    public var durationMillis: Int?
    /// Hex SHA-256 of the bytes.
    public var sha256: String
    /// Random file name under files/<tenant>/assets/.
    public var storedName: String
    /// ISO time.
    public var createdAt: String

    enum CodingKeys: String, CodingKey {
        case id, name, description, tags, size, width, height, sha256
        case folderID = "folder_id", originalName = "original_name", mediaType = "media_type", storedName = "stored_name", createdAt = "created_at"
        case durationMillis = "duration_ms"
    }
}

/// A folder of the asset library (folders nest).
public struct AssetFolder: Codable, Sendable, Equatable {
    /// Row id.
    public var id: Int64
    /// Parent folder, nil at the top.
    public var parentID: Int64?
    /// Name, unique among siblings.
    public var name: String

    enum CodingKeys: String, CodingKey {
        case id, name
        case parentID = "parent_id"
    }
}

import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif

/// The layout of the data folder (DESIGN.md §3); everything Parley stores lives below it.
public struct DataDirectory: Sendable {
    /// The root folder.
    public let root: String

    /// Uses `root`, creating the standard subfolders (0700) if needed.
    public init(_ root: String) throws {
        self.root = root.hasSuffix("/") && root.count > 1 ? String(root.dropLast()) : root
        for dir in [self.root, tenantsDir, filesDir, "\(self.root)/keys", backupsDir, tmpDir] {
            try Self.makeDirectory(dir)
        }
    }

    /// control.sqlite
    public var controlDB: String { "\(root)/control.sqlite" }
    /// ingest.sqlite
    public var ingestDB: String { "\(root)/ingest.sqlite" }
    /// tenants/
    public var tenantsDir: String { "\(root)/tenants" }
    /// files/
    public var filesDir: String { "\(root)/files" }
    /// backups/
    public var backupsDir: String { "\(root)/backups" }
    /// tmp/ (streamed uploads; same filesystem as files/ so a rename moves them)
    public var tmpDir: String { "\(root)/tmp" }

    /// tenants/<id>.sqlite — the id is an integer, so no path can be smuggled in.
    public func tenantDB(_ id: Int64) -> String { "\(tenantsDir)/\(id).sqlite" }
    /// files/<id>/
    public func tenantFiles(_ id: Int64) -> String { "\(filesDir)/\(id)" }

    /// mkdir -p with mode 0700.
    public static func makeDirectory(_ path: String) throws {
        var current = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") {
            current += "/\(part)"
            if mkdir(current, 0o700) != 0 && errno != EEXIST {
                throw CoreError.storage("cannot create folder \(current): \(String(cString: strerror(errno)))")
            }
        }
    }
}

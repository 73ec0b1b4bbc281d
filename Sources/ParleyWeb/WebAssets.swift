// The web UI bundle: web/ and Resources/ compiled into the binary, with one version for cache busting.
internal import CParleyWeb

/// The set of web files the server hands out, with a content version for long-lived caching.
///
/// Why one version for the whole bundle: pages refer to static files as `/assets/_/css/app.css`, and
/// `page(_:)` rewrites that prefix to `/assets/<version>/`, which the server caches as immutable. ES modules
/// import each other with relative paths (`./api.js`), so every module of one page load resolves under the
/// same `/assets/<version>/js/` prefix. A per-file hash would need every import rewritten too, and mixing
/// files from two builds (an old tab fetching a lazily imported view after an upgrade) could load modules
/// whose exports no longer match. With one version, a tab opened before an upgrade keeps asking for its old
/// prefix; the server answers those with the current bytes and `no-cache`, and a reload moves it to the new
/// prefix as a whole.
public final class WebAssets: Sendable {
    /// The files compiled into this binary.
    public static let embedded = WebAssets(entries: WebAssets.compiledTable())

    /// The placeholder that HTML files use in front of static paths.
    public static let placeholderPrefix = "/assets/_/"

    /// Files by path, HTML already rewritten; in development mode only Resources/ (web/ is read on each call).
    private let table: [String: WebAsset]
    /// The unmodified compiled-in files, for checks against the sources.
    let raw: [String: WebAsset]
    /// The web/ directory read in development mode.
    let directory: String?
    private let fixedVersion: String

    private init(entries: [WebAsset]) {
        var raw: [String: WebAsset] = [:]
        for entry in entries { raw[entry.path] = entry }
        let version = Self.version(of: raw)
        var table = raw
        for (path, asset) in raw where path.hasSuffix(".html") {
            table[path] = WebAsset(path: path, content: Self.rewrite(asset.bytes, version: version))
        }
        self.raw = raw
        self.table = table
        self.directory = nil
        self.fixedVersion = version
    }

    /// Serves web/ straight from `directory` (development mode, `PARLEY_WEB_DIR`): edits show on reload.
    ///
    /// Files are read on every call and the version is recomputed from the files each time it is asked for,
    /// so the immutable caching of `/assets/<version>/` never serves a stale file. Resources/ still come from
    /// the compiled-in table.
    public init(directory: String) {
        self.raw = WebAssets.embedded.raw
        self.table = WebAssets.embedded.table.filter { $0.key.hasPrefix("resources/") }
        self.directory = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        self.fixedVersion = ""
    }

    /// True when web/ files are read from a directory on disk on each call (development mode).
    public var isDevelopment: Bool { directory != nil }

    /// The first 12 hex digits of a hash over every path and its bytes.
    public var version: String {
        guard directory != nil else { return fixedVersion }
        var current = table
        for path in diskPaths() { if let asset = diskAsset(path) { current[path] = asset } }
        return Self.version(of: current)
    }

    /// All known paths, sorted: web files below `web/` and `resources/<name>` for Resources/.
    public var paths: [String] {
        guard directory != nil else { return table.keys.sorted() }
        return (diskPaths() + table.keys).sorted()
    }

    /// The file at `path` (below `web/`, leading `/` optional), with HTML already pointing at the current version.
    public func asset(_ path: String) -> WebAsset? {
        let key = path.hasPrefix("/") ? String(path.dropFirst()) : path
        guard directory != nil, !key.hasPrefix("resources/") else { return table[key] }
        guard let asset = diskAsset(key) else { return nil }
        guard key.hasSuffix(".html") else { return asset }
        return Self.retained(path: key, content: Self.rewrite(asset.bytes, version: version))
    }

    /// A file from Resources/ by its name there (`templates/welcome.txt`).
    public func resource(_ name: String) -> WebAsset? { table["resources/" + name] }

    /// The page `name` (`login` or `login.html`) with every `/assets/_/` replaced by `/assets/<version>/`.
    public func page(_ name: String) -> [UInt8]? { pageAsset(name)?.byteArray }

    /// The page `name` as an asset, for serving with its ETag.
    public func pageAsset(_ name: String) -> WebAsset? {
        asset(name.hasSuffix(".html") ? name : name + ".html")
    }

    // MARK: - Building

    /// Reads the `#embed` table that generate.sh wrote into CParleyWeb.
    private static func compiledTable() -> [WebAsset] {
        var count = 0
        guard let table = parley_web_assets(&count) else { return [] }
        var assets: [WebAsset] = []
        for index in 0..<count {
            let entry = table[index]
            guard let cPath = entry.path, let data = entry.data else { continue }
            // SAFETY: `data` is a static array in the binary, valid and unchanging for the process lifetime.
            let bytes = UnsafeRawBufferPointer(start: UnsafeRawPointer(data), count: entry.length)
            assets.append(WebAsset(path: String(cString: cPath), bytes: bytes, storage: nil))
        }
        return assets
    }

    /// The bundle version: see `AssetDigest.version(of:)`.
    static func version(of assets: [String: WebAsset]) -> String { AssetDigest.version(of: assets) }

    /// Replaces every occurrence of the placeholder prefix with `/assets/<version>/`.
    static func rewrite(_ bytes: UnsafeRawBufferPointer, version: String) -> [UInt8] {
        let needle = Array(placeholderPrefix.utf8)
        let replacement = Array("/assets/\(version)/".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 64)
        var index = 0
        while index < bytes.count {
            if bytes[index] == needle[0], index + needle.count <= bytes.count,
               (0..<needle.count).allSatisfy({ bytes[index + $0] == needle[$0] }) {
                out.append(contentsOf: replacement)
                index += needle.count
            } else {
                out.append(bytes[index])
                index += 1
            }
        }
        return out
    }
}

// Development mode: web/ read from disk on each request.
import FoundationEssentials
import ParleyCrypto
import Synchronization

/// Every distinct (path, content) read in development mode, kept for the life of the process.
/// Why: servers hand `WebAsset.bytes` to libmicrohttpd without copying, so the bytes must outlive the
/// response. Memory grows only by one copy per edit of a file, which is fine for development.
private let developmentStore = Mutex<[String: WebAsset]>([:])

extension WebAssets {
    /// Paths of the regular, non-hidden files below the development directory.
    func diskPaths() -> [String] {
        guard let directory,
              let all = try? FileManager.default.subpathsOfDirectory(atPath: directory) else { return [] }
        return all.filter { path in
            var isDirectory = false
            return Self.isSafeRelativePath(path)
                && FileManager.default.fileExists(atPath: directory + "/" + path, isDirectory: &isDirectory)
                && !isDirectory
        }
    }

    /// Reads one file below the development directory, or nil if the path is unsafe or missing.
    func diskAsset(_ path: String) -> WebAsset? {
        guard let directory, Self.isSafeRelativePath(path) else { return nil }
        var isDirectory = false
        let full = directory + "/" + path
        guard FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory,
              let data = FileManager.default.contents(atPath: full) else { return nil }
        return Self.retained(path: path, content: [UInt8](data))
    }

    /// The stored asset for this exact content, created and kept on first sight (see `developmentStore`).
    static func retained(path: String, content: [UInt8]) -> WebAsset {
        let key = path + "\u{0}" + SHA256.hex(content)
        return developmentStore.withLock { store in
            if let known = store[key] { return known }
            let asset = WebAsset(path: path, content: content)
            store[key] = asset
            return asset
        }
    }

    /// True for `a/b.css`-style paths: no empty, `.`/`..` or hidden components, no backslash or NUL.
    /// Why: the path comes from a URL, and development mode must not read outside the web directory.
    static func isSafeRelativePath(_ path: String) -> Bool {
        guard !path.isEmpty, !path.contains("\\"), !path.contains("\u{0}") else { return false }
        return path.split(separator: "/", omittingEmptySubsequences: false).allSatisfy { part in
            !part.isEmpty && !part.hasPrefix(".")
        }
    }
}

import Foundation

/// A fresh directory under /tmp, removed by `remove()`.
public struct TempDirectory: Sendable {
    /// Its path.
    public let path: String
    /// Creates a unique directory.
    public init(_ prefix: String = "parley-test") {
        var template = Array("/tmp/\(prefix)-XXXXXX".utf8CString)
        let p = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        path = p.map { String(cString: $0) } ?? "/tmp/\(prefix)-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    /// Deletes it and everything in it.
    public func remove() { try? FileManager.default.removeItem(atPath: path) }
}

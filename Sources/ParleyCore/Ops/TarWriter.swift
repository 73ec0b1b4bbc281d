#if canImport(Glibc)
import Glibc
#endif

/// A minimal POSIX ustar writer: regular files only, names split into prefix/name, sizes below 8 GiB.
/// Parley writes its own archives so a backup needs no external `tar` at run time.
struct TarWriter {
    static let block = 512
    let fd: Int32
    let path: String
    /// Bytes written so far (headers, data, padding).
    private(set) var offset: Int64 = 0
    private var remaining: Int64 = 0

    init(fd: Int32, path: String) {
        self.fd = fd
        self.path = path
    }

    /// Starts an entry; the caller then writes exactly `size` bytes with `write` and calls `endEntry`.
    mutating func beginEntry(name: String, size: Int64, mtime: Int64) throws {
        precondition(remaining == 0, "previous tar entry not finished")
        let header = try Self.header(name: name, size: size, mtime: mtime)
        try emit(header)
        remaining = size
    }

    mutating func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard Int64(bytes.count) <= remaining else { throw OpsError(.io, "\(path): entry grew while it was archived") }
        try FileIO.writeAll(fd, bytes, path: path)
        offset += Int64(bytes.count)
        remaining -= Int64(bytes.count)
    }

    /// Pads the entry to a 512-byte boundary.
    mutating func endEntry() throws {
        guard remaining == 0 else { throw OpsError(.io, "\(path): entry shrank while it was archived") }
        let pad = Int((Int64(Self.block) - offset % Int64(Self.block)) % Int64(Self.block))
        if pad > 0 { try emit([UInt8](repeating: 0, count: pad)) }
    }

    /// Adds a whole in-memory file.
    mutating func add(name: String, bytes: [UInt8], mtime: Int64) throws {
        try beginEntry(name: name, size: Int64(bytes.count), mtime: mtime)
        try bytes.withUnsafeBytes { try write($0) }
        try endEntry()
    }

    /// Writes the two zero blocks that end an archive.
    mutating func finish() throws {
        try emit([UInt8](repeating: 0, count: 2 * Self.block))
    }

    private mutating func emit(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try FileIO.writeAll(fd, $0, path: path) }
        offset += Int64(bytes.count)
    }

    /// Builds one ustar header block.
    static func header(name: String, size: Int64, mtime: Int64) throws -> [UInt8] {
        guard size >= 0, size < 0o77777777777 else { throw OpsError(.refused, "\(name) is too large for a ustar archive") }
        let (prefix, base) = try split(name)
        var h = [UInt8](repeating: 0, count: block)
        put(Array(base.utf8), into: &h, at: 0, width: 100)
        putOctal(0o600, into: &h, at: 100, width: 8)
        putOctal(0, into: &h, at: 108, width: 8)
        putOctal(0, into: &h, at: 116, width: 8)
        putOctal(size, into: &h, at: 124, width: 12)
        putOctal(max(0, mtime), into: &h, at: 136, width: 12)
        h[156] = UInt8(ascii: "0")
        put(Array("ustar\0".utf8) + Array("00".utf8), into: &h, at: 257, width: 8)
        put(Array("parley".utf8), into: &h, at: 265, width: 32)
        put(Array("parley".utf8), into: &h, at: 297, width: 32)
        put(Array(prefix.utf8), into: &h, at: 345, width: 155)
        // The checksum is computed with its own field read as eight spaces.
        for i in 148..<156 { h[i] = UInt8(ascii: " ") }
        let sum = h.reduce(0) { $0 + Int64($1) }
        putOctal(sum, into: &h, at: 148, width: 7)  // six digits, NUL, then the space already there
        return h
    }

    /// Splits a path into ustar prefix (≤155 bytes) and name (≤100 bytes) at a slash.
    static func split(_ name: String) throws -> (String, String) {
        let bytes = Array(name.utf8)
        guard !bytes.isEmpty, !bytes.contains(0) else { throw OpsError(.refused, "bad archive name \"\(name)\"") }
        if bytes.count <= 100 { return ("", name) }
        for i in bytes.indices.reversed() where bytes[i] == UInt8(ascii: "/") {
            if i <= 155 && bytes.count - i - 1 <= 100 && bytes.count - i - 1 > 0 {
                return (String(decoding: bytes[..<i], as: UTF8.self), String(decoding: bytes[(i + 1)...], as: UTF8.self))
            }
        }
        throw OpsError(.refused, "path too long for a ustar archive: \(name)")
    }

    private static func put(_ bytes: [UInt8], into h: inout [UInt8], at: Int, width: Int) {
        for (i, b) in bytes.prefix(width).enumerated() { h[at + i] = b }
    }

    /// Zero-padded octal in `width - 1` digits followed by NUL.
    private static func putOctal(_ value: Int64, into h: inout [UInt8], at: Int, width: Int) {
        var digits = Array(String(value, radix: 8).utf8)
        while digits.count < width - 1 { digits.insert(UInt8(ascii: "0"), at: 0) }
        put(digits + [0], into: &h, at: at, width: width)
    }
}

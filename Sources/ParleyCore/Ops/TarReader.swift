#if canImport(Glibc)
import Glibc
#endif

/// Reads the ustar archives `TarWriter` makes, strictly: every header checksum, zero padding and the zero end
/// blocks are checked, so a single flipped byte anywhere is reported (data bytes are covered by the manifest).
struct TarReader {
    /// One archive member.
    struct Entry {
        let name: String
        let size: Int64
        let isDirectory: Bool
    }

    let fd: Int32
    let path: String
    private(set) var offset: Int64 = 0
    private var remaining: Int64 = 0
    private var padding = 0

    init(fd: Int32, path: String) {
        self.fd = fd
        self.path = path
    }

    /// The next entry, or nil at the end marker. The previous entry's data must have been read.
    mutating func next() throws -> Entry? {
        precondition(remaining == 0, "previous tar entry not read")
        if padding > 0 {
            let pad = try readExactly(padding)
            guard pad.allSatisfy({ $0 == 0 }) else { throw damaged("non-zero padding before offset \(offset)") }
            padding = 0
        }
        let start = offset
        let header = try readExactly(TarWriter.block)
        if header.allSatisfy({ $0 == 0 }) {
            let second = try readExactly(TarWriter.block)
            guard second.allSatisfy({ $0 == 0 }) else { throw damaged("damaged end marker at offset \(offset)") }
            var probe = [UInt8](repeating: 0, count: 1)
            let extra = try probe.withUnsafeMutableBytes { try FileIO.readSome(fd, $0, path: path) }
            guard extra == 0 else { throw damaged("unexpected bytes after the end marker") }
            return nil
        }
        var forSum = header
        for i in 148..<156 { forSum[i] = UInt8(ascii: " ") }
        let sum = forSum.reduce(0) { $0 + Int64($1) }
        guard let stored = Self.octal(header[148..<156]), stored == sum else {
            throw damaged("header checksum mismatch at offset \(start)")
        }
        guard header[257..<262].elementsEqual("ustar".utf8) else { throw damaged("not a ustar header at offset \(start)") }
        guard let size = Self.octal(header[124..<136]) else { throw damaged("bad size field at offset \(start)") }
        let base = Self.string(header[0..<100])
        let prefix = Self.string(header[345..<500])
        let name = prefix.isEmpty ? base : "\(prefix)/\(base)"
        let type = header[156]
        switch type {
        case UInt8(ascii: "0"), 0:
            remaining = size
            padding = Int((Int64(TarWriter.block) - size % Int64(TarWriter.block)) % Int64(TarWriter.block))
            return Entry(name: name, size: size, isDirectory: false)
        case UInt8(ascii: "5"):
            return Entry(name: name, size: 0, isDirectory: true)
        default:
            throw damaged("unsupported entry type \(type) for \(name)")
        }
    }

    /// Reads up to `buffer.count` bytes of the current entry; 0 when it is exhausted.
    mutating func read(_ buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard remaining > 0 else { return 0 }
        let want = Int(min(Int64(buffer.count), remaining))
        let n = try FileIO.readSome(fd, UnsafeMutableRawBufferPointer(rebasing: buffer[..<want]), path: path)
        guard n > 0 else { throw damaged("archive ends in the middle of an entry") }
        remaining -= Int64(n)
        offset += Int64(n)
        return n
    }

    /// Reads the whole current entry into memory (small files such as the manifest).
    mutating func readAll(limit: Int) throws -> [UInt8] {
        guard remaining <= Int64(limit) else { throw damaged("entry too large (\(remaining) bytes)") }
        let bytes = try readExactly(Int(remaining))
        remaining = 0
        return bytes
    }

    private mutating func readExactly(_ count: Int) throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        var got = 0
        while got < count {
            let n = try out.withUnsafeMutableBytes { buf in
                try FileIO.readSome(fd, UnsafeMutableRawBufferPointer(rebasing: buf[got...]), path: path)
            }
            guard n > 0 else { throw damaged("archive is truncated at offset \(offset + Int64(got))") }
            got += n
        }
        offset += Int64(count)
        return out
    }

    private func damaged(_ what: String) -> OpsError {
        OpsError(.damaged, "\(path) is damaged: \(what)")
    }

    private static func string(_ field: ArraySlice<UInt8>) -> String {
        String(decoding: field.prefix { $0 != 0 }, as: UTF8.self)
    }

    /// Parses an octal field (leading spaces allowed, ends at NUL or space); nil when malformed.
    static func octal(_ field: ArraySlice<UInt8>) -> Int64? {
        var value: Int64 = 0
        var seen = false
        for b in field {
            if b == 0 || (b == UInt8(ascii: " ") && seen) { break }
            if b == UInt8(ascii: " ") { continue }
            guard (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(b), value < Int64.max / 8 else { return nil }
            value = value * 8 + Int64(b - UInt8(ascii: "0"))
            seen = true
        }
        return seen ? value : nil
    }
}

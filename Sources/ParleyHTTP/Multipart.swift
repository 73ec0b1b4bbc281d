import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif

/// One part of a multipart/form-data body: a small field kept in memory or a file written to disk.
public struct MultipartPart: Sendable {
    /// The form field name.
    public var name: String
    /// The client's file name (untrusted; never use it as a path).
    public var filename: String?
    /// The part's declared content type (untrusted).
    public var contentType: String?
    /// The value of a non-file field.
    public var value: [UInt8]
    /// Where a file part's bytes were written.
    public var filePath: String?
    /// Size of the part's content.
    public var size: Int

    /// The field value as UTF-8 text.
    public var text: String { String(decoding: value, as: UTF8.self) }
}

/// A streaming multipart/form-data parser (RFC 7578) that never holds a whole file in memory.
/// Written in Swift rather than using MHD_PostProcessor, whose multipart parser had CVE-2023-27371.
public struct MultipartParser {
    /// Limits that keep a hostile body from exhausting memory or disk.
    public struct Limits: Sendable {
        /// Largest in-memory field value.
        public var maxFieldBytes = 64 * 1024
        /// Largest part header block.
        public var maxHeaderBytes = 16 * 1024
        /// Most parts in one body.
        public var maxParts = 64
        /// Defaults.
        public init() {}
    }

    /// The boundary parameter of a multipart/form-data Content-Type, or nil.
    public static func boundary(fromContentType ct: String?) -> String? {
        guard let ct, ct.lowercased().hasPrefix("multipart/form-data") else { return nil }
        for param in ct.split(separator: ";").dropFirst() {
            let kv = param.split(separator: "=", maxSplits: 1)
            guard kv.count == 2, kv[0].trimmedSpace.lowercased() == "boundary" else { continue }
            var b = kv[1].trimmedSpace
            if b.hasPrefix("\"") && b.hasSuffix("\"") && b.count >= 2 { b = String(b.dropFirst().dropLast()) }
            return (1...70).contains(b.utf8.count) ? b : nil
        }
        return nil
    }

    /// Parses the body in `path`, writing file parts as new files in `directory`.
    /// Throws HTTPError 400 for malformed bodies (and removes files it wrote).
    public static func parse(file path: String, boundary: String, directory: String, limits: Limits = Limits()) throws -> [MultipartPart] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw HTTPError.badRequest("The upload could not be read.") }
        defer { close(fd) }
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        return try parse(boundary: boundary, directory: directory, limits: limits) {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            return n > 0 ? Array(chunk[0..<n]) : nil
        }
    }

    /// Parses a body delivered by `next` (nil at the end) — the core, shared by files, memory and the fuzzer.
    public static func parse(boundary: String, directory: String, limits: Limits = Limits(),
                             next: () throws -> [UInt8]?) throws -> [MultipartPart] {
        var state = ParserState(boundary: boundary, directory: directory, limits: limits)
        do {
            while let data = try next() {
                try state.feed(data)
            }
            try state.end()
            return state.parts
        } catch {
            state.cleanup()
            throw error
        }
    }
}

/// The parser's state machine, fed chunk by chunk.
struct ParserState {
    enum Phase { case preamble, afterDelimiter, headers, body, done }
    let delimiter: [UInt8]          // "\r\n--boundary"
    let directory: String
    let limits: MultipartParser.Limits
    var phase = Phase.preamble
    var buffer: [UInt8] = []
    var parts: [MultipartPart] = []
    var current: MultipartPart?
    var fd: Int32 = -1

    init(boundary: String, directory: String, limits: MultipartParser.Limits) {
        delimiter = Array("\r\n--\(boundary)".utf8)
        self.directory = directory
        self.limits = limits
        // The first delimiter may start the body without a CRLF before it.
        buffer = Array("\r\n".utf8)
    }

    static func bad(_ why: String) -> HTTPError { .badRequest("Malformed multipart body: \(why).", code: "invalid_multipart") }

    mutating func feed(_ data: [UInt8]) throws {
        buffer += data
        try step()
    }

    mutating func end() throws {
        try step()
        guard phase == .done else { throw Self.bad("missing closing boundary") }
    }

    mutating func step() throws {
        while true {
            switch phase {
            case .preamble:
                guard let i = find(delimiter, in: buffer) else {
                    if buffer.count > delimiter.count { buffer.removeFirst(buffer.count - delimiter.count) }
                    return
                }
                buffer.removeFirst(i + delimiter.count)
                phase = .afterDelimiter
            case .afterDelimiter:
                guard buffer.count >= 2 else { return }
                if buffer[0] == 45 && buffer[1] == 45 { phase = .done; buffer = []; return }  // "--": the end
                // Transport padding (spaces/tabs) may follow a delimiter before the CRLF.
                var j = 0
                while j < buffer.count && (buffer[j] == 32 || buffer[j] == 9) { j += 1 }
                guard buffer.count >= j + 2 else { return }
                guard buffer[j] == 13 && buffer[j + 1] == 10 else { throw Self.bad("bad delimiter line") }
                buffer.removeFirst(j + 2)
                phase = .headers
            case .headers:
                guard let i = find(Array("\r\n\r\n".utf8), in: buffer) else {
                    if buffer.count > limits.maxHeaderBytes { throw Self.bad("part headers too large") }
                    return
                }
                guard parts.count < limits.maxParts else { throw Self.bad("too many parts") }
                try startPart(headers: Array(buffer[0..<i]))
                buffer.removeFirst(i + 4)
                phase = .body
            case .body:
                if let i = find(delimiter, in: buffer) {
                    try emit(buffer[0..<i])
                    buffer.removeFirst(i + delimiter.count)
                    try finishPart()
                    phase = .afterDelimiter
                } else {
                    // Keep a tail that could be the start of a delimiter split across chunks.
                    let keep = delimiter.count - 1
                    if buffer.count > keep {
                        try emit(buffer[0..<(buffer.count - keep)])
                        buffer.removeFirst(buffer.count - keep)
                    }
                    return
                }
            case .done:
                buffer = []
                return
            }
        }
    }

    mutating func startPart(headers: [UInt8]) throws {
        let text = String(decoding: headers, as: UTF8.self)
        var name: String?
        var filename: String?
        var contentType: String?
        for line in text.split(separator: "\r\n") {
            let kv = line.split(separator: ":", maxSplits: 1)
            guard kv.count == 2 else { throw Self.bad("bad part header") }
            let key = kv[0].trimmedSpace.lowercased()
            let value = kv[1].trimmedSpace
            if key == "content-disposition" {
                for param in value.split(separator: ";").dropFirst() {
                    let p = param.split(separator: "=", maxSplits: 1)
                    guard p.count == 2 else { continue }
                    var v = p[1].trimmedSpace
                    if v.hasPrefix("\"") && v.hasSuffix("\"") && v.count >= 2 { v = String(v.dropFirst().dropLast()) }
                    switch p[0].trimmedSpace.lowercased() {
                    case "name": name = v
                    case "filename": filename = v
                    default: break
                    }
                }
            } else if key == "content-type" {
                contentType = value
            }
        }
        guard let name, !name.isEmpty else { throw Self.bad("part without a name") }
        var part = MultipartPart(name: name, filename: filename, contentType: contentType, value: [], filePath: nil, size: 0)
        if filename != nil {
            let path = "\(directory)/part-\(UInt64.random(in: 0...UInt64.max)).bin"
            fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            guard fd >= 0 else { throw HTTPError.unavailable(retryAfter: 30, message: "Could not store the upload.", cause: "errno \(errno)") }
            part.filePath = path
        }
        current = part
    }

    mutating func emit(_ bytes: ArraySlice<UInt8>) throws {
        guard var part = current, !bytes.isEmpty else { return }
        part.size += bytes.count
        if fd >= 0 {
            try bytes.withUnsafeBytes { raw in
                var off = 0
                while off < raw.count {
                    let w = write(fd, raw.baseAddress! + off, raw.count - off)
                    if w < 0 {
                        if errno == EINTR { continue }
                        throw HTTPError.unavailable(retryAfter: 30, message: "Could not store the upload.", cause: "errno \(errno)")
                    }
                    off += w
                }
            }
        } else {
            guard part.size <= limits.maxFieldBytes else { throw Self.bad("field \(part.name) is too large") }
            part.value += bytes
        }
        current = part
    }

    mutating func finishPart() throws {
        if fd >= 0 { close(fd); fd = -1 }
        if let p = current { parts.append(p) }
        current = nil
    }

    mutating func cleanup() {
        if fd >= 0 { close(fd); fd = -1 }
        for p in parts + (current.map { [$0] } ?? []) { if let f = p.filePath { unlink(f) } }
    }
}

/// Index of the first occurrence of `needle` in `hay`, or nil.
func find(_ needle: [UInt8], in hay: [UInt8]) -> Int? {
    let n = needle.count
    guard n > 0, hay.count >= n else { return nil }
    let first = needle[0]
    return hay.withUnsafeBufferPointer { h -> Int? in
        needle.withUnsafeBufferPointer { nd -> Int? in
            var i = 0
            let last = h.count - n
            while i <= last {
                if h[i] == first && memcmp(h.baseAddress! + i, nd.baseAddress!, n) == 0 { return i }
                i += 1
            }
            return nil
        }
    }
}

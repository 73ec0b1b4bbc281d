import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A raw HTTP/1.1 response read off a socket.
public struct RawResponse: Sendable {
    /// Status code (0 when the server closed without answering).
    public var status: Int
    /// Header fields, names lower-cased.
    public var headers: [(String, String)]
    /// The body (de-chunked).
    public var body: [UInt8]
    /// The first value of a header (case-insensitive).
    public func header(_ name: String) -> String? { headers.first { $0.0 == name.lowercased() }?.1 }
    /// Every value of a header.
    public func headerValues(_ name: String) -> [String] { headers.filter { $0.0 == name.lowercased() }.map(\.1) }
    /// The body as text.
    public var text: String { String(decoding: body, as: UTF8.self) }
    /// The body as a JSON object.
    public var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:] }
    /// The error envelope's code, if any.
    public var errorCode: String? { (json["error"] as? [String: Any])?["code"] as? String }
}

/// A deliberately low-level HTTP client for tests: sends exact bytes (even malformed framing) to 127.0.0.1.
public struct LoopbackClient: Sendable {
    /// The server's port.
    public let port: UInt16
    /// Creates a client for a loopback port.
    public init(port: UInt16) { self.port = port }

    /// Opens a TCP connection to the port.
    public func connect(timeoutSeconds: Int = 10) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestError("socket failed") }
        var tv = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = port.bigEndian
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let rc = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard rc == 0 else { close(fd); throw TestError("connect to \(port) failed: errno \(errno)") }
        return fd
    }

    /// Sends raw bytes and reads one response (the connection is closed afterwards).
    public func raw(_ bytes: [UInt8], timeoutSeconds: Int = 10) throws -> RawResponse {
        let fd = try connect(timeoutSeconds: timeoutSeconds)
        defer { close(fd) }
        try Self.sendAll(fd, bytes)
        return try Self.readResponse(fd)
    }

    /// Sends a request built from parts; adds Host, Content-Length and Connection: close.
    public func request(_ method: String, _ path: String, headers: [(String, String)] = [], body: [UInt8] = [],
                        timeoutSeconds: Int = 10) throws -> RawResponse {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        for (k, v) in headers { head += "\(k): \(v)\r\n" }
        if !body.isEmpty || ["POST", "PUT", "PATCH"].contains(method) { head += "Content-Length: \(body.count)\r\n" }
        head += "\r\n"
        return try raw(Array(head.utf8) + body, timeoutSeconds: timeoutSeconds)
    }

    /// Sends JSON and reads the response.
    public func json(_ method: String, _ path: String, _ object: Any, headers: [(String, String)] = []) throws -> RawResponse {
        let data = try JSONSerialization.data(withJSONObject: object)
        return try request(method, path, headers: headers + [("Content-Type", "application/json")], body: Array(data))
    }

    /// Writes every byte.
    public static func sendAll(_ fd: Int32, _ bytes: [UInt8]) throws {
        var off = 0
        while off < bytes.count {
            let n = bytes.withUnsafeBytes { send(fd, $0.baseAddress! + off, bytes.count - off, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { throw TestError("send failed: errno \(errno)") }
            off += n
        }
    }

    /// Reads until the peer closes (or times out) and parses one response.
    public static func readResponse(_ fd: Int32) throws -> RawResponse {
        var data: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buf.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { break }
            data += buf[0..<n]
            if let r = parse(data), r.complete { return r.response }
        }
        return parse(data)?.response ?? RawResponse(status: 0, headers: [], body: [])
    }

    /// Parses a response; `complete` says whether the whole body is there.
    public static func parse(_ data: [UInt8]) -> (response: RawResponse, complete: Bool)? {
        let sep: [UInt8] = [13, 10, 13, 10]
        guard let end = indexOf(sep, in: data) else { return nil }
        let head = String(decoding: data[0..<end], as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst().split(separator: " ")
        let status = statusLine.count > 1 ? Int(statusLine[1]) ?? 0 : 0
        let headers = lines.compactMap { l -> (String, String)? in
            guard let c = l.firstIndex(of: ":") else { return nil }
            return (l[..<c].lowercased(), l[l.index(after: c)...].trimmingCharacters(in: .whitespaces))
        }
        var body = Array(data[(end + 4)...])
        let te = headers.first { $0.0 == "transfer-encoding" }?.1.lowercased()
        if te == "chunked" {
            var out: [UInt8] = []
            var i = 0
            while true {
                guard let le = indexOf([13, 10], in: Array(body[i...])) else { return (RawResponse(status: status, headers: headers, body: out), false) }
                let sizeText = String(decoding: body[i..<(i + le)], as: UTF8.self).split(separator: ";").first ?? ""
                guard let size = Int(sizeText, radix: 16) else { return (RawResponse(status: status, headers: headers, body: out), false) }
                i += le + 2
                if size == 0 { return (RawResponse(status: status, headers: headers, body: out), true) }
                guard body.count >= i + size + 2 else { return (RawResponse(status: status, headers: headers, body: out), false) }
                out += body[i..<(i + size)]
                i += size + 2
            }
        }
        if let cl = headers.first(where: { $0.0 == "content-length" }).flatMap({ Int($0.1) }) {
            if body.count >= cl { body = Array(body[0..<cl]); return (RawResponse(status: status, headers: headers, body: body), true) }
            return (RawResponse(status: status, headers: headers, body: body), false)
        }
        return (RawResponse(status: status, headers: headers, body: body), status == 204 || status == 304)
    }

    static func indexOf(_ needle: [UInt8], in hay: [UInt8]) -> Int? {
        guard hay.count >= needle.count else { return nil }
        for i in 0...(hay.count - needle.count) where hay[i] == needle[0] && Array(hay[i..<(i + needle.count)]) == needle { return i }
        return nil
    }
}

/// A failure inside test plumbing.
public struct TestError: Error, CustomStringConvertible {
    /// What went wrong.
    public let description: String
    /// Creates one.
    public init(_ d: String) { description = d }
}

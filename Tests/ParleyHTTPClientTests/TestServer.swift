// A tiny HTTP/1.1 server on 127.0.0.1:0 for the client tests: plain Glibc sockets, one thread per
// connection, keep-alive, Content-Length and chunked request bodies. Test code only.
import Foundation
import Glibc
import Synchronization

/// A parsed request as the test server saw it.
struct TestRequest: Sendable {
    var method: String
    var target: String
    var headers: [(String, String)]
    var body: [UInt8]

    var path: String { String(target.split(separator: "?", maxSplits: 1).first ?? "") }
    var query: String {
        let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        return parts.count > 1 ? String(parts[1]) : ""
    }
    func header(_ name: String) -> String? {
        headers.last { $0.0.lowercased() == name.lowercased() }?.1
    }
    func queryValue(_ name: String) -> String? {
        decodeQuery(query).last { $0.0 == name }?.1
    }
}

/// What the server sends back.
struct TestResponse: Sendable {
    var status: Int = 200
    var headers: [(String, String)] = []
    var body: [UInt8] = []
    /// Sent with Transfer-Encoding: chunked instead of Content-Length.
    var chunks: [[UInt8]]? = nil
    /// Close the socket without answering.
    var dropConnection = false
}

/// The server; `stop()` (or deinit) closes the listening socket.
final class TestServer: Sendable {
    let port: UInt16
    private let listener: Int32
    private let accepted = Atomic<Int>(0)
    private let stopped = Atomic<Bool>(false)

    /// Connections accepted so far (tells whether the client reused connections).
    var acceptedConnections: Int { accepted.load(ordering: .relaxed) }

    var baseURL: String { "http://127.0.0.1:\(port)" }

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 256) == 0 else { close(fd); throw POSIXError(.EADDRINUSE) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        listener = fd
        port = UInt16(bigEndian: address.sin_port)
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    deinit { stop() }

    func stop() {
        guard !stopped.exchange(true, ordering: .relaxed) else { return }
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    private func acceptLoop() {
        while !stopped.load(ordering: .relaxed) {
            let connection = accept(listener, nil, nil)
            if connection < 0 {
                if errno == EINTR { continue }
                return
            }
            accepted.add(1, ordering: .relaxed)
            Thread.detachNewThread { TestServer.serve(connection) }
        }
    }

    private static func serve(_ fd: Int32) {
        defer { close(fd) }
        var reader = SocketReader(fd: fd)
        while true {
            switch reader.nextRequest() {
            case .closed:
                return
            case .garbage:
                // Not HTTP (e.g. a TLS ClientHello): answer like a plain HTTP server would, then hang up.
                write(fd, TestResponse(status: 400, headers: [("Connection", "close")], body: Array("bad request".utf8)))
                return
            case .request(let request):
                let response = TestRoutes.respond(to: request)
                if response.dropConnection { return }
                write(fd, response)
                if request.header("Connection")?.lowercased() == "close" { return }
            }
        }
    }

    private static func write(_ fd: Int32, _ response: TestResponse) {
        var head = "HTTP/1.1 \(response.status) \(reason(response.status))\r\n"
        for (name, value) in response.headers { head += "\(name): \(value)\r\n" }
        var out: [UInt8]
        if let chunks = response.chunks {
            head += "Transfer-Encoding: chunked\r\n\r\n"
            out = Array(head.utf8)
            for chunk in chunks where !chunk.isEmpty {
                out += Array((String(chunk.count, radix: 16) + "\r\n").utf8) + chunk + Array("\r\n".utf8)
            }
            out += Array("0\r\n\r\n".utf8)
        } else {
            head += "Content-Length: \(response.body.count)\r\n\r\n"
            out = Array(head.utf8) + response.body
        }
        var sent = 0
        out.withUnsafeBytes { raw in
            while sent < raw.count {
                let n = send(fd, raw.baseAddress! + sent, raw.count - sent, Int32(MSG_NOSIGNAL))
                if n <= 0 { return }
                sent += n
            }
        }
    }

    private static func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 302: "Found"
        case 400: "Bad Request"
        case 404: "Not Found"
        case 500: "Internal Server Error"
        default: "Status"
        }
    }
}

/// Buffered reading of requests from one socket.
struct SocketReader {
    enum Result { case request(TestRequest), garbage, closed }

    let fd: Int32
    var buffer: [UInt8] = []

    mutating func nextRequest() -> Result {
        var headerEnd: Int?
        while headerEnd == nil {
            if let first = buffer.first, !(first >= 0x41 && first <= 0x5A) { return .garbage }
            headerEnd = find(Array("\r\n\r\n".utf8), in: buffer)
            if headerEnd == nil, !fill() { return .closed }
        }
        guard let end = headerEnd else { return .closed }
        let lines = String(decoding: buffer[..<end], as: UTF8.self).components(separatedBy: "\r\n")
        buffer.removeFirst(end + 4)
        let requestLine = lines[0].split(separator: " ")
        guard requestLine.count == 3 else { return .garbage }
        var headers: [(String, String)] = []
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.append((String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        var request = TestRequest(method: String(requestLine[0]), target: String(requestLine[1]), headers: headers, body: [])
        if request.header("Transfer-Encoding")?.lowercased() == "chunked" {
            guard let body = readChunked() else { return .closed }
            request.body = body
        } else if let length = Int(request.header("Content-Length") ?? "0"), length > 0 {
            guard ensure(length) else { return .closed }
            request.body = Array(buffer[..<length])
            buffer.removeFirst(length)
        }
        return .request(request)
    }

    private mutating func readChunked() -> [UInt8]? {
        var body: [UInt8] = []
        while true {
            var lineEnd = find(Array("\r\n".utf8), in: buffer)
            while lineEnd == nil { guard fill() else { return nil }; lineEnd = find(Array("\r\n".utf8), in: buffer) }
            let sizeText = String(decoding: buffer[..<lineEnd!], as: UTF8.self).split(separator: ";").first ?? ""
            guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16) else { return nil }
            buffer.removeFirst(lineEnd! + 2)
            guard ensure(size + 2) else { return nil }
            body += buffer[..<size]
            buffer.removeFirst(size + 2)
            if size == 0 { return body }
        }
    }

    private mutating func ensure(_ count: Int) -> Bool {
        while buffer.count < count { guard fill() else { return false } }
        return true
    }

    private mutating func fill() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        guard n > 0 else { return false }
        buffer += chunk[..<n]
        return true
    }
}

/// Index of the first occurrence of `needle` in `haystack`.
func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int = 0) -> Int? {
    guard needle.count <= haystack.count, start <= haystack.count - needle.count else { return nil }
    var i = start
    let first = needle[0]
    while i <= haystack.count - needle.count {
        if haystack[i] == first, haystack[i..<(i + needle.count)].elementsEqual(needle) { return i }
        i += 1
    }
    return nil
}

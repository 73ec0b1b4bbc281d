import Foundation
import ParleyHTTP
import Synchronization

/// What a stub route sees.
public struct StubRequest: Sendable {
    /// Upper-case method.
    public let method: String
    /// Decoded path.
    public let path: String
    /// Query items.
    public let query: [String: String]
    /// Header fields.
    public let headers: [(String, String)]
    /// Body bytes.
    public let body: [UInt8]
    /// The first value of a header (case-insensitive).
    public func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
    /// The body as text.
    public var text: String { String(decoding: body, as: UTF8.self) }
}

/// What a stub route answers.
public struct StubResponse: Sendable {
    /// Status.
    public var status: Int
    /// Headers.
    public var headers: [(String, String)]
    /// Body.
    public var body: [UInt8]
    /// Creates an answer.
    public init(status: Int = 200, headers: [(String, String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }
    /// A JSON answer from text.
    public static func json(_ text: String, status: Int = 200, headers: [(String, String)] = []) -> StubResponse {
        StubResponse(status: status, headers: [("Content-Type", "application/json")] + headers, body: Array(text.utf8))
    }
    /// Bytes with a content type.
    public static func bytes(_ body: [UInt8], contentType: String, status: Int = 200) -> StubResponse {
        StubResponse(status: status, headers: [("Content-Type", contentType)], body: body)
    }
}

/// A tiny loopback HTTP server for tests that need some other party: images for Instagram to fetch, an AI API,
/// a contract double. Routes are "METHOD /path" (exact); everything else is 404. Every request is recorded.
public final class StubServer: Sendable {
    private let server: Server
    private let log: StubLog

    /// Starts on a free port with `routes`.
    public init(_ routes: [String: @Sendable (StubRequest) -> StubResponse]) throws {
        let log = StubLog()
        self.log = log
        var router = Router()
        for method in ["GET", "POST", "PUT", "PATCH", "DELETE"] {
            router.add(method, "/{path...}", body: BodyPolicy(maxBytes: 16 << 20)) { req in
                var q: [String: String] = [:]
                for item in req.query where q[item.name] == nil { q[item.name] = item.value }
                let r = StubRequest(method: req.method, path: req.path, query: q, headers: req.headers.fields.map { ($0.name, $0.value) }, body: req.body)
                log.entries.withLock { $0.append(r) }
                guard let handler = routes["\(req.method) \(req.path)"] else { return .text("no stub for \(req.method) \(req.path)", status: 404) }
                let s = handler(r)
                var h = HTTPHeaders()
                for (k, v) in s.headers { h.add(k, v) }
                return HTTPResponse(status: s.status, headers: h, body: .bytes(s.body))
            }
        }
        var config = ServerConfiguration()
        config.port = 0
        config.threads = 2
        server = try Server(configuration: config, router: router, middleware: [])
    }

    /// The bound port.
    public var port: UInt16 { server.port }
    /// `http://127.0.0.1:<port>`.
    public var baseURL: String { "http://127.0.0.1:\(port)" }
    /// Requests received, oldest first.
    public var requests: [StubRequest] { log.entries.withLock { $0 } }
    /// Stops serving.
    public func stop() { server.stop(grace: .seconds(1)) }

    /// The smallest JPEG-looking bytes (SOI marker, JFIF header, EOI) for "is it a JPEG" checks.
    public static let tinyJPEG: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01,
                                           0x00, 0x01, 0x00, 0x00, 0xFF, 0xD9]
}

/// The request log, shared by the server's handler and the owner.
final class StubLog: Sendable {
    let entries = Mutex<[StubRequest]>([])
}

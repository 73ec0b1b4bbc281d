import FoundationEssentials

/// One HTTP request as handlers see it: method, path, query, headers, cookies, body, route parameters.
// SAFETY: @unchecked Sendable because a request is mutated (attributes, parameters) only by the synchronous
// middleware chain on the libmicrohttpd thread that owns the connection; deferred work only reads it.
public final class HTTPRequest: @unchecked Sendable {
    /// Upper-case method, e.g. "GET".
    public let method: String
    /// Percent-decoded path without the query, e.g. "/api/v1/conversations/7".
    public let path: String
    /// Query items in order (decoded).
    public let query: [(name: String, value: String)]
    /// Request header fields.
    public let headers: HTTPHeaders
    /// The raw body for buffered routes (empty when streamed to a file).
    public let body: [UInt8]
    /// The temp file holding the body for routes that stream uploads to disk; removed after the response.
    public let bodyFile: String?
    /// Size of the body in bytes, buffered or streamed.
    public let bodySize: Int
    /// The peer address as text ("127.0.0.1").
    public let remoteAddress: String
    /// "HTTP/1.1" or "HTTP/1.0".
    public let version: String
    /// Route parameters from `{name}` segments.
    public internal(set) var parameters: [String: String] = [:]
    /// The route pattern that matched, e.g. "GET /api/v1/conversations/{id}" (for metrics and logs).
    public internal(set) var routePattern: String = ""
    /// Per-request values set by middleware (request id, principal, tenant…).
    public var attributes: [String: any Sendable] = [:]
    /// When the server saw the request's headers.
    public let receivedAt: ContinuousClock.Instant

    /// Creates a request (the server does this; tests may too).
    public init(method: String, path: String, query: [(name: String, value: String)] = [], headers: HTTPHeaders = HTTPHeaders(),
                body: [UInt8] = [], bodyFile: String? = nil, bodySize: Int? = nil, remoteAddress: String = "127.0.0.1",
                version: String = "HTTP/1.1", receivedAt: ContinuousClock.Instant = .now) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.bodyFile = bodyFile
        self.bodySize = bodySize ?? body.count
        self.remoteAddress = remoteAddress
        self.version = version
        self.receivedAt = receivedAt
    }

    /// The first query value for a name.
    public func queryValue(_ name: String) -> String? { query.first { $0.name == name }?.value }

    /// A route parameter; throws 400 when missing (a programming error in the route table otherwise).
    public func parameter(_ name: String) throws -> String {
        guard let v = parameters[name], !v.isEmpty else { throw HTTPError.badRequest("Missing path parameter \(name).") }
        return v
    }

    /// A route parameter as a positive integer id; a malformed id is answered 404, like an unknown one.
    public func intParameter(_ name: String) throws -> Int64 {
        guard let v = Int64(try parameter(name)), v > 0 else { throw HTTPError.notFound() }
        return v
    }

    /// Cookies from the Cookie header(s); the first occurrence of a name wins.
    public var cookies: [String: String] {
        var out: [String: String] = [:]
        for header in headers.values("Cookie") {
            for part in header.split(separator: ";") {
                let kv = part.split(separator: "=", maxSplits: 1)
                guard kv.count == 2 else { continue }
                let name = kv[0].trimmedSpace
                if out[name] == nil { out[name] = kv[1].trimmedSpace }
            }
        }
        return out
    }

    /// The media type of the body without parameters, lower-cased ("application/json").
    public var contentType: String? {
        headers["Content-Type"].map { $0.split(separator: ";").first.map { $0.trimmedSpace.lowercased() } ?? "" }
    }

    /// Decodes a JSON body; wrong content type → 415, malformed JSON → 400 naming the problem.
    public func decodeJSON<T: Decodable>(_ type: T.Type) throws -> T {
        guard contentType == "application/json" else {
            throw HTTPError(415, "unsupported_media_type", "Send the body as application/json.")
        }
        do {
            return try JSONDecoder().decode(T.self, from: Data(body))
        } catch let error as DecodingError {
            throw HTTPError.badRequest(Self.describe(error), code: "invalid_json")
        } catch {
            throw HTTPError.badRequest("The body is not valid JSON.", code: "invalid_json")
        }
    }

    /// Turns a DecodingError into a short, safe sentence.
    static func describe(_ error: DecodingError) -> String {
        func path(_ p: [any CodingKey]) -> String { p.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".") }
        switch error {
        case .keyNotFound(let key, let ctx): return "Missing field \(path(ctx.codingPath + [key]))."
        case .typeMismatch(_, let ctx): return "Field \(path(ctx.codingPath)) has the wrong type."
        case .valueNotFound(_, let ctx): return "Field \(path(ctx.codingPath)) must not be null."
        case .dataCorrupted(let ctx): return ctx.codingPath.isEmpty ? "The body is not valid JSON." : "Field \(path(ctx.codingPath)) is not valid."
        @unknown default: return "The body is not valid JSON."
        }
    }
}

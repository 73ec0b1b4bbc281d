import FoundationEssentials
import Dispatch

/// What a handler answers: a status, headers and one of several body kinds.
public struct HTTPResponse: Sendable {
    /// How the body is produced.
    public enum Body: Sendable {
        /// Bytes copied into the response.
        case bytes([UInt8])
        /// Bytes that live for the whole process (embedded assets): sent without copying.
        case persistent(StaticBytes)
        /// A file on disk, streamed.
        case file(path: String, size: Int)
        /// A Server-Sent Events stream that stays open; push to it from anywhere.
        case stream(EventStream)
        /// The answer comes later (work off the libmicrohttpd thread); the connection is suspended meanwhile.
        case deferred(DeferredResponse)
    }

    /// HTTP status code.
    public var status: Int
    /// Response headers.
    public var headers: HTTPHeaders
    /// The body.
    public var body: Body

    /// Creates a response.
    public init(status: Int = 200, headers: HTTPHeaders = HTTPHeaders(), body: Body = .bytes([])) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A JSON response from an Encodable value (snake_case keys are the caller's choice of CodingKeys).
    public static func json<T: Encodable>(_ value: T, status: Int = 200) throws -> HTTPResponse {
        let data = try JSONResponseEncoder.encode(value)
        var h = HTTPHeaders()
        h.set("Content-Type", "application/json")
        return HTTPResponse(status: status, headers: h, body: .bytes(data))
    }

    /// A JSON response from already-encoded text.
    public static func rawJSON(_ text: String, status: Int = 200) -> HTTPResponse {
        var h = HTTPHeaders()
        h.set("Content-Type", "application/json")
        return HTTPResponse(status: status, headers: h, body: .bytes(Array(text.utf8)))
    }

    /// A plain-text response.
    public static func text(_ text: String, status: Int = 200, contentType: String = "text/plain; charset=utf-8") -> HTTPResponse {
        var h = HTTPHeaders()
        h.set("Content-Type", contentType)
        return HTTPResponse(status: status, headers: h, body: .bytes(Array(text.utf8)))
    }

    /// 204 No Content.
    public static var noContent: HTTPResponse { HTTPResponse(status: 204) }

    /// A redirect (303 See Other by default).
    public static func redirect(to location: String, status: Int = 303) -> HTTPResponse {
        var h = HTTPHeaders()
        h.set("Location", location)
        return HTTPResponse(status: status, headers: h)
    }

    /// The envelope response for an HTTPError.
    public static func error(_ e: HTTPError) -> HTTPResponse {
        var r = rawJSON(JSONText.envelope(e), status: e.status)
        for f in e.headers { r.headers.set(f.name, f.value) }
        return r
    }

    /// A response whose body arrives later from `work`, run on a background thread.
    public static func later(_ work: @escaping @Sendable () -> HTTPResponse) -> HTTPResponse {
        let d = DeferredResponse()
        WorkerPool.shared.submit { d.complete(work()) }
        return HTTPResponse(body: .deferred(d))
    }
}

/// The shared JSON encoder settings for API responses (sorted keys keep output stable for tests and diffs).
public enum JSONResponseEncoder {
    /// Encodes a value as compact JSON with sorted keys and ISO-8601 dates.
    public static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        e.dateEncodingStrategy = .iso8601
        return Array(try e.encode(value))
    }
}

/// A view of bytes that live as long as the process (the embedded asset table).
// SAFETY: @unchecked Sendable because the pointed-to memory is immutable static data that is never freed.
public struct StaticBytes: @unchecked Sendable {
    /// The bytes.
    public let buffer: UnsafeRawBufferPointer
    /// Wraps process-lifetime bytes.
    public init(_ buffer: UnsafeRawBufferPointer) { self.buffer = buffer }
}

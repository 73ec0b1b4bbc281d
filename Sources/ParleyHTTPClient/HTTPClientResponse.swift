// A complete response. Non-2xx statuses arrive here too: callers read Meta's error bodies themselves.
import FoundationEssentials

/// The status, headers and body of an HTTP response.
public struct HTTPClientResponse: Sendable {
    /// The status code of the final response (after any followed redirects).
    public var status: Int
    /// Headers of the final response, in received order, duplicates kept.
    public var headers: [HTTPHeader]
    /// The body, decoded if the server used gzip/deflate/br/zstd.
    public var body: [UInt8]

    /// Creates a response (tests and fakes build these by hand).
    public init(status: Int, headers: [HTTPHeader] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// Whether the status is 2xx.
    public var isSuccess: Bool { (200..<300).contains(status) }

    /// The value of the header `name`, case-insensitive; the last one wins when it repeats.
    public func header(_ name: String) -> String? {
        headers.last(named: name)
    }

    /// Every value of the header `name` (e.g. `Set-Cookie`), in order.
    public func headers(named name: String) -> [String] {
        headers.filter { ASCII.caseInsensitiveEquals($0.name, name) }.map(\.value)
    }

    /// The body as UTF-8 text; invalid sequences become U+FFFD.
    public var text: String { String(decoding: body, as: UTF8.self) }

    /// Decodes the body as JSON.
    public func decode<T: Decodable>(_ type: T.Type = T.self, decoder: JSONDecoder = JSONDecoder()) throws -> T {
        try decoder.decode(type, from: Data(body))
    }
}

// Why an outbound request produced no HTTP response. A non-2xx status is a response, not an error.

/// A failure to obtain an HTTP response; the message and URL never contain credentials.
public struct HTTPClientError: Error, CustomStringConvertible, Sendable {
    /// The category of failure, for callers deciding whether to retry.
    public enum Kind: Sendable, Hashable {
        /// The connect or total timeout elapsed.
        case timeout
        /// DNS failed or the peer refused or dropped the connection attempt.
        case connectionFailed
        /// The TLS handshake or certificate verification failed.
        case tls
        /// The response body exceeded `maxResponseBytes`.
        case tooLarge
        /// The URL is malformed or not http/https.
        case invalidURL
        /// The request itself is unusable (bad header, unreadable upload file).
        case invalidRequest
        /// Any other libcurl failure, with its `CURLcode`.
        case transport(code: Int)
    }

    /// The category of failure.
    public let kind: Kind
    /// A human-readable, redacted explanation (libcurl's error text where there is one).
    public let message: String
    /// The request method, when the error is tied to a request.
    public let method: String?
    /// The request URL with credentials redacted.
    public let url: String?

    /// Creates an error; the message and URL are redacted here so no caller can forget to.
    public init(_ kind: Kind, _ message: String, method: String? = nil, url: String? = nil) {
        self.kind = kind
        self.message = Redaction.redact(message)
        self.method = method
        self.url = url.map(Redaction.redact)
    }

    /// A timeout with a generic message.
    public static var timeout: HTTPClientError { .init(.timeout, "the request timed out") }
    /// A response larger than the configured limit.
    public static var tooLarge: HTTPClientError { .init(.tooLarge, "the response is larger than the limit") }
    /// A URL that is not an absolute http(s) URL.
    public static var invalidURL: HTTPClientError { .init(.invalidURL, "the URL is not a valid http or https URL") }
    /// The connection could not be established.
    public static func connectionFailed(_ message: String) -> HTTPClientError { .init(.connectionFailed, message) }
    /// TLS failed.
    public static func tls(_ message: String) -> HTTPClientError { .init(.tls, message) }
    /// Another libcurl failure.
    public static func transport(_ code: Int, _ message: String) -> HTTPClientError {
        .init(.transport(code: code), message)
    }
    /// The request could not be sent as given.
    public static func invalidRequest(_ message: String) -> HTTPClientError { .init(.invalidRequest, message) }

    /// Whether trying again later may succeed. Timeouts count as retryable, but a timed-out POST may have
    /// reached the server: callers sending non-idempotent requests decide for themselves.
    public var isRetryable: Bool {
        switch kind {
        case .timeout, .connectionFailed: return true
        case .tls, .tooLarge, .invalidURL, .invalidRequest: return false
        // 16 HTTP/2 framing, 18 partial file, 52 empty reply, 55 send error, 56 receive error, 92 HTTP/2 stream.
        case .transport(let code): return [16, 18, 52, 55, 56, 92].contains(code)
        }
    }

    /// `POST https://host/path?access_token=<redacted>: timed out: <message>`.
    public var description: String {
        var text = ""
        if let method { text += method + " " }
        if let url { text += url + ": " }
        return text + kindLabel + ": " + message
    }

    private var kindLabel: String {
        switch kind {
        case .timeout: return "timed out"
        case .connectionFailed: return "connection failed"
        case .tls: return "TLS error"
        case .tooLarge: return "response too large"
        case .invalidURL: return "invalid URL"
        case .invalidRequest: return "invalid request"
        case .transport(let code): return "transport error \(code)"
        }
    }
}

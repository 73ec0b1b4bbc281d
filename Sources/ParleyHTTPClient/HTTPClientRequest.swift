// An outbound request as plain values, so it can be built on one thread and sent from another.

/// An HTTP request for ``HTTPClient``; build it with the static helpers (`.get`, `.postJSON`, …) or directly.
public struct HTTPClientRequest: Sendable, CustomStringConvertible {
    /// The method, e.g. `GET`; upper-case token characters only.
    public var method: String
    /// An absolute `http://` or `https://` URL, already percent-encoded.
    public var url: String
    /// Request headers in send order.
    public var headers: [HTTPHeader]
    /// The raw body, sent with `Content-Length`; `nil` for none.
    public var body: [UInt8]?
    /// A multipart/form-data body streamed by libcurl (files are read from disk during the upload).
    public var multipart: MultipartBody?
    /// Overrides the client's total timeout for this request.
    public var timeout: Duration?
    /// Follow up to 5 redirects (http/https only). Off by default: an API redirect is usually a mistake.
    public var followRedirects: Bool

    /// Creates a request from its parts.
    public init(method: String, url: String, headers: [HTTPHeader] = [], body: [UInt8]? = nil,
                multipart: MultipartBody? = nil, timeout: Duration? = nil, followRedirects: Bool = false) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.multipart = multipart
        self.timeout = timeout
        self.followRedirects = followRedirects
    }

    /// Returns a copy with one more header.
    public func header(_ name: String, _ value: String) -> HTTPClientRequest {
        var copy = self
        copy.headers.append(HTTPHeader(name, value))
        return copy
    }

    /// Returns a copy with `Authorization: Bearer <token>`.
    public func bearer(_ token: String) -> HTTPClientRequest {
        header("Authorization", "Bearer " + token)
    }

    /// Returns a copy with a per-request timeout.
    public func timeout(_ duration: Duration) -> HTTPClientRequest {
        var copy = self
        copy.timeout = duration
        return copy
    }

    /// `GET https://…` with credentials redacted: safe to log.
    public var description: String {
        "\(method) \(Redaction.redact(url))"
    }
}

/// A multipart/form-data body: text fields first, then files.
public struct MultipartBody: Sendable {
    /// Plain `name=value` fields.
    public var fields: [HTTPHeader]
    /// File parts, from memory or streamed from disk.
    public var files: [MultipartFile]

    /// Creates a multipart body.
    public init(fields: [(String, String)], files: [MultipartFile]) {
        self.fields = [HTTPHeader](pairs: fields)
        self.files = files
    }
}

/// One file part of a multipart upload.
public struct MultipartFile: Sendable {
    /// Where the part's bytes come from.
    public enum Source: Sendable {
        /// Bytes held in memory (small files).
        case data([UInt8])
        /// A path read by libcurl while uploading, so large files never sit in memory.
        case file(path: String)
    }

    /// The form field name.
    public var name: String
    /// The file name announced to the server.
    public var filename: String
    /// The part's `Content-Type`.
    public var contentType: String
    /// The part's bytes.
    public var source: Source

    /// A file part from bytes in memory.
    public init(name: String, filename: String, contentType: String = "application/octet-stream", data: [UInt8]) {
        self.name = name
        self.filename = filename
        self.contentType = contentType
        self.source = .data(data)
    }

    /// A file part streamed from `filePath` during the upload.
    public init(name: String, filename: String, contentType: String = "application/octet-stream", filePath: String) {
        self.name = name
        self.filename = filename
        self.contentType = contentType
        self.source = .file(path: filePath)
    }
}

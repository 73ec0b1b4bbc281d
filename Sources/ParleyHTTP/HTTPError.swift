/// An error that becomes an HTTP response with Parley's JSON error envelope:
/// `{"error": {"code": "snake_case", "message": "…", "fields": {…}}}`.
public struct HTTPError: Error, Sendable, CustomStringConvertible {
    /// The HTTP status to answer with.
    public var status: Int
    /// A stable machine-readable code (snake_case).
    public var code: String
    /// A message safe to show to the caller.
    public var message: String
    /// Per-field validation messages, if any.
    public var fields: [String: String]
    /// Extra response headers (e.g. Retry-After, Allow).
    public var headers: HTTPHeaders
    /// The internal cause: logged, never sent.
    public var cause: String?

    /// Creates an error with a status, code and public message.
    public init(_ status: Int, _ code: String, _ message: String, fields: [String: String] = [:],
                headers: HTTPHeaders = HTTPHeaders(), cause: String? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.fields = fields
        self.headers = headers
        self.cause = cause
    }

    public var description: String { "\(status) \(code): \(message)" + (cause.map { " (\($0))" } ?? "") }

    /// 400 with field details.
    public static func badRequest(_ message: String, code: String = "bad_request", fields: [String: String] = [:]) -> HTTPError {
        HTTPError(400, code, message, fields: fields)
    }
    /// 400 for input that failed validation.
    public static func validation(_ fields: [String: String], message: String = "Some fields are not valid.") -> HTTPError {
        HTTPError(422, "validation_failed", message, fields: fields)
    }
    /// 401: no valid credentials.
    public static let unauthorized = HTTPError(401, "unauthorized", "Sign in to continue.")
    /// 403: authenticated but not allowed.
    public static func forbidden(_ message: String = "You do not have permission to do this.") -> HTTPError {
        HTTPError(403, "forbidden", message)
    }
    /// 404: not found (also used for other tenants' ids, so existence does not leak).
    public static func notFound(_ what: String = "The resource") -> HTTPError {
        HTTPError(404, "not_found", "\(what) was not found.")
    }
    /// 409: conflicts with the current state.
    public static func conflict(_ message: String) -> HTTPError { HTTPError(409, "conflict", message) }
    /// 413: body over the route's limit.
    public static func payloadTooLarge(limit: Int) -> HTTPError {
        HTTPError(413, "payload_too_large", "The request body is larger than the \(limit)-byte limit.")
    }
    /// 429 with Retry-After.
    public static func tooManyRequests(retryAfter seconds: Int, message: String = "Too many requests.") -> HTTPError {
        var h = HTTPHeaders()
        h.set("Retry-After", String(max(1, seconds)))
        return HTTPError(429, "rate_limited", message, headers: h)
    }
    /// 503 with Retry-After: the caller should try again (webhook senders retry).
    public static func unavailable(retryAfter seconds: Int, message: String = "Temporarily unavailable, try again shortly.", cause: String? = nil) -> HTTPError {
        var h = HTTPHeaders()
        h.set("Retry-After", String(max(1, seconds)))
        return HTTPError(503, "unavailable", message, headers: h, cause: cause)
    }
    /// 500 without details; the cause is logged only.
    public static func `internal`(cause: String) -> HTTPError {
        HTTPError(500, "internal_error", "Something went wrong on our side. It has been logged.", cause: cause)
    }
}

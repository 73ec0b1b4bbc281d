import Foundation
import ParleyHTTP

/// A Graph API error in Meta's envelope (meta-platform.md §5.4), thrown inside the fake or injected by tests.
public struct GraphFailure: Error, Sendable {
    /// HTTP status (Meta: usually 400).
    public var status: Int
    /// `error.code`.
    public var code: Int
    /// `error.error_subcode`, if any.
    public var subcode: Int?
    /// `error.message`.
    public var message: String
    /// `error.type` (almost always OAuthException).
    public var type: String
    /// `error.is_transient`, if set.
    public var isTransient: Bool?
    /// `error.error_user_title`, if set.
    public var userTitle: String?
    /// `error.error_user_msg`, if set.
    public var userMessage: String?
    /// `error.error_data` as raw JSON text, if set (WhatsApp details).
    public var errorData: String?
    /// Extra response headers (X-App-Usage, WWW-Authenticate…).
    public var headers: [(String, String)]
    /// Seconds to wait before answering (injected failures only).
    public var delay: Double

    /// Creates a failure.
    public init(status: Int = 400, code: Int, subcode: Int? = nil, message: String, type: String = "OAuthException",
                isTransient: Bool? = nil, userTitle: String? = nil, userMessage: String? = nil, errorData: String? = nil,
                headers: [(String, String)] = [], delay: Double = 0) {
        self.status = status
        self.code = code
        self.subcode = subcode
        self.message = message
        self.type = type
        self.isTransient = isTransient
        self.userTitle = userTitle
        self.userMessage = userMessage
        self.errorData = errorData
        self.headers = headers
        self.delay = delay
    }

    /// The body, keys in Meta's order: message, type, code, error_subcode, …, fbtrace_id.
    public func body(trace: String? = nil) -> String {
        var s = "{\"error\":{\"message\":\(JSONText.quote(message)),\"type\":\(JSONText.quote(type)),\"code\":\(code)"
        if let subcode { s += ",\"error_subcode\":\(subcode)" }
        if let isTransient { s += ",\"is_transient\":\(isTransient)" }
        if let userTitle { s += ",\"error_user_title\":\(JSONText.quote(userTitle))" }
        if let userMessage { s += ",\"error_user_msg\":\(JSONText.quote(userMessage))" }
        if let errorData { s += ",\"error_data\":\(errorData)" }
        return s + ",\"fbtrace_id\":\(JSONText.quote(trace ?? FakeIDs.trace()))}}"
    }

    /// The HTTP answer.
    func response() -> HTTPResponse {
        var h = HTTPHeaders()
        h.set("Content-Type", "application/json; charset=UTF-8")
        for (k, v) in headers { h.set(k, v) }
        return HTTPResponse(status: status, headers: h, body: .bytes(Array(body().utf8)))
    }

    // MARK: - The errors Parley must handle

    /// 10/2018278: Messenger/Instagram send outside the 24 h window (or 7 days with HUMAN_AGENT).
    public static let outsideWindow = GraphFailure(code: 10, subcode: 2018278, message: "(#10) This message is sent outside of allowed window.")

    /// 190/463: the token expired.
    public static func tokenExpired(at date: Date = Date()) -> GraphFailure {
        GraphFailure(code: 190, subcode: 463, message: "Error validating access token: Session has expired on \(date). The current time is \(Date()).")
    }
    /// 190 without subcode: an unknown or malformed token (Meta sends 400; some auth errors come as 401).
    public static func tokenInvalid(status: Int = 400) -> GraphFailure {
        GraphFailure(status: status, code: 190, message: "Invalid OAuth access token - Cannot parse access token",
                     headers: [("WWW-Authenticate", "OAuth \"Facebook Platform\" \"invalid_token\" \"Invalid OAuth access token - Cannot parse access token\"")])
    }
    /// 190 with a revocation subcode (460 password changed, 458 app not installed, 492 lost page role…).
    public static func tokenRevoked(subcode: Int) -> GraphFailure {
        let why: String
        switch subcode {
        case 458: why = "The user has not authorized application."
        case 460: why = "The session has been invalidated because the user changed their password or Facebook has changed the session for security reasons."
        case 463: why = "Session has expired."
        case 492: why = "The user is not an admin, editor, or moderator of the page."
        default: why = "The session is invalid."
        }
        return GraphFailure(code: 190, subcode: subcode, message: "Error validating access token: \(why)")
    }
    /// Throttling: 4 app, 17 user, 32 pages, 613 custom, 80001/80002/80006/80008 business use case; with usage headers at 100%.
    public static func rateLimited(code: Int = 4) -> GraphFailure {
        let message: String
        switch code {
        case 4: message = "(#4) Application request limit reached"
        case 17: message = "(#17) User request limit reached"
        case 32: message = "(#32) Page request limit reached"
        case 613: message = "(#613) Calls to this api have exceeded the rate limit."
        default: message = "(#\(code)) There have been too many calls to this account. Wait a bit and try again."
        }
        let usage = "{\"call_count\":100,\"total_time\":40,\"total_cputime\":40}"
        return GraphFailure(code: code, message: message, isTransient: true,
                            headers: [("X-App-Usage", usage), ("X-Page-Usage", usage)])
    }
    /// 2: a temporary service error (HTTP 500, retry).
    public static let transient = GraphFailure(status: 500, code: 2, message: "An unexpected error has occurred. Please retry your request later.", isTransient: true)
    /// 551/1545041: the person cannot be messaged now.
    public static let userUnavailable = GraphFailure(code: 551, subcode: 1545041, message: "(#551) This person isn't available right now.")
    /// 100: an invalid parameter.
    public static func invalidParameter(_ message: String, subcode: Int? = nil) -> GraphFailure {
        GraphFailure(code: 100, subcode: subcode, message: message.hasPrefix("(#") ? message : "(#100) \(message)")
    }
    /// 100/33: the object does not exist (or is not visible with this token).
    public static func unknownObject(_ id: String, method: String) -> GraphFailure {
        GraphFailure(code: 100, subcode: 33, message: "Unsupported \(method.lowercased()) request. Object with ID '\(id)' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api")
    }
    /// 200: a permission error.
    public static func permission(_ message: String) -> GraphFailure { GraphFailure(code: 200, message: "(#200) \(message)") }
}

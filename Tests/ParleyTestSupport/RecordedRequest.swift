import Foundation
import ParleyHTTP

/// One request the fake Graph API received, decoded for assertions.
public struct RecordedRequest: Sendable {
    /// Upper-case method.
    public let method: String
    /// Path with any `/vNN.N` prefix removed, e.g. "/123/messages".
    public let path: String
    /// The version prefix ("v23.0"), if the caller sent one.
    public let version: String?
    /// Query items (first value per name).
    public let query: [String: String]
    /// Header fields as received.
    public let headers: [(String, String)]
    /// The raw body.
    public let body: [UInt8]
    /// The body's media type, lower-cased, without parameters.
    public let contentType: String?
    /// Fields from a form-urlencoded or multipart body (files appear as "<name>" → "@file:<bytes>").
    public let form: [String: String]
    /// Query, form and top-level JSON values in one map (nested JSON re-encoded as text); body wins over query.
    public let params: [String: String]
    /// When it arrived.
    public let at: Date

    /// The first value of a header (case-insensitive).
    public func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
    /// The body as text.
    public var text: String { String(decoding: body, as: UTF8.self) }
    /// The JSON body as an object, or form values with JSON-looking values decoded (Meta accepts both encodings).
    public var input: [String: Any] {
        if contentType == "application/json" {
            return (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:]
        }
        var out: [String: Any] = [:]
        for (k, v) in form {
            if v.hasPrefix("{") || v.hasPrefix("["), let j = try? JSONSerialization.jsonObject(with: Data(v.utf8)) { out[k] = j } else { out[k] = v }
        }
        return out
    }
    /// The access token from `access_token` or an `Authorization: Bearer|OAuth` header.
    public var accessToken: String? {
        if let t = params["access_token"], !t.isEmpty { return t }
        guard let h = header("Authorization") else { return nil }
        for prefix in ["Bearer ", "OAuth "] where h.hasPrefix(prefix) { return String(h.dropFirst(prefix.count)) }
        return nil
    }
    /// Path segments after the version.
    var segments: [String] { path.split(separator: "/").map(String.init) }

    init(_ req: HTTPRequest) {
        method = req.method
        var parts = req.path.split(separator: "/").map(String.init)
        if let first = parts.first, Self.isVersion(first) {
            version = first
            parts.removeFirst()
        } else {
            version = nil
        }
        path = "/" + parts.joined(separator: "/")
        var q: [String: String] = [:]
        for item in req.query where q[item.name] == nil { q[item.name] = item.value }
        query = q
        headers = req.headers.fields.map { ($0.name, $0.value) }
        body = req.body
        contentType = req.contentType
        var f: [String: String] = [:]
        if contentType == "application/x-www-form-urlencoded" {
            f = Self.parseForm(String(decoding: req.body, as: UTF8.self))
        } else if let boundary = MultipartParser.boundary(fromContentType: req.headers["Content-Type"]) {
            f = Self.parseMultipart(req.body, boundary: boundary)
        }
        form = f
        var p = q
        for (k, v) in f { p[k] = v }
        if contentType == "application/json", let obj = (try? JSONSerialization.jsonObject(with: Data(req.body))) as? [String: Any] {
            for (k, v) in obj { p[k] = Self.flatten(v) }
        }
        params = p
        at = Date()
    }

    /// "v23.0"-style segment.
    static func isVersion(_ s: String) -> Bool {
        guard s.hasPrefix("v") else { return false }
        let rest = s.dropFirst().split(separator: ".", omittingEmptySubsequences: false)
        return (1...2).contains(rest.count) && rest.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isNumber) }
    }

    static func flatten(_ v: Any) -> String {
        switch v {
        case let s as String: return s
        default:
            // Numbers and booleans come out as JSON fragments ("12", "true"); objects as compact JSON.
            let d = (try? JSONSerialization.data(withJSONObject: v, options: [.sortedKeys, .withoutEscapingSlashes, .fragmentsAllowed])) ?? Data()
            return String(decoding: d, as: UTF8.self)
        }
    }

    /// Decodes `a=1&b=x%20y` (plus as space).
    public static func parseForm(_ s: String) -> [String: String] {
        var out: [String: String] = [:]
        for pair in s.split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let k = decode(String(kv[0]))
            if out[k] == nil { out[k] = kv.count > 1 ? decode(String(kv[1])) : "" }
        }
        return out
    }

    static func decode(_ s: String) -> String {
        s.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? s
    }

    static func parseMultipart(_ body: [UInt8], boundary: String) -> [String: String] {
        var fed = false
        guard let parts = try? MultipartParser.parse(boundary: boundary, directory: NSTemporaryDirectory(), next: {
            if fed { return nil }
            fed = true
            return body
        }) else { return [:] }
        var out: [String: String] = [:]
        for part in parts {
            if let file = part.filePath {
                out[part.name] = "@file:\(part.size)"
                try? FileManager.default.removeItem(atPath: file)
            } else {
                out[part.name] = part.text
            }
        }
        return out
    }
}

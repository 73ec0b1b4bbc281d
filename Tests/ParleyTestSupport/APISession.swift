import Foundation
import ParleyCore

/// A signed-in API caller: the session cookie from `POST /api/v1/auth/login` plus its CSRF token, sent on every request
/// together with a same-origin `Origin` header, like the web UI does.
public struct APISession: Sendable {
    /// The raw client.
    public let client: LoopbackClient
    /// Cookies from the login answer ("name=value" pairs, e.g. "parley_session=…").
    public let cookies: [String]
    /// The `csrf_token` from the login body.
    public let csrfToken: String
    /// The whole login answer (user, tenant…).
    public let loginResponse: RawResponse

    /// The Cookie header value.
    public var cookieHeader: String { cookies.joined(separator: "; ") }
    /// The session cookie's value (`parley_session` over http, `__Host-parley_session` behind https).
    public var sessionID: String? {
        cookies.first { $0.hasPrefix("parley_session=") || $0.hasPrefix("__Host-parley_session=") }
            .map { String($0.split(separator: "=", maxSplits: 1).last ?? "") }
    }

    /// Signs in; throws with the server's answer when the status is not 200 or no session cookie came back.
    public static func login(client: LoopbackClient, email: String, password: String, tenant: String? = nil) throws -> APISession {
        var body: [String: Any] = ["email": email, "password": password]
        if let tenant { body["tenant"] = tenant }
        let r = try client.json("POST", "/api/v1/auth/login", body, headers: [("Origin", "http://127.0.0.1:\(client.port)")])
        guard r.status == 200 else { throw TestError("login as \(email) failed: \(r.status) \(r.text)") }
        let cookies = r.headerValues("set-cookie").compactMap { line -> String? in
            let pair = line.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            let isCleared = line.lowercased().contains("max-age=0")
            return pair.contains("=") && !isCleared ? pair : nil
        }
        guard cookies.contains(where: { $0.hasPrefix("parley_session=") || $0.hasPrefix("__Host-parley_session=") }) else {
            throw TestError("login answered 200 without a session cookie: \(r.headerValues("set-cookie"))")
        }
        guard let csrf = r.json["csrf_token"] as? String, !csrf.isEmpty else { throw TestError("login answered without csrf_token: \(r.text)") }
        return APISession(client: client, cookies: cookies, csrfToken: csrf, loginResponse: r)
    }

    /// Headers sent with every request.
    public var headers: [(String, String)] {
        [("Cookie", cookieHeader), ("X-CSRF-Token", csrfToken), ("Origin", "http://127.0.0.1:\(client.port)")]
    }

    /// GET.
    public func get(_ path: String, headers extra: [(String, String)] = []) throws -> RawResponse {
        try client.request("GET", path, headers: headers + extra)
    }
    /// POST with a JSON body (nil: empty body).
    public func post(_ path: String, _ json: Any? = nil, headers extra: [(String, String)] = []) throws -> RawResponse {
        try send("POST", path, json, extra)
    }
    /// PATCH with a JSON body.
    public func patch(_ path: String, _ json: Any, headers extra: [(String, String)] = []) throws -> RawResponse {
        try send("PATCH", path, json, extra)
    }
    /// PUT with a JSON body.
    public func put(_ path: String, _ json: Any, headers extra: [(String, String)] = []) throws -> RawResponse {
        try send("PUT", path, json, extra)
    }
    /// DELETE.
    public func delete(_ path: String, headers extra: [(String, String)] = []) throws -> RawResponse {
        try client.request("DELETE", path, headers: headers + extra)
    }
    /// Any method with raw bytes (multipart uploads…).
    public func raw(_ method: String, _ path: String, body: [UInt8], contentType: String, headers extra: [(String, String)] = []) throws -> RawResponse {
        try client.request(method, path, headers: headers + [("Content-Type", contentType)] + extra, body: body)
    }

    /// Creates an API token (`POST /api/v1/tokens`) and returns a client that uses it.
    public func createToken(name: String = "test") throws -> BearerClient {
        let r = try post("/api/v1/tokens", ["name": name])
        guard (200..<300).contains(r.status), let token = r.json["token"] as? String else {
            throw TestError("creating a token failed: \(r.status) \(r.text)")
        }
        return BearerClient(token: token, client: client)
    }

    func send(_ method: String, _ path: String, _ json: Any?, _ extra: [(String, String)]) throws -> RawResponse {
        guard let json else { return try client.request(method, path, headers: headers + extra) }
        let data = try JSONSerialization.data(withJSONObject: json, options: [.fragmentsAllowed])
        return try client.request(method, path, headers: headers + [("Content-Type", "application/json")] + extra, body: Array(data))
    }
}

/// An API caller with `Authorization: Bearer <token>` (no cookie, no CSRF token).
public struct BearerClient: Sendable {
    /// The token.
    public let token: String
    /// The raw client.
    public let client: LoopbackClient

    /// Creates a caller for a server.
    public init(token: String, client: LoopbackClient) {
        self.token = token
        self.client = client
    }

    /// GET.
    public func get(_ path: String) throws -> RawResponse { try client.request("GET", path, headers: [("Authorization", "Bearer \(token)")]) }
    /// POST with a JSON body (nil: empty body).
    public func post(_ path: String, _ json: Any? = nil) throws -> RawResponse { try send("POST", path, json) }
    /// PATCH with a JSON body.
    public func patch(_ path: String, _ json: Any) throws -> RawResponse { try send("PATCH", path, json) }
    /// DELETE.
    public func delete(_ path: String) throws -> RawResponse { try client.request("DELETE", path, headers: [("Authorization", "Bearer \(token)")]) }

    func send(_ method: String, _ path: String, _ json: Any?) throws -> RawResponse {
        var h = [("Authorization", "Bearer \(token)")]
        guard let json else { return try client.request(method, path, headers: h) }
        h.append(("Content-Type", "application/json"))
        return try client.request(method, path, headers: h, body: Array(try JSONSerialization.data(withJSONObject: json, options: [.fragmentsAllowed])))
    }
}

extension TestApp {
    /// Signs in through the API (see `APISession.login`).
    public func login(email: String, password: String = TestApp.defaultPassword, tenant: String? = nil) throws -> APISession {
        try APISession.login(client: client, email: email, password: password, tenant: tenant)
    }

    /// A Bearer-token caller for this server.
    public func bearer(_ token: String) -> BearerClient { BearerClient(token: token, client: client) }
}

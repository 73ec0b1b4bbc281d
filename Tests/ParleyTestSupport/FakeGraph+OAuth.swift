import Foundation
import ParleyCrypto
import ParleyHTTP
import ParleyHTTPClient

/// Facebook Login: the dialog, code and token exchange, token checks, debug_token, /me and /me/permissions (meta-platform.md §6).
extension FakeGraphAPI {
    /// Issues a single-use authorization code bound to `redirectURI` (what the dialog would hand the browser).
    public func issueCode(redirectURI: String) -> String {
        let code = "AQ" + FakeIDs.alnum(40)
        store.withLock { $0.codes[code] = (redirectURI, false) }
        return code
    }

    /// Issues a user token directly (skipping the dialog and exchange).
    public func issueUserToken(longLived: Bool = true) -> String {
        let token = "EAAUser" + FakeIDs.alnum(32)
        store.withLock { s in
            let life = Double(longLived ? s.settings.longLivedExpiresIn : s.settings.shortLivedExpiresIn)
            s.tokens[token] = FakeToken(kind: .user(longLived: longLived), userID: s.settings.userID, issuedAt: s.now,
                                        expiresAt: s.now.addingTimeInterval(life), scopes: s.settings.grantedScopes)
        }
        return token
    }

    /// Checks the call's token (and appsecret_proof); returns it with what it stands for.
    func authorize(_ r: RecordedRequest) throws -> (token: String, info: FakeToken) {
        guard let token = r.accessToken, !token.isEmpty else {
            throw GraphFailure(code: 104, message: "An access token is required to request this resource.")
        }
        return try store.withLock { s in
            if s.settings.requireAppSecretProof || r.params["appsecret_proof"] != nil {
                let expected = HMACSHA256.hex(key: Array(s.settings.appSecret.utf8), message: Array(token.utf8))
                guard let proof = r.params["appsecret_proof"] else {
                    throw GraphFailure.invalidParameter("API calls from the server require an appsecret_proof argument")
                }
                guard proof.lowercased() == expected else { throw GraphFailure.invalidParameter("Invalid appsecret_proof provided in the API argument") }
            }
            if token == "\(s.settings.appID)|\(s.settings.appSecret)" {
                return (token, FakeToken(kind: .app, userID: "", issuedAt: s.now, expiresAt: nil, scopes: []))
            }
            guard let info = s.tokens[token] else {
                if s.settings.acceptUnknownTokens {
                    let t = FakeToken(kind: .system, userID: s.settings.userID, issuedAt: s.now, expiresAt: nil, scopes: s.settings.grantedScopes)
                    s.tokens[token] = t
                    return (token, t)
                }
                throw GraphFailure.tokenInvalid()
            }
            if let sub = info.revokedSubcode { throw GraphFailure.tokenRevoked(subcode: sub) }
            if let exp = info.expiresAt, exp <= s.now { throw GraphFailure.tokenExpired(at: exp) }
            return (token, info)
        }
    }

    /// `GET /oauth/access_token`: code exchange, fb_exchange_token, client_credentials.
    func oauthAccessToken(_ r: RecordedRequest) throws -> HTTPResponse {
        let p = r.params
        return try store.withLock { s in
            guard p["client_id"] == s.settings.appID else {
                throw GraphFailure(code: 101, message: "Error validating application. Invalid application ID.")
            }
            guard p["client_secret"] == s.settings.appSecret else {
                throw GraphFailure(code: 1, message: "Error validating client secret.")
            }
            switch p["grant_type"] {
            case "client_credentials":
                return Self.ok(["access_token": "\(s.settings.appID)|\(s.settings.appSecret)", "token_type": "bearer"])
            case "fb_exchange_token":
                guard let short = p["fb_exchange_token"], let info = s.tokens[short], case .user = info.kind else {
                    throw GraphFailure.tokenInvalid()
                }
                if let exp = info.expiresAt, exp <= s.now { throw GraphFailure.tokenExpired(at: exp) }
                if let sub = info.revokedSubcode { throw GraphFailure.tokenRevoked(subcode: sub) }
                return Self.ok(Self.mint(&s, longLived: true))
            default:
                guard let code = p["code"], let grant = s.codes[code] else {
                    throw GraphFailure(code: 100, message: "Invalid verification code format.")
                }
                guard !grant.used else { throw GraphFailure(code: 100, subcode: 36009, message: "This authorization code has been used.") }
                guard p["redirect_uri"] == grant.redirectURI else {
                    throw GraphFailure(code: 100, subcode: 36008, message: "Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request")
                }
                s.codes[code]?.used = true
                return Self.ok(Self.mint(&s, longLived: false))
            }
        }
    }

    static func mint(_ s: inout FakeGraphStore, longLived: Bool) -> [String: Any] {
        let token = (longLived ? "EAALong" : "EAAShort") + FakeIDs.alnum(32)
        let life = longLived ? s.settings.longLivedExpiresIn : s.settings.shortLivedExpiresIn
        s.tokens[token] = FakeToken(kind: .user(longLived: longLived), userID: s.settings.userID, issuedAt: s.now,
                                    expiresAt: s.now.addingTimeInterval(Double(life)), scopes: s.settings.grantedScopes)
        return ["access_token": token, "token_type": "bearer", "expires_in": life]
    }

    /// `GET /dialog/oauth`: grants at once (or denies) and redirects back like the real dialog.
    func dialog(_ r: RecordedRequest) -> HTTPResponse {
        guard let redirect = r.params["redirect_uri"], !redirect.isEmpty else {
            return .text("redirect_uri is missing", status: 400)
        }
        let state = PercentEncoding.encode(r.params["state"] ?? "")
        let sep = redirect.contains("?") ? "&" : "?"
        if settings.dialogDenies {
            return .redirect(to: "\(redirect)\(sep)error=access_denied&error_code=200&error_description=Permissions+error&error_reason=user_denied&state=\(state)", status: 302)
        }
        let code = issueCode(redirectURI: redirect)
        return .redirect(to: "\(redirect)\(sep)code=\(code)&state=\(state)#_=_", status: 302)
    }

    /// `GET /debug_token?input_token=`.
    func debugToken(_ r: RecordedRequest) throws -> HTTPResponse {
        _ = try authorize(r)
        guard let input = r.params["input_token"] else { throw GraphFailure.invalidParameter("The parameter input_token is required") }
        return store.withLock { s in
            guard let t = s.tokens[input] else {
                return Self.ok(["data": ["is_valid": false, "error": ["code": 190, "message": "Invalid OAuth access token."], "scopes": [String]()]])
            }
            var d: [String: Any] = ["app_id": s.settings.appID, "application": "Parley Test App", "is_valid": t.revokedSubcode == nil && (t.expiresAt.map { $0 > s.now } ?? true),
                                    "issued_at": Int(t.issuedAt.timeIntervalSince1970), "expires_at": t.expiresAt.map { Int($0.timeIntervalSince1970) } ?? 0,
                                    "data_access_expires_at": Int(s.now.timeIntervalSince1970) + 7_776_000, "scopes": t.scopes,
                                    "granular_scopes": t.scopes.map { ["scope": $0] }, "user_id": t.userID]
            switch t.kind {
            case .user: d["type"] = "USER"
            case .page(let id): d["type"] = "PAGE"; d["profile_id"] = id
            case .app: d["type"] = "APP"
            case .system: d["type"] = "SYSTEM_USER"
            }
            if let sub = t.revokedSubcode { d["error"] = ["code": 190, "subcode": sub, "message": "Error validating access token."] }
            return Self.ok(["data": d])
        }
    }

    /// `GET /me`: the user for user tokens, the page for page tokens.
    func me(_ r: RecordedRequest) throws -> HTTPResponse {
        let (_, info) = try authorize(r)
        return try store.withLock { s in
            switch info.kind {
            case .page(let id):
                guard let page = s.page(id) else { throw GraphFailure.unknownObject(id, method: "GET") }
                return Self.ok(["id": page.id, "name": page.name])
            case .app:
                throw GraphFailure(code: 2500, message: "An active access token must be used to query information about the current user.")
            default:
                return Self.ok(["id": info.userID, "name": s.settings.userName])
            }
        }
    }

    /// `GET /me/permissions` (user tokens only).
    func permissions(_ r: RecordedRequest) throws -> HTTPResponse {
        let (_, info) = try authorize(r)
        guard case .user = info.kind else { throw GraphFailure.invalidParameter("(#100) Tried accessing nonexisting field (permissions)") }
        let declined = settings.declinedScopes
        let data = info.scopes.filter { !declined.contains($0) }.map { ["permission": $0, "status": "granted"] }
            + declined.map { ["permission": $0, "status": "declined"] }
        return Self.ok(["data": data])
    }
}

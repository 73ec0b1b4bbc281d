import ParleyCore
import ParleyCrypto
import ParleyHTTP

/// Sign in, sign out, who am I, change my password.
enum AuthRoutes {
    struct LoginBody: Decodable {
        let tenant: String?
        let email: String
        let password: String
    }

    struct PasswordBody: Decodable {
        let current_password: String
        let new_password: String
    }

    static let badCredentials = HTTPError(401, "invalid_credentials", "The e-mail or password is not right.")

    static func register(_ r: inout Router, _ ctx: RouteContext) {
        r.add("POST", "/api/v1/auth/login", body: BodyPolicy(maxBytes: 16 * 1024)) { req in
            let body = try req.decodeJSON(LoginBody.self)
            let email = body.email.trimmingSpaces.lowercased()
            guard body.password.count <= 1024 else { throw badCredentials }
            let accountKey = "acct:\(body.tenant ?? "-"):\(email)"
            let ipKey = "ip:\(req.clientIP)"
            let wait = max(ctx.accountThrottle.retryAfter(accountKey), ctx.ipThrottle.retryAfter(ipKey))
            if wait > 0 { throw HTTPError.tooManyRequests(retryAfter: wait, message: "Too many sign-in attempts. Try again in \(wait) seconds.") }
            let tenant = try resolveTenant(ctx, req, body.tenant)
            // Password hashing takes ~150 ms: do it off the HTTP threads.
            return .later {
                do {
                    return try login(ctx, req, tenant: tenant, email: email, password: body.password, keys: (accountKey, ipKey))
                } catch let e as HTTPError {
                    return .error(e)
                } catch {
                    return .error(.internal(cause: "login: \(error)"))
                }
            }
        }
        r.add("POST", "/api/v1/auth/logout", body: .none) { req in
            let p = try ctx.require(req)
            if case .session(let hash, _) = p.via {
                try core { try SessionStore(db: p.db, idleMinutes: 1, maxHours: 1).delete(hash: hash) }
            }
            ctx.audit(req, p, "auth.logout")
            var resp = HTTPResponse.noContent
            resp.headers.add("Set-Cookie", clearCookie(https: req.isHTTPS))
            return resp
        }
        r.add("GET", "/api/v1/auth/me", body: .none) { req in
            let p = try ctx.require(req)
            var csrf: String? = nil
            if case .session(_, let c) = p.via { csrf = c }
            return try .json(SessionJSON(user: UserJSON(p.user), tenant: TenantJSON(p.tenant), csrf_token: csrf))
        }
        r.add("POST", "/api/v1/auth/password", body: BodyPolicy(maxBytes: 16 * 1024)) { req in
            let p = try ctx.require(req)
            let body = try req.decodeJSON(PasswordBody.self)
            return .later {
                do {
                    let store = UserStore(db: p.db)
                    guard let (_, hash) = try store.credentials(email: p.user.email),
                          PasswordHasher.verify(body.current_password, against: hash) else {
                        ctx.audit(req, p, "auth.password_change", result: "failed", details: "wrong current password")
                        return .error(.validation(["current_password": "The current password is not right."]))
                    }
                    var ch = UserChanges()
                    ch.password = body.new_password
                    _ = try core { try store.update(id: p.user.id, ch) }
                    ctx.audit(req, p, "auth.password_change")
                    var resp = HTTPResponse.noContent
                    resp.headers.add("Set-Cookie", clearCookie(https: req.isHTTPS))
                    return resp
                } catch let e as HTTPError {
                    return .error(e)
                } catch {
                    return .error(.internal(cause: "password: \(error)"))
                }
            }
        }
    }

    /// Tenant at login: the `tenant` field, else the subdomain of PARLEY_BASE_DOMAIN, else the only tenant.
    static func resolveTenant(_ ctx: RouteContext, _ req: HTTPRequest, _ slug: String?) throws -> Tenant? {
        let store = ctx.core.tenantStore
        if let slug, !slug.trimmingSpaces.isEmpty { return try store.tenant(slug: slug.trimmingSpaces) }
        let base = ctx.core.config.baseDomain
        if !base.isEmpty, let host = req.headers["Host"]?.split(separator: ":").first.map({ $0.lowercased() }),
           host.hasSuffix("." + base) {
            return try store.tenant(slug: String(host.dropLast(base.count + 1)))
        }
        let all = try store.all().filter { $0.status == "active" }
        if all.count == 1 { return all[0] }
        throw HTTPError.validation(["tenant": "Enter your workspace name."], message: "Which workspace do you want to sign in to?")
    }

    static func login(_ ctx: RouteContext, _ req: HTTPRequest, tenant: Tenant?, email: String, password: String,
                      keys: (String, String)) throws -> HTTPResponse {
        // Unknown tenant, unknown user and wrong password all cost one hash and answer the same.
        guard let tenant, tenant.status == "active" else {
            PasswordHasher.dummyVerify(password)
            failed(ctx, keys)
            throw badCredentials
        }
        let db = try ctx.core.tenants.database(tenant.id)
        let creds = try UserStore(db: db).credentials(email: email)
        let ok: Bool
        if let (_, hash) = creds { ok = PasswordHasher.verify(password, against: hash) } else { PasswordHasher.dummyVerify(password); ok = false }
        guard ok, let (user, _) = creds, user.active else {
            failed(ctx, keys)
            ctx.audit(req, nil, "auth.login", result: "failed", db: db, actor: email)
            throw badCredentials
        }
        ctx.accountThrottle.reset(keys.0)
        let store = SessionStore(db: db, idleMinutes: ctx.core.config.sessionIdleMinutes, maxHours: ctx.core.config.sessionMaxHours)
        // A fresh id at every login (no fixation); an old cookie sent along is simply replaced.
        let (cookie, session) = try core { try store.create(tenantID: tenant.id, userID: user.id, ip: req.clientIP, userAgent: req.headers["User-Agent"] ?? "") }
        let p = Principal(tenant: tenant, user: user, via: .session(hash: session.idHash, csrf: session.csrfToken), db: db)
        ctx.audit(req, p, "auth.login")
        var resp = try HTTPResponse.json(SessionJSON(user: UserJSON(user), tenant: TenantJSON(tenant), csrf_token: session.csrfToken))
        resp.headers.add("Set-Cookie", sessionCookie(cookie, https: req.isHTTPS, maxAge: ctx.core.config.sessionMaxHours * 3600))
        return resp
    }

    static func failed(_ ctx: RouteContext, _ keys: (String, String)) {
        ctx.accountThrottle.fail(keys.0)
        ctx.ipThrottle.fail(keys.1)
    }

    /// Over https the `__Host-` prefix pins the cookie to this host with Secure and Path=/; over plain http
    /// (local use, tests) browsers would drop such a cookie, so it is `parley_session` without Secure.
    static func sessionCookie(_ value: String, https: Bool, maxAge: Int) -> String {
        let name = https ? "__Host-parley_session" : "parley_session"
        return "\(name)=\(value); Path=/; Max-Age=\(maxAge); HttpOnly; SameSite=Strict" + (https ? "; Secure" : "")
    }

    static func clearCookie(https: Bool) -> String {
        let name = https ? "__Host-parley_session" : "parley_session"
        return "\(name)=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict" + (https ? "; Secure" : "")
    }
}

import ParleyCore
import ParleyCrypto
import ParleyHTTP

/// Resolves the client address and scheme (trusting X-Forwarded-* only from configured proxies),
/// then the caller from a session cookie or Bearer token, enforces CSRF on cookie-authenticated state changes,
/// and charges the tenant's hourly API budget.
struct AuthMiddleware: Middleware {
    let ctx: RouteContext

    static let safeMethods: Set<String> = ["GET", "HEAD", "OPTIONS"]

    func handle(_ req: HTTPRequest, next: Handler) throws -> HTTPResponse {
        resolveClient(req)
        guard req.path.hasPrefix("/api/") else { return try next(req) }
        if let p = try authenticate(req) {
            req.attributes["principal"] = p
            req.attributes["tenant_id"] = p.tenant.id
            if case .session(_, let csrf) = p.via, !Self.safeMethods.contains(req.method) {
                try checkSameOrigin(req)
                let sent = Array((req.headers["X-CSRF-Token"] ?? "").utf8)
                guard !sent.isEmpty, ConstantTime.equals(sent, Array(csrf.utf8)) else {
                    ctx.audit(req, p, "csrf.rejected", target: req.path, result: "denied")
                    throw HTTPError(403, "csrf_failed", "This request is missing its security token. Reload the page and try again.")
                }
            }
            if let wait = ctx.budget.spend(tenantID: p.tenant.id, limit: PlanLimits.apiRequestsPerHour(p.tenant.plan)) {
                throw HTTPError.tooManyRequests(retryAfter: wait, message: "This workspace used its API requests for this hour.")
            }
        } else if !Self.safeMethods.contains(req.method) {
            // No session yet (login): still refuse requests a foreign site makes the browser send.
            try checkSameOrigin(req)
        }
        return try next(req)
    }

    /// Rejects requests that a browser marks as coming from another site.
    func checkSameOrigin(_ req: HTTPRequest) throws {
        if let site = req.headers["Sec-Fetch-Site"], site != "same-origin", site != "none" {
            throw HTTPError(403, "cross_site", "Cross-site requests are not allowed.")
        }
        if let origin = req.headers["Origin"] {
            let host = req.headers["Host"] ?? ""
            let allowed = [ctx.core.config.publicURL, "http://\(host)", "https://\(host)"]
            guard allowed.contains(origin) else { throw HTTPError(403, "cross_site", "Cross-site requests are not allowed.") }
        }
    }

    func resolveClient(_ req: HTTPRequest) {
        let trusted = ctx.core.config.trustedProxies.contains(req.remoteAddress)
        if trusted, let xff = req.headers["X-Forwarded-For"] {
            // The proxy appends the address it saw: the last entry is the one we can trust.
            if let last = xff.split(separator: ",").last?.trimmingSpaces, !last.isEmpty { req.attributes["client_ip"] = last }
        }
        // Parley itself speaks plain HTTP (TLS ends at the proxy), so https is only ever what a trusted proxy says.
        req.attributes["https"] = trusted && req.headers["X-Forwarded-Proto"]?.lowercased() == "https"
    }

    /// The caller from a Bearer token or a session cookie; nil when neither is valid.
    func authenticate(_ req: HTTPRequest) throws -> Principal? {
        if let auth = req.headers["Authorization"], auth.lowercased().hasPrefix("bearer ") {
            let secret = String(auth.dropFirst(7)).trimmingSpaces
            guard let tenantID = Self.tenantID(secret, prefix: "pt_", separator: "_") else { return nil }
            guard let (tenant, db) = try openTenant(tenantID) else { return nil }
            guard let userID = try APITokenStore(db: db).userID(forSecret: secret),
                  let user = try UserStore(db: db).user(id: userID), user.active else { return nil }
            return Principal(tenant: tenant, user: user, via: .token, db: db)
        }
        let cookies = req.cookies
        guard let value = cookies["__Host-parley_session"] ?? cookies["parley_session"],
              let tenantID = Self.tenantID(value, prefix: "", separator: "."),
              let dot = value.firstIndex(of: ".") else { return nil }
        guard let (tenant, db) = try openTenant(tenantID) else { return nil }
        let store = SessionStore(db: db, idleMinutes: ctx.core.config.sessionIdleMinutes, maxHours: ctx.core.config.sessionMaxHours)
        guard let s = try store.session(secret: String(value[value.index(after: dot)...])),
              let user = try UserStore(db: db).user(id: s.userID), user.active else { return nil }
        return Principal(tenant: tenant, user: user, via: .session(hash: s.idHash, csrf: s.csrfToken), db: db)
    }

    func openTenant(_ id: Int64) throws -> (Tenant, ParleySQLiteDatabase)? {
        guard let t = try ctx.core.tenantStore.tenant(id: id), t.status == "active" else { return nil }
        return (t, try ctx.core.tenants.database(id))
    }

    /// Parses the tenant id out of `<prefix><id><separator><secret>`.
    static func tenantID(_ s: String, prefix: String, separator: Character) -> Int64? {
        guard s.hasPrefix(prefix), s.count < 200 else { return nil }
        let rest = s.dropFirst(prefix.count)
        guard let sep = rest.firstIndex(of: separator) else { return nil }
        guard let id = Int64(rest[..<sep]), id > 0 else { return nil }
        return id
    }
}

import ParleySQLite
typealias ParleySQLiteDatabase = Database

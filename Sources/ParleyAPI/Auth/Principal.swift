import ParleyCore
import ParleyHTTP
import ParleySQLite

/// Who is calling: a user of one tenant, signed in by session cookie or API token.
public struct Principal: Sendable {
    /// How the caller proved who they are.
    public enum Via: Sendable {
        /// Browser session (state changes need the CSRF token).
        case session(hash: String, csrf: String)
        /// `Authorization: Bearer` token (no CSRF: browsers never send it on their own).
        case token
    }
    /// The tenant (always the one the credential is bound to).
    public let tenant: Tenant
    /// The user.
    public let user: User
    /// Session or token.
    public let via: Via
    /// The tenant's database.
    public let db: Database

    /// Whether the user has the permission.
    public func can(_ p: Permission) -> Bool { user.can(p) }
}

extension HTTPRequest {
    /// The authenticated caller, if any (set by AuthMiddleware).
    public var principal: Principal? { attributes["principal"] as? Principal }
    /// The client's IP (the proxy's X-Forwarded-For when the peer is a trusted proxy).
    public var clientIP: String { attributes["client_ip"] as? String ?? remoteAddress }
    /// Whether the original request was https (directly or per a trusted proxy).
    public var isHTTPS: Bool { attributes["https"] as? Bool ?? false }
    /// The request id given by the log middleware.
    public var requestID: String { attributes["request_id"] as? String ?? "" }
}

extension RouteContext {
    /// The caller, or 401.
    public func require(_ req: HTTPRequest) throws -> Principal {
        guard let p = req.principal else { throw HTTPError.unauthorized }
        return p
    }

    /// The caller with a permission, or 403 (the denial is audited).
    public func require(_ req: HTTPRequest, _ permission: Permission) throws -> Principal {
        let p = try require(req)
        guard p.can(permission) else {
            audit(req, p, "access.denied", target: "\(req.method) \(req.routePattern)", result: "denied", details: "missing \(permission.rawValue)")
            throw HTTPError.forbidden()
        }
        return p
    }

    /// Appends to the tenant's audit log; a failure to audit is logged, not shown to the caller.
    public func audit(_ req: HTTPRequest, _ p: Principal?, _ action: String, target: String = "", result: String = "ok",
                      details: String = "", db: Database? = nil, actor: String? = nil) {
        guard let db = db ?? p?.db else { return }
        do {
            try AuditLog(db: db).record(actorUserID: p?.user.id, actor: actor ?? p?.user.email ?? "", ip: req.clientIP, action: action,
                                        target: target, result: result, details: details, requestID: req.requestID)
        } catch {
            logger.error("audit write failed", [("action", action), ("error", "\(error)")])
        }
    }
}

/// Maps domain errors to HTTP errors with the envelope.
public func httpError(_ e: CoreError) -> HTTPError {
    switch e {
    case .invalid(let fields): return .validation(fields)
    case .notFound(let what): return .notFound(what)
    case .conflict(let m): return .conflict(m)
    case .forbidden(let m): return .forbidden(m)
    case .rateLimited(let s, let m): return .tooManyRequests(retryAfter: s, message: m)
    case .storage(let m): return .unavailable(retryAfter: 10, message: "Storage is not available right now.", cause: m)
    case .provider(let m): return HTTPError(502, "provider_error", m)
    }
}

/// Runs domain code, translating CoreError (and disk-full SQLite errors) into HTTP errors.
public func core<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let e as CoreError {
        throw httpError(e)
    } catch let e as SQLiteError where e.isDiskFull || e.isBusy || e.isIOError {
        throw HTTPError.unavailable(retryAfter: 10, message: "Storage is busy or full; try again shortly.", cause: "\(e)")
    }
}

import ParleyCore
import ParleyHTTP

/// API tokens: each user manages their own; admins see and revoke everyone's.
enum TokenRoutes {
    struct CreateBody: Decodable { let name: String }

    struct Created: Encodable {
        let token: String
        let id: Int64
        let name: String
        let prefix: String
        let created_at: String
    }

    static func register(_ r: inout Router, _ ctx: RouteContext) {
        r.add("POST", "/api/v1/tokens") { req in
            let p = try ctx.require(req)
            // A token cannot mint tokens: a leaked token must not be able to outlive its own revocation.
            if case .token = p.via { throw HTTPError.forbidden("Create tokens from a signed-in session.") }
            let b = try req.decodeJSON(CreateBody.self)
            let (secret, t) = try core { try APITokenStore(db: p.db).create(tenantID: p.tenant.id, userID: p.user.id, name: b.name) }
            ctx.audit(req, p, "token.create", target: "token:\(t.id)", details: t.name)
            return try .json(Created(token: secret, id: t.id, name: t.name, prefix: t.prefix, created_at: t.createdAt), status: 201)
        }
        r.add("GET", "/api/v1/tokens", body: .none) { req in
            let p = try ctx.require(req)
            let all = p.user.role == .admin
            return try .json(["tokens": try core { try APITokenStore(db: p.db).list(userID: all ? nil : p.user.id) }])
        }
        r.add("DELETE", "/api/v1/tokens/{id}", body: .none) { req in
            let p = try ctx.require(req)
            let id = try req.intParameter("id")
            let store = APITokenStore(db: p.db)
            guard let t = try core({ try store.token(id: id) }), t.userID == p.user.id || p.user.role == .admin else {
                throw HTTPError.notFound("The token")
            }
            _ = try core { try store.revoke(id: id) }
            ctx.audit(req, p, "token.revoke", target: "token:\(id)", details: t.name)
            return .noContent
        }
    }
}

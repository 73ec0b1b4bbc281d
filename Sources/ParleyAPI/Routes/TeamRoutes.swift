import ParleyCore
import ParleyHTTP

/// Teams: listing for everyone signed in, changes with manage_users.
enum TeamRoutes {
    struct Body: Decodable {
        let name: String?
        let member_ids: [Int64]?
    }

    static func register(_ r: inout Router, _ ctx: RouteContext) {
        r.add("GET", "/api/v1/teams", body: .none) { req in
            let p = try ctx.require(req)
            return try .json(["teams": try core { try TeamStore(db: p.db).all() }])
        }
        r.add("POST", "/api/v1/teams") { req in
            let p = try ctx.require(req, .manageUsers)
            let b = try req.decodeJSON(Body.self)
            let t = try core { try TeamStore(db: p.db).create(name: b.name ?? "", memberIDs: b.member_ids ?? []) }
            ctx.audit(req, p, "team.create", target: "team:\(t.id)", details: t.name)
            return try .json(["team": t], status: 201)
        }
        r.add("PATCH", "/api/v1/teams/{id}") { req in
            let p = try ctx.require(req, .manageUsers)
            let id = try req.intParameter("id")
            let b = try req.decodeJSON(Body.self)
            let t = try core { try TeamStore(db: p.db).update(id: id, name: b.name, memberIDs: b.member_ids) }
            ctx.audit(req, p, "team.update", target: "team:\(id)", details: "members: \(t.memberIDs.count)")
            return try .json(["team": t])
        }
        r.add("DELETE", "/api/v1/teams/{id}", body: .none) { req in
            let p = try ctx.require(req, .manageUsers)
            let id = try req.intParameter("id")
            try core { try TeamStore(db: p.db).delete(id: id) }
            ctx.audit(req, p, "team.delete", target: "team:\(id)")
            return .noContent
        }
    }
}

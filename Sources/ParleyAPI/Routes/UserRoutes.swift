import ParleyCore
import ParleyHTTP

/// Staff accounts: everyone signed in may list them (assignment needs names); changes need manage_users.
enum UserRoutes {
    struct CreateBody: Decodable {
        let email: String
        let name: String
        let role: String
        let password: String
        let extra_permissions: [String]?
    }

    struct UpdateBody: Decodable {
        let name: String?
        let role: String?
        let active: Bool?
        let password: String?
        let extra_permissions: [String]?
    }

    static func register(_ r: inout Router, _ ctx: RouteContext) {
        r.add("GET", "/api/v1/users", body: .none) { req in
            let p = try ctx.require(req)
            return try .json(["users": try core { try UserStore(db: p.db).all() }.map(UserJSON.init)])
        }
        r.add("GET", "/api/v1/users/{id}", body: .none) { req in
            let p = try ctx.require(req)
            guard let u = try core({ try UserStore(db: p.db).user(id: try req.intParameter("id")) }) else { throw HTTPError.notFound("The user") }
            return try .json(["user": UserJSON(u)])
        }
        r.add("POST", "/api/v1/users") { req in
            let p = try ctx.require(req, .manageUsers)
            let b = try req.decodeJSON(CreateBody.self)
            let role = try parseRole(b.role)
            let extra = try parsePermissions(b.extra_permissions ?? [])
            // Only admins may create admins or hand out permissions they lack.
            try checkGrant(p, role: role, extra: extra)
            return .later {
                do {
                    let u = try core { try UserStore(db: p.db).create(email: b.email, name: b.name, role: role, password: b.password, extra: extra) }
                    ctx.audit(req, p, "user.create", target: "user:\(u.id)", details: "\(u.email) as \(u.role.rawValue)")
                    return try .json(["user": UserJSON(u)], status: 201)
                } catch let e as HTTPError { return .error(e) } catch { return .error(.internal(cause: "\(error)")) }
            }
        }
        r.add("PATCH", "/api/v1/users/{id}") { req in
            let p = try ctx.require(req, .manageUsers)
            let id = try req.intParameter("id")
            let b = try req.decodeJSON(UpdateBody.self)
            var ch = UserChanges()
            ch.name = b.name
            ch.active = b.active
            ch.password = b.password
            if let r = b.role { ch.role = try parseRole(r) }
            if let e = b.extra_permissions { ch.extraPermissions = try parsePermissions(e) }
            try checkGrant(p, role: ch.role, extra: ch.extraPermissions ?? [])
            guard let target = try core({ try UserStore(db: p.db).user(id: id) }) else { throw HTTPError.notFound("The user") }
            if target.role == .admin && p.user.role != .admin { throw HTTPError.forbidden("Only an admin can change an admin.") }
            let final = ch
            return .later {
                let ch = final
                do {
                    let u = try core { try UserStore(db: p.db).update(id: id, ch) }
                    var what: [String] = []
                    if ch.role != nil { what.append("role=\(u.role.rawValue)") }
                    if let a = ch.active { what.append(a ? "enabled" : "disabled") }
                    if ch.password != nil { what.append("password reset") }
                    if ch.extraPermissions != nil { what.append("permissions") }
                    if ch.name != nil { what.append("name") }
                    ctx.audit(req, p, "user.update", target: "user:\(id)", details: what.joined(separator: ", "))
                    return try .json(["user": UserJSON(u)])
                } catch let e as HTTPError { return .error(e) } catch { return .error(.internal(cause: "\(error)")) }
            }
        }
        r.add("DELETE", "/api/v1/users/{id}", body: .none) { req in
            let p = try ctx.require(req, .manageUsers)
            let id = try req.intParameter("id")
            guard id != p.user.id else { throw HTTPError.conflict("You cannot delete your own account.") }
            guard let target = try core({ try UserStore(db: p.db).user(id: id) }) else { throw HTTPError.notFound("The user") }
            if target.role == .admin && p.user.role != .admin { throw HTTPError.forbidden("Only an admin can delete an admin.") }
            try core { try UserStore(db: p.db).delete(id: id) }
            ctx.audit(req, p, "user.delete", target: "user:\(id)", details: target.email)
            return .noContent
        }
    }

    static func parseRole(_ s: String) throws -> Role {
        guard let r = Role(rawValue: s) else { throw HTTPError.validation(["role": "Role is admin, manager, agent or viewer."]) }
        return r
    }

    static func parsePermissions(_ list: [String]) throws -> [Permission] {
        try list.map { s in
            guard let p = Permission(rawValue: s) else { throw HTTPError.validation(["extra_permissions": "Unknown permission \(s)."]) }
            return p
        }
    }

    static func checkGrant(_ p: Principal, role: Role?, extra: [Permission]) throws {
        if role == .admin && p.user.role != .admin { throw HTTPError.forbidden("Only an admin can make admins.") }
        if let missing = extra.first(where: { !p.can($0) }) {
            throw HTTPError.forbidden("You cannot grant \(missing.rawValue), which you do not have.")
        }
    }
}

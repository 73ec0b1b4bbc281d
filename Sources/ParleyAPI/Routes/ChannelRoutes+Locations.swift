import ParleyCore
import ParleyHTTP

/// Locations (branches): everyone signed in may list them, manage_settings changes them.
extension ChannelRoutes {
    struct LocationBody: Decodable {
        let name: String?
        let address: String?
    }

    static func registerLocations(_ r: inout Router, _ ctx: RouteContext) {
        r.add("GET", "/api/v1/locations", body: .none) { req in
            let p = try ctx.require(req)
            return try .json(["locations": try core { try LocationStore(db: p.db).all() }])
        }
        r.add("POST", "/api/v1/locations") { req in
            let p = try ctx.require(req, .manageSettings)
            let b = try req.decodeJSON(LocationBody.self)
            let l = try core { try LocationStore(db: p.db).create(name: b.name ?? "", address: b.address ?? "") }
            ctx.audit(req, p, "location.create", target: "location:\(l.id)", details: l.name)
            return try .json(["location": l], status: 201)
        }
        r.add("PATCH", "/api/v1/locations/{id}") { req in
            let p = try ctx.require(req, .manageSettings)
            let id = try req.intParameter("id")
            let b = try req.decodeJSON(LocationBody.self)
            let l = try core { try LocationStore(db: p.db).update(id: id, name: b.name, address: b.address) }
            ctx.audit(req, p, "location.update", target: "location:\(id)", details: l.name)
            return try .json(["location": l])
        }
        r.add("DELETE", "/api/v1/locations/{id}", body: .none) { req in
            let p = try ctx.require(req, .manageSettings)
            let id = try req.intParameter("id")
            try core { try LocationStore(db: p.db).delete(id: id) }
            ctx.audit(req, p, "location.delete", target: "location:\(id)")
            return .noContent
        }
    }
}

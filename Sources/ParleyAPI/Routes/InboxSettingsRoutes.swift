import ParleyCore
import ParleyHTTP

/// Labels and canned replies: everyone signed in reads them; changes need manage_settings.
enum InboxSettingsRoutes {
    struct LabelBody: Decodable { let name: String?; let color: String? }
    struct CannedBody: Decodable { let shortcut: String; let text: String }

    static func register(_ r: inout Router, _ ctx: RouteContext) {
        r.add("GET", "/api/v1/labels", body: .none) { req in
            let p = try ctx.require(req)
            return try .json(["labels": try core { try LabelStore(db: p.db).labels() }])
        }
        r.add("POST", "/api/v1/labels") { req in
            let p = try ctx.require(req, .manageSettings)
            let b = try req.decodeJSON(LabelBody.self)
            let l = try core { try LabelStore(db: p.db).createLabel(name: b.name ?? "", color: b.color) }
            ctx.audit(req, p, "label.create", target: "label:\(l.id)", details: l.name)
            return try .json(["label": l], status: 201)
        }
        r.add("PATCH", "/api/v1/labels/{id}") { req in
            let p = try ctx.require(req, .manageSettings)
            let b = try req.decodeJSON(LabelBody.self)
            let l = try core { try LabelStore(db: p.db).updateLabel(id: try req.intParameter("id"), name: b.name, color: b.color) }
            ctx.audit(req, p, "label.update", target: "label:\(l.id)")
            return try .json(["label": l])
        }
        r.add("DELETE", "/api/v1/labels/{id}", body: .none) { req in
            let p = try ctx.require(req, .manageSettings)
            let id = try req.intParameter("id")
            try core { try LabelStore(db: p.db).deleteLabel(id: id) }
            ctx.audit(req, p, "label.delete", target: "label:\(id)")
            return .noContent
        }
        r.add("GET", "/api/v1/canned-responses", body: .none) { req in
            let p = try ctx.require(req)
            return try .json(["canned_responses": try core { try LabelStore(db: p.db).cannedResponses() }])
        }
        r.add("POST", "/api/v1/canned-responses") { req in
            let p = try ctx.require(req, .manageSettings)
            let b = try req.decodeJSON(CannedBody.self)
            let c = try core { try LabelStore(db: p.db).saveCanned(id: nil, shortcut: b.shortcut, text: b.text) }
            ctx.audit(req, p, "canned.create", target: "canned:\(c.id)", details: c.shortcut)
            return try .json(["canned_response": c], status: 201)
        }
        r.add("PATCH", "/api/v1/canned-responses/{id}") { req in
            let p = try ctx.require(req, .manageSettings)
            let b = try req.decodeJSON(CannedBody.self)
            let c = try core { try LabelStore(db: p.db).saveCanned(id: try req.intParameter("id"), shortcut: b.shortcut, text: b.text) }
            ctx.audit(req, p, "canned.update", target: "canned:\(c.id)")
            return try .json(["canned_response": c])
        }
        r.add("DELETE", "/api/v1/canned-responses/{id}", body: .none) { req in
            let p = try ctx.require(req, .manageSettings)
            let id = try req.intParameter("id")
            try core { try LabelStore(db: p.db).deleteCanned(id: id) }
            ctx.audit(req, p, "canned.delete", target: "canned:\(id)")
            return .noContent
        }
    }
}

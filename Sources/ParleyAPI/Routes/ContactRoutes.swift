import ParleyCore
import ParleyHTTP

/// Contacts: side panel, edits, GDPR export and erasure — limited to channels the caller may see.
enum ContactRoutes {
    struct Body: Decodable { let name: String?; let email: String?; let phone: String? }

    static func register(_ r: inout Router, _ ctx: RouteContext) {
        r.add("GET", "/api/v1/contacts", body: .none) { req in
            let p = try ctx.require(req)
            let before = try req.queryValue("before").map { v -> Int64 in
                guard let b = Int64(v) else { throw HTTPError.validation(["before": "Use a contact id."]) }
                return b
            }
            let list = try core {
                try ContactService(db: p.db).list(visible: try ChannelAccess(db: p.db).visibleChannels(for: p.user), query: req.queryValue("q"),
                                                  limit: Int(req.queryValue("limit") ?? "") ?? 50, beforeID: before)
            }
            return try .json(["contacts": list])
        }
        r.add("GET", "/api/v1/contacts/{id}", body: .none) { req in
            let (_, d) = try visible(ctx, req)
            return try .json(d)
        }
        r.add("PATCH", "/api/v1/contacts/{id}") { req in
            let (p, d) = try visible(ctx, req)
            guard p.can(.sendMessages) else { throw HTTPError.forbidden() }
            let b = try req.decodeJSON(Body.self)
            let c = try core { try ContactService(db: p.db).update(id: d.contact.id, name: b.name, email: b.email, phone: b.phone) }
            return try .json(["contact": c])
        }
        r.add("GET", "/api/v1/contacts/{id}/export", body: .none) { req in
            let (p, d) = try visible(ctx, req)
            guard p.can(.manageSettings) else { throw HTTPError.forbidden("Exports are for admins.") }
            let bytes = try core { try ContactService(db: p.db).export(id: d.contact.id) }
            ctx.audit(req, p, "contact.export", target: "contact:\(d.contact.id)")
            var h = HTTPHeaders()
            h.set("Content-Type", "application/json")
            h.set("Content-Disposition", "attachment; filename=\"contact-\(d.contact.id).json\"")
            return HTTPResponse(status: 200, headers: h, body: .bytes(bytes))
        }
        r.add("DELETE", "/api/v1/contacts/{id}", body: .none) { req in
            let (p, d) = try visible(ctx, req)
            guard p.can(.manageSettings) else { throw HTTPError.forbidden("Only admins can erase contacts.") }
            try core { try ContactService(db: p.db).erase(id: d.contact.id) }
            ctx.audit(req, p, "contact.erase", target: "contact:\(d.contact.id)")
            ctx.live.notify(tenantID: p.tenant.id)
            return .noContent
        }
        r.add("GET", "/api/v1/search", body: .none) { req in
            let p = try ctx.require(req)
            guard let q = req.queryValue("q"), !q.trimmingSpaces.isEmpty else { throw HTTPError.validation(["q": "Type something to search for."]) }
            var f = ConversationFilter()
            f.query = String(q.prefix(200))
            f.limit = 50
            let (items, next) = try core {
                try InboxQuery(db: p.db).list(f, visible: try ChannelAccess(db: p.db).visibleChannels(for: p.user), me: p.user.id)
            }
            return try .json(ConversationRoutes.Page(conversations: items, next_cursor: next))
        }
    }

    static func visible(_ ctx: RouteContext, _ req: HTTPRequest) throws -> (Principal, ContactDetails) {
        let p = try ctx.require(req)
        let id = try req.intParameter("id")
        guard let d = try core({ try ContactService(db: p.db).details(id: id, visible: try ChannelAccess(db: p.db).visibleChannels(for: p.user)) }) else {
            throw HTTPError.notFound("The contact")
        }
        return (p, d)
    }
}

import ParleyCore
import ParleyHTTP

/// Content calendars: `POST /api/v1/calendars` starts drafting a month of posts; `GET …/{id}` shows progress;
/// `POST …/{id}/cancel` stops it between posts. Each drafted post records a `calendar.progress` live event.
enum CalendarRoutes {
    struct Body: Decodable {
        let month: String
        let count: Int?
        let use_ai: Bool?
    }

    static func register(_ r: inout Router, _ ctx: RouteContext) {
        r.add("POST", "/api/v1/calendars") { req in
            let p = try ctx.require(req, .publishPosts)
            let b = try req.decodeJSON(Body.self)
            let id = try core {
                try ctx.publishing.calendars.start(tenantID: p.tenant.id, db: p.db, month: b.month, count: b.count ?? CalendarService.defaultCount, useAI: b.use_ai ?? false,
                                                   userID: p.user.id, plan: p.tenant.plan, tenantName: p.tenant.name, bus: ctx.ingest.bus)
            }
            return try .json(["id": id], status: 202)
        }
        r.add("POST", "/api/v1/calendars/{id}/cancel") { req in
            let p = try ctx.require(req, .publishPosts)
            let id = try req.intParameter("id")
            guard let progress = try core({ try ctx.publishing.calendars.cancel(tenantID: p.tenant.id, db: p.db, id: id, bus: ctx.ingest.bus) }) else {
                throw HTTPError.notFound("The calendar")
            }
            ctx.audit(req, p, "calendar.cancel", target: "calendar:\(id)", details: progress.state)
            return try .json(progress)
        }
        r.add("GET", "/api/v1/calendars/{id}", body: .none) { req in
            let p = try ctx.require(req)
            guard let progress = try core({ try ctx.publishing.calendars.progress(db: p.db, id: try req.intParameter("id")) }) else {
                throw HTTPError.notFound("The calendar")
            }
            return try .json(progress)
        }
    }
}

import ParleyCore
import ParleyHTTP

/// Settings → Webhook events: failed and unroutable deliveries with a Replay button.
/// The journal is shared by every tenant on this server, so the page is offered only when the server hosts a single
/// business (its admin is also the operator); multi-tenant operators use `parley webhooks`.
enum WebhookEventRoutes {
    static func register(_ r: inout Router, _ ctx: RouteContext) {
        r.add("GET", "/api/v1/webhook-events", body: .none) { req in
            _ = try guardSingleTenant(ctx, req)
            let status = req.queryValue("status").flatMap { $0.isEmpty || $0 == "all" ? nil : $0 }
            if let s = status, !["pending", "done", "failed", "unroutable"].contains(s) {
                throw HTTPError.validation(["status": "Use pending, done, failed, unroutable or all."])
            }
            let before = req.queryValue("before").flatMap { Int64($0) }
            let log = InboundLog(db: ctx.core.ingest)
            struct Page: Encodable { let events: [InboundRow]; let counts: [String: Int64] }
            return try .json(Page(events: try core { try log.rows(status: status, limit: 100, beforeID: before) }, counts: try core { try log.counts() }))
        }
        r.add("POST", "/api/v1/webhook-events/{id}/replay", body: .none) { req in
            let p = try guardSingleTenant(ctx, req)
            let id = try req.intParameter("id")
            guard try core({ try ctx.ingest.processor.replay(id) }) else { throw HTTPError.notFound("The webhook event") }
            ctx.audit(req, p, "webhook.replay", target: "inbound:\(id)")
            return .rawJSON("{\"status\":\"queued\"}", status: 202)
        }
    }

    static func guardSingleTenant(_ ctx: RouteContext, _ req: HTTPRequest) throws -> Principal {
        let p = try ctx.require(req, .manageSettings)
        guard try core({ try ctx.core.tenantStore.all().count }) == 1 else {
            throw HTTPError.forbidden("This server hosts several businesses; the operator reviews webhook events with `parley webhooks`.")
        }
        return p
    }
}

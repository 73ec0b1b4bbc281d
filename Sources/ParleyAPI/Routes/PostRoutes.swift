import FoundationEssentials
import ParleyCore
import ParleyHTTP

/// Social posts: drafts, review, scheduling and publishing to Facebook Pages and Instagram accounts.
enum PostRoutes {
    struct CreateBody: Decodable {
        let text: String?
        let asset_ids: [Int64]?
        let channel_ids: [Int64]?
        let scheduled_at: String?
        let draft: Bool?
    }
    struct PatchBody: Decodable {
        let text: String?
        let asset_ids: [Int64]?
        let channel_ids: [Int64]?
        let scheduled_at: String?
        let unschedule: Bool?
    }
    struct RejectBody: Decodable { let comment: String }

    static func register(_ r: inout Router, _ ctx: RouteContext) {
        r.add("GET", "/api/v1/posts", body: .none) { req in
            let p = try ctx.require(req)
            let state = req.queryValue("state").flatMap { $0.isEmpty || $0 == "all" ? nil : $0 }
            let cursor = try req.queryValue("cursor").flatMap { v -> Int64? in
                if v.isEmpty { return nil }
                guard let c = Int64(v) else { throw HTTPError.validation(["cursor": "Use the next_cursor of the previous page."]) }
                return c
            }
            let limit = try req.queryValue("limit").map { v -> Int in
                guard let l = Int(v), (1...100).contains(l) else { throw HTTPError.validation(["limit": "Use 1 to 100."]) }
                return l
            } ?? 50
            let (posts, next) = try core { try store(ctx, p).list(state: state, cursor: cursor, limit: limit) }
            struct Page: Encodable { let posts: [Post]; let next_cursor: String? }
            return try .json(Page(posts: posts, next_cursor: next.map(String.init)))
        }
        r.add("GET", "/api/v1/posts/{id}", body: .none) { req in
            let p = try ctx.require(req)
            guard let post = try core({ try store(ctx, p).get(try req.intParameter("id")) }) else { throw HTTPError.notFound("The post") }
            return try .json(["post": post])
        }
        r.add("POST", "/api/v1/posts") { req in
            let p = try author(ctx, req)
            let b = try req.decodeJSON(CreateBody.self)
            let draft = PostStore.Draft(text: b.text ?? "", assetIDs: b.asset_ids ?? [], channelIDs: b.channel_ids ?? [],
                                        scheduledAt: try b.scheduled_at.map(parseTime))
            let post = try core { try store(ctx, p).create(draft, by: actor(p), asDraft: b.draft == true) }
            ctx.audit(req, p, "post.created", target: "post:\(post.id)", details: post.state)
            ctx.live.notify(tenantID: p.tenant.id)
            return try .json(["post": post], status: 201)
        }
        r.add("PATCH", "/api/v1/posts/{id}") { req in
            let p = try author(ctx, req)
            let b = try req.decodeJSON(PatchBody.self)
            let at = try b.scheduled_at.map(parseTime)
            let post = try core {
                try store(ctx, p).update(try req.intParameter("id"), { d in
                    if let t = b.text { d.text = t }
                    if let a = b.asset_ids { d.assetIDs = a }
                    if let c = b.channel_ids { d.channelIDs = c }
                    if let at { d.scheduledAt = at }
                    if b.unschedule == true { d.scheduledAt = nil }
                }, by: actor(p))
            }
            ctx.live.notify(tenantID: p.tenant.id)
            return try .json(["post": post])
        }
        r.add("DELETE", "/api/v1/posts/{id}", body: .none) { req in
            let p = try author(ctx, req)
            let id = try req.intParameter("id")
            try core { try store(ctx, p).delete(id) }
            ctx.audit(req, p, "post.deleted", target: "post:\(id)")
            return .noContent
        }
        r.add("POST", "/api/v1/posts/{id}/publish", body: .none) { req in
            let p = try ctx.require(req, .publishPosts)
            let post = try core { try store(ctx, p).publishNow(try req.intParameter("id"), by: actor(p)) }
            ctx.audit(req, p, "post.published", target: "post:\(post.id)")
            return try .json(["post": post], status: 202)
        }
        r.add("POST", "/api/v1/posts/{id}/submit", body: .none) { req in
            let p = try author(ctx, req)
            let post = try core { try store(ctx, p).submit(try req.intParameter("id"), by: actor(p)) }
            ctx.audit(req, p, "post.submitted", target: "post:\(post.id)")
            ctx.live.notify(tenantID: p.tenant.id)
            return try .json(["post": post])
        }
        r.add("POST", "/api/v1/posts/{id}/approve", body: .none) { req in
            let p = try ctx.require(req, .publishPosts)
            let post = try core { try store(ctx, p).approve(try req.intParameter("id"), by: actor(p)) }
            ctx.audit(req, p, "post.approved", target: "post:\(post.id)")
            return try .json(["post": post])
        }
        r.add("POST", "/api/v1/posts/{id}/reject") { req in
            let p = try ctx.require(req, .publishPosts)
            let b = try req.decodeJSON(RejectBody.self)
            let post = try core { try store(ctx, p).reject(try req.intParameter("id"), comment: b.comment, by: actor(p)) }
            ctx.audit(req, p, "post.rejected", target: "post:\(post.id)")
            return try .json(["post": post])
        }
    }

    static func store(_ ctx: RouteContext, _ p: Principal) -> PostStore { ctx.publishing.posts(core: ctx.core, tenantID: p.tenant.id, db: p.db) }

    static func actor(_ p: Principal) -> PostStore.Actor { .init(userID: p.user.id, canPublish: p.can(.publishPosts), plan: p.tenant.plan) }

    /// Anyone but a viewer may write posts; without publish_posts they go to review.
    static func author(_ ctx: RouteContext, _ req: HTTPRequest) throws -> Principal {
        let p = try ctx.require(req)
        guard p.can(.publishPosts) || p.can(.sendMessages) || p.can(.manageAssets) else {
            ctx.audit(req, p, "access.denied", target: "\(req.method) \(req.routePattern)", result: "denied", details: "cannot write posts")
            throw HTTPError.forbidden("You cannot write posts.")
        }
        return p
    }

    /// ISO-8601 (with or without fractional seconds) or unix seconds → unix ms.
    static func parseTime(_ s: String) throws -> Int64 {
        if let secs = Int64(s) { return secs * 1000 }
        if let d = try? Date(s, strategy: .iso8601) { return Int64((d.timeIntervalSince1970 * 1000).rounded()) }
        if let d = try? Date(s, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) {
            return Int64((d.timeIntervalSince1970 * 1000).rounded())
        }
        throw HTTPError.validation(["scheduled_at": "Use an ISO-8601 time like 2026-12-01T10:00:00Z."])
    }
}

import ParleyCore
import ParleyHTTP

/// The inbox API: conversations, threads, replies, notes — scoped to the channels the caller may see.
enum ConversationRoutes {
    struct ReplyBody: Decodable {
        struct Template: Decodable { let name: String; let language: String; let parameters: [String]? }
        let text: String?
        let asset_ids: [Int64]?
        let template: Template?
    }
    struct NoteBody: Decodable { let text: String }
    struct Page: Encodable {
        let conversations: [ConversationItem]
        let next_cursor: String?
    }
    struct Thread: Encodable {
        let messages: [Message]
        let notes: [Note]
    }

    static func register(_ r: inout Router, _ ctx: RouteContext) {
        r.add("GET", "/api/v1/conversations", body: .none) { req in
            let p = try ctx.require(req)
            let f = try filter(req)
            let (items, next) = try core {
                try InboxQuery(db: p.db).list(f, visible: try ChannelAccess(db: p.db).visibleChannels(for: p.user), me: p.user.id)
            }
            return try .json(Page(conversations: items, next_cursor: next))
        }
        r.add("GET", "/api/v1/conversations/{id}", body: .none) { req in
            let (p, item) = try visible(ctx, req)
            _ = p
            return try .json(["conversation": item])
        }
        r.add("PATCH", "/api/v1/conversations/{id}") { req in
            let (p, item) = try visible(ctx, req)
            guard p.can(.sendMessages) else { throw HTTPError.forbidden() }
            let body = try req.decodeJSON(ConversationChanges.self)
            let updated = try core { try ConversationActions(db: p.db).update(item.conversation.id, body, by: p.user.id) }
            if body.status == "snoozed", let until = body.snoozedUntil {
                try core { try SnoozeWaker.noteSnoozed(ctx.core, tenantID: p.tenant.id, until: until) }
            }
            ctx.live.notify(tenantID: p.tenant.id)
            guard let fresh = try core({ try InboxQuery(db: p.db).item(id: updated, visible: nil) }) else { throw HTTPError.notFound("The conversation") }
            return try .json(["conversation": fresh])
        }
        r.add("POST", "/api/v1/conversations/{id}/read", body: .none) { req in
            let (p, item) = try visible(ctx, req)
            try core { try ConversationActions(db: p.db).markRead(item.conversation.id) }
            return .noContent
        }
        r.add("GET", "/api/v1/conversations/{id}/messages", body: .none) { req in
            let (p, item) = try visible(ctx, req)
            let before = try req.queryValue("before").map { v -> Int64 in
                guard let b = Int64(v) else { throw HTTPError.validation(["before": "Use a message id."]) }
                return b
            }
            let limit = try req.queryValue("limit").map { v -> Int in
                guard let l = Int(v), (1...200).contains(l) else { throw HTTPError.validation(["limit": "Use 1 to 200."]) }
                return l
            } ?? 50
            let q = InboxQuery(db: p.db)
            return try .json(Thread(messages: try core { try q.messages(conversationID: item.conversation.id, before: before, limit: limit) },
                                    notes: before == nil ? try core { try q.notes(conversationID: item.conversation.id) } : []))
        }
        r.add("POST", "/api/v1/conversations/{id}/messages") { req in
            let (p, item) = try visible(ctx, req)
            guard p.can(.sendMessages) else {
                ctx.audit(req, p, "access.denied", target: "conversation:\(item.conversation.id)", result: "denied", details: "missing send_messages")
                throw HTTPError.forbidden("You cannot send messages.")
            }
            let body = try req.decodeJSON(ReplyBody.self)
            if let t = body.template {
                let service = WhatsAppTemplates(core: ctx.core, graph: GraphClient(config: ctx.core.config, http: ctx.http))
                return .later {
                    do {
                        let found = try core { try service.list(tenantID: p.tenant.id, channelID: item.channel.id) }
                            .first { $0.name == t.name && $0.language == t.language }
                        guard let template = found else { return .error(.validation(["template": "No template \(t.name) (\(t.language))."])) }
                        let queued = try core {
                            try service.enqueue(tenantID: p.tenant.id, conversationID: item.conversation.id, authorUserID: p.user.id,
                                                template: template, parameters: t.parameters ?? [])
                        }
                        ctx.outbox.poke()
                        ctx.live.notify(tenantID: p.tenant.id)
                        return try .json(["message": queued], status: 202)
                    } catch let e as HTTPError { return .error(e) } catch { return .error(.internal(cause: "\(error)")) }
                }
            }
            let queued = try core {
                try ReplyService(core: ctx.core).enqueue(tenantID: p.tenant.id, conversationID: item.conversation.id, authorUserID: p.user.id,
                                                         text: body.text ?? "", assetIDs: body.asset_ids ?? [])
            }
            ctx.outbox.poke()
            ctx.live.notify(tenantID: p.tenant.id)
            return try .json(["message": queued], status: 202)
        }
        r.add("POST", "/api/v1/conversations/{id}/notes") { req in
            let (p, item) = try visible(ctx, req)
            guard p.can(.sendMessages) else { throw HTTPError.forbidden() }
            let body = try req.decodeJSON(NoteBody.self)
            let note = try core { try ConversationActions(db: p.db).addNote(item.conversation.id, text: body.text, by: p.user.id) }
            ctx.live.notify(tenantID: p.tenant.id)
            return try .json(["note": note], status: 201)
        }
        r.add("GET", "/api/v1/conversations/{id}/templates", body: .none) { req in
            let (p, item) = try visible(ctx, req)
            guard item.channel.kind == "whatsapp" else { return try .json(["templates": [WhatsAppTemplate]()]) }
            let service = WhatsAppTemplates(core: ctx.core, graph: GraphClient(config: ctx.core.config, http: ctx.http))
            return .later {
                do {
                    return try .json(["templates": try core { try service.list(tenantID: p.tenant.id, channelID: item.channel.id) }])
                } catch let e as HTTPError { return .error(e) } catch { return .error(.internal(cause: "\(error)")) }
            }
        }
        r.add("POST", "/api/v1/conversations/{id}/typing", body: .none) { req in
            let (p, item) = try visible(ctx, req)
            guard p.can(.sendMessages) else { throw HTTPError.forbidden() }
            let data = "{\"conversation_id\":\(item.conversation.id),\"user_id\":\(p.user.id),\"name\":\(JSONText.quote(p.user.name))}"
            ctx.live.broadcast(tenantID: p.tenant.id, channelID: item.channel.id, event: "typing", data: data, exceptUser: p.user.id)
            return .noContent
        }
        r.add("GET", "/api/v1/events", body: .none) { req in
            let p = try ctx.require(req)
            let last = (req.headers["Last-Event-ID"] ?? req.queryValue("last_event_id")).flatMap { Int64($0) }
            let stream = try core { try ctx.live.subscribe(tenantID: p.tenant.id, db: p.db, user: p.user, lastEventID: last) }
            return HTTPResponse(body: .stream(stream))
        }
    }

    /// The conversation in the path if the caller may see it; 404 otherwise (no existence leak).
    static func visible(_ ctx: RouteContext, _ req: HTTPRequest) throws -> (Principal, ConversationItem) {
        let p = try ctx.require(req)
        let id = try req.intParameter("id")
        guard let item = try core({ try InboxQuery(db: p.db).item(id: id, visible: try ChannelAccess(db: p.db).visibleChannels(for: p.user)) }) else {
            throw HTTPError.notFound("The conversation")
        }
        return (p, item)
    }

    static func filter(_ req: HTTPRequest) throws -> ConversationFilter {
        var f = ConversationFilter()
        func int(_ name: String) throws -> Int64? {
            guard let v = req.queryValue(name), !v.isEmpty else { return nil }
            guard let n = Int64(v) else { throw HTTPError.validation([name: "Use a number."]) }
            return n
        }
        if let s = req.queryValue("status"), !s.isEmpty, s != "all" {
            guard ["open", "pending", "snoozed", "resolved"].contains(s) else { throw HTTPError.validation(["status": "Use open, pending, snoozed, resolved or all."]) }
            f.status = s
        }
        f.channelID = try int("channel_id")
        f.locationID = try int("location_id")
        f.teamID = try int("team_id")
        if let k = req.queryValue("kind"), !k.isEmpty { f.kind = k }
        if let a = req.queryValue("assignee_id") ?? req.queryValue("assignee"), !a.isEmpty, a != "all" {
            switch a {
            case "me": f.assignee = .me
            case "unassigned", "none": f.assignee = .unassigned
            default:
                guard let n = Int64(a) else { throw HTTPError.validation(["assignee_id": "Use me, unassigned, all or a user id."]) }
                f.assignee = .user(n)
            }
        }
        if let l = req.queryValue("label"), !l.isEmpty { f.label = l }
        if let q = req.queryValue("q"), !q.trimmingSpaces.isEmpty { f.query = String(q.prefix(200)) }
        if let c = req.queryValue("cursor"), !c.isEmpty { f.cursor = c }
        if let l = req.queryValue("limit") {
            guard let n = Int(l), (1...100).contains(n) else { throw HTTPError.validation(["limit": "Use 1 to 100."]) }
            f.limit = n
        }
        return f
    }
}

import ParleyCore
import ParleyHTTP
import ParleyHTTPClient

/// Facebook Login for connecting pages: start (dialog URL), the browser callback, then the page picker.
enum OAuthRoutes {
    struct ConnectBody: Decodable { let pages: [PageChoice] }
    struct PickerAnswer: Encodable {
        let pages: [PickerPage]
        let declined_permissions: [String]
    }

    static func register(_ r: inout Router, _ ctx: RouteContext) {
        let graph = GraphClient(config: ctx.core.config, http: HTTPClient(configuration: .init(userAgent: "Parley/0.1")))
        let login = MetaLogin(core: ctx.core, graph: graph)
        r.add("POST", "/api/v1/oauth/meta/start") { req in
            let p = try ctx.require(req, .manageChannels)
            let url = try core { try login.start(tenantID: p.tenant.id, userID: p.user.id) }
            ctx.audit(req, p, "oauth.meta.start")
            return try .json(["url": url])
        }
        r.add("GET", "/oauth/meta/callback", body: .none) { req in
            try callback(req, ctx, login)
        }
        r.add("GET", "/api/v1/oauth/meta/pickers/{id}", body: .none) { req in
            let p = try ctx.require(req, .manageChannels)
            let id = try req.parameter("id")
            let (pages, declined) = try core { try MetaPageConnect(core: ctx.core, graph: graph).pages(pickerID: id, tenantID: p.tenant.id, userID: p.user.id) }
            return try .json(PickerAnswer(pages: pages, declined_permissions: declined))
        }
        r.add("POST", "/api/v1/oauth/meta/pickers/{id}/connect") { req in
            let p = try ctx.require(req, .manageChannels)
            let id = try req.parameter("id")
            let b = try req.decodeJSON(ConnectBody.self)
            return ChannelRoutes.blocking {
                let results = try core {
                    try MetaPageConnect(core: ctx.core, graph: graph).connect(pickerID: id, tenantID: p.tenant.id, userID: p.user.id, choices: b.pages)
                }
                for o in results {
                    ctx.audit(req, p, "channel.connect", target: o.channel_id.map { "channel:\($0)" } ?? "\(o.kind):\(o.external_id)",
                              result: o.status == "connected" ? "ok" : o.status, details: "\(o.kind) \(o.external_id) via Facebook Login" + (o.message.map { ": \($0)" } ?? ""))
                }
                if results.contains(where: { $0.status == "connected" }) { ctx.live.notify(tenantID: p.tenant.id) }
                return try .json(["results": results])
            }
        }
    }

    /// The browser comes back from Facebook here. No session is required (the state proves who started), but a
    /// session, if present, must be the same user. Every refusal is a readable page and stores nothing.
    static func callback(_ req: HTTPRequest, _ ctx: RouteContext, _ login: MetaLogin) throws -> HTTPResponse {
        let consumed = try core { try OAuthStateStore(db: ctx.core.control).consume(req.queryValue("state"), purpose: MetaLogin.purpose) }
        if let error = req.queryValue("error") {
            if case .success(let who) = consumed { audit(ctx, req, who.tenantID, who.userID, result: "denied", details: "Facebook said: \(error.prefix(60))") }
            let cancelled = error == "access_denied"
            return PlainPage.render(title: cancelled ? "Facebook connection cancelled" : "Facebook connection failed",
                                    paragraphs: [cancelled ? "You did not allow Parley to use your Facebook pages, so nothing was connected."
                                                           : "Facebook did not complete the sign-in, so nothing was connected.",
                                                 "You can try again from Settings → Channels whenever you like."])
        }
        let who: (tenantID: Int64, userID: Int64)
        switch consumed {
        case .success(let w): who = w
        case .failure(let e):
            return PlainPage.render(title: "This Facebook sign-in cannot be used",
                                    paragraphs: [e.plainMessage, "Nothing was connected. Start again from Settings → Channels."], status: 400)
        }
        if let session = try? AuthMiddleware(ctx: ctx).authenticate(req), session.tenant.id != who.tenantID || session.user.id != who.userID {
            audit(ctx, req, who.tenantID, who.userID, result: "denied", details: "callback arrived in another user's session")
            return PlainPage.render(title: "Signed in as someone else",
                                    paragraphs: ["This Facebook sign-in was started by another Parley user, so it was not used. Nothing was connected."], status: 403)
        }
        let user = try? UserStore(db: ctx.core.tenants.database(who.tenantID)).user(id: who.userID)
        guard let user, user.can(.manageChannels) else {
            return PlainPage.render(title: "This Facebook sign-in cannot be used",
                                    paragraphs: ["The Parley account that started it may no longer connect channels. Nothing was connected."], status: 403)
        }
        guard let code = req.queryValue("code"), !code.isEmpty else {
            return PlainPage.render(title: "Facebook connection failed", paragraphs: ["Facebook sent no authorization code. Nothing was connected."], status: 400)
        }
        return .later {
            do {
                let picker = try login.complete(code: code, tenantID: who.tenantID, userID: who.userID)
                audit(ctx, req, who.tenantID, who.userID, result: "ok", details: "page list ready")
                return .redirect(to: "/settings/channels?picker=\(PercentEncoding.encode(picker))", status: 303)
            } catch let e as CoreError {
                audit(ctx, req, who.tenantID, who.userID, result: "failed", details: e.description)
                let message: String
                if case .provider(let m) = e { message = m } else { message = "Parley could not finish the Facebook sign-in." }
                return PlainPage.render(title: "Facebook connection failed", paragraphs: [message, "Nothing was connected."], status: 502)
            } catch {
                ctx.logger.error("meta oauth callback failed", [("error", "\(error)")])
                return PlainPage.render(title: "Facebook connection failed", paragraphs: ["Parley could not store the sign-in. Try again shortly."], status: 503)
            }
        }
    }

    static func audit(_ ctx: RouteContext, _ req: HTTPRequest, _ tenantID: Int64, _ userID: Int64, result: String, details: String) {
        guard let db = try? ctx.core.tenants.database(tenantID) else { return }
        ctx.audit(req, nil, "oauth.meta.callback", target: "user:\(userID)", result: result, details: details, db: db, actor: "user:\(userID)")
    }
}

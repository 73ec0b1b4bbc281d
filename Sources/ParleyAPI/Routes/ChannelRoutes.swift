import ParleyCore
import ParleyHTTP
import ParleyHTTPClient

/// Connected channels: list, manual WhatsApp connect, rename/move, disconnect, health, who may access them.
enum ChannelRoutes {
    struct CreateBody: Decodable {
        let kind: String
        let name: String?
        let phone_number_id: String?
        let waba_id: String?
        let token: String?
        let location_id: Int64?
    }
    struct PatchBody: Decodable {
        let name: String?
        /// Absent: unchanged; null: no location; a number: that location.
        let location: LocationChange
        enum K: String, CodingKey { case name, location_id }
        enum LocationChange { case keep, clear, set(Int64) }
        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: K.self)
            name = try c.decodeIfPresent(String.self, forKey: .name)
            if !c.contains(.location_id) { location = .keep } else if try c.decodeNil(forKey: .location_id) { location = .clear } else {
                location = .set(try c.decode(Int64.self, forKey: .location_id))
            }
        }
    }
    struct AccessBody: Decodable {
        let user_ids: [Int64]?
        let team_ids: [Int64]?
    }
    struct Access: Encodable {
        let channel_id: Int64
        let user_ids: [Int64]
        let team_ids: [Int64]
    }

    static func register(_ r: inout Router, _ ctx: RouteContext) {
        let graph = GraphClient(config: ctx.core.config, http: HTTPClient(configuration: .init(userAgent: "Parley/0.1")))
        r.add("GET", "/api/v1/channels", body: .none) { req in
            let p = try ctx.require(req)
            let channels = try core {
                let visible = p.can(.manageChannels) ? nil : try ChannelAccess(db: p.db).visibleChannels(for: p.user)
                return try ChannelStore(core: ctx.core).summaries(tenantID: p.tenant.id, visible: visible)
            }
            return try .json(["channels": channels])
        }
        r.add("POST", "/api/v1/channels") { req in
            let p = try ctx.require(req, .manageChannels)
            let b = try req.decodeJSON(CreateBody.self)
            switch b.kind {
            case "whatsapp": break
            case "sandbox": throw HTTPError.validation(["kind": "Sandbox channels exist only in the demo workspace."])
            case "messenger", "instagram": throw HTTPError.validation(["kind": "Connect Facebook pages and Instagram accounts with \"Connect with Facebook\"."])
            default: throw HTTPError.validation(["kind": "Parley cannot connect \(b.kind.prefix(40)) channels by hand yet."])
            }
            let request = WhatsAppConnectRequest(phoneNumberID: b.phone_number_id ?? "", wabaID: b.waba_id ?? "", token: b.token ?? "",
                                                 name: b.name ?? "", locationID: b.location_id)
            return blocking {
                do {
                    let ch = try core { try WhatsAppConnect(core: ctx.core, graph: graph).connect(tenantID: p.tenant.id, request) }
                    ctx.audit(req, p, "channel.connect", target: "channel:\(ch.id)", details: "whatsapp \(ch.externalID) (manual)")
                    return try .json(["channel": try core { try ChannelStore(core: ctx.core).summary(tenantID: p.tenant.id, id: ch.id) }], status: 201)
                } catch let e as HTTPError {
                    ctx.audit(req, p, "channel.connect", target: "whatsapp:\(request.phoneNumberID.prefix(64))", result: "failed", details: e.message)
                    throw e
                }
            }
        }
        r.add("PATCH", "/api/v1/channels/{id}") { req in
            let p = try ctx.require(req, .manageChannels)
            let id = try req.intParameter("id")
            let b = try req.decodeJSON(PatchBody.self)
            let summary = try core { () -> ChannelSummary? in
                let store = ChannelStore(core: ctx.core)
                switch b.location {
                case .keep: try store.update(tenantID: p.tenant.id, id: id, name: b.name, locationID: nil, clearLocation: false)
                case .clear: try store.update(tenantID: p.tenant.id, id: id, name: b.name, locationID: nil, clearLocation: true)
                case .set(let l): try store.update(tenantID: p.tenant.id, id: id, name: b.name, locationID: l, clearLocation: false)
                }
                return try store.summary(tenantID: p.tenant.id, id: id)
            }
            guard let summary else { throw HTTPError.notFound("The channel") }
            ctx.audit(req, p, "channel.update", target: "channel:\(id)", details: "name: \(summary.name); location: \(summary.locationID.map(String.init) ?? "none")")
            return try .json(["channel": summary])
        }
        r.add("DELETE", "/api/v1/channels/{id}", body: .none) { req in
            let p = try ctx.require(req, .manageChannels)
            let id = try req.intParameter("id")
            try core { try ChannelStore(core: ctx.core).disconnect(tenantID: p.tenant.id, id: id) }
            ctx.audit(req, p, "channel.disconnect", target: "channel:\(id)")
            ctx.live.notify(tenantID: p.tenant.id)
            return .noContent
        }
        r.add("GET", "/api/v1/channels/{id}/health", body: .none) { req in
            let p = try ctx.require(req)
            let id = try req.intParameter("id")
            guard let ch = try core({ try ChannelStore(core: ctx.core).get(tenantID: p.tenant.id, id: id) }),
                  try p.can(.manageChannels) || core({ try ChannelAccess(db: p.db).canSee(p.user, channelID: id) }) else {
                throw HTTPError.notFound("The channel")
            }
            return blocking {
                let report = try core { try ChannelHealth(core: ctx.core, graph: graph).check(ch) }
                if report.status == "needs_reauth" && ch.status != "needs_reauth" {
                    ctx.audit(req, p, "channel.needs_reauth", target: "channel:\(id)", details: report.problems.first ?? "")
                }
                return try .json(report)
            }
        }
        r.add("GET", "/api/v1/channels/{id}/access", body: .none) { req in
            let p = try ctx.require(req, .manageChannels)
            let id = try req.intParameter("id")
            guard try core({ try ChannelStore(core: ctx.core).get(tenantID: p.tenant.id, id: id) }) != nil else { throw HTTPError.notFound("The channel") }
            let g = try core { try ChannelAccess(db: p.db).grants(channelID: id) }
            return try .json(Access(channel_id: id, user_ids: g.userIDs, team_ids: g.teamIDs))
        }
        r.add("PUT", "/api/v1/channels/{id}/access") { req in
            let p = try ctx.require(req, .manageChannels)
            let id = try req.intParameter("id")
            let b = try req.decodeJSON(AccessBody.self)
            let users = b.user_ids ?? [], teams = b.team_ids ?? []
            guard users.count <= 1000, teams.count <= 1000 else { throw HTTPError.validation(["user_ids": "Too many entries."]) }
            try core { try ChannelAccess(db: p.db).set(channelID: id, userIDs: users, teamIDs: teams) }
            let g = try core { try ChannelAccess(db: p.db).grants(channelID: id) }
            ctx.audit(req, p, "channel.access", target: "channel:\(id)",
                      details: "users: \(g.userIDs.map(String.init).joined(separator: ",")); teams: \(g.teamIDs.map(String.init).joined(separator: ","))")
            ctx.live.notify(tenantID: p.tenant.id)
            return try .json(Access(channel_id: id, user_ids: g.userIDs, team_ids: g.teamIDs))
        }
        registerLocations(&r, ctx)
    }

    /// Runs blocking work (Graph calls) off the libmicrohttpd thread, mapping errors to the envelope.
    static func blocking(_ work: @escaping @Sendable () throws -> HTTPResponse) -> HTTPResponse {
        .later {
            do {
                return try work()
            } catch let e as HTTPError {
                return .error(e)
            } catch {
                return .error(.internal(cause: "\(error)"))
            }
        }
    }
}

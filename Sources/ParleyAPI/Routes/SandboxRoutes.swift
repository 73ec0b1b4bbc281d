import ParleyCore
import ParleyHTTP

/// "Simulate a customer message" on the demo's sandbox channels.
enum SandboxRoutes {
    struct Body: Decodable {
        let channel_id: Int64
        let text: String
        let name: String?
        let sender_id: String?
    }

    static func register(_ r: inout Router, _ ctx: RouteContext) {
        r.add("POST", "/api/v1/sandbox/messages") { req in
            let p = try ctx.require(req, .manageChannels)
            let b = try req.decodeJSON(Body.self)
            guard let ch = try core({ try ChannelStore(core: ctx.core).get(tenantID: p.tenant.id, id: b.channel_id) }) else {
                throw HTTPError.notFound("The channel")
            }
            guard Sandbox.isSandbox(ch.externalID) else { throw HTTPError.conflict("Only sandbox channels can simulate customers.") }
            let text = b.text.trimmingSpaces
            guard !text.isEmpty, text.count <= 2000 else { throw HTTPError.validation(["text": "Write 1–2,000 characters."]) }
            let now = Clock.nowMillis()
            let sender = b.sender_id ?? "sim-\(now % 100_000)"
            let body = Sandbox.inboundBody(kind: ch.kind.rawValue, channelID: ch.externalID, senderID: sender,
                                           senderName: b.name ?? "Test Customer", text: text, mid: "sandbox.in.\(sender).\(now)", atMillis: now)
            return .later {
                do {
                    try Sandbox.inject(body, journal: ctx.ingest.journal, appSecret: ctx.core.config.metaAppSecret)
                    return .rawJSON("{\"status\":\"accepted\"}", status: 202)
                } catch {
                    return .error(.unavailable(retryAfter: 5, cause: "\(error)"))
                }
            }
        }
    }
}

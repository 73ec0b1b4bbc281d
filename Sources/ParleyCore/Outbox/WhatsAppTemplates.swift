import FoundationEssentials
import ParleySQLite

/// An approved WhatsApp message template (needed once the 24-hour customer service window has closed).
public struct WhatsAppTemplate: Sendable, Codable, Equatable {
    /// Template name.
    public let name: String
    /// Language code, e.g. en_US.
    public let language: String
    /// APPROVED, PENDING, REJECTED…
    public let status: String
    /// The body text with {{1}}-style placeholders.
    public let body: String
    /// How many {{n}} parameters the body takes.
    public let parameter_count: Int
}

/// Lists a WhatsApp channel's templates and queues template messages.
public struct WhatsAppTemplates: Sendable {
    let core: Core
    let graph: GraphClient

    /// Creates the service.
    public init(core: Core, graph: GraphClient) {
        self.core = core
        self.graph = graph
    }

    /// The WABA's templates (GET /{waba-id}/message_templates).
    public func list(tenantID: Int64, channelID: Int64) throws -> [WhatsAppTemplate] {
        guard let ch = try ChannelStore(core: core).get(tenantID: tenantID, id: channelID), ch.kind == .whatsapp else {
            throw CoreError.notFound("WhatsApp channel")
        }
        guard let waba = try MetaLinkStore(db: core.control).link(tenantID: tenantID, channelID: channelID)?.parentID else {
            throw CoreError.conflict("This WhatsApp channel has no business account id; reconnect it.")
        }
        let token = try ChannelStore(core: core).token(ch)
        struct Page: Decodable {
            struct T: Decodable {
                struct Component: Decodable { let type: String; let text: String? }
                let name: String
                let language: String
                let status: String
                let components: [Component]?
            }
            let data: [T]
        }
        let page: Page
        do {
            page = try graph.get("\(waba)/message_templates", token: token, query: [("fields", "name,language,status,components"), ("limit", "100")], as: Page.self)
        } catch {
            throw CoreError.provider(error.plainMessage)
        }
        return page.data.map { t in
            let body = t.components?.first { $0.type.uppercased() == "BODY" }?.text ?? ""
            return WhatsAppTemplate(name: t.name, language: t.language, status: t.status, body: body, parameter_count: Self.placeholders(body))
        }
    }

    /// Queues a template message (rendered text stored for the thread; the sender sends the template).
    public func enqueue(tenantID: Int64, conversationID: Int64, authorUserID: Int64?, template: WhatsAppTemplate, parameters: [String]) throws -> ReplyService.Queued {
        guard parameters.count == template.parameter_count else {
            throw CoreError.invalid(["parameters": "This template needs \(template.parameter_count) value(s)."])
        }
        guard template.status.uppercased() == "APPROVED" else { throw CoreError.invalid(["template": "Only approved templates can be sent."]) }
        var text = template.body
        for (i, p) in parameters.enumerated() { text = text.replacing("{{\(i + 1)}}", with: p) }
        let payload = String(decoding: try JSONEncoder().encode(["language": template.language, "parameters": parameters.joined(separator: "\u{1F}")]), as: UTF8.self)
        var att = InboundAttachment(type: "template", title: template.name, payload: payload)
        att.filename = nil
        return try ReplyService(core: core).enqueue(tenantID: tenantID, conversationID: conversationID, authorUserID: authorUserID,
                                                   text: text, template: att)
    }

    /// Number of distinct {{n}} placeholders.
    static func placeholders(_ body: String) -> Int {
        var n = 0
        while body.contains("{{\(n + 1)}}") { n += 1 }
        return n
    }
}

import FoundationEssentials

/// Messenger and Instagram (Facebook Login path): Send API at /me/messages with the page token.
public struct MessengerSender: MessageSender {
    let graph: GraphClient

    /// Creates a sender.
    public init(graph: GraphClient) { self.graph = graph }

    struct Body: Encodable {
        struct Recipient: Encodable { let id: String }
        struct Attachment: Encodable {
            struct Payload: Encodable { let url: String; let is_reusable: Bool }
            let type: String
            let payload: Payload
        }
        struct Message: Encodable { let text: String?; let attachment: Attachment?; let metadata: String }
        let recipient: Recipient
        let messaging_type: String
        let tag: String?
        let message: Message
    }
    struct Reply: Decodable { let message_id: String }

    public func send(_ m: OutboundMessage) -> SendResult {
        guard let token = m.token else { return .failed(GraphError(status: 0, code: 190, subcode: 0, metaMessage: "no token stored")) }
        let age = m.lastInboundAt.map { Clock.nowMillis() - $0 } ?? Int64.max
        let day: Int64 = 24 * 3600 * 1000
        // Inside 24 h: a normal response. Up to 7 days: the HUMAN_AGENT tag (a person is answering). Beyond: not allowed.
        if age > 7 * day {
            return .failed(GraphError(status: 400, code: 10, subcode: 2018278, metaMessage: "outside the messaging window (checked before sending)"))
        }
        let tagged = age > day
        let body = Body(recipient: .init(id: m.recipient), messaging_type: tagged ? "MESSAGE_TAG" : "RESPONSE",
                        tag: tagged ? "HUMAN_AGENT" : nil,
                        message: .init(text: m.mediaURL == nil ? m.text : nil,
                                       attachment: m.mediaURL.map { .init(type: m.mediaType ?? "image", payload: .init(url: $0, is_reusable: false)) },
                                       metadata: "parley:\(m.messageID)"))
        do {
            let r = try graph.postJSON("me/messages", token: token, body: body, as: Reply.self)
            return .sent(externalID: r.message_id)
        } catch {
            return .failed(error)
        }
    }
}

/// WhatsApp Cloud API: POST /{phone_number_id}/messages.
public struct WhatsAppSender: MessageSender {
    let graph: GraphClient

    /// Creates a sender.
    public init(graph: GraphClient) { self.graph = graph }

    struct Body: Encodable {
        struct Text: Encodable { let body: String }
        struct Media: Encodable { let link: String }
        struct Template: Encodable {
            struct Language: Encodable { let code: String }
            struct Component: Encodable {
                struct Parameter: Encodable { let type = "text"; let text: String }
                let type = "body"
                let parameters: [Parameter]
            }
            let name: String
            let language: Language
            let components: [Component]?
        }
        let messaging_product = "whatsapp"
        let to: String
        let type: String
        let text: Text?
        let image: Media?
        let video: Media?
        var template: Template? = nil
        let biz_opaque_callback_data: String
    }
    struct Reply: Decodable {
        struct M: Decodable { let id: String }
        let messages: [M]
    }

    public func send(_ m: OutboundMessage) -> SendResult {
        guard let token = m.token else { return .failed(GraphError(status: 0, code: 190, subcode: 0, metaMessage: "no token stored")) }
        if let t = m.template {
            // Templates are the one thing allowed outside the 24-hour window.
            let body = Body(to: m.recipient, type: "template", text: nil, image: nil, video: nil,
                            template: .init(name: t.name, language: .init(code: t.language),
                                            components: t.parameters.isEmpty ? nil : [.init(parameters: t.parameters.map { .init(text: $0) })]),
                            biz_opaque_callback_data: "parley:\(m.messageID)")
            do {
                let r = try graph.postJSON("\(m.channelExternalID)/messages", token: token, body: body, as: Reply.self)
                guard let id = r.messages.first?.id else { return .failed(GraphError(status: 200, code: 0, subcode: 0, metaMessage: "no message id in the answer")) }
                return .sent(externalID: id)
            } catch {
                return .failed(error)
            }
        }
        if let last = m.lastInboundAt, Clock.nowMillis() - last > 24 * 3600 * 1000 {
            return .failed(GraphError(status: 400, code: 131047, subcode: 0, metaMessage: "customer service window closed (checked before sending)"))
        }
        do {
            let r = try graph.postJSON("\(m.channelExternalID)/messages", token: token,
                                       body: Body(to: m.recipient, type: m.mediaURL == nil ? "text" : (m.mediaType ?? "image"),
                                                  text: m.mediaURL == nil ? .init(body: m.text) : nil,
                                                  image: m.mediaType != "video" ? m.mediaURL.map { .init(link: $0) } : nil,
                                                  video: m.mediaType == "video" ? m.mediaURL.map { .init(link: $0) } : nil,
                                                  biz_opaque_callback_data: "parley:\(m.messageID)"),
                                       as: Reply.self)
            guard let id = r.messages.first?.id else {
                return .failed(GraphError(status: 200, code: 0, subcode: 0, metaMessage: "no message id in the answer"))
            }
            return .sent(externalID: id)
        } catch {
            return .failed(error)
        }
    }
}

/// Picks the sender for a channel.
public struct SenderRegistry: Sendable {
    let senders: [String: any MessageSender]
    let sandbox: any MessageSender

    /// The production set; `sandbox` serves the demo's simulated channels.
    public init(graph: GraphClient, sandbox: any MessageSender) {
        let messenger = MessengerSender(graph: graph)
        senders = ["messenger": messenger, "instagram": messenger, "whatsapp": WhatsAppSender(graph: graph)]
        self.sandbox = sandbox
    }

    /// A custom set (tests).
    public init(_ senders: [String: any MessageSender], sandbox: any MessageSender) {
        self.senders = senders
        self.sandbox = sandbox
    }

    /// The sender for a channel.
    public func sender(kind: String, externalID: String) -> (any MessageSender)? {
        Sandbox.isSandbox(externalID) ? sandbox : senders[kind]
    }
}

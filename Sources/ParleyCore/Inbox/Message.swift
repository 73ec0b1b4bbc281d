import FoundationEssentials

/// One message of a conversation, inbound or outbound.
public struct Message: Codable, Sendable, Equatable {
    /// Row id.
    public var id: Int64
    /// Conversation.
    public var conversationID: Int64
    /// Channel.
    public var channelID: Int64
    /// in or out.
    public var direction: String
    /// Provider id (mid, wamid); nil for an outbound message not sent yet.
    public var externalID: String?
    /// Text.
    public var text: String
    /// Attachments.
    public var attachments: [InboundAttachment]
    /// Delivery status.
    public var status: MessageStatus
    /// Provider error in plain language, for failed messages.
    public var error: String?
    /// The agent who wrote it (outbound from Parley).
    public var authorUserID: Int64?
    /// Sent from outside Parley (Page inbox, phone) and learned from an echo.
    public var isEcho: Bool
    /// When it was sent (unix ms).
    public var sentAt: Int64
    /// When Parley stored it.
    public var createdAt: String
    /// The customer's emoji reaction to it (Messenger/Instagram allow one), if any.
    public var reaction: String? = nil

    enum CodingKeys: String, CodingKey {
        case id, direction, text, attachments, status, error, reaction
        case conversationID = "conversation_id", channelID = "channel_id", externalID = "external_id"
        case authorUserID = "author_user_id", isEcho = "is_echo", sentAt = "sent_at", createdAt = "created_at"
    }
}

/// What the ingest worker (or the composer) inserts.
public struct NewMessage: Sendable {
    /// Conversation.
    public var conversationID: Int64
    /// Channel.
    public var channelID: Int64
    /// in or out.
    public var direction: String
    /// Provider id, the dedupe key.
    public var externalID: String?
    /// Text.
    public var text: String
    /// Attachments.
    public var attachments: [InboundAttachment]
    /// Initial status (received for inbound; sent for echoes).
    public var status: MessageStatus
    /// Learned from an echo.
    public var isEcho: Bool
    /// Sent time (unix ms).
    public var sentAt: Int64

    /// Creates one.
    public init(conversationID: Int64, channelID: Int64, direction: String, externalID: String?, text: String,
                attachments: [InboundAttachment] = [], status: MessageStatus, isEcho: Bool = false, sentAt: Int64) {
        self.conversationID = conversationID
        self.channelID = channelID
        self.direction = direction
        self.externalID = externalID
        self.text = text
        self.attachments = attachments
        self.status = status
        self.isEcho = isEcho
        self.sentAt = sentAt
    }
}

enum AttachmentJSON {
    static func encode(_ a: [InboundAttachment]) -> String {
        guard !a.isEmpty, let data = try? JSONEncoder().encode(a) else { return "[]" }
        return String(decoding: data, as: UTF8.self)
    }

    static func decode(_ s: String) -> [InboundAttachment] {
        (try? JSONDecoder().decode([InboundAttachment].self, from: Data(s.utf8))) ?? []
    }
}

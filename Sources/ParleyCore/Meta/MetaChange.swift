/// One `changes[]` element: WhatsApp Cloud API events (and Instagram dashboard test events, which wrap a messaging item).
public struct MetaChange: Decodable, Sendable {
    /// "messages" for WhatsApp messages and statuses.
    public var field: String?
    /// The change itself.
    public var value: MetaChangeValue?
}

/// `changes[].value`: WhatsApp fields, plus the messaging-item fields Instagram test payloads put here.
public struct MetaChangeValue: Decodable, Sendable {
    /// "whatsapp".
    public var messagingProduct: String?
    /// Which business number received it.
    public var metadata: WhatsAppMetadata?
    /// Senders' profiles (the only place WhatsApp gives a name).
    public var contacts: [WhatsAppContact]?
    /// Incoming messages.
    public var messages: [WhatsAppMessage]?
    /// Status updates of messages we sent.
    public var statuses: [WhatsAppStatus]?
    /// Instagram test variant: sender.
    public var sender: MetaParty?
    /// Instagram test variant: recipient.
    public var recipient: MetaParty?
    /// Instagram test variant: timestamp (a string of seconds there).
    public var timestamp: MetaTime?
    /// Instagram test variant: message.
    public var message: MessagingMessage?

    enum CodingKeys: String, CodingKey {
        case metadata, contacts, messages, statuses, sender, recipient, timestamp, message
        case messagingProduct = "messaging_product"
    }
}

/// `value.metadata`.
public struct WhatsAppMetadata: Decodable, Sendable {
    /// The business number as shown.
    public var displayPhoneNumber: String?
    /// The routing key: our channel's external id.
    public var phoneNumberID: MetaID?

    enum CodingKeys: String, CodingKey {
        case displayPhoneNumber = "display_phone_number"
        case phoneNumberID = "phone_number_id"
    }
}

/// `value.contacts[]`.
public struct WhatsAppContact: Decodable, Sendable {
    /// `{"name": "..."}`.
    public struct Profile: Decodable, Sendable {
        /// The customer's WhatsApp profile name.
        public var name: String?
    }
    /// Profile.
    public var profile: Profile?
    /// WhatsApp user id (usually the phone number digits).
    public var waID: String?

    enum CodingKeys: String, CodingKey {
        case profile
        case waID = "wa_id"
    }
}

/// `value.messages[]`.
public struct WhatsAppMessage: Decodable, Sendable {
    /// Sender's WhatsApp id.
    public var from: String?
    /// wamid.
    public var id: String?
    /// Epoch seconds as a string.
    public var timestamp: MetaTime?
    /// text, image, video, audio, document, sticker, location, contacts, button, interactive, reaction…
    public var type: String?
    /// `text.body`.
    public var text: WhatsAppText?
    /// Media of the matching type.
    public var image: WhatsAppMedia?
    /// Video.
    public var video: WhatsAppMedia?
    /// Audio / voice.
    public var audio: WhatsAppMedia?
    /// Document.
    public var document: WhatsAppMedia?
    /// Sticker.
    public var sticker: WhatsAppMedia?
    /// Shared location.
    public var location: WhatsAppLocation?
    /// Quick-reply button of a template.
    public var button: WhatsAppButton?
    /// Interactive reply (button or list).
    public var interactive: WhatsAppInteractive?
    /// Reaction to a message.
    public var reaction: WhatsAppReaction?
}

/// `{"body": "..."}`.
public struct WhatsAppText: Decodable, Sendable {
    /// The text.
    public var body: String?
}

/// A WhatsApp media object (fetched later by id with the channel token).
public struct WhatsAppMedia: Decodable, Sendable {
    /// Media id.
    public var id: MetaID?
    /// MIME type.
    public var mimeType: String?
    /// Caption.
    public var caption: String?
    /// Document file name.
    public var filename: String?
    /// Direct URL (rolled out from Nov 2025).
    public var url: String?

    enum CodingKeys: String, CodingKey {
        case id, caption, filename, url
        case mimeType = "mime_type"
    }
}

/// A shared location.
public struct WhatsAppLocation: Decodable, Sendable {
    /// Latitude.
    public var latitude: Double?
    /// Longitude.
    public var longitude: Double?
    /// Place name.
    public var name: String?
    /// Address.
    public var address: String?
}

/// Template quick-reply button.
public struct WhatsAppButton: Decodable, Sendable {
    /// Button text.
    public var text: String?
    /// Payload.
    public var payload: String?
}

/// Interactive reply.
public struct WhatsAppInteractive: Decodable, Sendable {
    /// `{"id", "title"}` of the chosen button or row.
    public struct Reply: Decodable, Sendable {
        /// Developer id.
        public var id: String?
        /// Shown title.
        public var title: String?
    }
    /// button_reply or list_reply.
    public var type: String?
    /// Button reply.
    public var buttonReply: Reply?
    /// List reply.
    public var listReply: Reply?

    enum CodingKeys: String, CodingKey {
        case type
        case buttonReply = "button_reply", listReply = "list_reply"
    }
}

/// Reaction to a message.
public struct WhatsAppReaction: Decodable, Sendable {
    /// The wamid reacted to.
    public var messageID: String?
    /// Emoji (empty when removed).
    public var emoji: String?

    enum CodingKeys: String, CodingKey {
        case emoji
        case messageID = "message_id"
    }
}

/// `value.statuses[]`.
public struct WhatsAppStatus: Decodable, Sendable {
    /// The wamid of our message.
    public var id: String?
    /// sent, delivered, read, failed, played.
    public var status: String?
    /// Epoch seconds as a string.
    public var timestamp: MetaTime?
    /// The customer.
    public var recipientID: String?
    /// Why it failed.
    public var errors: [WhatsAppError]?

    enum CodingKeys: String, CodingKey {
        case id, status, timestamp, errors
        case recipientID = "recipient_id"
    }
}

/// One `errors[]` element of a failed status.
public struct WhatsAppError: Decodable, Sendable {
    /// `{"details": "..."}`.
    public struct ErrorData: Decodable, Sendable {
        /// Plain-language details.
        public var details: String?
    }
    /// Error code, e.g. 131047.
    public var code: Int?
    /// Short title.
    public var title: String?
    /// Message.
    public var message: String?
    /// Details.
    public var errorData: ErrorData?

    enum CodingKeys: String, CodingKey {
        case code, title, message
        case errorData = "error_data"
    }

    /// "131047 Re-engagement message: Message failed to send because…".
    public var readable: String {
        var s = code.map(String.init) ?? "error"
        if let t = title ?? message { s += " " + t }
        if let d = errorData?.details, !d.isEmpty { s += ": " + d }
        return s
    }
}

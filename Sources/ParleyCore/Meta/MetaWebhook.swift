/// The body of a Meta webhook POST (meta-platform.md §4): `object` says which product, `entry[]` holds the events.
/// Every field is optional: Meta adds fields and event kinds over time, and an unknown one must never fail the batch.
public struct MetaWebhook: Decodable, Sendable {
    /// "page" (Messenger), "instagram" or "whatsapp_business_account".
    public var object: String?
    /// One entry per page / account / WABA; several may arrive in one POST.
    public var entry: [MetaEntry]?
}

/// One `entry[]` element.
public struct MetaEntry: Decodable, Sendable {
    /// Page id, Instagram account id or WABA id.
    public var id: MetaID?
    /// When Meta sent it (ms for Messenger/Instagram).
    public var time: MetaTime?
    /// Messenger/Instagram events for the thread owner.
    public var messaging: [MessagingItem]?
    /// The same events when another app owns the thread (handover protocol).
    public var standby: [MessagingItem]?
    /// WhatsApp (and Instagram dashboard test) events.
    public var changes: [MetaChange]?
}

/// `{"id": "..."}` for sender and recipient.
public struct MetaParty: Decodable, Sendable {
    /// PSID, IGSID, page id or IG account id.
    public var id: MetaID?
}

/// One `messaging[]` / `standby[]` item: exactly one of message, delivery, read, postback, reaction, message_edit is set.
public struct MessagingItem: Decodable, Sendable {
    /// Who sent it (the customer, or the page for echoes).
    public var sender: MetaParty?
    /// Who received it.
    public var recipient: MetaParty?
    /// Event time in ms.
    public var timestamp: MetaTime?
    /// A message (or an echo of ours when `is_echo`).
    public var message: MessagingMessage?
    /// Delivery receipt.
    public var delivery: MessagingDelivery?
    /// Read receipt (Messenger watermark or Instagram mid).
    public var read: MessagingRead?
    /// Button / Get Started tap.
    public var postback: MessagingPostback?
    /// Emoji reaction to a message.
    public var reaction: MessagingReaction?
    /// The customer edited a message.
    public var messageEdit: MessagingEdit?

    enum CodingKeys: String, CodingKey {
        case sender, recipient, timestamp, message, delivery, read, postback, reaction
        case messageEdit = "message_edit"
    }
}

/// `message` of a messaging item.
public struct MessagingMessage: Decodable, Sendable {
    /// Message id (mid).
    public var mid: String?
    /// Text, if any.
    public var text: String?
    /// True for echoes of messages the page sent.
    public var isEcho: Bool?
    /// The app that sent an echoed message (a number in Messenger payloads).
    public var appID: MetaID?
    /// The developer metadata string passed to the Send API (echoes only).
    public var metadata: String?
    /// Attachments (images, files, stickers, shares…).
    public var attachments: [MessagingAttachment]?
    /// Instagram unsend.
    public var isDeleted: Bool?
    /// Quick reply the customer tapped.
    public var quickReply: MessagingPayload?
    /// The message this one replies to.
    public var replyTo: MessagingReplyTo?

    enum CodingKeys: String, CodingKey {
        case mid, text, metadata, attachments
        case isEcho = "is_echo", appID = "app_id", isDeleted = "is_deleted", quickReply = "quick_reply", replyTo = "reply_to"
    }
}

/// One attachment; `payload` may be null, an object of any shape, or (echo fallbacks) absent with url/title on the attachment.
public struct MessagingAttachment: Decodable, Sendable {
    /// image, video, audio, file, sticker, fallback, template, share, story_mention…
    public var type: String?
    /// The payload if it has the usual shape.
    public var payload: Lenient<MessagingAttachmentPayload>?
    /// Echo fallback title.
    public var title: String?
    /// Echo fallback URL.
    public var url: String?
}

/// The common attachment payload fields.
public struct MessagingAttachmentPayload: Decodable, Sendable {
    /// Media URL (expires) or shared link.
    public var url: String?
    /// Shared link title.
    public var title: String?
    /// Sticker id (a number).
    public var stickerID: MetaID?

    enum CodingKeys: String, CodingKey {
        case url, title
        case stickerID = "sticker_id"
    }
}

/// `{"payload": "..."}` (quick replies).
public struct MessagingPayload: Decodable, Sendable {
    /// The developer-defined payload.
    public var payload: String?
}

/// `reply_to`.
public struct MessagingReplyTo: Decodable, Sendable {
    /// The mid replied to.
    public var mid: String?
}

/// `delivery`: `watermark` always, `mids` sometimes.
public struct MessagingDelivery: Decodable, Sendable {
    /// Delivered message ids, when present.
    public var mids: [String]?
    /// Everything sent at or before this time (ms) was delivered.
    public var watermark: MetaTime?
}

/// `read`: Messenger sends a watermark, Instagram a single mid.
public struct MessagingRead: Decodable, Sendable {
    /// Everything sent at or before this time (ms) was read.
    public var watermark: MetaTime?
    /// The message that was seen (Instagram).
    public var mid: String?
}

/// `postback`.
public struct MessagingPostback: Decodable, Sendable {
    /// Postback id (v11+).
    public var mid: String?
    /// Button title shown to the customer.
    public var title: String?
    /// Developer payload (absent on standby).
    public var payload: String?
}

/// `reaction`.
public struct MessagingReaction: Decodable, Sendable {
    /// The message reacted to.
    public var mid: String?
    /// react or unreact.
    public var action: String?
    /// love, like, smile…
    public var reaction: String?
    /// The emoji itself.
    public var emoji: String?
}

/// `message_edit`.
public struct MessagingEdit: Decodable, Sendable {
    /// The edited message.
    public var mid: String?
    /// The new text.
    public var text: String?
    /// How many times it was edited.
    public var numEdit: Int?

    enum CodingKeys: String, CodingKey {
        case mid, text
        case numEdit = "num_edit"
    }
}

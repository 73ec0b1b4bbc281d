/// Where an event goes: the control database's `routes(provider, external_id)` key.
public struct RouteKey: Hashable, Sendable, CustomStringConvertible {
    /// "messenger", "instagram" or "whatsapp".
    public var provider: String
    /// Page id, Instagram account id or WhatsApp phone_number_id.
    public var externalID: String

    /// Creates a key.
    public init(provider: String, externalID: String) {
        self.provider = provider
        self.externalID = externalID
    }

    /// "no channel connected for page 1234" reads better than a tuple.
    public var description: String {
        switch provider {
        case "messenger": return "page \(externalID)"
        case "instagram": return "Instagram account \(externalID)"
        case "whatsapp": return "WhatsApp number \(externalID)"
        default: return "\(provider) account \(externalID)"
        }
    }
}

/// One attachment as Parley stores it (messages.attachments JSON); only the fields the kind has are set.
public struct InboundAttachment: Codable, Sendable, Equatable {
    /// image, video, audio, file, sticker, fallback, location, postback…
    public var type: String
    /// Media URL or shared link.
    public var url: String?
    /// Link title / postback title.
    public var title: String?
    /// WhatsApp media id (download later with the channel token).
    public var mediaID: String?
    /// MIME type.
    public var mimeType: String?
    /// File name.
    public var filename: String?
    /// Developer payload (postbacks, buttons).
    public var payload: String?
    /// Coordinates of a location.
    public var latitude: Double?
    /// Coordinates of a location.
    public var longitude: Double?
    /// Name of the downloaded copy under files/<tenant>/media/ (CDN URLs expire, so media is fetched promptly).
    public var stored: String?
    /// Why the download failed, if it did.
    public var downloadError: String?
    /// For outbound attachments: the asset-library item sent.
    public var assetID: Int64?

    /// Creates an attachment.
    public init(type: String, url: String? = nil, title: String? = nil, mediaID: String? = nil, mimeType: String? = nil,
                filename: String? = nil, payload: String? = nil, latitude: Double? = nil, longitude: Double? = nil) {
        self.type = type
        self.url = url
        self.title = title
        self.mediaID = mediaID
        self.mimeType = mimeType
        self.filename = filename
        self.payload = payload
        self.latitude = latitude
        self.longitude = longitude
    }

    enum CodingKeys: String, CodingKey {
        case type, url, title, filename, payload, latitude, longitude
        case mediaID = "media_id", mimeType = "mime_type", stored, downloadError = "download_error", assetID = "asset_id"
    }
}

/// A message from a webhook: a customer's message, or an echo of one the business sent.
public struct MetaMessage: Sendable {
    /// mid / wamid (the dedupe key).
    public var mid: String
    /// Text or caption ("" when none).
    public var text: String
    /// Attachments.
    public var attachments: [InboundAttachment]
    /// True when the business sent it (echo).
    public var isEcho: Bool
    /// Send API metadata echoed back ("parley:<message id>" for messages Parley sent).
    public var metadata: String?
    /// The app that sent an echo.
    public var appID: String?
}

/// A delivery/read/failure report about messages the business sent.
public struct MetaReceipt: Sendable {
    /// delivered, read, sent or failed.
    public var status: MessageStatus
    /// The messages it names (may be empty for watermark receipts).
    public var mids: [String]
    /// Everything sent at or before this time (ms) is covered.
    public var watermark: Int64?
    /// Provider error text for failures.
    public var error: String?
}

/// One normalised event: what happened, to which channel (route) and which contact.
public struct MetaEvent: Sendable {
    /// What happened.
    public enum Kind: Sendable {
        /// A new message (inbound, or an echo of an outbound one).
        case message(MetaMessage)
        /// Delivery / read / failure of our messages.
        case receipt(MetaReceipt)
        /// A reaction added or removed.
        case reaction(mid: String, emoji: String, removed: Bool)
        /// The customer edited a message.
        case edit(mid: String, text: String)
        /// The customer unsent a message (Instagram).
        case unsend(mid: String)
    }

    /// The channel's routing key.
    public var route: RouteKey
    /// PSID, IGSID or wa_id of the customer.
    public var contactExternalID: String
    /// The customer's name when the payload carries it (WhatsApp).
    public var contactName: String?
    /// Event time, unix ms.
    public var timestamp: Int64
    /// The event.
    public var kind: Kind
}

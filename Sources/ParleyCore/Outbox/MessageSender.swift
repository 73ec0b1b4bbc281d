import FoundationEssentials

/// What a sender needs to deliver one outbound message.
public struct OutboundMessage: Sendable {
    /// Tenant.
    public let tenantID: Int64
    /// Message id (also sent as metadata so the echo can be matched).
    public let messageID: Int64
    /// Channel kind: messenger, instagram, whatsapp, sandbox…
    public let channelKind: String
    /// The page id / IG id / phone_number_id.
    public let channelExternalID: String
    /// Decrypted token (nil for sandbox).
    public let token: String?
    /// PSID / IGSID / wa_id.
    public let recipient: String
    /// Text.
    public let text: String
    /// Last time the customer wrote (unix ms), for the 24-hour window.
    public let lastInboundAt: Int64?
    /// A public URL of the file to send (asset library), if this message is media.
    public var mediaURL: String? = nil
    /// "image" or "video" for media messages.
    public var mediaType: String? = nil
    /// A WhatsApp template to send instead of text: name, language, body parameters.
    public var template: (name: String, language: String, parameters: [String])? = nil
}

/// The outcome of a send attempt.
public enum SendResult: Sendable {
    /// Accepted by the provider with its message id.
    case sent(externalID: String)
    /// Failed; the error says whether a retry makes sense.
    case failed(GraphError)
}

/// Delivers messages of one or more channel kinds.
public protocol MessageSender: Sendable {
    /// Sends and reports the outcome (never throws: every failure is a SendResult).
    func send(_ m: OutboundMessage) -> SendResult
}

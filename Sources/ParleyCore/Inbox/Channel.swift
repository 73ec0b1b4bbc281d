/// The kinds of channels a tenant can connect.
public enum ChannelKind: String, Codable, Sendable, CaseIterable {
    /// A Facebook Page (Messenger).
    case messenger
    /// An Instagram professional account.
    case instagram
    /// A WhatsApp Cloud API phone number.
    case whatsapp
    /// A Telegram bot.
    case telegram
    /// E-mail.
    case email
    /// SMS.
    case sms
    /// The website chat widget.
    case widget
    /// The built-in simulated provider (demo).
    case sandbox

    /// The `routes.provider` value webhooks are routed by (Instagram DMs arrive with object=instagram keyed by the IG id).
    public var routeProvider: String { rawValue }
}

/// A connected account of one tenant (a page, an IG account, a WhatsApp number…). The token is never part of it.
public struct Channel: Codable, Sendable, Equatable {
    /// Row id in the tenant database.
    public var id: Int64
    /// The tenant it belongs to.
    public var tenantID: Int64
    /// Kind.
    public var kind: ChannelKind
    /// Page id, IG account id, phone_number_id…
    public var externalID: String
    /// Display name.
    public var name: String
    /// Optional location (branch) it belongs to.
    public var locationID: Int64?
    /// active, needs_reauth or disconnected.
    public var status: String
    /// Whether an access token is stored.
    public var hasToken: Bool
    /// Last webhook event applied (unix ms).
    public var lastWebhookAt: Int64?
    /// Last problem seen (token expired…).
    public var lastError: String?
    /// When it was first connected.
    public var createdAt: String

    enum CodingKeys: String, CodingKey {
        case id, kind, name, status
        case tenantID = "tenant_id", externalID = "external_id", locationID = "location_id", hasToken = "has_token"
        case lastWebhookAt = "last_webhook_at", lastError = "last_error", createdAt = "created_at"
    }
}

import Foundation

/// Knobs of the fake Graph API.
public struct FakeGraphSettings: Sendable {
    /// The Meta app id the fake expects as `client_id`.
    public var appID = "1234567890"
    /// The app secret (matches TestApp's `META_APP_SECRET`).
    public var appSecret = "test-app-secret"
    /// The Facebook user behind user tokens.
    public var userID = "10000000000001"
    /// That user's name.
    public var userName = "Test User"
    /// `expires_in` of the token a code exchange returns (Meta: "short-lived, expiring in hours").
    public var shortLivedExpiresIn = 3600
    /// `expires_in` of a `fb_exchange_token` answer (about 60 days).
    public var longLivedExpiresIn = 5_183_944
    /// Permissions granted to user tokens.
    public var grantedScopes = ["pages_show_list", "pages_messaging", "pages_manage_metadata", "pages_read_engagement",
                                "pages_manage_posts", "business_management", "instagram_basic", "instagram_manage_messages",
                                "instagram_content_publish"]
    /// Permissions the user declined (listed by /me/permissions with status "declined").
    public var declinedScopes: [String] = []
    /// Polls of `?fields=status_code` answered IN_PROGRESS before a container turns FINISHED (0 = at once, like images).
    public var containerInProgressPolls = 0
    /// The same for Reels (videos take minutes at Meta; two polls by default so tests see IN_PROGRESS).
    public var reelInProgressPolls = 2
    /// Status a container ends in instead of FINISHED (e.g. "ERROR"); nil = FINISHED.
    public var containerFinalStatus: String?
    /// Instagram API-published posts allowed per 24 h (`content_publishing_limit` quota_total).
    public var publishQuota = 100
    /// Instagram `image_url` must be a JPEG ("JPEG is the only image format supported").
    public var requireJPEG = true
    /// WhatsApp: refuse free-form messages outside the customer-service window with 131047 (Meta usually accepts, then fails by webhook).
    public var enforceWhatsAppWindow = false
    /// Every call must carry `appsecret_proof` ("Require App Secret" enabled).
    public var requireAppSecretProof = false
    /// Accept any non-empty token that the fake has not seen (as a system-user token).
    public var acceptUnknownTokens = false
    /// `X-App-Usage` header value sent on every answer, e.g. `{"call_count":28,"total_time":25,"total_cputime":25}`.
    public var appUsage: String?
    /// `X-Business-Use-Case-Usage` header value sent on every answer.
    public var businessUseCaseUsage: String?
    /// The OAuth dialog denies instead of granting (redirects with error=access_denied).
    public var dialogDenies = false
    /// A fixed "now" for windows and expiry (nil = the real clock).
    public var fixedNow: Date?

    /// Defaults matching TestApp.
    public init() {}
}

/// A Facebook Page the fake knows.
public struct FakePage: Sendable, Equatable {
    /// Page id.
    public var id: String
    /// Page name.
    public var name: String
    /// Its (non-expiring) page access token.
    public var accessToken: String
    /// Tasks of the user on the page (MESSAGING, CREATE_CONTENT…).
    public var tasks: [String]
    /// Linked Instagram professional account id, if any.
    public var instagramID: String?
    /// Page category.
    public var category = "Local business"

    /// Creates a page.
    public init(id: String, name: String, accessToken: String, tasks: [String], instagramID: String? = nil) {
        self.id = id
        self.name = name
        self.accessToken = accessToken
        self.tasks = tasks
        self.instagramID = instagramID
    }
}

/// A token the fake accepts.
public struct FakeToken: Sendable {
    /// What the token stands for.
    public enum Kind: Sendable, Equatable {
        /// A Facebook user token (short- or long-lived).
        case user(longLived: Bool)
        /// A page token for the page id.
        case page(String)
        /// `<app id>|<app secret>`.
        case app
        /// A system-user / integration token (WhatsApp).
        case system
    }
    /// Kind.
    public var kind: Kind
    /// The user it belongs to.
    public var userID: String
    /// When it was issued.
    public var issuedAt: Date
    /// When it expires (nil = never).
    public var expiresAt: Date?
    /// Granted scopes.
    public var scopes: [String]
    /// Set by `revokeToken`: the 190 subcode to answer with.
    public var revokedSubcode: Int?
}

/// One message accepted by a Send API.
public struct FakeSentMessage: Sendable {
    /// "messenger" (Messenger and Instagram via page) or "whatsapp".
    public var product: String
    /// Page id or phone-number id.
    public var from: String
    /// PSID / IGSID / phone number as sent.
    public var to: String
    /// Text, if any.
    public var text: String?
    /// RESPONSE, UPDATE, MESSAGE_TAG (Messenger) or the WhatsApp message type.
    public var messagingType: String
    /// The tag, if any.
    public var tag: String?
    /// The id answered (m_… or wamid.…).
    public var messageID: String
    /// Attachment URL, if any.
    public var attachmentURL: String?
}

/// A Facebook feed post or photo.
public struct FakePost: Sendable {
    /// `<page>_<post>` (or the photo id for unpublished photos).
    public var id: String
    /// Page id.
    public var pageID: String
    /// "feed", "photos" or "videos".
    public var edge: String
    /// message / caption.
    public var message: String?
    /// link or url.
    public var url: String?
    /// published flag.
    public var published: Bool
    /// scheduled_publish_time, if any.
    public var scheduledAt: Date?
}

/// An Instagram media container.
public struct FakeContainer: Sendable {
    /// Container id.
    public var id: String
    /// The IG account it belongs to.
    public var igID: String
    /// image_url or video_url.
    public var mediaURL: String?
    /// Caption.
    public var caption: String?
    /// IMAGE (absent), REELS, STORIES, CAROUSEL, VIDEO.
    public var mediaType: String?
    /// IN_PROGRESS, FINISHED, ERROR, EXPIRED, PUBLISHED.
    public var status: String
    /// IN_PROGRESS polls left.
    public var pollsLeft: Int
    /// Creation time.
    public var createdAt: Date
    /// The IG media id once published.
    public var mediaID: String?
}

/// A programmed failure or delay for matching requests.
public struct FakeInjection: Sendable {
    /// What happens instead of the normal answer.
    public enum Action: Sendable {
        /// Answer with this Graph error.
        case fail(GraphFailure)
        /// Wait this many seconds, then answer normally (for timeouts).
        case delay(Double)
    }
    let method: String?
    let pathContains: String?
    var remaining: Int
    let action: Action
}

/// The fake's mutable state, kept under one lock.
struct FakeGraphStore: Sendable {
    var settings: FakeGraphSettings
    var requests: [RecordedRequest] = []
    var pages: [FakePage] = []
    var tokens: [String: FakeToken] = [:]
    var codes: [String: (redirectURI: String, used: Bool)] = [:]
    var inbound: [String: Date] = [:]
    var unavailable: Set<String> = []
    var profiles: [String: [String: String]] = [:]
    var injections: [FakeInjection] = []
    var sent: [FakeSentMessage] = []
    var posts: [FakePost] = []
    var containers: [FakeContainer] = []
    var published: [(igID: String, at: Date)] = []
    var subscriptions: [String: [String]] = [:]
    var fetches: [(url: String, status: Int)] = []

    init(settings: FakeGraphSettings) { self.settings = settings }

    var now: Date { settings.fixedNow ?? Date() }

    func page(_ id: String) -> FakePage? { pages.first { $0.id == id } }
    func pageOwning(ig: String) -> FakePage? { pages.first { $0.instagramID == ig } }

    mutating func takeInjection(method: String, path: String) -> FakeInjection.Action? {
        guard let i = injections.firstIndex(where: { inj in
            inj.remaining > 0 && (inj.method == nil || inj.method == method) && (inj.pathContains.map { path.contains($0) } ?? true)
        }) else { return nil }
        injections[i].remaining -= 1
        let action = injections[i].action
        if injections[i].remaining == 0 { injections.remove(at: i) }
        return action
    }
}

/// Random ids in Meta's styles.
enum FakeIDs {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
    /// Letters and digits.
    static func alnum(_ n: Int) -> String { String((0..<n).map { _ in alphabet.randomElement()! }) }
    /// A numeric Graph id (15–17 digits).
    static func numeric() -> String { String(UInt64.random(in: 100_000_000_000_000..<99_999_999_999_999_999)) }
    /// An fbtrace_id.
    static func trace() -> String { alnum(11) }
}

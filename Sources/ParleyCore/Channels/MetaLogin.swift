import FoundationEssentials
import ParleyHTTPClient

/// Facebook Login for connecting pages: builds the dialog URL with a fresh state, and turns the callback's code into
/// a sealed list of candidate pages (the picker).
public struct MetaLogin: Sendable {
    let core: Core
    let graph: GraphClient
    /// The `purpose` of states issued here.
    public static let purpose = "meta_connect"
    /// Messaging and publishing permissions, comma-separated in the dialog URL.
    public static let scopes = ["pages_show_list", "pages_messaging", "pages_manage_metadata", "pages_read_engagement", "business_management",
                                "instagram_basic", "instagram_manage_messages", "pages_manage_posts", "instagram_content_publish"]

    /// Uses the core's configuration and a Graph client.
    public init(core: Core, graph: GraphClient) {
        self.core = core
        self.graph = graph
    }

    /// `<PARLEY_PUBLIC_URL>/oauth/meta/callback`: the dialog and the code exchange must send exactly this.
    public var redirectURI: String {
        var base = core.config.publicURL
        while base.hasSuffix("/") { base.removeLast() }
        return base + "/oauth/meta/callback"
    }

    /// The Facebook Login dialog URL for this user, with a new single-use state.
    /// - Throws: `CoreError.conflict` when the Meta app is not configured.
    public func start(tenantID: Int64, userID: Int64) throws -> String {
        let c = core.config
        guard !c.metaAppID.isEmpty, !c.metaAppSecret.isEmpty else {
            throw CoreError.conflict("Set META_APP_ID and META_APP_SECRET before connecting Facebook pages.")
        }
        let state = try OAuthStateStore(db: core.control).issue(tenantID: tenantID, userID: userID, purpose: Self.purpose)
        var dialog = c.metaDialogURL
        while dialog.hasSuffix("/") { dialog.removeLast() }
        return PercentEncoding.appendQuery([("client_id", c.metaAppID), ("redirect_uri", redirectURI), ("state", state),
                                            ("scope", Self.scopes.joined(separator: ",")), ("response_type", "code")],
                                           to: "\(dialog)/\(c.metaGraphVersion)/dialog/oauth")
    }

    /// Exchanges the code, upgrades the token, lists the pages (with linked Instagram accounts) and stores them
    /// sealed for 15 minutes; returns the picker id.
    /// - Throws: `CoreError.provider` with a plain sentence when Meta refuses.
    public func complete(code: String, tenantID: Int64, userID: Int64) throws -> String {
        let appID = core.config.metaAppID
        guard !code.isEmpty, code.count <= 2048 else { throw CoreError.invalid(["code": "The answer from Facebook carried no code."]) }
        do {
            let short = try graph.exchangeCode(code, redirectURI: redirectURI, appID: appID)
            let long = try graph.longLivedToken(short.access_token, appID: appID)
            let meID = try graph.meID(long.access_token)
            // Permissions are informative only: a failure here must not lose the login.
            let declined = (try? graph.declinedPermissions(long.access_token)) ?? []
            var pages = try graph.pages(userToken: long.access_token)
            for i in pages.indices where pages[i].instagramID != nil && pages[i].instagramUsername == nil {
                pages[i].instagramUsername = try? graph.instagramUsername(pages[i].instagramID ?? "", pageToken: pages[i].accessToken)
            }
            let expires = long.expires_in.flatMap { $0 > 0 ? Clock.nowSeconds() + $0 : nil }
            let picker = MetaPicker(metaUserID: meID, userToken: long.access_token, userTokenExpiresAt: expires, declinedScopes: declined, pages: pages)
            return try OAuthPickerStore(core: core).create(tenantID: tenantID, userID: userID, picker: picker)
        } catch let e as GraphError {
            throw CoreError.provider(Self.loginMessage(e))
        }
    }

    /// Plain words for a failed login step.
    static func loginMessage(_ e: GraphError) -> String {
        if e.code == 100 && (e.subcode == 36008 || e.subcode == 36009) {
            return "Facebook did not accept the sign-in answer (it was used already or came back to a different address). Start again."
        }
        if e.code == 101 || (e.code == 1 && e.metaMessage.lowercased().contains("secret")) {
            return "Facebook rejected this Parley's app id or secret. Check META_APP_ID and META_APP_SECRET."
        }
        return e.plainMessage
    }
}

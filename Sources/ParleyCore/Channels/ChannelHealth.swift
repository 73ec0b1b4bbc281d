/// The health of one channel as the API reports it.
public struct ChannelHealthReport: Encodable, Sendable {
    /// What debug_token said.
    public struct Token: Encodable, Sendable {
        /// Meta still accepts it.
        public let valid: Bool
        /// Unix seconds, nil when it does not expire.
        public let expires_at: Int64?
        /// Granted permissions.
        public let scopes: [String]
        /// Messaging permissions that are missing.
        public let missing_scopes: [String]
    }
    /// Whether webhooks are subscribed.
    public struct Subscription: Encodable, Sendable {
        /// A subscription for this app exists.
        public let present: Bool
        /// Its fields.
        public let fields: [String]
        /// Parley subscribed it again just now.
        public let resubscribed: Bool
    }
    /// Channel id.
    public let channel_id: Int64
    /// Kind.
    public let kind: String
    /// Status after the check.
    public let status: String
    /// Token check (nil when not checked).
    public let token: Token?
    /// Subscription check (nil when not checked).
    public let subscription: Subscription?
    /// Last webhook (unix ms).
    public let last_webhook_at: Int64?
    /// When checked (unix seconds).
    public let checked_at: Int64
    /// Problems in plain words (empty = healthy).
    public let problems: [String]
}

/// Checks Meta channels: token validity (debug_token), webhook subscription, last webhook. A 190 anywhere marks the
/// channel needs_reauth; a vanished page subscription can be restored on the spot.
public struct ChannelHealth: Sendable {
    let core: Core
    let graph: GraphClient

    /// Uses the core and a Graph client.
    public init(core: Core, graph: GraphClient) {
        self.core = core
        self.graph = graph
    }

    static func requiredScopes(_ kind: ChannelKind) -> [String] {
        switch kind {
        case .messenger: return ["pages_messaging", "pages_manage_metadata"]
        case .instagram: return ["pages_messaging", "pages_manage_metadata", "instagram_basic", "instagram_manage_messages"]
        case .whatsapp: return ["whatsapp_business_messaging"]
        default: return []
        }
    }

    /// Checks one channel. `introspect` adds the debug_token call (the API does; the periodic job skips it).
    public func check(_ ch: Channel, introspect: Bool = true, resubscribe: Bool = false) throws -> ChannelHealthReport {
        let now = Clock.nowSeconds()
        let store = ChannelStore(core: core)
        func report(_ status: String, _ token: ChannelHealthReport.Token?, _ sub: ChannelHealthReport.Subscription?, _ problems: [String]) -> ChannelHealthReport {
            ChannelHealthReport(channel_id: ch.id, kind: ch.kind.rawValue, status: status, token: token, subscription: sub,
                                last_webhook_at: ch.lastWebhookAt, checked_at: now, problems: problems)
        }
        guard [.messenger, .instagram, .whatsapp].contains(ch.kind), !Sandbox.isSandbox(ch.externalID) else {
            return report(ch.status, nil, nil, ch.status == "disconnected" ? ["This channel is disconnected."] : [])
        }
        guard ch.status != "disconnected", ch.hasToken else {
            return report(ch.status, nil, nil, [ch.status == "disconnected" ? "This channel is disconnected." : "No access token is stored; reconnect the channel."])
        }
        let token = try store.token(ch)
        let link = try MetaLinkStore(db: core.control).link(tenantID: ch.tenantID, channelID: ch.id)
        var problems: [String] = []
        var tokenHealth: ChannelHealthReport.Token?
        var subHealth: ChannelHealthReport.Subscription?
        var reauth: String?
        if introspect {
            let answer: Result<GraphClient.TokenInfo, GraphError>
            do { answer = .success(try graph.debugToken(token, appID: core.config.metaAppID)) } catch { answer = .failure(error) }
            switch answer {
            case .success(let info):
                let scopes = info.scopes ?? []
                let expires = info.expires_at.flatMap { $0 > 0 ? $0 : nil }
                let missing = Self.requiredScopes(ch.kind).filter { !scopes.contains($0) }
                tokenHealth = .init(valid: info.is_valid, expires_at: expires, scopes: scopes, missing_scopes: missing)
                try store.setTokenExpiry(tenantID: ch.tenantID, id: ch.id, expiresAt: expires)
                if !info.is_valid {
                    reauth = "Meta no longer accepts this channel's access (the token is invalid or expired). Reconnect the channel in Settings → Channels."
                } else if !missing.isEmpty {
                    problems.append("Permissions missing: \(missing.joined(separator: ", ")). Reconnect and allow all requested permissions.")
                }
            case .failure(let error):
                if error.needsReauth { reauth = error.plainMessage } else { problems.append("Could not check the token: \(error.plainMessage)") }
            }
        }
        // Instagram on the Facebook-Login path rides on its page's subscription; WhatsApp on its WABA's.
        let parent = link?.parentID ?? (ch.kind == .messenger ? ch.externalID : nil)
        if reauth == nil, let parent {
            do {
                var fields = try graph.subscription(parent, token: token, appID: core.config.metaAppID)
                var again = false
                if fields == nil, resubscribe {
                    again = ch.kind == .whatsapp ? try graph.subscribeWABA(parent, token: token) : try graph.subscribePage(parent, pageToken: token)
                    if again { fields = ch.kind == .whatsapp ? [] : GraphClient.pageFields.split(separator: ",").map(String.init) }
                }
                subHealth = .init(present: fields != nil, fields: fields ?? [], resubscribed: again)
                if fields == nil { problems.append("Meta is not sending this channel's messages to Parley (the webhook subscription is missing). Reconnect the channel.") }
            } catch {
                if error.needsReauth { reauth = error.plainMessage } else { problems.append("Could not check the webhook subscription: \(error.plainMessage)") }
            }
        }
        if let reauth {
            try store.markNeedsReauth(tenantID: ch.tenantID, id: ch.id, reason: reauth)
            problems.insert(reauth, at: 0)
        } else if ch.status == "active" {
            try store.setLastError(tenantID: ch.tenantID, id: ch.id, problems.first)
        }
        if link != nil {
            try MetaLinkStore(db: core.control).recordCheck(tenantID: ch.tenantID, channelID: ch.id, result: problems.first ?? "ok", at: now)
        }
        return report(reauth == nil ? ch.status : "needs_reauth", tokenHealth, subHealth, problems)
    }
}

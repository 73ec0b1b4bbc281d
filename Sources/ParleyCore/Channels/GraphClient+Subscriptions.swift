import FoundationEssentials

/// Webhook subscriptions and token introspection (meta-platform.md §6.7–6.8).
extension GraphClient {
    /// The Messenger/Instagram fields Parley subscribes a page to.
    public static let pageFields = "messages,message_echoes,message_deliveries,message_reads,messaging_postbacks,message_reactions,standby,messaging_handovers"

    struct Success: Decodable {
        let success: Bool
        init(from decoder: any Decoder) throws {
            // Meta answers `true`, and one documented sample the string "true": accept both.
            let c = try decoder.container(keyedBy: K.self)
            if let b = try? c.decode(Bool.self, forKey: .success) { success = b } else { success = (try? c.decode(String.self, forKey: .success)) == "true" }
        }
        enum K: String, CodingKey { case success }
    }

    /// Subscribes a page to the app's webhooks with its page token; false when Meta answers without success.
    public func subscribePage(_ pageID: String, pageToken: String) throws(GraphError) -> Bool {
        try postQuery("\(pageID)/subscribed_apps", token: pageToken, query: [("subscribed_fields", Self.pageFields)], as: Success.self).success
    }

    /// Subscribes the app to a WhatsApp Business Account's webhooks.
    public func subscribeWABA(_ wabaID: String, token: String) throws(GraphError) -> Bool {
        try postQuery("\(wabaID)/subscribed_apps", token: token, query: [], as: Success.self).success
    }

    /// The fields this app is subscribed to on a page or WABA; nil when no subscription exists.
    public func subscription(_ parentID: String, token: String, appID: String) throws(GraphError) -> [String]? {
        struct App: Decodable {
            let id: String?
            let subscribed_fields: [String]?
            let whatsapp_business_api_data: WA?
            struct WA: Decodable { let id: String? }
        }
        struct List: Decodable { let data: [App] }
        let apps = try get("\(parentID)/subscribed_apps", token: token, as: List.self).data
        // WhatsApp lists the app under whatsapp_business_api_data; pages list it directly.
        guard let mine = apps.first(where: { ($0.id ?? $0.whatsapp_business_api_data?.id) == appID }) ?? (appID.isEmpty ? apps.first : nil) else {
            return nil
        }
        return mine.subscribed_fields ?? []
    }

    /// What `debug_token` says about a token.
    public struct TokenInfo: Decodable, Sendable {
        /// Whether Meta still accepts it.
        public let is_valid: Bool
        /// Unix seconds; 0 or absent = does not expire.
        public let expires_at: Int64?
        /// Granted permissions.
        public let scopes: [String]?
        /// The token's user.
        public let user_id: String?
        /// Why it is invalid.
        public let error: Problem?
        /// The reason part of debug_token.
        public struct Problem: Decodable, Sendable {
            /// Meta's code (190…).
            public let code: Int?
            /// Meta's subcode.
            public let subcode: Int?
            /// Meta's message.
            public let message: String?
        }
    }

    /// Introspects `token` with the app token (`<app id>|<app secret>`).
    public func debugToken(_ token: String, appID: String) throws(GraphError) -> TokenInfo {
        struct Envelope: Decodable { let data: TokenInfo }
        return try get("debug_token", token: "\(appID)|\(appSecret)", query: [("input_token", token)], as: Envelope.self).data
    }

    /// A WhatsApp phone number as the Cloud API describes it (validates the token can see it).
    public func phoneNumber(_ phoneNumberID: String, token: String) throws(GraphError) -> (display: String?, verifiedName: String?) {
        struct P: Decodable { let display_phone_number: String?; let verified_name: String? }
        let p = try get(phoneNumberID, token: token, query: [("fields", "display_phone_number,verified_name")], as: P.self)
        return (p.display_phone_number, p.verified_name)
    }
}

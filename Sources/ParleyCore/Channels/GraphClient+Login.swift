import FoundationEssentials
import ParleyHTTPClient

/// Facebook Login calls (meta-platform.md §6): code exchange, long-lived tokens, the user's pages and permissions.
extension GraphClient {
    /// A token answer from `/oauth/access_token`.
    public struct TokenAnswer: Decodable, Sendable {
        /// The token.
        public let access_token: String
        /// Seconds until it expires, when Meta says.
        public let expires_in: Int64?
    }

    /// Exchanges an authorization code; `redirectURI` must be byte-identical to the dialog's.
    public func exchangeCode(_ code: String, redirectURI: String, appID: String) throws(GraphError) -> TokenAnswer {
        try decode(send(.get(url("oauth/access_token"), query: [("client_id", appID), ("redirect_uri", redirectURI),
                                                                ("client_secret", appSecret), ("code", code)])), TokenAnswer.self)
    }

    /// Trades a short-lived user token for a long-lived (~60 day) one.
    public func longLivedToken(_ token: String, appID: String) throws(GraphError) -> TokenAnswer {
        try decode(send(.get(url("oauth/access_token"), query: [("grant_type", "fb_exchange_token"), ("client_id", appID),
                                                                ("client_secret", appSecret), ("fb_exchange_token", token)])), TokenAnswer.self)
    }

    /// The app-scoped id of the token's user.
    public func meID(_ token: String) throws(GraphError) -> String {
        struct Me: Decodable { let id: String }
        return try get("me", token: token, query: [("fields", "id")], as: Me.self).id
    }

    /// Permissions the user declined (they can untick scopes in the dialog).
    public func declinedPermissions(_ token: String) throws(GraphError) -> [String] {
        struct P: Decodable { let permission: String; let status: String }
        struct List: Decodable { let data: [P] }
        return try get("me/permissions", token: token, as: List.self).data.filter { $0.status != "granted" }.map(\.permission)
    }

    /// Every page the user granted, following `paging.next` (only back to this Graph host; at most 20 pages of 100).
    public func pages(userToken: String) throws(GraphError) -> [MetaPageCandidate] {
        struct IG: Decodable { let id: String; let username: String? }
        struct Page: Decodable {
            let id: String
            let name: String?
            let access_token: String?
            let tasks: [String]?
            let instagram_business_account: IG?
        }
        struct Paging: Decodable { let next: String? }
        struct List: Decodable { let data: [Page]; let paging: Paging? }
        var out: [MetaPageCandidate] = []
        var list = try get("me/accounts", token: userToken,
                           query: [("fields", "id,name,access_token,tasks,instagram_business_account{id,username}"), ("limit", "100")], as: List.self)
        for round in 0..<20 {
            for p in list.data {
                // A page without a token cannot be connected (the user lacks a task on it); it is left out.
                guard let token = p.access_token, !token.isEmpty, !out.contains(where: { $0.id == p.id }) else { continue }
                out.append(MetaPageCandidate(id: p.id, name: p.name ?? p.id, tasks: p.tasks ?? [], accessToken: token,
                                             instagramID: p.instagram_business_account?.id, instagramUsername: p.instagram_business_account?.username))
            }
            guard round < 19, !list.data.isEmpty, let next = list.paging?.next, next.hasPrefix(baseURL + "/") else { break }
            // `next` repeats the query, token included; it is only followed to the configured Graph host.
            list = try decode(send(.get(next)), List.self)
        }
        return out
    }

    /// The username of an Instagram professional account (nil when Meta does not say).
    public func instagramUsername(_ igID: String, pageToken: String) throws(GraphError) -> String? {
        struct U: Decodable { let username: String?; let name: String? }
        let u = try get(igID, token: pageToken, query: [("fields", "username,name")], as: U.self)
        return u.username ?? u.name
    }

    /// POSTs with query parameters and no body (subscribed_apps); returns the decoded answer.
    func postQuery<Out: Decodable>(_ path: String, token: String, query: [(String, String)], as: Out.Type) throws(GraphError) -> Out {
        let target = PercentEncoding.appendQuery(query + [("access_token", token)] + proof(token), to: url(path))
        return try decode(send(.post(target, body: [], contentType: "application/x-www-form-urlencoded")), Out.self)
    }
}

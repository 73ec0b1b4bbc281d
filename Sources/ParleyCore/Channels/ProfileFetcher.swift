import FoundationEssentials
import ParleySQLite
import Synchronization

/// Fills empty contact names of Messenger and Instagram contacts from Meta's User Profile API (meta-platform.md §9).
/// People without a public profile (2018218) or without consent keep an empty name; sandbox channels are never called.
public final class ProfileFetcher: Sendable {
    let core: Core
    let graph: GraphClient
    /// Contacts tried recently ("tenant:contact" → unix seconds), so a refusal is not asked again every minute.
    private let tried = Mutex<[String: Int64]>([:])
    /// How long a failed lookup is not retried (seconds).
    static let retryAfter: Int64 = 3600

    /// Uses the core and a Graph client.
    public init(core: Core, graph: GraphClient) {
        self.core = core
        self.graph = graph
    }

    /// Looks up names for `contactIDs` on `channel`; returns how many names were filled.
    @discardableResult
    public func fill(tenantID: Int64, channel: Channel, contactIDs: [Int64]) throws -> Int {
        guard channel.kind == .messenger || channel.kind == .instagram, !Sandbox.isSandbox(channel.externalID),
              channel.status == "active", channel.hasToken, !contactIDs.isEmpty else { return 0 }
        let token = try ChannelStore(core: core).token(channel)
        let db = try core.tenants.database(tenantID)
        var filled = 0
        for contactID in contactIDs {
            let now = Clock.nowSeconds()
            let key = "\(tenantID):\(contactID)"
            let recent = tried.withLock { t in
                if let at = t[key], now - at < Self.retryAfter { return true }
                if t.count > 10_000 { t = t.filter { now - $0.value < Self.retryAfter } }
                t[key] = now
                return false
            }
            if recent { continue }
            guard let scoped = try db.read({ c in
                try c.scalar("SELECT external_id FROM contact_identities WHERE channel_id = ? AND contact_id = ?", [channel.id, contactID], as: String.self)
            }) else { continue }
            let name: String?
            do {
                name = try lookup(scoped, kind: channel.kind, token: token)
            } catch {
                // A dead token ends the pass for this channel; every other refusal (no profile, no consent) leaves the name empty.
                if error.needsReauth { return filled }
                continue
            }
            guard let name, !name.isEmpty else { continue }
            let changed = try db.write { c in try c.run("UPDATE contacts SET name = ? WHERE id = ? AND name = ''", [String(name.prefix(200)), contactID]) }
            filled += changed > 0 ? 1 : 0
        }
        return filled
    }

    func lookup(_ scopedID: String, kind: ChannelKind, token: String) throws(GraphError) -> String? {
        struct Profile: Decodable {
            let first_name: String?
            let last_name: String?
            let name: String?
            let username: String?
        }
        let fields = kind == .messenger ? "first_name,last_name,profile_pic" : "name,username"
        let p = try graph.get(scopedID, token: token, query: [("fields", fields)], as: Profile.self)
        let full = [p.first_name, p.last_name].compactMap { $0 }.joined(separator: " ").trimmingSpaces
        if !full.isEmpty { return full }
        if let n = p.name?.trimmingSpaces, !n.isEmpty { return n }
        return p.username.map { "@\($0)" }
    }

    /// One periodic pass: contacts with an empty name created in the last day on Meta channels, at most `limit`.
    @discardableResult
    public func pass(limit: Int = 20) -> Int {
        guard let tenants = try? core.control.read({ c in
            try c.query("SELECT DISTINCT tenant_id FROM routes WHERE provider IN ('messenger', 'instagram') ORDER BY tenant_id").map { try $0.int64("tenant_id") }
        }) else { return 0 }
        let since = Clock.iso(Date(timeIntervalSinceNow: -86_400))
        var budget = limit, filled = 0
        for tenantID in tenants where budget > 0 {
            do {
                let db = try core.tenants.database(tenantID)
                let rows = try db.read { c in
                    try c.query("""
                        SELECT ci.channel_id, ci.contact_id FROM contacts ct
                        JOIN contact_identities ci ON ci.contact_id = ct.id
                        JOIN channels ch ON ch.id = ci.channel_id
                        WHERE ct.name = '' AND ct.created_at >= ? AND ch.kind IN ('messenger', 'instagram') AND ch.status = 'active'
                          AND ch.external_id NOT LIKE 'sandbox-%'
                        ORDER BY ct.id DESC LIMIT ?
                        """, [since, budget * 3]).map { (try $0.int64("channel_id"), try $0.int64("contact_id")) }
                }
                let now = Clock.nowSeconds()
                let fresh = tried.withLock { t in rows.filter { t["\(tenantID):\($0.1)"].map { now - $0 >= Self.retryAfter } ?? true } }.prefix(budget)
                budget -= fresh.count
                for (channelID, group) in Dictionary(grouping: fresh, by: { $0.0 }) {
                    guard let ch = try ChannelStore(core: core).get(tenantID: tenantID, id: channelID) else { continue }
                    filled += try fill(tenantID: tenantID, channel: ch, contactIDs: group.map(\.1))
                }
            } catch {
                continue  // one tenant's trouble must not stop the others; the next pass tries again
            }
        }
        return filled
    }
}

import ParleySQLite

/// What stands behind one Meta channel: its page (Messenger, Instagram) or WABA (WhatsApp) and the app-scoped
/// Facebook user whose login produced its token.
public struct MetaLink: Sendable, Equatable {
    /// Tenant.
    public var tenantID: Int64
    /// Channel row id in the tenant database.
    public var channelID: Int64
    /// messenger, instagram or whatsapp.
    public var kind: String
    /// Page id or WABA id.
    public var parentID: String
    /// App-scoped user id (nil for manually entered tokens).
    public var metaUserID: String?
    /// Last maintenance check (unix seconds).
    public var checkedAt: Int64?
    /// What that check found.
    public var checkResult: String?
}

/// The `meta_links` table of control.sqlite.
public struct MetaLinkStore: Sendable {
    let db: Database

    /// Wraps the control database.
    public init(db: Database) { self.db = db }

    /// Records (or replaces) the link of a channel.
    public func save(tenantID: Int64, channelID: Int64, kind: ChannelKind, parentID: String, metaUserID: String?) throws {
        try db.write { c in
            try c.run("""
                INSERT INTO meta_links (tenant_id, channel_id, kind, parent_id, meta_user_id) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (tenant_id, channel_id) DO UPDATE SET kind = excluded.kind, parent_id = excluded.parent_id,
                    meta_user_id = excluded.meta_user_id
                """, [tenantID, channelID, kind.rawValue, parentID, metaUserID])
        }
    }

    /// The link of one channel.
    public func link(tenantID: Int64, channelID: Int64) throws -> MetaLink? {
        try db.read { c in
            try c.queryOne("SELECT * FROM meta_links WHERE tenant_id = ? AND channel_id = ?", [tenantID, channelID]).map(Self.link)
        }
    }

    /// Links made through one Facebook user's login.
    public func links(metaUserID: String) throws -> [MetaLink] {
        try db.read { c in try c.query("SELECT * FROM meta_links WHERE meta_user_id = ?", [metaUserID]).map(Self.link) }
    }

    /// Links of one tenant.
    public func links(tenantID: Int64) throws -> [MetaLink] {
        try db.read { c in try c.query("SELECT * FROM meta_links WHERE tenant_id = ? ORDER BY channel_id", [tenantID]).map(Self.link) }
    }

    /// Tenants that have at least one routed Messenger, Instagram or WhatsApp channel (read from the routing index).
    public func tenantsWithMetaChannels() throws -> [Int64] {
        try db.read { c in
            try c.query("SELECT DISTINCT tenant_id FROM routes WHERE provider IN ('messenger', 'instagram', 'whatsapp') ORDER BY tenant_id")
                .map { try $0.int64("tenant_id") }
        }
    }

    /// Stores what a check found.
    public func recordCheck(tenantID: Int64, channelID: Int64, result: String, at: Int64 = Clock.nowSeconds()) throws {
        try db.write { c in
            try c.run("UPDATE meta_links SET checked_at = ?, check_result = ? WHERE tenant_id = ? AND channel_id = ?", [at, result, tenantID, channelID])
        }
    }

    /// Forgets the Facebook user behind links (data deletion); the channels stay.
    @discardableResult
    public func forget(metaUserID: String) throws -> Int {
        try db.write { c in try c.run("UPDATE meta_links SET meta_user_id = NULL WHERE meta_user_id = ?", [metaUserID]) }
    }

    static func link(_ r: Row) throws -> MetaLink {
        MetaLink(tenantID: try r.int64("tenant_id"), channelID: try r.int64("channel_id"), kind: try r.string("kind"),
                 parentID: try r.string("parent_id"), metaUserID: try r.optionalString("meta_user_id"),
                 checkedAt: try r.optionalInt64("checked_at"), checkResult: try r.optionalString("check_result"))
    }
}

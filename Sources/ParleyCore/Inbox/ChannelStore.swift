import ParleySQLite

/// Connected channels of tenants. A channel lives in the tenant database; its routing key lives in control.sqlite
/// (`routes`), so a webhook finds its tenant without opening every tenant file.
public struct ChannelStore: Sendable {
    let core: Core

    /// Wraps the core (channels span the control and the tenant databases).
    public init(core: Core) { self.core = core }

    /// Connects (or re-connects) an account: writes the channel with its token sealed to this channel, then the route.
    /// Re-connecting the same external id updates the existing channel (no duplicate); a token of nil keeps the stored one.
    /// - Throws: `CoreError.invalid` for bad input, `.conflict` when another tenant has connected this account.
    public func connect(tenantID: Int64, kind: ChannelKind, externalID: String, name: String, token: String?,
                        locationID: Int64? = nil) throws -> Channel {
        let externalID = externalID.trimmingSpaces, name = name.trimmingSpaces
        var problems: [String: String] = [:]
        if externalID.isEmpty || externalID.count > 128 { problems["external_id"] = "Give the account id (1–128 characters)." }
        if name.isEmpty || name.count > 200 { problems["name"] = "Give the channel a name (1–200 characters)." }
        if let token, token.isEmpty || token.count > 4096 { problems["token"] = "The access token is empty or too long." }
        guard problems.isEmpty else { throw CoreError.invalid(problems) }
        guard try core.tenantStore.tenant(id: tenantID) != nil else { throw CoreError.notFound("Tenant") }
        let key = RouteKey(provider: kind.routeProvider, externalID: externalID)
        if let owner = try route(key), owner.tenantID != tenantID {
            throw CoreError.conflict("This \(kind.rawValue) account is already connected to another workspace.")
        }
        let db = try core.tenants.database(tenantID)
        let (id, created): (Int64, Bool)
        do {
            (id, created) = try db.write { c in
                let existing = try c.scalar("SELECT id FROM channels WHERE kind = ? AND external_id = ?", [kind.rawValue, externalID], as: Int64.self)
                let id: Int64
                if let existing {
                    try c.run("UPDATE channels SET name = ?, location_id = ?, status = 'active', last_error = NULL WHERE id = ?",
                              [name, locationID, existing])
                    id = existing
                } else {
                    try c.run("INSERT INTO channels (kind, external_id, name, location_id, created_at) VALUES (?, ?, ?, ?, ?)",
                              [kind.rawValue, externalID, name, locationID, Clock.iso()])
                    id = c.lastInsertRowID
                }
                if let token {
                    // The AAD binds the envelope to this tenant and row: a sealed token copied to another channel will not open.
                    let sealed = try core.keyRing.seal(token, aad: Self.aad(tenantID: tenantID, channelID: id))
                    try c.run("UPDATE channels SET token_sealed = ? WHERE id = ?", [sealed, id])
                }
                return (id, existing == nil)
            }
        } catch let e as SQLiteError where e.isForeignKeyViolation {
            throw CoreError.invalid(["location_id": "No such location."])
        }
        do {
            try core.control.write { c in
                let owner = try c.scalar("SELECT tenant_id FROM routes WHERE provider = ? AND external_id = ?", [key.provider, key.externalID], as: Int64.self)
                if let owner, owner != tenantID {
                    throw CoreError.conflict("This \(kind.rawValue) account is already connected to another workspace.")
                }
                try c.run("""
                    INSERT INTO routes (provider, external_id, tenant_id, channel_id) VALUES (?, ?, ?, ?)
                    ON CONFLICT (provider, external_id) DO UPDATE SET channel_id = excluded.channel_id
                    """, [key.provider, key.externalID, tenantID, id])
            }
        } catch {
            // No route means no webhooks: undo a channel this call created rather than leave a silent one behind.
            if created { _ = try? db.write { c in try c.run("DELETE FROM channels WHERE id = ?", [id]) } }
            throw error
        }
        guard let channel = try get(tenantID: tenantID, id: id) else { throw CoreError.notFound("Channel") }
        return channel
    }

    /// All channels of a tenant, by name.
    public func list(tenantID: Int64) throws -> [Channel] {
        try core.tenants.database(tenantID).read { c in
            try c.query("SELECT * FROM channels ORDER BY name COLLATE NOCASE, id").map { try Self.channel($0, tenantID: tenantID) }
        }
    }

    /// One channel, or nil.
    public func get(tenantID: Int64, id: Int64) throws -> Channel? {
        try core.tenants.database(tenantID).read { c in
            try c.queryOne("SELECT * FROM channels WHERE id = ?", [id]).map { try Self.channel($0, tenantID: tenantID) }
        }
    }

    /// The channel's access token in clear (for provider calls only; never log or return it).
    /// - Throws: `CoreError.notFound` when no token is stored; a crypto error when the envelope does not open.
    public func token(_ channel: Channel) throws -> String {
        let sealed = try core.tenants.database(channel.tenantID).read { c in
            try c.scalar("SELECT token_sealed FROM channels WHERE id = ?", [channel.id], as: String.self)
        }
        guard let sealed else { throw CoreError.notFound("Access token of channel \(channel.id)") }
        return try core.keyRing.openString(sealed, aad: Self.aad(tenantID: channel.tenantID, channelID: channel.id))
    }

    /// Disconnects a channel: removes its route (webhooks for it become unroutable) and forgets its token.
    /// The row and its conversations stay, so history is kept and a re-connect picks them up again.
    public func disconnect(tenantID: Int64, id: Int64) throws {
        guard let channel = try get(tenantID: tenantID, id: id) else { throw CoreError.notFound("Channel") }
        try core.control.write { c in
            try c.run("DELETE FROM routes WHERE provider = ? AND external_id = ? AND tenant_id = ?",
                      [channel.kind.routeProvider, channel.externalID, tenantID])
        }
        try core.tenants.database(tenantID).write { c in
            try c.run("UPDATE channels SET status = 'disconnected', token_sealed = NULL, token_expires_at = NULL WHERE id = ?", [id])
        }
    }

    /// Where webhooks for `key` go, or nil when no tenant has connected that account.
    public func route(_ key: RouteKey) throws -> (tenantID: Int64, channelID: Int64)? {
        try core.control.read { c in
            try c.queryOne("SELECT tenant_id, channel_id FROM routes WHERE provider = ? AND external_id = ?", [key.provider, key.externalID])
                .map { (try $0.int64("tenant_id"), try $0.int64("channel_id")) }
        }
    }

    static func aad(tenantID: Int64, channelID: Int64) -> String { "channel:\(tenantID):\(channelID)" }

    static func channel(_ r: Row, tenantID: Int64) throws -> Channel {
        Channel(id: try r.int64("id"), tenantID: tenantID, kind: ChannelKind(rawValue: try r.string("kind")) ?? .sandbox,
                externalID: try r.string("external_id"), name: try r.string("name"), locationID: try r.optionalInt64("location_id"),
                status: try r.string("status"), hasToken: !r["token_sealed"].isNull, lastWebhookAt: try r.optionalInt64("last_webhook_at"),
                lastError: try r.optionalString("last_error"), createdAt: try r.string("created_at"))
    }
}

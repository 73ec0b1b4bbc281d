import ParleyCrypto
import ParleySQLite

/// A data deletion request as the status page shows it.
public struct DataDeletionStatus: Sendable, Equatable {
    /// Confirmation code.
    public var code: String
    /// received or completed.
    public var status: String
    /// What was done, in plain words.
    public var summary: String
    /// When received (unix seconds).
    public var createdAt: Int64
    /// When completed (unix seconds).
    public var completedAt: Int64?
}

/// What Meta's deauthorize and data-deletion callbacks do to Parley's data.
public struct MetaUserCallbacks: Sendable {
    let core: Core

    /// Uses the core.
    public init(core: Core) { self.core = core }

    /// The user removed the app: every channel connected through their login needs a new login. Returns those channels.
    public func deauthorize(metaUserID: String) throws -> [MetaLink] {
        let links = try MetaLinkStore(db: core.control).links(metaUserID: metaUserID)
        let store = ChannelStore(core: core)
        for l in links {
            try store.markNeedsReauth(tenantID: l.tenantID, id: l.channelID,
                                      reason: "The Facebook user who connected this channel removed Parley's access. Reconnect it with Facebook.")
        }
        return links
    }

    /// Records and carries out a data deletion request: pending logins of that user are deleted, their id is unlinked
    /// from channels (which need a new login). Returns the confirmation code.
    public func requestDeletion(metaUserID: String) throws -> String {
        let code = Hex.encode(SecureRandom.bytes(10))
        let now = Clock.nowSeconds()
        try core.control.write { c in
            try c.run("INSERT INTO data_deletions (code, meta_user_id, status, created_at) VALUES (?, ?, 'received', ?)", [code, metaUserID, now])
        }
        let affected = try deauthorize(metaUserID: metaUserID)
        let pickers = try OAuthPickerStore(core: core).delete(metaUserID: metaUserID)
        try MetaLinkStore(db: core.control).forget(metaUserID: metaUserID)
        let summary = "Removed \(pickers) pending Facebook sign-in(s) and unlinked your Facebook user id from \(affected.count) connected channel(s). "
            + "Conversations that customers had with the businesses' pages belong to those businesses and are kept by them."
        try core.control.write { c in
            // The Facebook user id is no longer needed once the request is done: keep only the code and the outcome.
            try c.run("UPDATE data_deletions SET status = 'completed', summary = ?, completed_at = ?, meta_user_id = '' WHERE code = ?",
                      [summary, Clock.nowSeconds(), code])
        }
        return code
    }

    /// The status of a request, or nil for an unknown code.
    public func deletionStatus(code: String) throws -> DataDeletionStatus? {
        guard !code.isEmpty, code.count <= 64 else { return nil }
        return try core.control.read { c in
            try c.queryOne("SELECT * FROM data_deletions WHERE code = ?", [code]).map { r in
                DataDeletionStatus(code: try r.string("code"), status: try r.string("status"), summary: try r.string("summary"),
                                   createdAt: try r.int64("created_at"), completedAt: try r.optionalInt64("completed_at"))
            }
        }
    }
}

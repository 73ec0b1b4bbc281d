import ParleySQLite

/// One journal row as operators see it (the raw body only on request: it holds customer messages).
public struct InboundRow: Sendable, Encodable {
    /// Journal id.
    public let id: Int64
    /// "meta", …
    public let provider: String
    /// Unix ms when it arrived.
    public let received_at: Int64
    /// pending, done, failed, unroutable.
    public let status: String
    /// Processing attempts.
    public let attempts: Int64
    /// Why it failed or could not be routed.
    public let last_error: String?
    /// Body size in bytes.
    public let size: Int64
}

/// Read access to the webhook journal for Settings → Webhook events and `parley webhooks`.
public struct InboundLog: Sendable {
    let db: Database

    /// Wraps ingest.sqlite.
    public init(db: Database) { self.db = db }

    /// Newest rows first, optionally of one status.
    public func rows(status: String?, limit: Int, beforeID: Int64?) throws -> [InboundRow] {
        var sql = "SELECT id, provider, received_at, status, attempts, last_error, length(body) AS size FROM inbound WHERE 1=1"
        var args: [any SQLBindable] = []
        if let s = status { sql += " AND status = ?"; args.append(s) }
        if let b = beforeID { sql += " AND id < ?"; args.append(b) }
        sql += " ORDER BY id DESC LIMIT ?"
        args.append(max(1, min(limit, 500)))
        return try db.read { c in
            try c.query(sql, args).map { r in
                InboundRow(id: try r.int64("id"), provider: try r.string("provider"), received_at: try r.int64("received_at"),
                           status: try r.string("status"), attempts: try r.int64("attempts"), last_error: try r.optionalString("last_error"),
                           size: try r.int64("size"))
            }
        }
    }

    /// The exact bytes of one row (for inspection).
    public func body(id: Int64) throws -> [UInt8]? {
        try db.read { c in try c.queryOne("SELECT body FROM inbound WHERE id = ?", [id]).map { try $0.blob("body") } }
    }

    /// Counts per status.
    public func counts() throws -> [String: Int64] {
        try db.read { c in
            var out: [String: Int64] = [:]
            for r in try c.query("SELECT status, count(*) AS n FROM inbound GROUP BY status") { out[try r.string("status")] = try r.int64("n") }
            return out
        }
    }
}

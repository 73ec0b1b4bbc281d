import ParleySQLite

/// One audit record (append-only; no secrets).
public struct AuditEntry: Sendable, Codable {
    /// Id.
    public var id: Int64
    /// UTC time.
    public var at: String
    /// Acting user id, if known.
    public var actorUserID: Int64?
    /// Acting user's e-mail (or "system", or the e-mail tried at a failed login).
    public var actor: String
    /// Client IP.
    public var ip: String
    /// e.g. "auth.login", "user.create", "token.revoke".
    public var action: String
    /// What it acted on, e.g. "user:7".
    public var target: String
    /// "ok", "denied", "failed".
    public var result: String
    /// Short extra text (never secrets).
    public var details: String
    /// The request id, to find the log line.
    public var requestID: String

    enum CodingKeys: String, CodingKey {
        case id, at, actor, ip, action, target, result, details
        case actorUserID = "actor_user_id"
        case requestID = "request_id"
    }
}

/// The tenant's audit trail.
public struct AuditLog: Sendable {
    let db: Database

    /// Wraps a tenant database.
    public init(db: Database) { self.db = db }

    /// Appends an entry. Newlines are flattened so one entry can never look like two.
    public func record(actorUserID: Int64?, actor: String, ip: String, action: String, target: String = "",
                       result: String, details: String = "", requestID: String = "") throws {
        func clean(_ s: String, _ n: Int) -> String { String(s.replacing("\n", with: " ").replacing("\r", with: " ").prefix(n)) }
        _ = try db.write { c in
            try c.run("INSERT INTO audit_log (at, actor_user_id, actor, ip, action, target, result, details, request_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                      [Clock.iso(), actorUserID, clean(actor, 254), clean(ip, 64), clean(action, 64), clean(target, 200),
                       clean(result, 16), clean(details, 500), clean(requestID, 40)])
        }
    }

    /// Filter for `entries`.
    public struct Filter: Sendable {
        /// Exact action, or prefix ending in "." (e.g. "auth.").
        public var action: String?
        /// Actor user id.
        public var actorUserID: Int64?
        /// Result.
        public var result: String?
        /// From (UTC ISO, inclusive).
        public var from: String?
        /// To (UTC ISO, exclusive).
        public var to: String?
        /// Entries before this id (paging).
        public var beforeID: Int64?
        /// At most this many.
        public var limit = 100
        /// No filter.
        public init() {}
    }

    /// Newest first.
    public func entries(_ f: Filter) throws -> [AuditEntry] {
        var sql = "SELECT * FROM audit_log WHERE 1=1"
        var args: [any SQLBindable] = []
        if let a = f.action {
            if a.hasSuffix(".") { sql += " AND action LIKE ? ESCAPE '\\'"; args.append(a.replacing("_", with: "\\_") + "%") }
            else { sql += " AND action = ?"; args.append(a) }
        }
        if let u = f.actorUserID { sql += " AND actor_user_id = ?"; args.append(u) }
        if let r = f.result { sql += " AND result = ?"; args.append(r) }
        if let from = f.from { sql += " AND at >= ?"; args.append(from) }
        if let to = f.to { sql += " AND at < ?"; args.append(to) }
        if let b = f.beforeID { sql += " AND id < ?"; args.append(b) }
        sql += " ORDER BY id DESC LIMIT ?"
        args.append(max(1, min(f.limit, 500)))
        return try db.read { c in
            try c.query(sql, args).map { r in
                AuditEntry(id: try r.int64("id"), at: try r.string("at"), actorUserID: try r.optionalInt64("actor_user_id"),
                           actor: try r.string("actor"), ip: try r.string("ip"), action: try r.string("action"),
                           target: try r.string("target"), result: try r.string("result"), details: try r.string("details"),
                           requestID: try r.string("request_id"))
            }
        }
    }
}

import ParleyCore
import ParleyHTTP

/// The audit log, for admins (manage_settings).
enum AuditRoutes {
    static func register(_ r: inout Router, _ ctx: RouteContext) {
        r.add("GET", "/api/v1/audit", body: .none) { req in
            let p = try ctx.require(req, .manageSettings)
            var f = AuditLog.Filter()
            f.action = req.queryValue("action").flatMap { $0.isEmpty ? nil : $0 }
            f.result = req.queryValue("result").flatMap { $0.isEmpty ? nil : $0 }
            f.from = req.queryValue("from").flatMap { $0.isEmpty ? nil : $0 }
            f.to = req.queryValue("to").flatMap { $0.isEmpty ? nil : $0 }
            if let a = req.queryValue("actor_user_id") {
                guard let v = Int64(a) else { throw HTTPError.validation(["actor_user_id": "Use a number."]) }
                f.actorUserID = v
            }
            if let b = req.queryValue("before") {
                guard let v = Int64(b) else { throw HTTPError.validation(["before": "Use a number."]) }
                f.beforeID = v
            }
            if let l = req.queryValue("limit") {
                guard let v = Int(l), (1...500).contains(v) else { throw HTTPError.validation(["limit": "Use 1 to 500."]) }
                f.limit = v
            }
            let entries = try core { try AuditLog(db: p.db).entries(f) }
            return try .json(AuditPage(entries: entries, next_before: entries.count == f.limit ? entries.last?.id : nil))
        }
    }

    struct AuditPage: Encodable {
        let entries: [AuditEntry]
        let next_before: Int64?
    }
}

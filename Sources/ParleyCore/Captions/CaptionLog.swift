import FoundationEssentials
import ParleySQLite

/// What one caption call asked and got: the AI exchange (model, JSON request, raw response, error) or the template used.
public struct CaptionTrace: Sendable, Equatable {
    /// The AI model asked, if the AI was asked.
    public var model: String?
    /// The JSON body sent to the AI API (never the API key, which travels in a header).
    public var request: String?
    /// The AI API's raw answer.
    public var response: String?
    /// Why the AI answer was not used.
    public var error: String?
    /// "<tone>#<index>" of the template used, when one was.
    public var template: String?
    /// Creates an empty trace.
    public init() {}
}

/// One row of the caption log.
public struct CaptionLogEntry: Sendable, Codable, Equatable {
    /// Row id (also the paging cursor).
    public let id: Int64
    /// When (ISO 8601).
    public let at: String
    /// Who asked (nil for background work without a user).
    public let userID: Int64?
    /// facebook or instagram.
    public let platform: String
    /// The tone asked for.
    public let tone: String
    /// The topic asked for.
    public let topic: String
    /// "ai" or "template".
    public let source: String
    /// The caption returned.
    public let caption: String
    /// The AI model, if asked.
    public let model: String?
    /// The AI request body, or the template used ("template:<tone>#<n>").
    public let request: String?
    /// The AI's raw answer.
    public let response: String?
    /// Why the AI answer was not used.
    public let error: String?

    enum CodingKeys: String, CodingKey {
        case id, at, platform, tone, topic, source, caption, model, request, response, error
        case userID = "user_id"
    }
}

/// The tenant's caption log (`caption_log`): one row per caption written, by the API or a calendar.
public struct CaptionLog: Sendable {
    let db: Database

    /// A log over a tenant database.
    public init(db: Database) { self.db = db }

    /// Appends a row for a caption result.
    public func record(userID: Int64?, request r: CaptionService.Request, result: CaptionService.Result) throws {
        let t = result.trace ?? CaptionTrace()
        let request = t.template.map { "template:\($0)" } ?? t.request
        let requestText: String? = (result.source == "template" && t.request != nil) ? "\(t.request ?? "")\ntemplate:\(t.template ?? "")" : request
        try db.write { c in
            try c.run("""
                INSERT INTO caption_log (platform, tone, topic, source, caption, user_id, created_at, model, request, response, error)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, [r.platform, r.tone, r.topic, result.source, result.caption, userID, Clock.iso(), t.model, requestText, t.response, t.error])
        }
    }

    /// Rows newest first, below `before` (an id) when given; `limit` 1…200.
    public func entries(limit: Int = 50, before: Int64? = nil) throws -> [CaptionLogEntry] {
        try db.read { c in
            try c.query("SELECT * FROM caption_log WHERE id < ? ORDER BY id DESC LIMIT ?", [before ?? Int64.max, Int64(max(1, min(limit, 200)))]).map { r in
                CaptionLogEntry(id: try r.int64("id"), at: try r.string("created_at"), userID: try r.optionalInt64("user_id"),
                                platform: try r.string("platform"), tone: try r.string("tone"), topic: try r.string("topic"),
                                source: try r.string("source"), caption: try r.string("caption"), model: try r.optionalString("model"),
                                request: try r.optionalString("request"), response: try r.optionalString("response"),
                                error: try r.optionalString("error"))
            }
        }
    }
}

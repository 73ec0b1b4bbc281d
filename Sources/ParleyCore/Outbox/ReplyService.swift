import FoundationEssentials
import ParleySQLite

/// Queues staff replies: the message (status `queued`) and its outbox job commit in one transaction,
/// so a reply is never lost between "saved" and "sent" (the transactional outbox of DESIGN.md §4).
public struct ReplyService: Sendable {
    let core: Core

    /// Creates the service.
    public init(core: Core) { self.core = core }

    /// A queued reply as stored.
    public struct Queued: Sendable, Codable {
        /// Message id.
        public let id: Int64
        /// Conversation id.
        public let conversationID: Int64
        /// Text.
        public let text: String
        /// Always "queued" at this point.
        public let status: String

        enum CodingKeys: String, CodingKey {
            case id, text, status
            case conversationID = "conversation_id"
        }
    }

    /// Stores the reply and its send jobs; the outbox worker does the sending. Each asset becomes its own message
    /// (Messenger and WhatsApp send text and media separately), text first.
    public func enqueue(tenantID: Int64, conversationID: Int64, authorUserID: Int64?, text: String, assetIDs: [Int64] = [],
                        template: InboundAttachment? = nil) throws -> Queued {
        let text = text.trimmingSpaces
        guard !text.isEmpty || !assetIDs.isEmpty else { throw CoreError.invalid(["text": "Write a message first."]) }
        guard text.utf8.count <= 4096 else { throw CoreError.invalid(["text": "Messages can be at most 4,096 bytes (Meta's limit is 2,000 characters for Messenger)."]) }
        guard assetIDs.count <= 10 else { throw CoreError.invalid(["asset_ids": "Send at most 10 files at once."]) }
        let db = try core.tenants.database(tenantID)
        let now = Clock.nowMillis()
        let queued = try db.write { c -> Queued in
            guard let conv = try c.queryOne("SELECT channel_id FROM conversations WHERE id = ?", [conversationID]) else {
                throw CoreError.notFound("Conversation")
            }
            let channelID = try conv.int64("channel_id")
            var parts: [(text: String, attachments: String)] = text.isEmpty ? [] : [(text, template.map { AttachmentJSON.encode([$0]) } ?? "[]")]
            for id in assetIDs {
                guard let a = try c.queryOne("SELECT media_type, name FROM assets WHERE id = ?", [id]) else {
                    throw CoreError.invalid(["asset_ids": "File \(id) is not in the asset library."])
                }
                let mime = try a.string("media_type")
                let kind = mime.hasPrefix("video/") ? "video" : "image"
                let att = InboundAttachment(type: kind, mimeType: mime, filename: try a.string("name"))
                var withAsset = att
                withAsset.assetID = id
                parts.append(("", AttachmentJSON.encode([withAsset])))
            }
            var first: Queued?
            for part in parts {
                try c.run("""
                    INSERT INTO messages (conversation_id, channel_id, direction, text, attachments, status, author_user_id, sent_at, created_at)
                    VALUES (?, ?, 'out', ?, ?, 'queued', ?, ?, ?)
                    """, [conversationID, channelID, part.text, part.attachments, authorUserID, now, Clock.iso()])
                let id = c.lastInsertRowID
                try c.run("INSERT INTO outbox (message_id, state, run_at) VALUES (?, 'queued', ?)", [id, now])
                _ = try EventBus.record(c, type: "message.created", channelID: channelID, data: "{\"conversation_id\":\(conversationID),\"message_id\":\(id)}")
                if first == nil { first = Queued(id: id, conversationID: conversationID, text: part.text, status: "queued") }
            }
            let preview = text.isEmpty ? "📎 \(assetIDs.count) file\(assetIDs.count == 1 ? "" : "s")" : String(text.prefix(140))
            try c.run("""
                UPDATE conversations SET last_message_at = ?, last_message_preview = ?, last_message_direction = 'out', unread = 0
                WHERE id = ?
                """, [now, preview, conversationID])
            return first!
        }
        try Scheduling.markDue(core, tenantID: tenantID, atMillis: now, kind: .outbox)
        return queued
    }
}

/// Which worker a due time belongs to.
public enum WorkKind: String, Sendable {
    /// Queued replies.
    case outbox
    /// Scheduled posts, container polls, engagement fetches.
    case publishing
    /// Snoozed conversations to reopen.
    case snooze
}

/// The control database's per-tenant, per-kind "next due" times, so workers open only tenants with work.
public enum Scheduling {
    /// Records that the tenant has work of `kind` due at `atMillis` (keeps the earliest).
    public static func markDue(_ core: Core, tenantID: Int64, atMillis: Int64, kind: WorkKind) throws {
        _ = try core.control.write { c in
            try c.run("""
                INSERT INTO work_due (tenant_id, kind, next_due_at) VALUES (?, ?, ?)
                ON CONFLICT(tenant_id, kind) DO UPDATE SET next_due_at = min(next_due_at, excluded.next_due_at)
                """, [tenantID, kind.rawValue, atMillis])
        }
    }

    /// Tenants with work of `kind` due now.
    public static func dueTenants(_ core: Core, nowMillis: Int64, kind: WorkKind) throws -> [Int64] {
        try core.control.read { c in
            try c.query("SELECT tenant_id FROM work_due WHERE kind = ? AND next_due_at <= ? ORDER BY next_due_at",
                        [kind.rawValue, nowMillis]).map { try $0.int64("tenant_id") }
        }
    }

    /// Sets the next due time of `kind`, or clears it when there is none; other kinds are untouched.
    public static func setNextDue(_ core: Core, tenantID: Int64, atMillis: Int64?, kind: WorkKind) throws {
        _ = try core.control.write { c in
            if let at = atMillis {
                try c.run("""
                    INSERT INTO work_due (tenant_id, kind, next_due_at) VALUES (?, ?, ?)
                    ON CONFLICT(tenant_id, kind) DO UPDATE SET next_due_at = excluded.next_due_at
                    """, [tenantID, kind.rawValue, at])
            } else {
                try c.run("DELETE FROM work_due WHERE tenant_id = ? AND kind = ?", [tenantID, kind.rawValue])
            }
        }
    }
}

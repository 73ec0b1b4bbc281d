import ParleySQLite

/// Applies normalised Meta events to one tenant database inside the caller's transaction. Every step is idempotent
/// (UNIQUE message ids, monotonic statuses), and side effects such as unread counts happen only for new messages,
/// so replaying a webhook changes nothing.
struct InboxApplier {
    /// What one apply did; `events` must be published after the commit.
    struct Outcome {
        var events: [InboxEvent] = []
        var newMessages = 0
        var duplicates = 0
    }

    let c: Connection
    private(set) var outcome = Outcome()
    private var touchedConversations: [Int64] = []
    private var touchedChannels: Set<Int64> = []

    init(_ c: Connection) { self.c = c }

    /// Applies every (channel, event) pair in order, then records conversation updates and channel activity.
    mutating func apply(_ items: [(channelID: Int64, event: MetaEvent)]) throws -> Outcome {
        for (channelID, event) in items {
            touchedChannels.insert(channelID)
            switch event.kind {
            case .message(let m): try message(m, event: event, channelID: channelID)
            case .receipt(let r): try receipt(r, event: event, channelID: channelID)
            case .reaction(let mid, let emoji, let removed): try reaction(mid: mid, emoji: emoji, removed: removed, event: event, channelID: channelID)
            case .edit(let mid, let text): try changed(try MessageStore.replaceText(c, channelID: channelID, externalID: mid, text: text), channelID)
            case .unsend(let mid):
                try changed(try MessageStore.replaceText(c, channelID: channelID, externalID: mid, text: "", clearAttachments: true), channelID)
            }
        }
        for id in touchedConversations {
            if let conv = try ConversationStore.get(c, id: id) {
                outcome.events.append(try EventBus.record(c, type: "conversation.updated", channelID: conv.channelID, data: EventBus.json(conv)))
            }
        }
        let now = Clock.nowMillis()
        for ch in touchedChannels.sorted() {
            try c.run("UPDATE channels SET last_webhook_at = ? WHERE id = ?", [now, ch])
        }
        return outcome
    }

    private mutating func message(_ m: MetaMessage, event: MetaEvent, channelID: Int64) throws {
        // Our own send echoed back: Parley puts "parley:<message id>" in the Send API metadata, so the echo finds the
        // queued row even when it arrives before the send call returned the mid.
        if m.isEcho, let meta = m.metadata, meta.hasPrefix("parley:"), let ownID = Int64(meta.dropFirst(7)) {
            if try MessageStore.attachExternalID(c, messageID: ownID, channelID: channelID, externalID: m.mid) {
                _ = try MessageStore.advance(c, channelID: channelID, externalIDs: [m.mid], to: .sent, error: nil)
                try changed(ownID, channelID)
                return
            }
        }
        let phone = event.route.provider == "whatsapp" ? "+" + event.contactExternalID : nil
        let contact = try ContactStore.resolve(c, channelID: channelID, externalID: event.contactExternalID, name: event.contactName, phone: phone)
        let conv = try ConversationStore.findOrCreate(c, channelID: channelID, contactID: contact.id, at: event.timestamp)
        let direction = m.isEcho ? "out" : "in"
        let new = NewMessage(conversationID: conv.id, channelID: channelID, direction: direction, externalID: m.mid, text: m.text,
                             attachments: m.attachments, status: m.isEcho ? .sent : .received, isEcho: m.isEcho, sentAt: event.timestamp)
        guard let id = try MessageStore.insertIfNew(c, new) else {
            outcome.duplicates += 1  // replay, Meta retry, or the echo of a message we already know by its mid
            return
        }
        outcome.newMessages += 1
        try ConversationStore.noteMessage(c, id: conv.id, direction: direction,
                                          preview: ConversationStore.preview(text: m.text, attachments: m.attachments), at: event.timestamp)
        if let msg = try MessageStore.get(c, id: id) {
            outcome.events.append(try EventBus.record(c, type: "message.created", channelID: channelID, data: EventBus.json(msg)))
        }
        touch(conv.id)
    }

    private mutating func receipt(_ r: MetaReceipt, event: MetaEvent, channelID: Int64) throws {
        var changedIDs = try MessageStore.advance(c, channelID: channelID, externalIDs: r.mids, to: r.status, error: r.error)
        var watermarks: [(conversation: Int64, upTo: Int64)] = []
        if let w = r.watermark {
            if let contactID = try c.scalar("SELECT contact_id FROM contact_identities WHERE channel_id = ? AND external_id = ?",
                                            [channelID, event.contactExternalID], as: Int64.self),
               let convID = try c.scalar("SELECT id FROM conversations WHERE channel_id = ? AND contact_id = ?", [channelID, contactID], as: Int64.self) {
                watermarks.append((convID, w))
            }
        } else if r.status == .read {
            // Instagram "seen" names one message; everything we sent before it was seen too.
            for mid in r.mids {
                if let row = try c.queryOne("SELECT conversation_id, sent_at FROM messages WHERE channel_id = ? AND external_id = ?", [channelID, mid]) {
                    watermarks.append((try row.int64("conversation_id"), try row.int64("sent_at")))
                }
            }
        }
        for (conv, upTo) in watermarks {
            changedIDs += try MessageStore.advance(c, conversationID: conv, upTo: upTo, to: r.status)
        }
        for id in Set(changedIDs).sorted() { try changed(id, channelID) }
    }

    private mutating func reaction(mid: String, emoji: String, removed: Bool, event: MetaEvent, channelID: Int64) throws {
        guard let row = try c.queryOne("SELECT id, conversation_id FROM messages WHERE channel_id = ? AND external_id = ?", [channelID, mid]) else { return }
        struct Reaction: Encodable {
            let message_id: Int64, conversation_id: Int64, emoji: String, removed: Bool, from: String
        }
        let data = Reaction(message_id: try row.int64("id"), conversation_id: try row.int64("conversation_id"), emoji: emoji,
                            removed: removed, from: event.contactExternalID)
        outcome.events.append(try EventBus.record(c, type: "message.reaction", channelID: channelID, data: EventBus.json(data)))
        // Kept on the message too, so a reloaded thread still shows it (one reaction per person: a new one replaces it).
        try c.run("UPDATE messages SET reaction = ? WHERE id = ?", [removed ? nil : emoji, try row.int64("id")])
        try changed(try row.int64("id"), channelID)
    }

    private mutating func changed(_ messageID: Int64?, _ channelID: Int64) throws {
        guard let messageID, let msg = try MessageStore.get(c, id: messageID) else { return }
        outcome.events.append(try EventBus.record(c, type: "message.updated", channelID: channelID, data: EventBus.json(msg)))
    }

    private mutating func touch(_ conversationID: Int64) {
        if !touchedConversations.contains(conversationID) { touchedConversations.append(conversationID) }
    }
}

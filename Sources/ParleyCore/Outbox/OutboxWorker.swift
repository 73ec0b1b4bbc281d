import Dispatch
import FoundationEssentials
import ParleySQLite
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Sends queued replies: marks each `sending` (committed) before calling the provider, then `sent` or `failed`.
/// After a crash a `sending` row becomes `uncertain` and is never re-sent blindly (at-most-once + reconciliation).
public final class OutboxWorker: Sendable {
    let core: Core
    let senders: SenderRegistry
    let onChange: @Sendable (Int64) -> Void
    let signer: MediaURLSigner?
    private let wake = DispatchSemaphore(value: 0)
    private let running = Atomic<Bool>(false)
    private let stopped = DispatchSemaphore(value: 0)
    /// Attempts before a retryable failure becomes final.
    public static let maxAttempts = 5

    /// `onChange(tenantID)` runs after every commit that added events (live updates).
    public init(core: Core, senders: SenderRegistry, onChange: @escaping @Sendable (Int64) -> Void) {
        self.core = core
        self.senders = senders
        self.onChange = onChange
        // Built once: deriving it reads the master key file, which has no place on the send path.
        self.signer = try? MediaURLSigner(core: core)
    }

    /// Recovers interrupted sends, then starts the worker thread.
    public func start() {
        recoverInterrupted()
        running.store(true, ordering: .sequentiallyConsistent)
        let t = startThread { [self] in
            while running.load(ordering: .relaxed) {
                _ = wake.wait(timeout: .now() + .seconds(1))
                guard running.load(ordering: .relaxed) else { break }
                runOnce()
            }
            stopped.signal()
        }
        _ = t
    }

    /// Asks the worker to look for work now (after enqueueing a reply).
    public func poke() { wake.signal() }

    /// Stops after the current send.
    public func stop() {
        guard running.exchange(false, ordering: .sequentiallyConsistent) else { return }
        wake.signal()
        _ = stopped.wait(timeout: .now() + .seconds(15))
    }

    /// One pass over every tenant with due work (public for tests).
    public func runOnce() {
        let now = Clock.nowMillis()
        guard let due = try? Scheduling.dueTenants(core, nowMillis: now, kind: .outbox) else { return }
        for tenant in due { processTenant(tenant) }
    }

    func processTenant(_ tenantID: Int64) {
        do {
            let db = try core.tenants.database(tenantID)
            let jobs = try db.read { c in
                try c.query("SELECT id FROM outbox WHERE state = 'queued' AND run_at <= ? ORDER BY run_at, id LIMIT 50", [Clock.nowMillis()])
                    .map { try $0.int64("id") }
            }
            for job in jobs { try processOne(tenantID, db, job) }
            let pending = try db.read { c in
                (try c.scalar("SELECT count(*) FROM outbox WHERE state = 'sending'", as: Int64.self) ?? 0,
                 try c.scalar("SELECT min(run_at) FROM outbox WHERE state = 'queued'", as: Int64.self))
            }
            // Keep the tenant marked while anything is in flight so recovery finds it after a crash.
            try Scheduling.setNextDue(core, tenantID: tenantID, atMillis: pending.1 ?? (pending.0 > 0 ? Clock.nowMillis() + 60_000 : nil), kind: .outbox)
        } catch {
            // A tenant that cannot be opened is retried on the next pass; nothing is lost (rows stay queued).
        }
    }

    func processOne(_ tenantID: Int64, _ db: Database, _ jobID: Int64) throws {
        // Step 1, committed before any network call: this job is now "sending".
        guard let m = try db.write({ c -> OutboundMessage? in
            guard try c.run("UPDATE outbox SET state = 'sending', attempts = attempts + 1 WHERE id = ? AND state = 'queued'", [jobID]) == 1,
                  let r = try c.queryOne("""
                    SELECT m.id, m.text, m.attachments, ch.kind, ch.external_id AS ch_ext, ch.id AS ch_id, ch.token_sealed, ci.external_id AS recipient, cv.last_inbound_at
                    FROM outbox o JOIN messages m ON m.id = o.message_id
                    JOIN conversations cv ON cv.id = m.conversation_id
                    JOIN channels ch ON ch.id = cv.channel_id
                    LEFT JOIN contact_identities ci ON ci.channel_id = cv.channel_id AND ci.contact_id = cv.contact_id
                    WHERE o.id = ?
                    """, [jobID]) else { return nil }
            try c.run("UPDATE messages SET status = 'sending' WHERE id = ?", [try r.int64("id")])
            let channelID = try r.int64("ch_id")
            let token = try r.optionalString("token_sealed").flatMap { sealed in
                try? core.keyRing.openString(sealed, aad: "channel:\(tenantID):\(channelID)")
            }
            var out = OutboundMessage(tenantID: tenantID, messageID: try r.int64("id"), channelKind: try r.string("kind"),
                                      channelExternalID: try r.string("ch_ext"), token: token,
                                      recipient: try r.optionalString("recipient") ?? "", text: try r.string("text"),
                                      lastInboundAt: try r.optionalInt64("last_inbound_at"))
            // Media from the asset library goes out as a public, expiring URL that Meta fetches.
            let firstAttachment = AttachmentJSON.decode(try r.string("attachments")).first
            if let t = firstAttachment, t.type == "template", let name = t.title,
               let p = t.payload.flatMap({ try? JSONDecoder().decode([String: String].self, from: Data($0.utf8)) }) {
                let params = (p["parameters"] ?? "").split(separator: "\u{1F}", omittingEmptySubsequences: false).map(String.init)
                out.template = (name, p["language"] ?? "en_US", params == [""] ? [] : params)
            }
            if let att = firstAttachment, let assetID = att.assetID,
               let stored = try c.scalar("SELECT stored_name FROM assets WHERE id = ?", [assetID], as: String.self) {
                out.mediaURL = mediaURL(tenantID: tenantID, assetID: assetID, storedName: stored)
                out.mediaType = att.type
            }
            return out
        }) else { return }

        let result: SendResult
        if let sender = senders.sender(kind: m.channelKind, externalID: m.channelExternalID) {
            result = m.recipient.isEmpty ? .failed(GraphError(status: 0, code: 100, subcode: 0, metaMessage: "no recipient id for this contact"))
                : sender.send(m)
        } else {
            result = .failed(GraphError(status: 0, code: 0, subcode: 0, metaMessage: "sending on \(m.channelKind) channels is not supported yet"))
        }

        // Step 2: record the outcome.
        try db.write { c in
            let conv = try c.queryOne("SELECT conversation_id, channel_id FROM messages WHERE id = ?", [m.messageID])
            let conversationID = try conv?.int64("conversation_id") ?? 0
            let channelID = try conv?.int64("channel_id") ?? 0
            switch result {
            case .sent(let externalID):
                // An echo of this very send may have been stored first (webhooks race the API answer): keep one row.
                try c.run("DELETE FROM messages WHERE channel_id = ? AND external_id = ? AND id != ?", [channelID, externalID, m.messageID])
                try c.run("""
                    UPDATE messages SET external_id = ?, error = NULL,
                      status = CASE WHEN status IN ('delivered', 'read') THEN status ELSE 'sent' END WHERE id = ?
                    """, [externalID, m.messageID])
                try c.run("UPDATE outbox SET state = 'done', last_error = NULL WHERE id = ?", [jobID])
            case .failed(let e):
                let attempts = try c.scalar("SELECT attempts FROM outbox WHERE id = ?", [jobID], as: Int64.self) ?? 1
                if e.isRetryable && attempts < Self.maxAttempts {
                    let delay = Int64(5_000) << Int64(min(attempts, 8))
                    try c.run("UPDATE outbox SET state = 'queued', run_at = ?, last_error = ? WHERE id = ?", [Clock.nowMillis() + delay, e.description, jobID])
                    try c.run("UPDATE messages SET status = 'queued', error = ? WHERE id = ?", [e.plainMessage, m.messageID])
                } else {
                    try c.run("UPDATE outbox SET state = 'failed', last_error = ? WHERE id = ?", [e.description, jobID])
                    try c.run("UPDATE messages SET status = 'failed', error = ? WHERE id = ?", [e.plainMessage, m.messageID])
                    if e.needsReauth {
                        try c.run("UPDATE channels SET status = 'needs_reauth', last_error = ? WHERE id = ?", [e.plainMessage, channelID])
                    }
                }
            }
            _ = try EventBus.record(c, type: "message.updated", channelID: channelID, data: "{\"conversation_id\":\(conversationID),\"message_id\":\(m.messageID)}")
        }
        onChange(tenantID)
    }

    func mediaURL(tenantID: Int64, assetID: Int64, storedName: String) -> String? {
        signer?.url(tenantID: tenantID, assetID: assetID, storedName: storedName)
    }

    /// After a crash: any job still `sending` may or may not have reached the provider. Mark it, never resend it.
    func recoverInterrupted() {
        guard let tenants = try? Scheduling.dueTenants(core, nowMillis: Int64.max, kind: .outbox) else { return }
        for t in tenants {
            guard let db = try? core.tenants.database(t) else { continue }
            let changed = (try? db.write { c -> Int in
                let ids = try c.query("SELECT message_id FROM outbox WHERE state = 'sending'").map { try $0.int64("message_id") }
                for id in ids {
                    try c.run("""
                        UPDATE messages SET status = 'failed',
                          error = 'Parley stopped while sending this. Check the conversation on the platform before sending it again.'
                        WHERE id = ?
                        """, [id])
                }
                return try c.run("UPDATE outbox SET state = 'uncertain' WHERE state = 'sending'")
            }) ?? 0
            if changed > 0 { onChange(t) }
        }
    }
}

/// Starts a detached POSIX thread running `body` (Foundation's Thread would pull in ICU).
@discardableResult
public func startThread(_ body: @escaping @Sendable () -> Void) -> pthread_t {
    final class Box { let body: @Sendable () -> Void; init(_ b: @escaping @Sendable () -> Void) { body = b } }
    var tid = pthread_t()
    let box = Unmanaged.passRetained(Box(body))
    pthread_create(&tid, nil, { arg in
        let b = Unmanaged<Box>.fromOpaque(arg!).takeRetainedValue()
        b.body()
        return nil
    }, box.toOpaque())
    pthread_detach(tid)
    return tid
}

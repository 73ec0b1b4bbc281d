import FoundationEssentials
import ParleySQLite
import ParleyHTTPClient

extension PublishWorker {
    /// What a target needs for its Graph calls.
    struct Job: Sendable {
        let targetID: Int64
        let postID: Int64
        let channelID: Int64
        let kind: String
        let account: String
        let token: String?
        let text: String
        let assets: [Asset]
        let containers: String?
        let pollDeadline: Int64?
        let attempts: Int64
        let externalID: String?
        let publishedAt: Int64?
        let engagementRound: Int64

        /// The post is one video (Facebook video / Instagram Reel) rather than text or pictures.
        var video: Asset? { assets.first { !$0.mediaType.hasPrefix("image/") } }
    }

    enum Outcome {
        case published(id: String, permalink: String?)
        case processing(container: String, deadline: Int64, at: Int64)
        case failed(PublishFailure)
    }

    static func load(_ c: Connection, _ tenantID: Int64, _ core: Core, targetID: Int64) throws -> Job? {
        guard let r = try c.queryOne("""
            SELECT t.*, p.text, ch.kind, ch.external_id AS account, ch.token_sealed FROM post_targets t
            JOIN posts p ON p.id = t.post_id LEFT JOIN channels ch ON ch.id = t.channel_id WHERE t.id = ?
            """, [targetID]) else { return nil }
        let postID = try r.int64("post_id"), channelID = try r.int64("channel_id")
        let token = try r.optionalString("token_sealed").flatMap {
            try? core.keyRing.openString($0, aad: ChannelStore.aad(tenantID: tenantID, channelID: channelID))
        }
        let assets = try c.query("SELECT a.* FROM post_assets pa JOIN assets a ON a.id = pa.asset_id WHERE pa.post_id = ? ORDER BY pa.position", [postID])
            .map(AssetStore.asset)
        return Job(targetID: targetID, postID: postID, channelID: channelID, kind: try r.optionalString("kind") ?? "",
                   account: try r.optionalString("account") ?? "", token: token, text: try r.string("text"), assets: assets,
                   containers: try r.optionalString("containers"), pollDeadline: try r.optionalInt64("poll_deadline"),
                   attempts: try r.int64("attempts"), externalID: try r.optionalString("external_id"),
                   publishedAt: try r.optionalInt64("published_at"), engagementRound: try r.int64("engagement_round"))
    }

    /// queued → publishing (committed first) → Graph calls → outcome.
    func start(_ tenantID: Int64, _ db: Database, _ targetID: Int64) throws {
        // Keep the tenant findable by crash recovery while this is in flight.
        try Scheduling.markDue(core, tenantID: tenantID, atMillis: Clock.nowMillis() + 60_000, kind: .publishing)
        guard let job = try db.write({ c -> Job? in
            guard try c.run("UPDATE post_targets SET state = 'publishing', attempts = attempts + 1 WHERE id = ? AND state = 'queued'", [targetID]) == 1 else { return nil }
            let job = try Self.load(c, tenantID, core, targetID: targetID)
            if let job { try PostStore.refreshState(c, postID: job.postID) }
            return job
        }) else { return }
        onChange(tenantID)
        if Sandbox.isSandbox(job.account) {
            // The demo's simulated page and account: the whole flow runs, nothing leaves the machine.
            return try record(tenantID, db, job, .published(id: "sandbox_\(job.postID)_\(job.targetID)", permalink: nil))
        }
        guard let token = job.token else {
            return try record(tenantID, db, job, .failed(PublishFailure(final: "The channel has no usable access token; reconnect it in Settings → Channels.")))
        }
        let urls = job.assets.map { signer.url(tenantID: tenantID, asset: $0) }
        let videoURL = job.video.map { signer.url(tenantID: tenantID, asset: $0) }
        let outcome: Outcome
        do {
            switch job.kind {
            case "messenger":
                let (id, link) = if let videoURL { try publisher.publishFacebookVideo(page: job.account, token: token, text: job.text, videoURL: videoURL) }
                    else { try publisher.publishFacebook(page: job.account, token: token, text: job.text, imageURLs: urls) }
                outcome = .published(id: id, permalink: link)
            case "instagram":
                let cid = try publisher.createInstagramContainer(ig: job.account, token: token, caption: job.text, imageURLs: urls, videoURL: videoURL)
                let now = Clock.nowMillis()
                let wait = videoURL == nil ? settings.pollTimeoutMillis : settings.videoPollTimeoutMillis
                // Images are usually ready at once: look again right away; a video is looked at after the poll interval.
                outcome = .processing(container: cid, deadline: now + wait, at: videoURL == nil ? now : now + settings.pollIntervalMillis)
            default:
                outcome = .failed(PublishFailure(final: "This channel cannot take posts."))
            }
        } catch {
            outcome = .failed(error)
        }
        try record(tenantID, db, job, outcome)
    }

    /// processing: poll the container; when FINISHED, publishing (committed) → media_publish.
    func poll(_ tenantID: Int64, _ db: Database, _ targetID: Int64) throws {
        guard let job = try db.read({ c in try Self.load(c, tenantID, core, targetID: targetID) }), let container = job.containers else { return }
        let s = settings
        let now = Clock.nowMillis()
        let deadline = job.pollDeadline ?? now
        guard let token = job.token else {
            return try record(tenantID, db, job, .failed(PublishFailure(final: "The channel has no usable access token; reconnect it in Settings → Channels.")))
        }
        let status: String, detail: String?
        do {
            (status, detail) = try publisher.containerStatus(container, token: token)
        } catch {
            let f = PublishFailure(error, phase: .prepare)
            if f.kind == .retry && now < deadline { return try record(tenantID, db, job, .processing(container: container, deadline: deadline, at: now + s.pollIntervalMillis)) }
            return try record(tenantID, db, job, .failed(f))
        }
        switch status {
        case "FINISHED":
            break
        case "IN_PROGRESS":
            if now >= deadline {
                let waited = job.video == nil ? s.pollTimeoutMillis : s.videoPollTimeoutMillis
                return try record(tenantID, db, job, .failed(PublishFailure(final: "Instagram was still processing the media after \(waited / 60_000) minute(s); nothing was published. Try again.")))
            }
            return try record(tenantID, db, job, .processing(container: container, deadline: deadline, at: now + s.pollIntervalMillis))
        case "EXPIRED":
            return try record(tenantID, db, job, .failed(PublishFailure(final: "The Instagram upload expired before it was published (24 hours); nothing was published. Try again.")))
        default:
            let what = job.video == nil ? "the picture" : "the video (Reels need MP4 or MOV with H.264 or HEVC video and AAC sound, 3 seconds to 15 minutes)"
            let why = detail.map { " Meta said: \($0)." } ?? ""
            return try record(tenantID, db, job, .failed(PublishFailure(final: "Instagram could not process the media (status \(status)); nothing was published. Check \(what) and try again.\(why)")))
        }
        guard try db.write({ c in try c.run("UPDATE post_targets SET state = 'publishing' WHERE id = ? AND state = 'processing'", [targetID]) }) == 1 else { return }
        let outcome: Outcome
        do {
            let (id, link) = try publisher.publishContainer(ig: job.account, container: container, token: token)
            outcome = .published(id: id, permalink: link)
        } catch {
            let notReady = error.graph.map { $0.code == 9007 || $0.subcode == 2207027 } ?? false
            if (notReady || error.graph?.notSent == true) && now < deadline {
                outcome = .processing(container: container, deadline: deadline, at: now + s.pollIntervalMillis)
            } else {
                outcome = .failed(error)
            }
        }
        try record(tenantID, db, job, outcome)
    }

    /// Writes a step's outcome and the post's resulting state, in one transaction.
    func record(_ tenantID: Int64, _ db: Database, _ job: Job, _ outcome: Outcome) throws {
        let now = Clock.nowMillis()
        let s = settings
        let notifier = notifier.withLock { $0 }
        let mail = try db.write { c -> SMTPMessage? in
            var mail: SMTPMessage?
            switch outcome {
            case .published(let id, let link):
                try c.run("""
                    UPDATE post_targets SET state = 'published', external_id = ?, permalink = ?, error = NULL, error_detail = NULL,
                      containers = NULL, published_at = ?, engagement_due_at = ?, engagement_round = 0 WHERE id = ?
                    """, [id, link, now, s.engagementDelaysMillis.first.map { now + $0 }, job.targetID])
            case .processing(let container, let deadline, let at):
                try c.run("UPDATE post_targets SET state = 'processing', containers = ?, poll_deadline = ?, run_at = ? WHERE id = ?",
                          [container, deadline, at, job.targetID])
            case .failed(let f):
                switch f.kind {
                case .retry where job.attempts < s.maxAttempts:
                    let delay = s.retryBaseMillis << min(job.attempts, 10)
                    try c.run("UPDATE post_targets SET state = 'queued', run_at = ?, containers = NULL, error = ?, error_detail = ? WHERE id = ?",
                              [now + delay, f.message + " Parley will try again.", f.detail, job.targetID])
                case .uncertain:
                    let text = "Meta did not answer clearly; the post may or may not be live. Check the page or account before publishing again. (\(f.message))"
                    try c.run("UPDATE post_targets SET state = 'uncertain', error = ?, error_detail = ? WHERE id = ?", [text, f.detail, job.targetID])
                    if let n = notifier {
                        mail = try PublishNotifier.message(c, postID: job.postID, channelID: job.channelID, problem: f.message, uncertain: true,
                                                           from: n.from, publicURL: n.publicURL)
                    }
                default:
                    try c.run("UPDATE post_targets SET state = 'failed', containers = NULL, error = ?, error_detail = ? WHERE id = ?",
                              [f.message, f.detail, job.targetID])
                    if let n = notifier {
                        mail = try PublishNotifier.message(c, postID: job.postID, channelID: job.channelID, problem: f.message, uncertain: false,
                                                           from: n.from, publicURL: n.publicURL)
                    }
                    if f.graph?.needsReauth == true {
                        try c.run("UPDATE channels SET status = 'needs_reauth', last_error = ? WHERE id = ?", [f.message, job.channelID])
                    }
                }
            }
            try PostStore.refreshState(c, postID: job.postID)
            _ = try EventBus.record(c, type: "post.updated", channelID: job.channelID, data: "{\"post_id\":\(job.postID),\"target_id\":\(job.targetID)}")
            return mail
        }
        // After the commit: the e-mail describes what is stored.
        if let mail, let notifier { notifier.send(mail) }
        if case .processing(_, _, let at) = outcome { due.withLock { m in m[tenantID] = min(m[tenantID] ?? Int64.max, at) } }
        onChange(tenantID)
    }
}

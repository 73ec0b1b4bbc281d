import Dispatch
import FoundationEssentials
import ParleyCrypto
import ParleyHTTPClient
import ParleySQLite
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Downloads inbound attachments into files/<tenant>/media/ right after their message is stored: Meta's CDN URLs
/// expire within days and WhatsApp media must be fetched with the channel token.
public final class MediaDownloader: Sendable {
    let core: Core
    let http: HTTPClient
    let graph: GraphClient
    private let queue = Mutex<[(tenant: Int64, message: Int64)]>([])
    private let wake = DispatchSemaphore(value: 0)
    private let running = Atomic<Bool>(false)
    private let onChange: @Sendable (Int64) -> Void
    /// Largest file accepted (Meta allows 25 MB attachments).
    public static let maxBytes = 25 << 20

    /// `onChange(tenant)` runs after an attachment was stored (live updates).
    public init(core: Core, http: HTTPClient, onChange: @escaping @Sendable (Int64) -> Void) {
        self.core = core
        self.http = http
        self.graph = GraphClient(config: core.config, http: http)
        self.onChange = onChange
    }

    /// Starts the worker and subscribes to new messages.
    public func start(bus: EventBus) {
        running.store(true, ordering: .sequentiallyConsistent)
        bus.observeAll { [weak self] tenant, event in
            guard event.type == "message.created", let m = Self.createdMessage(event.data),
                  m.attachments?.contains(where: Self.needsDownload) == true else { return }
            self?.enqueue(tenant: tenant, message: m.id)
        }
        startThread { [self] in
            while running.load(ordering: .relaxed) {
                _ = wake.wait(timeout: .now() + .seconds(5))
                while let job = queue.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) { process(job.tenant, job.message) }
            }
        }
    }

    /// Stops after the current download.
    public func stop() {
        running.store(false, ordering: .sequentiallyConsistent)
        wake.signal()
    }

    /// Queues a message's attachments.
    public func enqueue(tenant: Int64, message: Int64) {
        queue.withLock { $0.append((tenant, message)) }
        wake.signal()
    }

    /// Downloads every not-yet-stored attachment of a message (public for tests).
    public func process(_ tenantID: Int64, _ messageID: Int64) {
        guard let db = try? core.tenants.database(tenantID),
              let row = try? db.read({ c in try c.queryOne("""
                SELECT m.attachments, ch.kind, ch.external_id, ch.token_sealed, ch.id AS ch_id
                FROM messages m JOIN channels ch ON ch.id = m.channel_id WHERE m.id = ?
                """, [messageID]) }),
              let json = try? row.string("attachments") else { return }
        var attachments = AttachmentJSON.decode(json)
        guard attachments.contains(where: Self.needsDownload) else { return }
        let channelID = (try? row.int64("ch_id")) ?? 0
        let token = (try? row.optionalString("token_sealed")).flatMap { $0 }.flatMap {
            try? core.keyRing.openString($0, aad: "channel:\(tenantID):\(channelID)")
        }
        let dir = core.data.tenantFiles(tenantID) + "/media"
        try? DataDirectory.makeDirectory(dir)
        for i in attachments.indices where Self.needsDownload(attachments[i]) {
            let a = attachments[i]
            guard ["image", "video", "audio", "file", "sticker"].contains(a.type) || a.mediaID != nil else { continue }
            do {
                let bytes = try fetch(a, token: token)
                let name = SecureRandom.token(byteCount: 16) + Self.extensionFor(a.mimeType ?? "")
                try Self.write(bytes, to: dir + "/" + name)
                attachments[i].stored = name
            } catch {
                attachments[i].downloadError = "\(error)".prefix(200).description
            }
        }
        let encoded = AttachmentJSON.encode(attachments)
        _ = try? db.write { c in
            try c.run("UPDATE messages SET attachments = ? WHERE id = ?", [encoded, messageID])
            let conv = try c.scalar("SELECT conversation_id FROM messages WHERE id = ?", [messageID], as: Int64.self) ?? 0
            _ = try EventBus.record(c, type: "message.updated", channelID: channelID, data: "{\"conversation_id\":\(conv),\"message_id\":\(messageID)}")
        }
        onChange(tenantID)
    }

    func fetch(_ a: InboundAttachment, token: String?) throws -> [UInt8] {
        var url = a.url
        var headers: [(String, String)] = []
        if let id = a.mediaID, let token {
            // WhatsApp: look the media up, then download it with the same token.
            struct Media: Decodable { let url: String }
            url = try graph.get(id, token: token, as: Media.self).url
            headers = [("Authorization", "Bearer \(token)")]
        }
        guard let url, url.hasPrefix("https://") || url.hasPrefix("http://") else { throw CoreError.provider("no download URL") }
        let resp = try http.send(.get(url, headers: headers))
        guard resp.isSuccess else { throw CoreError.provider("download answered HTTP \(resp.status)") }
        guard resp.body.count <= Self.maxBytes else { throw CoreError.provider("file larger than 25 MB") }
        return resp.body
    }

    static func write(_ bytes: [UInt8], to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw CoreError.storage("cannot create \(path)") }
        defer { close(fd) }
        var off = 0
        while off < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + off, bytes.count - off) }
            guard n > 0 else { throw CoreError.storage("write failed: errno \(errno)") }
            off += n
        }
        fsync(fd)
    }

    static func needsDownload(_ a: InboundAttachment) -> Bool {
        a.stored == nil && a.downloadError == nil && (a.url != nil || a.mediaID != nil)
    }

    /// The id and attachments of a `message.created` event (ingest sends the whole message; replies send ids only).
    static func createdMessage(_ data: String) -> (id: Int64, attachments: [InboundAttachment]?)? {
        struct Created: Decodable { let id: Int64; let attachments: [InboundAttachment]? }
        guard let m = try? JSONDecoder().decode(Created.self, from: Data(data.utf8)) else { return nil }
        return (m.id, m.attachments)
    }

    static func extensionFor(_ mime: String) -> String {
        switch mime.lowercased() {
        case "image/jpeg": return ".jpg"
        case "image/png": return ".png"
        case "image/gif": return ".gif"
        case "image/webp": return ".webp"
        case "video/mp4": return ".mp4"
        case "audio/ogg": return ".ogg"
        case "audio/mpeg": return ".mp3"
        case "application/pdf": return ".pdf"
        default: return ".bin"
        }
    }
}

import ParleyHTTPClient
import ParleySQLite

/// Everything publishing needs at run time: the media URL signer, the worker and the caption writer.
public final class Publishing: Sendable {
    /// Signs public media URLs.
    public let signer: MediaURLSigner
    /// Publishes due posts.
    public let worker: PublishWorker
    /// Writes captions (AI when configured, else templates).
    public let captions: CaptionService
    /// Drafts content calendars in the background.
    public let calendars: CalendarService

    /// Wires the parts; `templates` are the built-in caption templates by tone.
    public init(core: Core, http: HTTPClient, templates: CaptionTemplates, onChange: @escaping @Sendable (Int64) -> Void) throws {
        let signer = try MediaURLSigner(core: core)
        self.signer = signer
        self.worker = PublishWorker(core: core, graph: GraphClient(config: core.config, http: http), signer: signer, onChange: onChange)
        let captions = CaptionService(config: core.config, templates: templates)
        self.captions = captions
        self.calendars = CalendarService(core: core, captions: captions)
    }

    /// A PostStore for a tenant that tells the worker about new due work.
    public func posts(core: Core, tenantID: Int64, db: Database) -> PostStore {
        PostStore(core: core, tenantID: tenantID, db: db) { [worker] t, at in worker.noteDue(tenantID: t, atMillis: at) }
    }
}

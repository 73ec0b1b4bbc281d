/// Ingest as the server runs it: the durable journal the webhook route appends to, the worker that applies
/// journal rows to tenants, and the event bus it publishes to (the SSE route subscribes there).
public final class IngestPipeline: Sendable {
    /// In-process inbox events.
    public let bus: EventBus
    /// The raw-request journal (running from init, so the server can accept webhooks at once).
    public let journal: IngestJournal
    /// The worker.
    public let processor: WebhookProcessor

    /// Creates the journal (its writer thread starts now) and a stopped processor that every commit wakes.
    public init(core: Core, bus: EventBus? = nil, pollInterval: Duration = .seconds(3)) {
        let bus = bus ?? EventBus(tenants: core.tenants)
        let processor = WebhookProcessor(core: core, bus: bus, interval: pollInterval)
        self.bus = bus
        self.processor = processor
        self.journal = IngestJournal(db: core.ingest, onCommit: { processor.wake() })
    }

    /// Starts the worker.
    public func start() { processor.start() }

    /// Commits what the journal still holds, then stops the worker. Call before closing the databases.
    public func stop() {
        journal.stop()
        processor.stop()
    }
}

import FoundationEssentials
import ParleyCore
import ParleyHTTP
import ParleyHTTPClient
import ParleyWeb
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The running server: the core, the route table, the middleware and libmicrohttpd.
public final class App: Sendable {
    /// Shared domain state.
    public let core: Core
    /// Request metrics.
    public let metrics = Metrics()
    /// The log.
    public let logger: Logger
    /// The web files (embedded, or from PARLEY_WEB_DIR in development).
    public let web: WebAssets
    private let server: Server
    /// What handlers see.
    public let context: RouteContext
    /// Every route (method + pattern), for the OpenAPI document and the role matrix tests.
    public let routes: [RouteInfo]
    /// Webhook journal, ingest worker and inbox event bus.
    public let ingest: IngestPipeline
    /// Live updates (SSE).
    public let live: LiveHub
    /// Sends queued replies.
    public let outbox: OutboxWorker
    /// Fetches inbound attachments before their URLs expire.
    public let media: MediaDownloader
    private let stopping = StopFlag()
    /// Publishing: media URL signer, publish worker, captions, calendars.
    public let publishing: Publishing
    /// Meta channel upkeep (subscriptions, dead tokens every 6 h) and contact names (every minute).
    public let channelMaintenance: ChannelMaintenance
    /// Reopens snoozed conversations when their time comes.
    public let snoozes: SnoozeWaker

    /// Builds routes and starts listening.
    public init(core: Core) throws {
        self.core = core
        self.logger = Logger(format: core.config.logFormat)
        self.web = core.config.webDir.isEmpty ? WebAssets.embedded : WebAssets(directory: core.config.webDir)
        var config = ServerConfiguration()
        config.host = core.config.listenHost
        config.port = core.config.listenPort
        if core.config.threads > 0 { config.threads = core.config.threads }
        config.uploadDirectory = core.data.tmpDir
        let logger = self.logger
        config.log = { line in ServerConfiguration.isClientGone(line) ? logger.info(line) : logger.error(line) }
        let ingest = IngestPipeline(core: core)
        self.ingest = ingest
        let live = LiveHub(core: core, bus: ingest.bus)
        self.live = live
        let http = HTTPClient(configuration: .init(userAgent: "Parley/0.1"))
        let outbox = OutboxWorker(core: core, senders: SenderRegistry(graph: GraphClient(config: core.config, http: http),
                                                                      sandbox: SandboxSender(journal: ingest.journal, appSecret: core.config.metaAppSecret))) { tenant in
            live.notify(tenantID: tenant)
        }
        self.outbox = outbox
        let media = MediaDownloader(core: core, http: http) { tenant in live.notify(tenantID: tenant) }
        self.media = media
        let publishing = try Publishing(core: core, http: http, templates: CaptionTemplates.builtIn()) { tenant in live.notify(tenantID: tenant) }
        self.publishing = publishing
        publishing.worker.setNotifier(PublishNotifier.make(config: core.config) { line in logger.error(line) })
        self.channelMaintenance = ChannelMaintenance(core: core, graph: GraphClient(config: core.config, http: http))
        self.snoozes = SnoozeWaker(core: core) { tenant in live.notify(tenantID: tenant) }
        let ctx = RouteContext(core: core, metrics: metrics, logger: logger, web: web, ingest: ingest, live: live, outbox: outbox, publishing: publishing, http: http)
        self.context = ctx
        let router = Routes.build(ctx)
        self.routes = router.routes.map { RouteInfo(method: $0.method, pattern: $0.pattern) }
        let middleware: [any Middleware] = [
            RequestLogMiddleware(logger: logger, metrics: metrics),
            // Outside the error middleware, so error answers carry the headers too.
            SecurityHeaders.middleware(https: core.config.publicURL.hasPrefix("https://")),
            ErrorMiddleware { req, e in
                logger.error("request failed", [("request_id", req.attributes["request_id"] as? String ?? ""),
                                                ("path", req.path), ("status", String(e.status)), ("cause", e.cause ?? e.message)])
            },
            AuthMiddleware(ctx: ctx),
        ]
        do {
            self.server = try Server(configuration: config, router: router, middleware: middleware)
        } catch {
            ingest.stop()
            throw error
        }
        ingest.start()
        outbox.start()
        media.start(bus: ingest.bus)
        // Scheduled backups: first look 5 minutes after start (tests and short runs stay quiet), then every 10.
        let schedule = BackupSchedule(core: core, version: ParleyInfo.version)
        let stopping = self.stopping
        startThread {
            var wait: UInt32 = 300
            while !stopping.isSet {
                for _ in 0..<wait where !stopping.isSet { sleep(1) }
                if stopping.isSet { break }
                if let s = schedule.tick() { logger.info("scheduled backup", [("ok", String(s.ok)), ("archive", s.archive ?? ""), ("error", s.error ?? "")]) }
                wait = 600
            }
        }
        metrics.gauge("parley_scheduler_lag_seconds", help: "How late the most overdue scheduled work is.") {
            Double((try? SystemInfo.schedulerLag(core)) ?? 0)
        }
        metrics.gauge("parley_last_webhook_age_seconds", help: "Seconds since the last webhook arrived (-1: none yet).") {
            let last = try? core.ingest.read { c in try c.scalar("SELECT max(received_at) FROM inbound", as: Int64.self) }
            guard let at = last ?? nil else { return -1 }
            return Double(Clock.nowMillis() - at) / 1000
        }
        publishing.worker.start()
        channelMaintenance.start()
        snoozes.start()
        metrics.gauge("parley_open_tenants", help: "Tenant databases open now.") { Double(core.tenants.openCount) }
        metrics.gauge("parley_active_requests", help: "Requests in flight.") { [server] in Double(server.activeRequests) }
    }

    /// The port actually bound.
    public var port: UInt16 { server.port }

    /// The base URL to reach this server locally.
    public var localURL: String { "http://\(core.config.listenHost):\(port)" }

    /// Graceful stop: finish requests in flight (up to `grace`), then close databases.
    public func stop(grace: Duration = .seconds(8)) {
        stopping.set()
        live.closeAll()
        server.stop(grace: grace)
        outbox.stop()
        media.stop()
        publishing.worker.stop()
        channelMaintenance.stop()
        snoozes.stop()
        ingest.stop()  // commits queued webhooks and ends the worker while the databases are still open
        core.close()
    }
}

/// What route handlers may use.
public struct RouteContext: Sendable {
    /// Domain state.
    public let core: Core
    /// Metrics registry.
    public let metrics: Metrics
    /// Logger.
    public let logger: Logger
    /// Web files.
    public let web: WebAssets
    /// Webhook journal, ingest worker and inbox event bus.
    public let ingest: IngestPipeline
    /// Live updates (SSE).
    public let live: LiveHub
    /// Sends queued replies.
    public let outbox: OutboxWorker
    /// Publishing: media URL signer, publish worker, captions, calendars.
    public let publishing: Publishing
    /// Outbound HTTP (Graph API and other providers).
    public let http: HTTPClient
    /// Failed sign-ins per account.
    public let accountThrottle = FailureThrottle(free: 5)
    /// Failed sign-ins per client IP (more slack: offices share one address).
    public let ipThrottle = FailureThrottle(free: 20)
    /// API requests per tenant per hour.
    public let budget = HourlyBudget()
}

/// A route's method and path pattern.
public struct RouteInfo: Sendable, Hashable {
    /// "GET", "POST", …
    public let method: String
    /// "/api/v1/conversations/{id}"
    public let pattern: String
}

/// A flag background threads poll to end.
final class StopFlag: Sendable {
    private let value = Atomic<Bool>(false)
    /// Whether stop was requested.
    var isSet: Bool { value.load(ordering: .relaxed) }
    /// Requests stop.
    func set() { value.store(true, ordering: .relaxed) }
}

internal import CMicroHTTPD
import FoundationEssentials
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The HTTP server: libmicrohttpd with an internal epoll thread pool, suspend/resume for deferred and streaming responses.
public final class Server: Sendable {
    /// The bound port (useful with port 0).
    public let port: UInt16
    let configuration: ServerConfiguration
    let router: Router
    let handler: Handler
    let middleware: [any Middleware]
    private let daemon: Mutex<UInt>
    let inFlight = Atomic<Int>(0)
    let streams = Mutex<[ObjectIdentifier: EventStream]>([:])
    let deferreds = Mutex<[ObjectIdentifier: DeferredResponse]>([:])
    let draining = Atomic<Bool>(false)
    private let box: Unmanaged<ServerBox>

    /// Starts serving `router` with `middleware` around every route (and around 404/405 answers).
    public init(configuration: ServerConfiguration, router: Router, middleware: [any Middleware]) throws {
        self.configuration = configuration
        self.router = router
        let routerCopy = router
        let dispatch: Handler = { req in
            switch routerCopy.match(method: req.method, path: req.path) {
            case .found(let route, let params):
                req.parameters = params
                req.routePattern = "\(route.method) \(route.pattern)"
                return try route.handler(req)
            case .methodNotAllowed(let allowed):
                var h = HTTPHeaders()
                h.set("Allow", allowed.joined(separator: ", "))
                throw HTTPError(405, "method_not_allowed", "\(req.method) is not allowed here.", headers: h)
            case .notFound:
                throw HTTPError.notFound("The page")
            }
        }
        self.handler = middleware.wrap(dispatch)
        self.middleware = middleware
        let box = Unmanaged.passRetained(ServerBox())
        self.box = box
        var flags = MHD_USE_EPOLL_INTERNAL_THREAD.rawValue | MHD_ALLOW_SUSPEND_RESUME.rawValue | MHD_USE_ERROR_LOG.rawValue
        flags |= MHD_USE_TURBO.rawValue
        let d = parley_mhd_start(flags, configuration.host, configuration.port, accessHandler, box.toOpaque(),
                                 completedHandler, serverLogger, box.toOpaque(),
                                 UInt32(configuration.threads), UInt32(configuration.connectionTimeout),
                                 UInt32(configuration.connectionLimit), configuration.headerMemoryLimit)
        guard let d else {
            box.release()
            throw HTTPError(500, "listen_failed", "Could not listen on \(configuration.host):\(configuration.port) (in use, or not a valid IPv4 address).")
        }
        self.daemon = Mutex(UInt(bitPattern: d))
        self.port = parley_mhd_bound_port(d)
        box.takeUnretainedValue().server = self
    }

    /// Graceful stop: refuse new connections, wait up to `grace` for requests in flight, end streams, stop threads.
    public func stop(grace: Duration = .seconds(8)) {
        let d = daemon.withLock { d -> UInt in let x = d; d = 0; return x }
        guard d != 0, let dp = OpaquePointer(bitPattern: d) else { return }
        draining.store(true, ordering: .sequentiallyConsistent)
        // Stop accepting: close the listening socket; established connections keep being served.
        let fd = MHD_quiesce_daemon(dp)
        if fd >= 0 { close(fd) }
        for s in streams.withLock({ Array($0.values) }) { s.shutdown() }
        let deadline = ContinuousClock.now + grace
        while ContinuousClock.now < deadline {
            // Streams end on their own once closed; only ordinary requests keep us here.
            let busy = inFlight.load(ordering: .sequentiallyConsistent) - streams.withLock { $0.count }
            if busy <= 0 { break }
            usleep(10_000)
        }
        // libmicrohttpd forbids stopping with suspended connections: answer them first.
        for d in deferreds.withLock({ Array($0.values) }) { d.abandon() }
        for s in streams.withLock({ Array($0.values) }) { s.shutdown() }
        usleep(50_000)
        MHD_stop_daemon(dp)
        box.takeUnretainedValue().server = nil
        box.release()
    }

    /// Runs only the middleware around a fixed error (for requests refused before routing).
    func middlewareOnly(_ req: HTTPRequest, _ e: HTTPError) throws -> HTTPResponse {
        try middleware.wrap { _ in throw e }(req)
    }

    /// Requests currently being served (including open event streams).
    public var activeRequests: Int { inFlight.load(ordering: .relaxed) }
}

/// The libmicrohttpd callbacks' context: lets the C callbacks reach the server without retaining it in a cycle.
// SAFETY: @unchecked Sendable: `server` is written once after start and cleared at stop, under the lock.
final class ServerBox: @unchecked Sendable {
    private let lock = Mutex<Server?>(nil)
    var server: Server? {
        get { lock.withLock { $0 } }
        set { lock.withLock { $0 = newValue } }
    }
}

private let serverLogger: MHD_LogCallback = { cls, fmt, args in
    guard let cls, let fmt, let args else { return }
    var buf = [CChar](repeating: 0, count: 512)
    _ = buf.withUnsafeMutableBufferPointer { vsnprintf($0.baseAddress, 512, fmt, args) }
    let line = buf.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    Unmanaged<ServerBox>.fromOpaque(cls).takeUnretainedValue().server?.configuration.log("http: " + line.trimmedSpace)
}

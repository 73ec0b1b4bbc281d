// The outbound HTTP client: libcurl's easy API, blocking, one handle per request taken from a small pool so
// TLS connections to the Graph API are reused across requests and threads.
import Dispatch
#if canImport(Glibc)
import Glibc
#endif
internal import CCurl

/// Sends HTTP requests with libcurl: TLS always verified, http/https only, no redirects unless asked.
public final class HTTPClient: Sendable {
    /// Limits and identity applied to every request.
    public struct Configuration: Sendable {
        /// Maximum time to establish the TCP and TLS connection.
        public var connectTimeout: Duration
        /// Maximum time for the whole request, unless the request sets its own `timeout`.
        public var totalTimeout: Duration
        /// The `User-Agent` header, e.g. `Parley/1.2.0`.
        public var userAgent: String
        /// The largest (decoded) response body accepted; larger ones fail with `.tooLarge`.
        public var maxResponseBytes: Int
        /// A PEM bundle of trusted CAs instead of the system store (tests, private CAs).
        public var caBundlePath: String?
        /// Keep idle easy handles (and their open connections) for the next request.
        public var reuseConnections: Bool
        /// How many idle handles to keep when reusing.
        public var maxIdleHandles: Int

        /// Creates a configuration; the defaults suit API calls to Meta, Telegram and OpenAI-compatible hosts.
        public init(connectTimeout: Duration = .seconds(10), totalTimeout: Duration = .seconds(30),
                    userAgent: String = "Parley", maxResponseBytes: Int = 20 * 1024 * 1024,
                    caBundlePath: String? = nil, reuseConnections: Bool = true, maxIdleHandles: Int = 8) {
            self.connectTimeout = connectTimeout
            self.totalTimeout = totalTimeout
            self.userAgent = userAgent
            self.maxResponseBytes = maxResponseBytes
            self.caBundlePath = caBundlePath
            self.reuseConnections = reuseConnections
            self.maxIdleHandles = maxIdleHandles
        }
    }

    /// The configuration every request uses.
    public let configuration: Configuration
    private let pool: CurlHandlePool

    /// Creates a client; initialises libcurl once per process.
    public init(configuration: Configuration = Configuration()) {
        CurlGlobal.ensureInitialized()
        self.configuration = configuration
        self.pool = CurlHandlePool(capacity: configuration.reuseConnections ? max(0, configuration.maxIdleHandles) : 0)
    }

    /// Sends `request` and blocks until the response is complete. Non-2xx statuses are returned, not thrown.
    public func send(_ request: HTTPClientRequest) throws(HTTPClientError) -> HTTPClientResponse {
        try perform(request, cancellation: nil)
    }

    /// Sends `request` on a dedicated thread; cancelling the task aborts the transfer (within about a second)
    /// and throws `CancellationError`.
    public func send(_ request: HTTPClientRequest) async throws -> HTTPClientResponse {
        try Task.checkCancellation()
        let flag = CancellationFlag()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<HTTPClientResponse, any Error>) in
                // A thread of its own per transfer, outside libdispatch: on Linux its pools do not notice threads
                // blocked in syscalls (measured: a shared concurrent queue ran 12 one-second calls in 4-5 s on
                // 2 cores, and per-transfer serial queues stalled for a minute under a loaded test run).
                // The blocking call never runs on the cooperative pool either.
                spawnThread {
                    do {
                        continuation.resume(returning: try self.perform(request, cancellation: flag))
                    } catch where flag.isCancelled {
                        continuation.resume(throwing: CancellationError())
                    } catch {
                        continuation.resume(throwing: error)
                    }
                }
            }
        } onCancel: {
            flag.cancel()
        }
    }

    private func perform(_ request: HTTPClientRequest, cancellation: CancellationFlag?) throws(HTTPClientError)
        -> HTTPClientResponse {
        try RequestValidation.check(request)
        guard let handle = pool.checkOut() else {
            throw HTTPClientError(.transport(code: Int(CURLE_FAILED_INIT.rawValue)), "curl_easy_init failed",
                                  method: request.method, url: request.url)
        }
        defer { pool.checkIn(handle) }
        let transfer = CurlTransfer(handle: handle.raw, request: request, configuration: configuration,
                                    cancellation: cancellation)
        return try transfer.run()
    }
}

/// Runs `body` on a new detached POSIX thread.
private func spawnThread(_ body: @escaping @Sendable () -> Void) {
    final class Box { let body: @Sendable () -> Void; init(_ b: @escaping @Sendable () -> Void) { body = b } }
    var tid = pthread_t()
    let box = Unmanaged.passRetained(Box(body))
    let rc = pthread_create(&tid, nil, { arg in
        Unmanaged<Box>.fromOpaque(arg!).takeRetainedValue().body()
        return nil
    }, box.toOpaque())
    if rc == 0 { pthread_detach(tid) } else { box.takeRetainedValue().body() }
}

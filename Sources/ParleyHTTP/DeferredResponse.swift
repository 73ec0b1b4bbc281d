internal import CMicroHTTPD
import Synchronization

/// A response that is completed later, from any thread. The server suspends the connection until then,
/// so no libmicrohttpd thread waits (DESIGN.md §1: never block or await inside a callback).
public final class DeferredResponse: Sendable {
    private enum State {
        case pending
        case waiting(UInt)          // the suspended MHD connection, as a bit pattern
        case done(HTTPResponse)
        case taken
    }
    private let state = Mutex<State>(.pending)
    private let observers = Mutex<[@Sendable (HTTPResponse) -> Void]>([])
    private let final = Mutex<HTTPResponse?>(nil)

    /// Creates an incomplete response.
    public init() {}

    /// Completes the response; only the first call counts.
    public func complete(_ response: HTTPResponse) {
        let first = final.withLock { f -> Bool in
            if f != nil { return false }
            f = response
            return true
        }
        guard first else { return }
        for o in observers.withLock({ o -> [@Sendable (HTTPResponse) -> Void] in let x = o; o = []; return x }) { o(response) }
        state.withLock { s in
            switch s {
            case .pending:
                s = .done(response)
            case .waiting(let conn):
                s = .done(response)
                // Resume under the lock so it can never run before the matching suspend.
                MHD_resume_connection(OpaquePointer(bitPattern: conn))
            case .done, .taken:
                break
            }
        }
    }

    /// Calls `body` with the final response once it exists (logging, metrics); at once if already complete.
    public func observe(_ body: @escaping @Sendable (HTTPResponse) -> Void) {
        let done: HTTPResponse? = final.withLock { f in
            if let f { return f }
            observers.withLock { $0.append(body) }
            return nil
        }
        if let done { body(done) }
    }

    /// Completes with an error envelope.
    public func fail(_ error: HTTPError) { complete(.error(error)) }

    /// Server side: returns the response if ready, otherwise suspends `connection` until `complete`.
    func takeOrSuspend(_ connection: OpaquePointer) -> HTTPResponse? {
        state.withLock { s in
            switch s {
            case .done(let r):
                s = .taken
                return r
            case .pending:
                s = .waiting(UInt(bitPattern: connection))
                MHD_suspend_connection(connection)
                return nil
            case .waiting, .taken:
                return nil
            }
        }
    }

    /// Server side at shutdown: answer 503 so the suspended connection can be resumed and closed.
    func abandon() {
        complete(.error(.unavailable(retryAfter: 5, message: "The server is shutting down.")))
    }

    /// Whether the connection is parked waiting.
    var isWaiting: Bool { state.withLock { if case .waiting = $0 { return true } else { return false } } }
}

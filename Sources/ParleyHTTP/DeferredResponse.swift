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

    /// Creates an incomplete response.
    public init() {}

    /// Completes the response; only the first call counts.
    public func complete(_ response: HTTPResponse) {
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

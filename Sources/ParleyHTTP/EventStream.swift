internal import CMicroHTTPD
import Synchronization

/// An open Server-Sent Events response. Push events from any thread; the server sends them as they come.
/// When the buffer is empty the connection is suspended (epoll mode never wakes it by itself), and a push resumes it.
public final class EventStream: Sendable {
    private struct State {
        var buffer: [UInt8] = []
        var closed = false
        var clientGone = false
        var connection: UInt = 0
        var suspended = false
    }
    private let state = Mutex(State())
    private let onClose: Mutex<(@Sendable () -> Void)?>
    private let serverRelease = Mutex<(@Sendable () -> Void)?>(nil)
    /// Maximum bytes buffered for a slow client before it is dropped (protects memory).
    public let maxBuffered: Int

    /// Creates a stream; `onClose` runs once when the client disconnects or the stream is closed.
    public init(maxBuffered: Int = 1 << 20, onClose: (@Sendable () -> Void)? = nil) {
        self.maxBuffered = maxBuffered
        self.onClose = Mutex(onClose)
    }

    /// Sends one event: `id`, `event` name and `data` (multi-line data is split into several data: lines).
    /// Returns false when the client is gone (callers unsubscribe).
    @discardableResult
    public func send(id: String? = nil, event: String? = nil, data: String) -> Bool {
        var frame = ""
        if let id { frame += "id: \(id)\n" }
        if let event { frame += "event: \(event)\n" }
        for line in data.split(separator: "\n", omittingEmptySubsequences: false) { frame += "data: \(line)\n" }
        frame += "\n"
        return push(Array(frame.utf8))
    }

    /// Sends a comment line (heartbeat); keeps proxies from timing the stream out.
    @discardableResult
    public func comment(_ text: String = "ping") -> Bool { push(Array(": \(text)\n\n".utf8)) }

    /// Sends the `retry:` reconnection delay.
    public func retry(milliseconds: Int) { push(Array("retry: \(milliseconds)\n\n".utf8)) }

    /// Ends the stream; the response completes after the buffer drains.
    public func close() {
        state.withLock { s in
            s.closed = true
            wake(&s)
        }
    }

    /// Whether the client has disconnected or the stream was closed.
    public var isClosed: Bool { state.withLock { $0.closed || $0.clientGone } }

    private func push(_ bytes: [UInt8]) -> Bool {
        state.withLock { s in
            if s.closed || s.clientGone { return false }
            if s.buffer.count + bytes.count > maxBuffered {
                // A client this far behind is not reading; close rather than grow without bound.
                s.closed = true
                wake(&s)
                return false
            }
            s.buffer += bytes
            wake(&s)
            return true
        }
    }

    private func wake(_ s: inout State) {
        if s.suspended && s.connection != 0 {
            s.suspended = false
            MHD_resume_connection(OpaquePointer(bitPattern: s.connection))
        }
    }

    /// Server side: the connection this stream writes to.
    func attach(_ connection: OpaquePointer) {
        state.withLock { $0.connection = UInt(bitPattern: connection) }
    }

    /// Server side (content reader): copies buffered bytes, or suspends and returns 0, or -1 at the end.
    func read(into buf: UnsafeMutablePointer<CChar>, max: Int) -> Int {
        state.withLock { s in
            if !s.buffer.isEmpty {
                let n = min(max, s.buffer.count)
                s.buffer.withUnsafeBytes { src in
                    UnsafeMutableRawPointer(buf).copyMemory(from: src.baseAddress!, byteCount: n)
                }
                s.buffer.removeFirst(n)
                return n
            }
            if s.closed || s.clientGone { return -1 }  // MHD_CONTENT_READER_END_OF_STREAM
            s.suspended = true
            MHD_suspend_connection(OpaquePointer(bitPattern: s.connection))
            return 0
        }
    }

    /// Server side: the response was freed (client gone or stream ended).
    func finished() {
        state.withLock { s in
            s.clientGone = true
            s.buffer = []
        }
        let cb = onClose.withLock { c -> (@Sendable () -> Void)? in
            let x = c
            c = nil
            return x
        }
        cb?()
        let release = serverRelease.withLock { r -> (@Sendable () -> Void)? in let x = r; r = nil; return x }
        release?()
    }

    /// Server side: forget this stream in the server's registry when it ends.
    func setServerRelease(_ body: @escaping @Sendable () -> Void) { serverRelease.withLock { $0 = body } }

    /// Server side at shutdown: close and make sure a suspended connection wakes up to finish.
    func shutdown() { close() }
}

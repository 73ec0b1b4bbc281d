internal import CMicroHTTPD
import FoundationEssentials
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Per-request state kept in libmicrohttpd's per-request slot from the first callback to completion.
// SAFETY: @unchecked Sendable: libmicrohttpd calls back for one connection on one thread at a time, so the state is
// never touched concurrently; other threads only reach the DeferredResponse/EventStream, which lock themselves.
final class RequestState: @unchecked Sendable {
    let method: String
    let url: String
    let version: String
    let started = ContinuousClock.now
    var headers = HTTPHeaders()
    var query: [(name: String, value: String)] = []
    var policy = BodyPolicy.standard
    var early: HTTPError?
    var body: [UInt8] = []
    var received = 0
    var fileFD: Int32 = -1
    var filePath: String?
    var queued = false
    var deferred: DeferredResponse?
    var outer: HTTPResponse?
    var stream: EventStream?

    init(method: String, url: String, version: String) {
        self.method = method
        self.url = url
        self.version = version
    }

    func closeFile() {
        if fileFD >= 0 { close(fileFD); fileFD = -1 }
    }
}

/// Collects header or query pairs from MHD_get_connection_values.
private final class PairCollector {
    var pairs: [(String, String)] = []
}

private let collectPairs: MHD_KeyValueIterator = { cls, _, key, value in
    guard let cls, let key else { return MHD_Result.YES }
    let c = Unmanaged<PairCollector>.fromOpaque(cls).takeUnretainedValue()
    c.pairs.append((String(cString: key), value.map { String(cString: $0) } ?? ""))
    return MHD_Result.YES
}

private func pairs(_ conn: OpaquePointer, _ kind: MHD_ValueKind) -> [(String, String)] {
    let c = PairCollector()
    let u = Unmanaged.passRetained(c)
    defer { u.release() }
    _ = MHD_get_connection_values(conn, kind, collectPairs, u.toOpaque())
    return c.pairs
}

let accessHandler: MHD_AccessHandlerCallback = { cls, conn, url, method, version, upload, uploadSize, conCls in
    guard let cls, let conn, let conCls else { return MHD_Result.NO }
    guard let server = Unmanaged<ServerBox>.fromOpaque(cls).takeUnretainedValue().server else { return MHD_Result.NO }
    if conCls.pointee == nil {
        let state = RequestState(method: method.map { String(cString: $0) } ?? "GET",
                                 url: url.map { String(cString: $0) } ?? "/",
                                 version: version.map { String(cString: $0) } ?? "HTTP/1.1")
        conCls.pointee = Unmanaged.passRetained(state).toOpaque()
        server.inFlight.add(1, ordering: .relaxed)
        server.begin(state, conn)
        return MHD_Result.YES
    }
    let state = Unmanaged<RequestState>.fromOpaque(conCls.pointee!).takeUnretainedValue()
    if let uploadSize, uploadSize.pointee > 0 {
        let n = uploadSize.pointee
        uploadSize.pointee = 0  // always consume, or libmicrohttpd calls again with the same data
        if !state.queued, let upload { server.receive(state, conn, UnsafeRawBufferPointer(start: upload, count: n)) }
        return MHD_Result.YES
    }
    server.finish(state, conn)
    return MHD_Result.YES
}

let completedHandler: MHD_RequestCompletedCallback = { cls, _, conCls, _ in
    guard let conCls, let raw = conCls.pointee else { return }
    conCls.pointee = nil
    let state = Unmanaged<RequestState>.fromOpaque(raw).takeRetainedValue()
    state.closeFile()
    if let p = state.filePath { unlink(p) }
    guard let cls, let server = Unmanaged<ServerBox>.fromOpaque(cls).takeUnretainedValue().server else { return }
    if let d = state.deferred { _ = server.deferreds.withLock { $0.removeValue(forKey: ObjectIdentifier(d)) } }
    server.inFlight.subtract(1, ordering: .relaxed)
}

private let streamReader: MHD_ContentReaderCallback = { cls, _, buf, max in
    guard let cls, let buf else { return -1 }
    return Unmanaged<EventStream>.fromOpaque(cls).takeUnretainedValue().read(into: buf, max: max)
}

private let streamFree: MHD_ContentReaderFreeCallback = { cls in
    guard let cls else { return }
    Unmanaged<EventStream>.fromOpaque(cls).takeRetainedValue().finished()
}

extension Server {
    /// First callback: headers are in. Check framing, find the route's body policy, refuse early what we can.
    func begin(_ state: RequestState, _ conn: OpaquePointer) {
        for (k, v) in pairs(conn, MHD_ValueKind.HEADER_KIND) { state.headers.add(k, v) }
        state.query = pairs(conn, MHD_ValueKind.GET_ARGUMENT_KIND).map { (name: $0.0, value: $0.1) }
        let cl = state.headers.values("Content-Length")
        // libmicrohttpd 0.9.75 lets these through; they are request-smuggling vectors (CWE-444), so refuse them here.
        if cl.count > 1 {
            state.early = .badRequest("Duplicate Content-Length header.", code: "bad_framing")
        } else if !cl.isEmpty && state.headers.contains("Transfer-Encoding") {
            state.early = .badRequest("Content-Length together with Transfer-Encoding.", code: "bad_framing")
        } else if state.version == "HTTP/1.1" && !state.headers.contains("Host") {
            state.early = .badRequest("HTTP/1.1 requests need a Host header.", code: "bad_framing")
        } else if draining.load(ordering: .relaxed) {
            state.early = .unavailable(retryAfter: 5, message: "The server is restarting.")
        }
        if case .found(let route, _) = router.match(method: state.method, path: state.url) {
            state.policy = route.body
        } else {
            state.policy = BodyPolicy(maxBytes: 64 * 1024)
        }
        if state.early == nil, let declared = cl.first.flatMap({ Int($0.trimmedSpace) }),
           declared > state.policy.maxBytes {
            state.early = .payloadTooLarge(limit: state.policy.maxBytes)
        }
        if state.early == nil && state.policy.toFile && state.policy.maxBytes > 0 {
            let path = "\(configuration.uploadDirectory)/upload-\(UInt64.random(in: 0...UInt64.max)).part"
            let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            if fd < 0 {
                state.early = .unavailable(retryAfter: 30, message: "Could not store the upload.", cause: "open \(path): errno \(errno)")
            } else {
                state.fileFD = fd
                state.filePath = path
            }
        }
        if let e = state.early { respond(state, conn, errorResponse(e, state, conn)) }
    }

    /// Body chunk: buffer it or append it to the temp file, enforcing the limit as it streams.
    func receive(_ state: RequestState, _ conn: OpaquePointer, _ chunk: UnsafeRawBufferPointer) {
        state.received += chunk.count
        if state.received > state.policy.maxBytes {
            // Keep reading (and dropping) a little so the client sees the 413 instead of a reset connection;
            // past that slack, answer at once and let the connection close.
            state.body = []
            state.closeFile()
            if state.early == nil { state.early = .payloadTooLarge(limit: state.policy.maxBytes) }
            if state.received > state.policy.maxBytes + (1 << 20) { respond(state, conn, errorResponse(state.early!, state, conn)) }
            return
        }
        if state.early != nil { return }
        if state.fileFD >= 0 {
            var off = 0
            while off < chunk.count {
                let w = write(state.fileFD, chunk.baseAddress! + off, chunk.count - off)
                if w < 0 {
                    if errno == EINTR { continue }
                    respond(state, conn, errorResponse(.unavailable(retryAfter: 30, message: "Could not store the upload.",
                                                                    cause: "write: errno \(errno)"), state, conn))
                    return
                }
                off += w
            }
        } else {
            state.body.append(contentsOf: chunk)
        }
    }

    /// Last callback (or a resumed deferred request): run the handler and queue what it answers.
    func finish(_ state: RequestState, _ conn: OpaquePointer) {
        if state.queued { return }
        if let d = state.deferred {
            guard let r = d.takeOrSuspend(conn) else { return }
            var merged = r
            for f in state.outer?.headers ?? HTTPHeaders() where !merged.headers.contains(f.name) { merged.headers.set(f.name, f.value) }
            respond(state, conn, merged)
            return
        }
        state.closeFile()
        if let e = state.early {
            respond(state, conn, errorResponse(e, state, conn))
            return
        }
        let req = makeRequest(state, conn)
        let response: HTTPResponse
        do {
            response = try handler(req)
        } catch {
            response = .error(.internal(cause: "unhandled: \(error)"))
        }
        respond(state, conn, response)
    }

    func makeRequest(_ state: RequestState, _ conn: OpaquePointer) -> HTTPRequest {
        var ip = [CChar](repeating: 0, count: 64)
        ip.withUnsafeMutableBufferPointer { parley_mhd_client_ip(conn, $0.baseAddress, 64) }
        return HTTPRequest(method: state.method, path: state.url, query: state.query, headers: state.headers,
                           body: state.body, bodyFile: state.filePath, bodySize: state.received,
                           remoteAddress: ip.withUnsafeBufferPointer { String(cString: $0.baseAddress!) },
                           version: state.version, receivedAt: state.started)
    }

    /// Runs an early error through the middleware too, so it gets the same headers, logging and metrics.
    func errorResponse(_ e: HTTPError, _ state: RequestState, _ conn: OpaquePointer) -> HTTPResponse {
        let req = makeRequest(state, conn)
        req.routePattern = "(rejected)"
        var r = (try? middlewareOnly(req, e)) ?? .error(e)
        if e.status == 413 || e.code == "bad_framing" { r.headers.set("Connection", "close") }
        return r
    }

    /// Queues a response on the connection (or parks it for deferred/stream bodies).
    func respond(_ state: RequestState, _ conn: OpaquePointer, _ response: HTTPResponse) {
        if state.queued { return }
        let mhd: OpaquePointer?
        switch response.body {
        case .deferred(let d):
            state.deferred = d
            state.outer = response
            deferreds.withLock { $0[ObjectIdentifier(d)] = d }
            if let r = d.takeOrSuspend(conn) {
                var merged = r
                for f in response.headers where !merged.headers.contains(f.name) { merged.headers.set(f.name, f.value) }
                respond(state, conn, merged)
            }
            return
        case .bytes(let b):
            mhd = b.withUnsafeBytes { MHD_create_response_from_buffer(b.count, UnsafeMutableRawPointer(mutating: $0.baseAddress), MHD_ResponseMemoryMode.RESPMEM_MUST_COPY) }
        case .persistent(let s):
            mhd = MHD_create_response_from_buffer(s.buffer.count, UnsafeMutableRawPointer(mutating: s.buffer.baseAddress), MHD_ResponseMemoryMode.RESPMEM_PERSISTENT)
        case .file(let path, let size):
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            mhd = fd >= 0 ? MHD_create_response_from_fd(size, fd) : nil
        case .stream(let s):
            state.stream = s
            s.attach(conn)
            parley_mhd_connection_timeout(conn, 0)  // an open event stream is not idle
            streams.withLock { $0[ObjectIdentifier(s)] = s }
            let u = Unmanaged.passRetained(s)
            mhd = MHD_create_response_from_callback(UInt64.max, 4096, streamReader, u.toOpaque(), streamFree)
            if mhd == nil { u.release() }
            let id = ObjectIdentifier(s)
            let box = Unmanaged.passUnretained(self)
            s.setServerRelease { _ = box.takeUnretainedValue().streams.withLock { $0.removeValue(forKey: id) } }
        }
        guard let mhd else {
            state.queued = true
            return
        }
        var headers = response.headers
        if case .stream = response.body {
            headers.set("Content-Type", "text/event-stream")
            headers.set("Cache-Control", "no-cache")
            headers.set("X-Accel-Buffering", "no")  // nginx: do not buffer the stream
        }
        for f in headers where f.name.lowercased() != "content-length" {
            MHD_add_response_header(mhd, f.name, f.value)
        }
        state.queued = true
        _ = MHD_queue_response(conn, UInt32(response.status), mhd)
        MHD_destroy_response(mhd)
    }
}

import Foundation
import Testing
import ParleyHTTP
import ParleyTestSupport

@Suite struct HardeningTests {
    static func routes(_ r: inout Router) {
        r.add("POST", "/small", body: BodyPolicy(maxBytes: 1024)) { req in .text("got \(req.body.count)") }
        r.add("GET", "/") { _ in .text("home") }
    }

    @Test func duplicateContentLengthIsRefused() throws {
        try withServer(Self.routes) { _, c in
            let raw = "POST /small HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 40\r\nConnection: close\r\n\r\nhello"
            let r = try c.raw(Array(raw.utf8))
            #expect(r.status == 400)
            #expect(r.errorCode == "bad_framing")
        }
    }

    @Test func contentLengthWithChunkedIsRefused() throws {
        try withServer(Self.routes) { _, c in
            let raw = "POST /small HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n5\r\nhello\r\n0\r\n\r\n"
            let r = try c.raw(Array(raw.utf8))
            #expect(r.status == 400)
        }
    }

    @Test func http11WithoutHostIsRefused() throws {
        try withServer(Self.routes) { _, c in
            let r = try c.raw(Array("GET / HTTP/1.1\r\nConnection: close\r\n\r\n".utf8))
            #expect(r.status == 400)
            let ok = try c.raw(Array("GET / HTTP/1.0\r\n\r\n".utf8))
            #expect(ok.status == 200)
        }
    }

    @Test func hugeHeaderIsRefused() throws {
        try withServer(Self.routes) { _, c in
            let big = String(repeating: "a", count: 64 * 1024)
            // The server may refuse and close while the client is still sending (ECONNRESET): also a refusal.
            let r = try? c.request("GET", "/", headers: [("X-Big", big)])
            #expect(r == nil || r?.status == 431)
            let after = try c.request("GET", "/")
            #expect(after.status == 200)
        }
    }

    @Test func bodyLimitsAnswer413() throws {
        try withServer(Self.routes) { _, c in
            let fits = try c.request("POST", "/small", body: [UInt8](repeating: 65, count: 1024))
            #expect(fits.text == "got 1024")
            let declared = try c.request("POST", "/small", body: [UInt8](repeating: 65, count: 5000))
            #expect(declared.status == 413)
            #expect(declared.errorCode == "payload_too_large")
            // Chunked: no length up front, so the limit is enforced while the body streams in.
            var raw = "POST /small HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
            for _ in 0..<4 { raw += "400\r\n" + String(repeating: "b", count: 1024) + "\r\n" }
            raw += "0\r\n\r\n"
            let chunked = try c.raw(Array(raw.utf8))
            #expect(chunked.status == 413)
        }
    }

    @Test func slowIdleConnectionIsClosedByTimeout() throws {
        var router = Router()
        Self.routes(&router)
        var config = ServerConfiguration()
        config.port = 0
        config.connectionTimeout = 1
        let server = try Server(configuration: config, router: router, middleware: [])
        defer { server.stop() }
        let c = LoopbackClient(port: server.port)
        let fd = try c.connect(timeoutSeconds: 5)
        defer { close(fd) }
        try LoopbackClient.sendAll(fd, Array("GET / HTTP/1.1\r\nHost: x\r\n".utf8))  // never finishes the headers
        var buf = [UInt8](repeating: 0, count: 16)
        let n = recv(fd, &buf, 16, 0)
        // 0 = the server closed it (1 s idle timeout); -1 would be our own 5 s receive timeout expiring first.
        #expect(n == 0)
    }
}

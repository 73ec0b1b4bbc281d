import Foundation
import Testing
import ParleyCore
import ParleyTestSupport

/// RELIABILITY.md §6 rows 16–17 against the whole App on /webhooks/meta (the route that writes): ambiguous framing,
/// missing Host, huge headers, oversized and unterminated bodies are refused or closed, nothing is journaled,
/// and the server keeps answering.
@Suite struct FaultFramingTests {
    static func signedHead(_ body: [UInt8], extra: String = "", host: Bool = true) -> String {
        "POST /webhooks/meta HTTP/1.1\r\n" + (host ? "Host: 127.0.0.1\r\n" : "") + "Content-Type: application/json\r\n" +
            "X-Hub-Signature-256: \(WebhookHarness.sign(body))\r\n" + extra
    }

    static func body(_ mid: String) -> [UInt8] {
        Array(MetaBodies.messengerText(page: "PAGE_H", psid: "U1", mid: mid, text: "framing").utf8)
    }

    static func sendAndHalfClose(_ c: LoopbackClient, _ bytes: [UInt8]) throws -> RawResponse {
        let fd = try c.connect(timeoutSeconds: 3)
        defer { close(fd) }
        try LoopbackClient.sendAll(fd, bytes)
        shutdown(fd, Int32(SHUT_WR))
        return try LoopbackClient.readResponse(fd)
    }

    func stillAnswers(_ h: WebhookHarness) throws {
        let r = try h.client.request("GET", "/healthz")
        #expect(r.status == 200)
    }

    @Test func ambiguousFramingIsRefusedBeforeAnythingIsStored() throws {
        let h = try WebhookHarness()
        defer { h.close() }
        try h.connect(.messenger, "PAGE_H")
        let b = Self.body("m_dup_cl")
        let cases: [(String, String)] = [
            ("duplicate Content-Length", Self.signedHead(b, extra: "Content-Length: \(b.count)\r\nContent-Length: \(b.count)\r\nConnection: close\r\n\r\n")),
            ("conflicting Content-Length", Self.signedHead(b, extra: "Content-Length: 5\r\nContent-Length: \(b.count)\r\nConnection: close\r\n\r\n")),
            ("Content-Length + chunked", Self.signedHead(b, extra: "Content-Length: \(b.count)\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                + String(b.count, radix: 16) + "\r\n")),
            ("HTTP/1.1 without Host", Self.signedHead(b, extra: "Content-Length: \(b.count)\r\nConnection: close\r\n\r\n", host: false)),
        ]
        for (name, head) in cases {
            var raw = Array(head.utf8) + b
            if name.contains("chunked") { raw += Array("\r\n0\r\n\r\n".utf8) }
            let r = try h.client.raw(raw, timeoutSeconds: 5)
            #expect(r.status == 400 || r.status == 0, "\(name): \(r.status)")
            try stillAnswers(h)
        }
        #expect(try h.ingestScalar("SELECT count(*) FROM inbound") == 0)
        // The same delivery framed properly is accepted: the refusals were about framing only.
        #expect(try h.post(b, signature: WebhookHarness.sign(b)).status == 200)
    }

    @Test func hugeHeadersAndBodiesAreRefused() throws {
        let h = try WebhookHarness()
        defer { h.close() }
        try h.connect(.messenger, "PAGE_H")
        let b = Self.body("m_big_hdr")
        // The server may answer and close before the client has finished sending (ECONNRESET on our side): that is a
        // refusal too, so a failed send counts like status 0.
        let big = try? h.client.request("POST", "/webhooks/meta", headers: [("X-Hub-Signature-256", WebhookHarness.sign(b)),
                                                                            ("X-Padding", String(repeating: "p", count: 64 * 1024))], body: b)
        #expect(big == nil || big?.status == 431 || big?.status == 0, "64 KiB header: \(big?.status ?? -1)")
        try stillAnswers(h)
        // A body over the route's cap (3 MiB: Meta batches can be large), validly signed: declared length → 413 without
        // reading it all.
        let huge = [UInt8](repeating: 0x20, count: 3 * 1024 * 1024 + 1)
        let r = try? h.client.request("POST", "/webhooks/meta", headers: [("X-Hub-Signature-256", WebhookHarness.sign(huge))], body: huge)
        #expect(r == nil || r?.status == 413 || r?.status == 0, "3 MiB + 1 body: \(r?.status ?? -1)")
        try stillAnswers(h)
        // Chunked, no length up front: the cap applies while the body streams in.
        var raw = Array(Self.signedHead(huge, extra: "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n").utf8)
        for _ in 0..<56 { raw += Array("10000\r\n".utf8) + [UInt8](repeating: 0x20, count: 0x10000) + Array("\r\n".utf8) }
        raw += Array("0\r\n\r\n".utf8)
        let chunked = try? h.client.raw(raw, timeoutSeconds: 5)
        #expect(chunked == nil || chunked?.status == 413 || chunked?.status == 0, "chunked 3.5 MiB: \(chunked?.status ?? -1)")
        try stillAnswers(h)
        #expect(try h.ingestScalar("SELECT count(*) FROM inbound") == 0)
    }

    @Test func unterminatedChunkedBodyIsNeverAcked() throws {
        let h = try WebhookHarness()
        defer { h.close() }
        try h.connect(.messenger, "PAGE_H")
        let b = Self.body("m_no_end")
        let fd = try h.client.connect(timeoutSeconds: 5)
        defer { close(fd) }
        // The whole body arrives in one chunk, but the terminating 0-chunk never does; then the client half-closes.
        let raw = Array(Self.signedHead(b, extra: "Transfer-Encoding: chunked\r\n\r\n").utf8) + Array((String(b.count, radix: 16) + "\r\n").utf8) + b + [13, 10]
        try LoopbackClient.sendAll(fd, raw)
        usleep(300_000)
        shutdown(fd, Int32(SHUT_WR))
        // The socket's 5 s receive timeout bounds the wait; what matters is that no 200 ever comes.
        let r = try LoopbackClient.readResponse(fd)
        #expect(r.status != 200, "unterminated chunked body acked")
        try stillAnswers(h)
        #expect(try h.ingestScalar("SELECT count(*) FROM inbound") == 0)
    }

    @Test func garbageRequestLinesDoNotHurtTheServer() throws {
        let h = try WebhookHarness()
        defer { h.close() }
        var rng = SplitMix64(seed: 7)
        let seeds = ["GET / HTTP/1.1\r\nHost: x\r\n\r\n", "POST /webhooks/meta HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}",
                     "GET /api/v1/conversations?cursor=%ff%00 HTTP/1.1\r\nHost: x\r\n\r\n"]
        var statuses: [Int: Int] = [:]
        for i in 0..<200 {
            var bytes = Array(seeds[i % seeds.count].utf8)
            for _ in 0..<Int.random(in: 1...6, using: &rng) {
                let at = Int.random(in: 0..<bytes.count, using: &rng)
                switch Int.random(in: 0...3, using: &rng) {
                case 0: bytes[at] = UInt8.random(in: 0...255, using: &rng)
                case 1: bytes.remove(at: at)
                case 2: bytes.insert(UInt8.random(in: 0...255, using: &rng), at: at)
                default: bytes.insert(contentsOf: [13, 10], at: at)
                }
            }
            // Half-close after sending, so a mutated Content-Length cannot leave the server waiting for more.
            let r = (try? Self.sendAndHalfClose(h.client, bytes + Array("\r\n\r\n".utf8)))?.status ?? -1
            statuses[r, default: 0] += 1
        }
        #expect(statuses.keys.allSatisfy { $0 < 500 }, "statuses: \(statuses)")
        try stillAnswers(h)
        #expect(try h.ingestScalar("SELECT count(*) FROM inbound") == 0)
    }
}

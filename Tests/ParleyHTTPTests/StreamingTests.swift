import Foundation
import Synchronization
import Testing
import ParleyHTTP
import ParleyTestSupport

@Suite struct StreamingTests {
    @Test func serverSentEventsArriveAsPushed() throws {
        let streams = Mutex<[EventStream]>([])
        try withServer({ r in
            r.add("GET", "/events") { _ in
                let s = EventStream()
                streams.withLock { $0.append(s) }
                s.retry(milliseconds: 1000)
                return HTTPResponse(body: .stream(s))
            }
            r.add("GET", "/ping") { _ in .text("pong") }
        }) { _, c in
            let fd = try c.connect(timeoutSeconds: 5)
            defer { close(fd) }
            try LoopbackClient.sendAll(fd, Array("GET /events HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
            // Wait for the subscription, then push from another thread while the connection is suspended.
            for _ in 0..<100 where streams.withLock({ $0.isEmpty }) { usleep(10_000) }
            let stream = try #require(streams.withLock { $0.first })
            #expect(try c.request("GET", "/ping").text == "pong")  // other requests are not blocked
            DispatchQueue.global().async {
                for i in 1...3 { stream.send(id: "\(i)", event: "message.created", data: "{\"n\":\(i)}"); usleep(20_000) }
                stream.close()
            }
            let r = try LoopbackClient.readResponse(fd)
            #expect(r.status == 200)
            #expect(r.header("content-type") == "text/event-stream")
            #expect(r.text.contains("retry: 1000"))
            for i in 1...3 { #expect(r.text.contains("id: \(i)\nevent: message.created\ndata: {\"n\":\(i)}\n\n")) }
        }
    }

    @Test func aClientClosingItsStreamIsLoggedAsGoneNotAsAnError() throws {
        let streams = Mutex<[EventStream]>([])
        let lines = Mutex<[String]>([])
        try withServer({ r in
            r.add("GET", "/events") { _ in
                let s = EventStream()
                streams.withLock { $0.append(s) }
                return HTTPResponse(body: .stream(s))
            }
        }, log: { line in lines.withLock { $0.append(line) } }) { _, c in
            let fd = try c.connect(timeoutSeconds: 5)
            try LoopbackClient.sendAll(fd, Array("GET /events HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
            for _ in 0..<100 where streams.withLock({ $0.isEmpty }) { usleep(10_000) }
            let stream = try #require(streams.withLock { $0.first })
            stream.send(id: "1", event: "x", data: "{}")
            var buf = [UInt8](repeating: 0, count: 256)
            #expect(read(fd, &buf, buf.count) > 0)
            // The browser goes away with a reset, as a closed tab does; the server keeps pushing until it notices.
            var linger = linger(l_onoff: 1, l_linger: 0)
            setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<linger>.size))
            close(fd)
            for i in 0..<200 where lines.withLock({ $0.isEmpty }) {
                stream.send(id: "\(i + 2)", event: "x", data: String(repeating: "y", count: 4096))
                usleep(10_000)
            }
            stream.close()
        }
        let logged = lines.withLock { $0 }
        print("libmicrohttpd on a reset stream: \(logged)")
        #expect(!logged.isEmpty, "libmicrohttpd said nothing about the closed stream")
        #expect(logged.allSatisfy(ServerConfiguration.isClientGone), "\(logged)")
        #expect(!ServerConfiguration.isClientGone("Failed to bind to port 8080: Address already in use"))
    }

    @Test func deferredResponsesDoNotHoldThreads() throws {
        let gate = DispatchSemaphore(value: 0)
        let waiting = Atomic<Int>(0)
        try withServer({ r in
            r.add("GET", "/slow") { _ in .later { waiting.add(1, ordering: .relaxed); gate.wait(); return .text("slow") } }
            r.add("GET", "/ping") { _ in .text("pong") }
        }) { _, c in
            // 8 parked requests on a 2-thread pool: a ninth, fast request must still be answered meanwhile.
            let ok = Atomic<Int>(0)
            let clients = (0..<8).map { _ in
                Thread { if (try? c.request("GET", "/slow"))?.text == "slow" { ok.add(1, ordering: .relaxed) } }
            }
            clients.forEach { $0.start() }
            for _ in 0..<500 where waiting.load(ordering: .relaxed) < 8 { usleep(10_000) }
            #expect(waiting.load(ordering: .relaxed) == 8)
            let pong = try c.request("GET", "/ping")
            #expect(pong.text == "pong")
            for _ in 0..<8 { gate.signal() }
            for _ in 0..<500 where ok.load(ordering: .relaxed) < 8 { usleep(10_000) }
            #expect(ok.load(ordering: .relaxed) == 8)
        }
    }

    @Test func gracefulStopFinishesRequestInFlight() throws {
        var router = Router()
        router.add("GET", "/slow") { _ in .later { usleep(500_000); return .text("done") } }
        var config = ServerConfiguration()
        config.port = 0
        let server = try Server(configuration: config, router: router, middleware: [])
        let c = LoopbackClient(port: server.port)
        let result = Mutex<RawResponse?>(nil)
        let t = Thread { result.withLock { $0 = try? c.request("GET", "/slow") } }
        t.start()
        for _ in 0..<100 where server.activeRequests == 0 { usleep(5_000) }
        let start = Date()
        server.stop(grace: .seconds(5))
        let stopTime = Date().timeIntervalSince(start)
        for _ in 0..<100 where result.withLock({ $0 == nil }) { usleep(10_000) }
        #expect(result.withLock { $0?.text } == "done")
        #expect(stopTime < 5)
        #expect(throws: (any Error).self) { _ = try c.request("GET", "/slow") }  // no longer listening
    }
}

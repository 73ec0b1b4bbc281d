// Threads, async callers, cancellation and connection reuse.
import Foundation
import Synchronization
import Testing
@testable import ParleyHTTPClient

@Suite struct HTTPClientConcurrencyTests {
    let server: TestServer

    init() throws { server = try TestServer() }

    @Test func fiftyRequestsFromEightThreads() throws {
        let client = HTTPClient()
        let results = Mutex<[Int: Int]>([:])
        let next = Atomic<Int>(0)
        let group = DispatchGroup()
        for _ in 0..<8 {
            group.enter()
            Thread.detachNewThread { [server] in
                defer { group.leave() }
                while true {
                    let index = next.add(1, ordering: .relaxed).oldValue
                    guard index < 50 else { return }
                    let request = HTTPClientRequest.get(server.baseURL + "/echo", query: [("i", "\(index)")])
                    let echoed = (try? client.send(request).decode(Echo.self)).flatMap { Int($0.queryItems.first?.1 ?? "") }
                    results.withLock { $0[index] = echoed ?? -1 }
                }
            }
        }
        #expect(group.wait(timeout: .now() + 30) == .success)
        let all = results.withLock { $0 }
        #expect(all.count == 50)
        #expect(all.allSatisfy { $0.key == $0.value })
        // Eight threads, pool of eight: connections are reused, not one per request.
        #expect(server.acceptedConnections <= 16)
    }

    @Test func asyncSendsDoNotBlockTheCooperativePool() async throws {
        let client = HTTPClient()
        let clock = ContinuousClock()
        let start = clock.now
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<12 {
                group.addTask {
                    try await client.send(.get(self.server.baseURL + "/slow", query: [("ms", "1000")])).status
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(statuses == Array(repeating: 200, count: 12))
        // The calls overlapped inside the server (serial sends would never have two in at once). No wall-clock bound:
        // other suites' blocking tests can hold the 2-thread cooperative pool that resumes these tasks.
        #expect(SlowGauge.peak >= 4)
        print("12 async 1-second sends: \(clock.now - start), peak overlap \(SlowGauge.peak)")
    }

    @Test func cancellingTheTaskAbortsTheTransfer() async throws {
        let client = HTTPClient()
        let url = server.baseURL + "/slow"
        // The server takes 20 s: even if a loaded run resumes this test late, the transfer is still in flight when cancelled.
        let task = Task { try await client.send(.get(url, query: [("ms", "20000")])) }
        try await Task.sleep(for: .milliseconds(300))
        let clock = ContinuousClock()
        let start = clock.now
        task.cancel()
        let result = await task.result
        // A finished transfer would have returned the response; CancellationError means it was cut short.
        #expect(throws: CancellationError.self) { try result.get() }
        print("cancel took effect after \(clock.now - start)")
    }

    @Test func sequentialLatencyWithAndWithoutReuse() throws {
        func medianMicroseconds(reuse: Bool) throws -> (Double, Int) {
            let local = try TestServer()
            let client = HTTPClient(configuration: .init(reuseConnections: reuse))
            var samples: [Double] = []
            for _ in 0..<200 {
                let (response, seconds) = try timed { try client.send(.get(local.baseURL + "/small")) }
                #expect(response.status == 200 && response.text == "ok")
                samples.append(seconds * 1e6)
            }
            samples.sort()
            return (samples[samples.count / 2], local.acceptedConnections)
        }
        let (reused, reusedConnections) = try medianMicroseconds(reuse: true)
        let (fresh, freshConnections) = try medianMicroseconds(reuse: false)
        print("HTTPClient 200 sequential GETs on loopback: median \(Int(reused)) µs with handle reuse "
              + "(\(reusedConnections) connections), \(Int(fresh)) µs without (\(freshConnections) connections)")
        #expect(reusedConnections == 1)
        #expect(freshConnections == 200)
    }
}

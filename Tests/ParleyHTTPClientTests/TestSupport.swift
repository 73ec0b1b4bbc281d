// Shared helpers for the client tests.
import Foundation
import Glibc
@testable import ParleyHTTPClient

/// The /echo endpoint's JSON.
struct Echo: Decodable {
    let method: String
    let path: String
    let query: String
    let headers: [[String]]
    let body: String

    func header(_ name: String) -> String? {
        headers.last { $0.first?.lowercased() == name.lowercased() }?.last
    }
    func headerCount(_ name: String) -> Int {
        headers.filter { $0.first?.lowercased() == name.lowercased() }.count
    }
    var bodyBytes: [UInt8] { [UInt8](Data(base64Encoded: body) ?? Data()) }
    var queryItems: [(String, String)] { decodeQuery(query) }
}

/// The /multipart endpoint's JSON.
struct MultipartEcho: Decodable {
    struct Part: Decodable {
        let name: String
        let filename: String
        let contentType: String
        let data: String
        var bytes: [UInt8] { [UInt8](Data(base64Encoded: data) ?? Data()) }
    }
    let parts: [Part]
    let contentLength: String
}

/// A TCP port on 127.0.0.1 that nothing listens on (bound, read back, closed).
func closedPort() -> UInt16 {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
            _ = bind(fd, pointer, length)
            return getsockname(fd, pointer, &length)
        }
    }
    return UInt16(bigEndian: address.sin_port)
}

/// Runs `body` and returns how long it took, in seconds.
func timed<T>(_ body: () throws -> T) rethrows -> (T, Double) {
    let clock = ContinuousClock()
    var result: T?
    let elapsed = try clock.measure { result = try body() }
    return (result!, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
}

/// Sends a request expected to fail and returns the error (nil if it unexpectedly succeeded).
func failure(_ client: HTTPClient, _ request: HTTPClientRequest) -> HTTPClientError? {
    do {
        _ = try client.send(request)
        return nil
    } catch {
        return error
    }
}

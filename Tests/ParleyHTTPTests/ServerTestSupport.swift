import Foundation
import ParleyHTTP
import ParleyTestSupport

/// Starts a server on 127.0.0.1:0 with the given routes; stops it when the body ends.
func withServer(_ configure: (inout Router) -> Void, middleware: [any Middleware] = [],
                uploadDirectory: String = "/tmp", log: @escaping @Sendable (String) -> Void = { _ in },
                _ body: (Server, LoopbackClient) throws -> Void) throws {
    var router = Router()
    configure(&router)
    var config = ServerConfiguration()
    config.port = 0
    config.threads = 2
    config.uploadDirectory = uploadDirectory
    config.log = log
    let mw: [any Middleware] = [ErrorMiddleware(log: { _, _ in })] + middleware
    let server = try Server(configuration: config, router: router, middleware: mw)
    defer { server.stop(grace: .seconds(2)) }
    try body(server, LoopbackClient(port: server.port))
}

/// Resident memory of this process in KiB.
func residentKiB() -> Int {
    let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
        return Int(line.split(separator: " ")[1]) ?? 0
    }
    return 0
}

struct Echo: Codable, Sendable { var name: String; var count: Int }

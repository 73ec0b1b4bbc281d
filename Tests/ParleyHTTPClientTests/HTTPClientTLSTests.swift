// Certificate verification against a real TLS server: `openssl s_server` with a throwaway self-signed cert.
import Foundation
import Testing
@testable import ParleyHTTPClient

/// `openssl s_server -www` on 127.0.0.1:0 with a fresh self-signed certificate for the given SAN.
final class LocalTLSServer {
    let directory: URL
    let certificatePath: String
    let port: Int
    private let process: Process

    init(subjectAltName: String) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("parley-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        certificatePath = directory.appendingPathComponent("cert.pem").path
        let keyPath = directory.appendingPathComponent("key.pem").path
        let generate = Process()
        generate.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        generate.arguments = ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                              "-keyout", keyPath, "-out", certificatePath, "-days", "1", "-subj", "/CN=parley-test",
                              "-addext", "subjectAltName=\(subjectAltName)"]
        generate.standardError = FileHandle.nullDevice
        try generate.run()
        generate.waitUntilExit()

        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = ["s_server", "-accept", "127.0.0.1:0", "-cert", certificatePath, "-key", keyPath, "-www"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        // s_server prints "ACCEPT 127.0.0.1:<port>" once it listens.
        var text = ""
        let deadline = Date().addingTimeInterval(5)
        var found: Int?
        while found == nil, Date() < deadline {
            text += String(decoding: output.fileHandleForReading.availableData, as: UTF8.self)
            if let range = text.range(of: "ACCEPT 127.0.0.1:") {
                found = Int(text[range.upperBound...].prefix { $0.isNumber })
            }
        }
        guard let found else { process.terminate(); throw POSIXError(.ETIMEDOUT) }
        port = found
    }

    deinit {
        // SIGKILL, not terminate(): the child inherits a signal mask from the test's worker thread that
        // blocks SIGTERM (seen in /proc/<pid>/status), so s_server would never exit.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: directory)
    }
}

@Suite struct HTTPClientTLSTests {
    @Test func untrustedCertificateIsRejectedAndTrustedOneAccepted() throws {
        let server = try LocalTLSServer(subjectAltName: "IP:127.0.0.1")
        let url = "https://127.0.0.1:\(server.port)/"
        let untrusted = failure(HTTPClient(configuration: .init(totalTimeout: .seconds(5))), .get(url))
        #expect(untrusted?.kind == .tls)
        #expect(untrusted?.isRetryable == false)

        let trusting = HTTPClient(configuration: .init(totalTimeout: .seconds(5), caBundlePath: server.certificatePath))
        var samples: [Double] = []
        for _ in 0..<20 {
            let (response, seconds) = try timed { try trusting.send(.get(url)) }
            #expect(response.status == 200)
            #expect(response.text.contains("<HTML>"))
            samples.append(seconds * 1e6)
        }
        samples.sort()
        print("HTTPClient fresh TLS 1.3 connection + GET on loopback: median \(Int(samples[10])) µs")
    }

    @Test func hostnameMismatchIsRejectedEvenWhenTheCAIsTrusted() throws {
        let server = try LocalTLSServer(subjectAltName: "DNS:graph.example.invalid")
        let client = HTTPClient(configuration: .init(totalTimeout: .seconds(5), caBundlePath: server.certificatePath))
        let error = failure(client, .get("https://127.0.0.1:\(server.port)/"))
        #expect(error?.kind == .tls)
    }
}

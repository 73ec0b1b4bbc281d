import Foundation
import ParleyTestSupport
import Testing

/// The shipped artifact: the stripped release binary alone in an empty folder must start, serve, and stop cleanly
/// on SIGTERM, stay small and need nothing from the Swift toolchain (Miniflux-style integration check).
@Suite(.serialized) struct BinarySmokeTests {
    static let env = ProcessInfo.processInfo.environment
    static let binary = env["PARLEY_RELEASE_BIN"].flatMap { $0.isEmpty ? nil : $0 }
    static let isCI = env["CI"] == "true"
    static let enabled = binary != nil || isCI

    /// `make test` sets PARLEY_RELEASE_BIN; without it the suite is skipped locally and fails on CI.
    func releaseBinary() throws -> String {
        guard let path = Self.binary else {
            Issue.record("PARLEY_RELEASE_BIN is not set on CI: run `make test`, which builds the release binary first")
            throw TestError("no release binary")
        }
        #expect(FileManager.default.isExecutableFile(atPath: path), "PARLEY_RELEASE_BIN=\(path) is not an executable file")
        return path
    }

    @Test(.enabled(if: enabled, "PARLEY_RELEASE_BIN is not set (run `make test`)"))
    func binaryIsSmallAndNeedsNoToolchainLibraries() throws {
        let path = try releaseBinary()
        let size = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        print("BinarySmoke: size \(size) bytes (\(String(format: "%.2f", Double(size) / 1_048_576)) MiB)")
        #expect(size <= 20 * 1024 * 1024, "the binary is \(size) bytes; the budget is 20 MiB")

        let dir = TempDirectory("parley-ldd")
        defer { dir.remove() }
        let log = dir.path + "/ldd.txt"
        let ldd = try ChildProcess(path: "/usr/bin/ldd", arguments: [path], outputPath: log)
        #expect(ldd.wait(timeout: 20) == .exited(0))
        let lines = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        for line in lines { print("BinarySmoke: ldd \(line)") }
        #expect(!lines.isEmpty)
        #expect(!lines.contains { $0.contains("/opt/swift") }, "links against the Swift toolchain")
        #expect(!lines.contains { $0.contains("not found") }, "a shared library is missing")
        #expect(!lines.contains { $0.contains("libswift") || $0.contains("libFoundation") }, "Swift runtime should be static")
    }

    @Test(.enabled(if: enabled, "PARLEY_RELEASE_BIN is not set (run `make test`)"))
    func startsAloneServesPagesAndStopsCleanlyOnSIGTERM() throws {
        let source = try releaseBinary()
        let dir = TempDirectory("parley-smoke")
        defer { dir.remove() }
        let bin = dir.path + "/parley"
        try FileManager.default.copyItem(atPath: source, toPath: bin)
        let port = try FreePort.pick()
        let log = dir.path + "/server.log"
        let started = Date()
        // `cd` so nothing can be found next to the original binary; exec keeps the pid.
        let server = try ChildProcess(path: "/bin/sh", arguments: ["-c", "cd '\(dir.path)' && exec ./parley serve"], environment: [
            "PATH": "/usr/bin:/bin", "HOME": dir.path,
            "PARLEY_LISTEN": "127.0.0.1:\(port)", "PARLEY_DATA_DIR": dir.path + "/data",
        ], outputPath: log)
        defer { if server.isRunning { server.terminate(grace: 1) } }
        let client = LoopbackClient(port: port)

        var ready = false
        while Date().timeIntervalSince(started) < 10, server.isRunning {
            if let r = try? client.request("GET", "/readyz", timeoutSeconds: 2), r.status == 200 { ready = true; break }
            usleep(10_000)
        }
        let readyMs = Int(Date().timeIntervalSince(started) * 1000)
        let output = { (try? String(contentsOfFile: log, encoding: .utf8)) ?? "" }
        try #require(ready, "not ready within 10 s; status \(String(describing: server.poll())); log:\n\(output())")
        print("BinarySmoke: start-to-ready \(readyMs) ms")

        let login = try client.request("GET", "/login")
        #expect(login.status == 200)
        #expect(login.header("content-type")?.hasPrefix("text/html") == true)
        let script = try #require(Self.firstScript(in: login.text), "no /assets/<version>/js/ script in /login")
        #expect(!script.hasPrefix("/assets/_/"), "the page still has the unversioned asset prefix")
        let js = try client.request("GET", script)
        #expect(js.status == 200, "\(script) answered \(js.status)")
        #expect(js.header("content-type")?.hasPrefix("text/javascript") == true, "\(script): \(js.header("content-type") ?? "-")")
        #expect(!js.body.isEmpty)
        let health = try client.request("GET", "/healthz")
        #expect(health.status == 200)

        usleep(500_000)  // let it go idle before measuring
        let rss = Self.rssKiB(pid: server.pid)
        print("BinarySmoke: idle VmRSS \(rss.map { "\($0) kB" } ?? "unknown") (pid \(server.pid))")
        #expect(rss != nil)

        server.send(SIGTERM)
        let stoppedAt = Date()
        let status = server.wait(timeout: 10)
        print("BinarySmoke: SIGTERM to exit \(Int(Date().timeIntervalSince(stoppedAt) * 1000)) ms, status \(status.map(\.description) ?? "still running")")
        #expect(status == .exited(0), "log:\n\(output())")
    }

    /// The first module script under /assets/<version>/js/ in a page.
    static func firstScript(in html: String) -> String? {
        guard let range = html.range(of: #"/assets/[^/"]+/js/[^"]+\.js"#, options: .regularExpression) else { return nil }
        return String(html[range])
    }

    /// Resident memory from /proc/<pid>/status.
    static func rssKiB(pid: Int32) -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }) else { return nil }
        return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
    }
}

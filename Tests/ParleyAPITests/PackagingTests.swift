import Foundation
import ParleyCore
import ParleyTestSupport
import Testing

/// Installs the .deb on this machine, runs the installed server as the parley user, then removes the package.
/// Only with PARLEY_DEB_TEST=1 (`make deb-test`): it needs root, the release build, and changes the system.
@Suite("Packaging (.deb)", .enabled(if: ProcessInfo.processInfo.environment["PARLEY_DEB_TEST"] == "1"), .serialized)
struct PackagingTests {
    @Test func installRunAndRemove() throws {
        let deb = try #require(Self.debPath(), "no .build/parley_*.deb; run make deb")
        let userExisted = sh("getent", "passwd", "parley").status == 0
        let install = sh("dpkg", "-i", deb)
        #expect(install.status == 0, "dpkg -i: \(install.output)")
        defer {
            let removed = sh("dpkg", "-r", "parley")
            #expect(removed.status == 0, "dpkg -r: \(removed.output)")
            #expect(!FileManager.default.fileExists(atPath: "/usr/bin/parley"))
            // Data survives removal by design; clean up what this test made.
            _ = sh("dpkg", "--purge", "parley")
            if !userExisted {
                _ = sh("rm", "-rf", "/var/lib/parley")
                _ = sh("deluser", "--quiet", "--system", "parley")
            }
        }

        for path in ["/usr/bin/parley", "/etc/parley/parley.env", "/lib/systemd/system/parley.service"] {
            #expect(FileManager.default.fileExists(atPath: path), "\(path)")
        }
        let passwd = sh("getent", "passwd", "parley").output
        #expect(passwd.contains(":/var/lib/parley:"), "\(passwd)")
        #expect(sh("stat", "-c", "%U:%G %a", "/var/lib/parley").output.trimmed == "parley:parley 700")
        #expect(sh("stat", "-c", "%U:%G %a", "/etc/parley/parley.env").output.trimmed == "root:parley 640")
        #expect(sh("dpkg-query", "-W", "-f", "${Conffiles}", "parley").output.contains("/etc/parley/parley.env"))
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/systemd-analyze") {
            // Checks directive names and values offline (no running systemd needed).
            let verify = sh("systemd-analyze", "verify", "/lib/systemd/system/parley.service")
            #expect(verify.status == 0, "systemd-analyze verify: \(verify.output)")
            print("packaging: systemd-analyze verify -> \(verify.status) \(verify.output)")
        }
        let version = sh("/usr/bin/parley", "version")
        #expect(version.status == 0 && version.output.hasPrefix("parley "), "\(version.output)")

        let pid1 = sh("ps", "-p", "1", "-o", "comm=").output.trimmed
        print("packaging: PID 1 is \(pid1)" + (pid1 == "systemd" ? "" : "; starting parley serve by hand (no systemd)"))
        try runInstalledServer()
    }

    /// Runs /usr/bin/parley serve as the parley user with the env file, roughly as the unit would (MDWE on, umask 077).
    private func runInstalledServer() throws {
        let notifyDir = TempDirectory("parley-deb-notify")
        defer { notifyDir.remove() }
        let sock = try NotifySocket(dir: notifyDir.path, abstract: true)
        let port = UInt16.random(in: 20_000...40_000)
        var env = ["PATH": "/usr/bin:/bin", "PARLEY_DATA_DIR": "/var/lib/parley", "NOTIFY_SOCKET": sock.address,
                   "WATCHDOG_USEC": "2000000", "PARLEY_LOG_FORMAT": "text"]
        for line in (try String(contentsOfFile: "/etc/parley/parley.env", encoding: .utf8)).split(separator: "\n")
        where !line.hasPrefix("#") && line.contains("=") {
            let parts = line.split(separator: "=", maxSplits: 1)
            env[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
        }
        env["PARLEY_LISTEN"] = "127.0.0.1:\(port)"
        // prctl(PR_SET_MDWE, PR_MDWE_REFUSE_EXEC_GAIN): the kernel-side MemoryDenyWriteExecute, inherited by exec.
        let mdwe = "import ctypes,os,sys\nif ctypes.CDLL(None).prctl(65, 1, 0, 0, 0) != 0: sys.exit('prctl MDWE failed')\n"
            + "os.umask(0o077)\nos.execv(sys.argv[1], sys.argv[1:])"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        // setpriv execs (unlike runuser, which stays as a parent), so SIGTERM reaches parley itself as under systemd.
        process.arguments = ["-c", mdwe, "/usr/bin/setpriv", "--reuid=parley", "--regid=parley", "--init-groups", "--", "/usr/bin/env", "-i"]
            + env.map { "\($0.key)=\($0.value)" }.sorted() + ["/usr/bin/parley", "serve"]
        let log = Pipe()
        process.standardOutput = log
        process.standardError = log
        try process.run()
        defer { if process.isRunning { process.terminate() } }

        let ready = sock.waitFor("READY=1", within: 30)
        #expect(ready.last?.hasPrefix("READY=1") == true, "notify: \(ready)")
        let response = try LoopbackClient(port: port).request("GET", "/readyz")
        print("packaging: GET /readyz -> \(response.status) \(response.text)")
        #expect(response.status == 200)
        #expect(sock.waitFor("WATCHDOG=1", within: 5).last == "WATCHDOG=1")
        #expect(sh("stat", "-c", "%U", "/var/lib/parley/control.sqlite").output.trimmed == "parley")
        #expect(sh("stat", "-c", "%a", "/var/lib/parley/keys/master.key").output.trimmed == "600")

        // A backup by the service user while it runs, then stop.
        let backup = sh("/usr/sbin/runuser", "-u", "parley", "--", "/usr/bin/env", "PARLEY_DATA_DIR=/var/lib/parley", "/usr/bin/parley", "backup")
        #expect(backup.status == 0, "backup: \(backup.output)")
        kill(process.processIdentifier, SIGTERM)
        #expect(sock.waitFor("STOPPING=1", within: 15).last == "STOPPING=1")
        process.waitUntilExit()
        let output = String(decoding: log.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 0, "server log: \(output)")
    }

    static func debPath() -> String? {
        if let p = ProcessInfo.processInfo.environment["PARLEY_DEB"], !p.isEmpty { return p }
        let build = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build").path
        let debs = ((try? FileManager.default.contentsOfDirectory(atPath: build)) ?? []).filter { $0.hasPrefix("parley_") && $0.hasSuffix(".deb") }
        return debs.sorted().last.map { "\(build)/\($0)" }
    }
}

/// Runs a command, returning its exit status and combined output.
private func sh(_ args: String...) -> (status: Int32, output: String) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = args
    var env = ProcessInfo.processInfo.environment
    env["DEBIAN_FRONTEND"] = "noninteractive"
    env["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
    p.environment = env
    let pipe = Pipe()
    p.standardOutput = pipe
    p.standardError = pipe
    do { try p.run() } catch { return (-1, "\(error)") }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return (p.terminationStatus, String(decoding: data, as: UTF8.self))
}

private extension String {
    var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }
}

import Foundation
import ParleyCore
import ParleyTestSupport
import Synchronization
import Testing

/// A bound AF_UNIX datagram socket standing in for systemd's notify socket.
final class NotifySocket: @unchecked Sendable {
    // SAFETY: fd is set once in init and only read afterwards; close happens in deinit.
    let fd: Int32
    /// What to put in NOTIFY_SOCKET.
    let address: String

    /// Binds a path socket in `dir`, or an abstract one ("@…") when `abstract`.
    init(dir: String, abstract: Bool) throws {
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        let name = abstract ? "@parley-test-\(UInt32.random(in: 0...UInt32.max))" : "\(dir)/notify.sock"
        address = name
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        var bytes = Array(name.utf8)
        if abstract { bytes[0] = 0 }
        withUnsafeMutableBytes(of: &addr.sun_path) { raw in for (i, b) in bytes.enumerated() { raw[i] = b } }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + bytes.count + (abstract ? 0 : 1))
        let rc = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        guard fd >= 0, rc == 0 else { throw OpsError(.io, "bind \(name): \(String(cString: strerror(errno)))") }
        var timeout = timeval(tv_sec: 0, tv_usec: 200_000)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(fd) }

    /// The next datagram, or nil after `seconds` without one.
    func receive(within seconds: Double) -> String? {
        let deadline = Date().addingTimeInterval(seconds)
        var buffer = [UInt8](repeating: 0, count: 4096)
        while Date() < deadline {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n > 0 { return String(decoding: buffer[..<n], as: UTF8.self) }
        }
        return nil
    }

    /// Waits for a datagram containing `text`, collecting everything seen.
    func waitFor(_ text: String, within seconds: Double) -> [String] {
        var seen: [String] = []
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline, let m = receive(within: deadline.timeIntervalSinceNow) {
            seen.append(m)
            if m.contains(text) { break }
        }
        return seen
    }
}

@Suite("Backup ops: sd_notify, watchdog, data folder lock") struct BackupSystemdTests {
    @Test(arguments: [false, true]) func notifyReachesPathAndAbstractSockets(abstract: Bool) throws {
        let dir = TempDirectory("parley-notify")
        defer { dir.remove() }
        let sock = try NotifySocket(dir: dir.path, abstract: abstract)
        let notifier = SystemdNotifier(socketPath: sock.address)
        #expect(notifier.notify("READY=1\nSTATUS=listening"))
        #expect(sock.receive(within: 2) == "READY=1\nSTATUS=listening")
        #expect(notifier.notify("STOPPING=1"))
        #expect(sock.receive(within: 2) == "STOPPING=1")
    }

    @Test func notifyWithoutSocketIsANoOp() {
        #expect(!SystemdNotifier(socketPath: nil).notify("READY=1"))
        #expect(!SystemdNotifier(socketPath: "").isEnabled)
        #expect(!SystemdNotifier(socketPath: "relative/path").notify("READY=1"))
        #expect(!SystemdNotifier(socketPath: "/tmp/parley-no-such-socket-\(UInt32.random(in: 0...UInt32.max))").notify("READY=1"))
    }

    @Test func watchdogIntervalIsHalfOfWatchdogUsec() {
        #expect(SystemdNotifier.watchdogPingInterval(usec: "30000000", pid: nil, ownPID: 10) == .seconds(15))
        #expect(SystemdNotifier.watchdogPingInterval(usec: "30000000", pid: "10", ownPID: 10) == .seconds(15))
        #expect(SystemdNotifier.watchdogPingInterval(usec: "30000000", pid: "11", ownPID: 10) == nil)
        #expect(SystemdNotifier.watchdogPingInterval(usec: "0", pid: nil, ownPID: 10) == nil)
        #expect(SystemdNotifier.watchdogPingInterval(usec: "abc", pid: nil, ownPID: 10) == nil)
        #expect(SystemdNotifier.watchdogPingInterval(usec: nil, pid: nil, ownPID: 10) == nil)
    }

    @Test func watchdogPingsOnlyWhileHealthy() throws {
        let dir = TempDirectory("parley-watchdog")
        defer { dir.remove() }
        let sock = try NotifySocket(dir: dir.path, abstract: false)
        let healthy = Atomic<Bool>(true)
        let pinger = WatchdogPinger(notifier: SystemdNotifier(socketPath: sock.address), interval: .milliseconds(20)) {
            healthy.load(ordering: .relaxed)
        }
        #expect(sock.receive(within: 2) == "WATCHDOG=1")
        healthy.store(false, ordering: .relaxed)
        usleep(60_000)
        while sock.receive(within: 0.05) != nil {}  // drain pings sent before the switch
        #expect(sock.receive(within: 0.2) == nil)
        let skipped = pinger.skipped
        #expect(skipped > 0)
        healthy.store(true, ordering: .relaxed)
        #expect(sock.receive(within: 2) == "WATCHDOG=1")
        pinger.stop()
        while sock.receive(within: 0.05) != nil {}
        #expect(sock.receive(within: 0.1) == nil)
        #expect(pinger.pings >= 2)
    }

    @Test func lockIsExclusiveAndNamesTheHolder() throws {
        let dir = TempDirectory("parley-lock")
        defer { dir.remove() }
        let first = try DataDirLock.acquire(root: dir.path)
        let error = #expect(throws: OpsError.self) { try DataDirLock.acquire(root: dir.path) }
        #expect(error?.kind == .locked)
        #expect(error?.message.contains("pid \(getpid())") == true)
        first.release()
        try DataDirLock.acquire(root: dir.path).release()
    }

    /// The real binary: READY=1 once listening, restore refused while it runs, STOPPING=1 on SIGTERM.
    @Test(.enabled(if: parleyBinary() != nil)) func serveNotifiesAndHoldsTheLock() throws {
        let dir = TempDirectory("parley-serve-notify")
        defer { dir.remove() }
        let sock = try NotifySocket(dir: dir.path, abstract: true)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(parleyBinary()))
        process.arguments = ["serve"]
        process.environment = ["PARLEY_DATA_DIR": "\(dir.path)/data", "PARLEY_LISTEN": "127.0.0.1:0", "NOTIFY_SOCKET": sock.address,
                               "WATCHDOG_USEC": "400000", "PARLEY_LOG_FORMAT": "text", "PATH": "/usr/bin:/bin"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        let ready = sock.waitFor("READY=1", within: 20)
        #expect(ready.last?.hasPrefix("READY=1") == true, "got \(ready)")
        #expect(sock.waitFor("WATCHDOG=1", within: 5).last == "WATCHDOG=1")

        #expect(DataDirLock.isHeld(root: "\(dir.path)/data"))
        let archive = "\(dir.path)/a.tar"
        let error = #expect(throws: OpsError.self) {
            try Restore.restoreTenant(archive, slug: "acme", into: "\(dir.path)/data")
        }
        #expect(error?.kind == .locked)

        process.terminate()
        #expect(sock.waitFor("STOPPING=1", within: 10).last == "STOPPING=1")
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(!DataDirLock.isHeld(root: "\(dir.path)/data"))
    }
}

/// The debug `parley` next to the test bundle, else PARLEY_RELEASE_BIN.
func parleyBinary() -> String? {
    let here = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    var candidates = [here.appendingPathComponent("parley").path, here.deletingLastPathComponent().appendingPathComponent("parley").path]
    if let release = ProcessInfo.processInfo.environment["PARLEY_RELEASE_BIN"] { candidates.append(release) }
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
}

import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A child process started with posix_spawn with a clean signal mask and default dispositions.
/// Why not Foundation's Process: children spawned from test threads inherited a blocked SIGTERM (chromedriver then
/// ignored `terminate()` and `waitUntilExit()` hung), and the smoke test must send real signals and read the exit status.
public final class ChildProcess: Sendable {
    /// How the child ended.
    public enum Status: Sendable, Equatable, CustomStringConvertible {
        /// exit(code)
        case exited(Int32)
        /// killed by a signal
        case signaled(Int32)
        public var description: String {
            switch self {
            case .exited(let c): return "exit \(c)"
            case .signaled(let s): return "signal \(s)"
            }
        }
    }

    /// The process id.
    public let pid: pid_t
    private let status = Mutex<Status?>(nil)

    /// Starts `path` with `arguments`; `environment` nil inherits ours; stdout and stderr go to `outputPath` (or /dev/null).
    public init(path: String, arguments: [String] = [], environment: [String: String]? = nil, outputPath: String? = nil) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath ?? "/dev/null", O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)

        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attr, &empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for s in [SIGTERM, SIGINT, SIGPIPE, SIGHUP, SIGCHLD] { sigaddset(&defaults, s) }
        posix_spawnattr_setsigdefault(&attr, &defaults)
        posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let env = environment.map { $0.map { strdup("\($0.key)=\($0.value)") } + [nil] }
        defer {
            argv.forEach { free($0) }
            env?.forEach { free($0) }
        }
        var child: pid_t = 0
        let rc = argv.withUnsafeBufferPointer { a in
            if let env {
                return env.withUnsafeBufferPointer { e in posix_spawn(&child, path, &actions, &attr, a.baseAddress!, e.baseAddress!) }
            }
            return posix_spawn(&child, path, &actions, &attr, a.baseAddress!, environ)
        }
        guard rc == 0 else { throw TestError("posix_spawn \(path) failed: \(String(cString: strerror(rc)))") }
        pid = child
    }

    /// Sends a signal (no-op once the child has been reaped).
    public func send(_ signal: Int32) {
        if status.withLock({ $0 }) == nil { kill(pid, signal) }
    }

    /// The exit status if the child has ended (reaps it), else nil.
    public func poll() -> Status? {
        status.withLock { s in
            if let s { return s }
            var raw: Int32 = 0
            guard waitpid(pid, &raw, WNOHANG) == pid else { return nil }
            // WIFEXITED/WEXITSTATUS are macros; decode the classic wait status layout.
            let sig = raw & 0x7f
            s = sig == 0 ? .exited((raw >> 8) & 0xff) : .signaled(sig)
            return s
        }
    }

    /// Whether the child is still running.
    public var isRunning: Bool { poll() == nil }

    /// Waits up to `timeout` seconds for the child to end.
    public func wait(timeout: Double) -> Status? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let s = poll() { return s }
            usleep(10_000)
        }
        return poll()
    }

    /// SIGTERM, then SIGKILL after `grace` seconds; returns how it ended.
    @discardableResult
    public func terminate(grace: Double = 5) -> Status? {
        send(SIGTERM)
        if let s = wait(timeout: grace) { return s }
        send(SIGKILL)
        return wait(timeout: 5)
    }

    deinit {
        if poll() == nil {
            kill(pid, SIGKILL)
            _ = wait(timeout: 2)
        }
    }
}

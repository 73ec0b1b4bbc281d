#if canImport(Glibc)
import Glibc
#endif

/// The systemd notify protocol spoken directly (no libsystemd): one datagram such as "READY=1" sent to the
/// AF_UNIX socket named by NOTIFY_SOCKET, which is a path or, when it starts with "@", an abstract name.
public struct SystemdNotifier: Sendable {
    /// The socket address from NOTIFY_SOCKET; nil when not run by systemd (then every call is a no-op).
    public let socketPath: String?

    /// Uses an explicit socket (tests) or none.
    public init(socketPath: String?) {
        self.socketPath = socketPath.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Reads NOTIFY_SOCKET.
    public static func fromEnvironment() -> SystemdNotifier {
        SystemdNotifier(socketPath: getenv("NOTIFY_SOCKET").map { String(cString: $0) })
    }

    /// True when there is a socket to talk to.
    public var isEnabled: Bool { socketPath != nil }

    /// Sends `state` (newline-separated assignments, e.g. "READY=1\nSTATUS=listening"); false if it could not.
    @discardableResult
    public func notify(_ state: String) -> Bool {
        guard let socketPath else { return false }
        var path = Array(socketPath.utf8)
        let abstract = path.first == UInt8(ascii: "@")
        guard abstract || path.first == UInt8(ascii: "/") else { return false }
        var addr = sockaddr_un()
        guard path.count < MemoryLayout.size(ofValue: addr.sun_path) else { return false }
        if abstract { path[0] = 0 }  // abstract names start with a NUL byte and are not NUL-terminated
        addr.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &addr.sun_path) { raw in
            for (i, b) in path.enumerated() { raw[i] = b }
        }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + path.count + (abstract ? 0 : 1))
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        let message = Array(state.utf8)
        let sent = withUnsafePointer(to: &addr) { ptr in
            ptr.withMemoryRebound(to: sockaddr.self, capacity: 1) { sa in
                message.withUnsafeBytes { sendto(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL), sa, length) }
            }
        }
        return sent == message.count
    }

    /// Half of WATCHDOG_USEC when the watchdog is on and meant for this process (WATCHDOG_PID unset or ours).
    public static func watchdogPingInterval() -> Duration? {
        watchdogPingInterval(usec: getenv("WATCHDOG_USEC").map { String(cString: $0) },
                             pid: getenv("WATCHDOG_PID").map { String(cString: $0) }, ownPID: Int(getpid()))
    }

    /// The rule behind `watchdogPingInterval()`, testable without the environment.
    public static func watchdogPingInterval(usec: String?, pid: String?, ownPID: Int) -> Duration? {
        guard let usec, let micros = Int64(usec), micros > 0 else { return nil }
        if let pid, !pid.isEmpty, Int(pid) != ownPID { return nil }
        return .microseconds(micros / 2)
    }
}

/// Settings for the embedded HTTP server.
public struct ServerConfiguration: Sendable {
    /// IPv4 address to bind (127.0.0.1 behind a proxy).
    public var host: String = "127.0.0.1"
    /// Port; 0 picks a free one (tests), read back from `Server.port`.
    public var port: UInt16 = 8080
    /// Worker threads in the epoll pool (default: the number of cores).
    public var threads: Int = max(1, ProcessInfoLite.activeProcessorCount)
    /// Idle connection timeout in seconds; stops slowloris-style clients that pause.
    public var connectionTimeout: Int = 10
    /// Maximum simultaneous connections.
    public var connectionLimit: Int = 4000
    /// Per-connection memory for headers; larger headers are refused with 431.
    public var headerMemoryLimit: Int = 32 * 1024
    /// Where streamed uploads are written while they arrive.
    public var uploadDirectory: String = "/tmp"
    /// Receives server-level log lines (libmicrohttpd errors).
    public var log: @Sendable (String) -> Void = { _ in }

    /// Whether a libmicrohttpd line only says the client went away (a closed EventSource, a phone losing signal):
    /// normal on the internet, so worth an info line rather than an error.
    public static func isClientGone(_ line: String) -> Bool {
        ["Failed to send", "reset by peer", "Broken pipe", "closed by peer", "Connection timed out"].contains { line.contains($0) }
    }

    /// Defaults.
    public init() {}
}

/// The processor count without Foundation's ProcessInfo (which pulls in ICU).
public enum ProcessInfoLite {
    /// Online processors.
    public static var activeProcessorCount: Int { Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))) }
}

#if canImport(Glibc)
import Glibc
#endif

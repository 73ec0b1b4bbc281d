#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Receives progress from backup and restore.
public protocol OpsProgress: Sendable {
    /// A new step began ("snapshot tenants/3.sqlite").
    func step(_ text: String)
    /// `done` of `total` bytes are through; `current` is the file being processed.
    func bytes(done: Int64, total: Int64, current: String)
    /// The operation ended; clear any bar.
    func finish()
}

/// Progress on stderr: a one-line bar redrawn in place when stderr is a terminal, plain lines otherwise
/// (journald and cron mail get readable logs, not carriage returns).
public final class TerminalProgress: OpsProgress {
    private struct State {
        var barShown = false
        var lastDraw: ContinuousClock.Instant?
        var lastFile = ""
    }

    private let fd: Int32
    /// True when drawing a bar (stderr is a TTY).
    public let isTerminal: Bool
    private let state = Mutex(State())

    /// Writes to `fd`; `isTerminal` defaults to `isatty(fd)`.
    public init(fd: Int32 = 2, isTerminal: Bool? = nil) {
        self.fd = fd
        self.isTerminal = isTerminal ?? (isatty(fd) == 1)
    }

    public func step(_ text: String) {
        state.withLock { s in
            emit((s.barShown ? "\r\u{1B}[2K" : "") + text + "\n")
            s.barShown = false
        }
    }

    public func bytes(done: Int64, total: Int64, current: String) {
        state.withLock { s in
            if !isTerminal {
                // One line per file keeps logs short.
                if current != s.lastFile { emit("  \(current)  (\(Self.size(done)) of \(Self.size(total)))\n") }
                s.lastFile = current
                return
            }
            let now = ContinuousClock.now
            if let last = s.lastDraw, now - last < .milliseconds(100), done < total { return }
            s.lastDraw = now
            s.barShown = true
            emit("\r\u{1B}[2K" + Self.bar(done: done, total: total, current: current))
        }
    }

    public func finish() {
        state.withLock { s in
            if s.barShown { emit("\r\u{1B}[2K") }
            s.barShown = false
        }
    }

    /// "[########------------]  40%  12.0 MB / 30.0 MB  tenants/3.sqlite"
    public static func bar(done: Int64, total: Int64, current: String, width: Int = 24) -> String {
        let fraction = total > 0 ? min(1, Double(done) / Double(total)) : 1
        let filled = Int(fraction * Double(width))
        let pct = String(Int(fraction * 100))
        return "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "] "
            + String(repeating: " ", count: max(0, 3 - pct.count)) + pct + "%  "
            + "\(size(done)) / \(size(total))  " + String(current.suffix(40))
    }

    /// Bytes as "1.5 MB" (decimal units).
    public static func size(_ bytes: Int64) -> String {
        let units = ["B", "kB", "MB", "GB", "TB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1000 && unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        if unit == 0 { return "\(bytes) B" }
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10) \(units[unit])"
    }

    private func emit(_ s: String) {
        let bytes = Array(s.utf8)
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    }
}

/// Progress that goes nowhere (the default for library callers and tests).
public struct SilentProgress: OpsProgress {
    /// Creates one.
    public init() {}
    public func step(_ text: String) {}
    public func bytes(done: Int64, total: Int64, current: String) {}
    public func finish() {}
}

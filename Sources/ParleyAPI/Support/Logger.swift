import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif

/// Writes one log line per event to stdout: JSON objects (journald-friendly) or plain text.
public struct Logger: Sendable {
    /// "json" or "text".
    public let format: String

    /// Creates a logger.
    public init(format: String) { self.format = format }

    /// Logs a message with fields. Values are escaped, so user input cannot forge log lines.
    public func log(_ level: String, _ message: String, _ fields: [(String, String)] = []) {
        var line: String
        if format == "json" {
            line = "{\"time\":\(JSONQuote.quote(Clock.isoNow())),\"level\":\(JSONQuote.quote(level)),\"msg\":\(JSONQuote.quote(message))"
            for (k, v) in fields { line += ",\(JSONQuote.quote(k)):\(JSONQuote.quote(v))" }
            line += "}\n"
        } else {
            line = "\(Clock.isoNow()) \(level) \(message)" + fields.map { " \($0.0)=\(JSONQuote.quote($0.1))" }.joined() + "\n"
        }
        // One write(2) per line keeps lines from interleaving across threads.
        let bytes = Array(line.utf8)
        _ = bytes.withUnsafeBytes { write(1, $0.baseAddress, $0.count) }
    }

    /// Informational line.
    public func info(_ message: String, _ fields: [(String, String)] = []) { log("info", message, fields) }
    /// Something went wrong.
    public func error(_ message: String, _ fields: [(String, String)] = []) { log("error", message, fields) }
}

import ParleyHTTP
import ParleyCore
typealias JSONQuote = JSONText
extension Clock {
    static func isoNow() -> String { iso() }
}

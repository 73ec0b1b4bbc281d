import Foundation
import ParleyCore
import Synchronization

/// A loopback SMTP server for notification tests, speaking what a real submission server answers (RFC 5321 replies,
/// EHLO capabilities, DATA ending at "<CRLF>.<CRLF>" with dot-unstuffing). It records each accepted message; it can
/// refuse recipients (550) to test failures. No TLS and no AUTH: the client is told TLS is optional in tests.
public final class FakeSMTPServer: Sendable {
    /// One accepted message.
    public struct Mail: Sendable {
        /// MAIL FROM address.
        public let from: String
        /// RCPT TO addresses.
        public let to: [String]
        /// The message as sent (headers and body, dots unstuffed).
        public let data: String
    }

    private let listener: Int32
    /// The bound port.
    public let port: UInt16
    private let state = Mutex<(mails: [Mail], refuse: Set<String>, stopped: Bool)>(([], [], false))

    /// Starts on a free loopback port.
    public init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestError("socket failed") }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        let bound = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard bound == 0, listen(fd, 16) == 0 else { close(fd); throw TestError("bind/listen failed") }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        listener = fd
        port = UInt16(bigEndian: addr.sin_port)
        _ = startThread { [self] in acceptLoop() }
    }

    /// Messages accepted so far, oldest first.
    public var mails: [Mail] { state.withLock { $0.mails } }

    /// Answers 550 to RCPT TO for this address.
    public func refuse(_ address: String) { state.withLock { _ = $0.refuse.insert(address) } }

    /// Stops accepting connections.
    public func stop() {
        state.withLock { $0.stopped = true }
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    private func acceptLoop() {
        while !state.withLock({ $0.stopped }) {
            let c = accept(listener, nil, nil)
            if c < 0 { return }
            _ = startThread { [self] in session(c) }
        }
    }

    private func session(_ fd: Int32) {
        defer { close(fd) }
        var buffer: [UInt8] = []
        func say(_ s: String) { _ = Array((s + "\r\n").utf8).withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) } }
        func line() -> String? {
            while true {
                if let i = buffer.firstIndex(of: 0x0A) {
                    let l = String(decoding: buffer[..<i], as: UTF8.self)
                    buffer.removeSubrange(...i)
                    return l.hasSuffix("\r") ? String(l.dropLast()) : l
                }
                var chunk = [UInt8](repeating: 0, count: 4096)
                let n = recv(fd, &chunk, chunk.count, 0)
                if n <= 0 { return nil }
                buffer += chunk[..<n]
            }
        }
        func address(_ l: String) -> String {
            guard let a = l.firstIndex(of: "<"), let b = l.lastIndex(of: ">"), a < b else { return "" }
            return String(l[l.index(after: a)..<b])
        }
        say("220 fake.smtp.test ESMTP ready")
        var from = "", to: [String] = []
        while let l = line() {
            let verb = l.prefix(4).uppercased()
            switch verb {
            case "EHLO": say("250-fake.smtp.test"); say("250-8BITMIME"); say("250 SIZE 10485760")
            case "HELO": say("250 fake.smtp.test")
            case "MAIL": from = address(l); to = []; say("250 2.1.0 OK")
            case "RCPT":
                let a = address(l)
                if state.withLock({ $0.refuse.contains(a) }) { say("550 5.1.1 <\(a)>: recipient rejected") } else { to.append(a); say("250 2.1.5 OK") }
            case "DATA":
                guard !to.isEmpty else { say("554 5.5.1 no valid recipients"); continue }
                say("354 End data with <CR><LF>.<CR><LF>")
                var lines: [String] = []
                while let d = line(), d != "." { lines.append(d.hasPrefix("..") ? String(d.dropFirst()) : d) }
                let mail = Mail(from: from, to: to, data: lines.joined(separator: "\n"))
                state.withLock { $0.mails.append(mail) }
                say("250 2.0.0 queued")
            case "RSET": from = ""; to = []; say("250 OK")
            case "NOOP": say("250 OK")
            case "QUIT": say("221 bye"); return
            default: say("502 5.5.2 command not recognised")
            }
        }
    }
}

// Outgoing e-mail over SMTP with libcurl (already linked for HTTPS): one connection per message, STARTTLS when the
// server offers it (required on port 587 unless `requireTLS` is off), credentials only when configured.
internal import CCurl
#if canImport(Glibc)
import Glibc
#endif

/// One plain-text e-mail.
public struct SMTPMessage: Sendable, Equatable {
    /// Sender address.
    public var from: String
    /// Recipient addresses.
    public var to: [String]
    /// Subject (any Unicode; encoded per RFC 2047).
    public var subject: String
    /// Body text (lines end with CRLF on the wire).
    public var text: String

    /// Creates one.
    public init(from: String, to: [String], subject: String, text: String) {
        self.from = from
        self.to = to
        self.subject = subject
        self.text = text
    }

    /// The RFC 5322 message: headers, a blank line, the body; CRLF line ends; `date` in unix seconds.
    public func rendered(date: Int, messageID: String) -> [UInt8] {
        let subjectField = subject.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F } ? subject : "=?UTF-8?B?" + Self.base64(Array(subject.utf8)) + "?="
        let headers = [
            "Date: " + Self.rfc5322Date(date), "From: " + from, "To: " + to.joined(separator: ", "), "Subject: " + subjectField,
            "Message-ID: <" + messageID + ">", "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit",
        ]
        let body = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? String($0.dropLast()) : String($0) }
        return Array((headers.joined(separator: "\r\n") + "\r\n\r\n" + body.joined(separator: "\r\n") + "\r\n").utf8)
    }

    /// "Sun, 22 Nov 2026 04:05:06 +0000".
    static func rfc5322Date(_ t: Int) -> String {
        let days = t / 86_400, secs = t % 86_400
        // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
        let z = days + 719_468, era = (z >= 0 ? z : z - 146_096) / 146_097, doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1, m = mp < 10 ? mp + 3 : mp - 9, y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        let wd = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][days % 7]
        let mon = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][m - 1]
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(wd), \(two(d)) \(mon) \(y) \(two(secs / 3600)):\(two(secs % 3600 / 60)):\(two(secs % 60)) +0000"
    }

    static func base64(_ b: [UInt8]) -> String {
        let t = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var out: [UInt8] = []
        var i = 0
        while i < b.count {
            let n = (Int(b[i]) << 16) | (i + 1 < b.count ? Int(b[i + 1]) << 8 : 0) | (i + 2 < b.count ? Int(b[i + 2]) : 0)
            out += [t[n >> 18 & 63], t[n >> 12 & 63], i + 1 < b.count ? t[n >> 6 & 63] : 61, i + 2 < b.count ? t[n & 63] : 61]
            i += 3
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// Sends e-mail through one SMTP server.
public struct SMTPClient: Sendable {
    /// Server host name.
    public let host: String
    /// Port (587 submission with STARTTLS, 465 implicit TLS, 25).
    public let port: Int
    /// Login, when the server needs one.
    public let username: String
    /// Password.
    public let password: String
    /// Refuse to send without TLS (true in production; tests talk to a plain loopback server).
    public let requireTLS: Bool
    /// Give up after this many seconds.
    public let timeoutSeconds: Int

    /// Creates a client.
    public init(host: String, port: Int, username: String = "", password: String = "", requireTLS: Bool = true, timeoutSeconds: Int = 30) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.requireTLS = requireTLS
        self.timeoutSeconds = timeoutSeconds
    }

    /// Sends one message; throws with libcurl's words (never the password) when the server refuses or cannot be reached.
    public func send(_ message: SMTPMessage, date: Int, messageID: String) throws(HTTPClientError) {
        guard let handle = curl_easy_init() else { throw .invalidRequest("libcurl could not start") }
        defer { curl_easy_cleanup(handle) }
        let upload = UploadSource(bytes: message.rendered(date: date, messageID: messageID))
        let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        defer { errorBuffer.deallocate() }
        var recipients: UnsafeMutablePointer<curl_slist>?
        for r in message.to { recipients = curl_slist_append(recipients, "<\(r)>") }
        defer { curl_slist_free_all(recipients) }

        let scheme = port == 465 ? "smtps" : "smtp"
        var codes: [CURLcode] = [
            parley_curl_set_string(handle, CURLOPT_URL, "\(scheme)://\(host):\(port)/parley"),
            parley_curl_set_string(handle, CURLOPT_MAIL_FROM, "<\(message.from)>"),
            parley_curl_set_slist(handle, CURLOPT_MAIL_RCPT, recipients),
            parley_curl_set_long(handle, CURLOPT_UPLOAD, 1),
            parley_curl_set_write(handle, CURLOPT_READFUNCTION, uploadCallback),
            parley_curl_set_pointer(handle, CURLOPT_READDATA, Unmanaged.passUnretained(upload).toOpaque()),
            parley_curl_set_long(handle, CURLOPT_USE_SSL, Int(requireTLS ? CURLUSESSL_ALL.rawValue : CURLUSESSL_TRY.rawValue)),
            parley_curl_set_long(handle, CURLOPT_TIMEOUT, timeoutSeconds),
            parley_curl_set_long(handle, CURLOPT_NOSIGNAL, 1),
            parley_curl_set_pointer(handle, CURLOPT_ERRORBUFFER, UnsafeMutableRawPointer(errorBuffer)),
        ]
        if !username.isEmpty {
            codes.append(parley_curl_set_string(handle, CURLOPT_USERNAME, username))
            codes.append(parley_curl_set_string(handle, CURLOPT_PASSWORD, password))
        }
        if let bad = codes.first(where: { $0 != CURLE_OK }) {
            throw .invalidRequest("SMTP option refused: " + String(cString: curl_easy_strerror(bad)))
        }
        let code = curl_easy_perform(handle)
        guard code == CURLE_OK else {
            let detail = String(cString: errorBuffer)
            let text = "SMTP to \(host):\(port) failed: " + String(cString: curl_easy_strerror(code)) + (detail.isEmpty ? "" : " (\(detail))")
            switch code {
            case CURLE_OPERATION_TIMEDOUT: throw HTTPClientError(.timeout, text)
            case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST: throw .connectionFailed(text)
            case CURLE_USE_SSL_FAILED, CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION: throw .tls(text)
            default: throw .transport(Int(code.rawValue), text)
            }
        }
    }
}

/// The message bytes libcurl reads while uploading.
private final class UploadSource {
    let bytes: [UInt8]
    var offset = 0
    init(bytes: [UInt8]) { self.bytes = bytes }
}

private let uploadCallback: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = { buffer, size, count, context in
    guard let buffer, let context else { return 0 }
    let source = Unmanaged<UploadSource>.fromOpaque(context).takeUnretainedValue()
    let n = min(size * count, source.bytes.count - source.offset)
    guard n > 0 else { return 0 }
    source.bytes.withUnsafeBufferPointer { b in
        UnsafeMutableRawPointer(buffer).copyMemory(from: b.baseAddress! + source.offset, byteCount: n)
    }
    source.offset += n
    return n
}

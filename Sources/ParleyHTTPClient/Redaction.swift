// Hides credentials in text that may reach logs: the Graph API takes access tokens in the query string and
// Telegram puts the bot token in the path, so any URL in an error message is a potential leak.

/// Removes credentials from URLs and messages before they are shown or logged.
public enum Redaction {
    /// What a hidden credential is replaced with.
    public static let placeholder = "<redacted>"

    /// Returns `text` with sensitive query/form values (`access_token=`, `client_secret=`, `appsecret_proof=`, …),
    /// `Bearer`/`Basic` credentials and Telegram `/bot<token>` path segments replaced by ``placeholder``.
    public static func redact(_ text: String) -> String {
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            if let next = redactAuthScheme(bytes, at: i, into: &out)
                ?? redactTelegramBot(bytes, at: i, into: &out)
                ?? redactParameter(bytes, at: i, into: &out) {
                i = next
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `name=value` where the name looks like a credential; returns the index after the value.
    private static func redactParameter(_ b: [UInt8], at i: Int, into out: inout [UInt8]) -> Int? {
        guard isBoundary(b, before: i), isNameByte(b[i]) else { return nil }
        var j = i
        while j < b.count, isNameByte(b[j]) { j += 1 }
        out.append(contentsOf: b[i..<j])
        guard j < b.count, b[j] == UInt8(ascii: "="), isSensitiveName(b[i..<j]) else { return j }
        out.append(UInt8(ascii: "="))
        var k = j + 1
        while k < b.count, !isValueEnd(b[k]) { k += 1 }
        if k > j + 1 { out.append(contentsOf: placeholder.utf8) }
        return k
    }

    /// `Bearer xyz` / `Basic xyz` (an Authorization value quoted in a message).
    private static func redactAuthScheme(_ b: [UInt8], at i: Int, into out: inout [UInt8]) -> Int? {
        guard isBoundary(b, before: i) else { return nil }
        for scheme in ["bearer ", "basic "] {
            let s = Array(scheme.utf8)
            guard i + s.count < b.count,
                  zip(b[i..<(i + s.count)], s).allSatisfy({ ASCII.lower($0) == $1 }) else { continue }
            var k = i + s.count
            while k < b.count, !isValueEnd(b[k]) { k += 1 }
            guard k > i + s.count else { return nil }
            out.append(contentsOf: b[i..<(i + s.count)])
            out.append(contentsOf: placeholder.utf8)
            return k
        }
        return nil
    }

    /// Telegram's `/bot123456:ABC-def/…` path segment.
    private static func redactTelegramBot(_ b: [UInt8], at i: Int, into out: inout [UInt8]) -> Int? {
        let prefix = Array("/bot".utf8)
        guard i + prefix.count < b.count, Array(b[i..<(i + prefix.count)]) == prefix,
              isDigit(b[i + prefix.count]) else { return nil }
        var k = i + prefix.count
        var sawColon = false
        while k < b.count, !isValueEnd(b[k]), b[k] != UInt8(ascii: "/"), b[k] != UInt8(ascii: "?") {
            if b[k] == UInt8(ascii: ":") { sawColon = true }
            k += 1
        }
        guard sawColon else { return nil }
        out.append(contentsOf: prefix)
        out.append(contentsOf: placeholder.utf8)
        return k
    }

    private static func isSensitiveName(_ name: ArraySlice<UInt8>) -> Bool {
        let lower = String(decoding: name.map(ASCII.lower), as: UTF8.self)
        let fragments = ["token", "secret", "password", "passwd", "signature", "api_key", "apikey", "proof", "auth",
                         "credential", "session"]
        return fragments.contains(where: lower.contains) || ["key", "code", "sig", "pass"].contains(lower)
    }

    private static func isBoundary(_ b: [UInt8], before i: Int) -> Bool {
        guard i > 0 else { return true }
        return !isNameByte(b[i - 1])
    }

    private static func isNameByte(_ c: UInt8) -> Bool {
        isDigit(c) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
            || c == UInt8(ascii: "_") || c == UInt8(ascii: "-") || c == UInt8(ascii: ".")
    }

    private static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }

    private static func isValueEnd(_ c: UInt8) -> Bool {
        switch c {
        case UInt8(ascii: "&"), UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: "\n"),
             UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: ")"),
             UInt8(ascii: "#"), UInt8(ascii: "<"), UInt8(ascii: ">"):
            return true
        default:
            return false
        }
    }
}

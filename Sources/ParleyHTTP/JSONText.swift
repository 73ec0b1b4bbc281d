/// Minimal JSON string escaping for hand-built bodies (error envelopes, SSE frames) without an encoder.
public enum JSONText {
    /// Returns `s` as a quoted JSON string literal.
    public static func quote(_ s: String) -> String {
        var out = "\""
        out.reserveCapacity(s.utf8.count + 2)
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            // U+2028/2029 break JavaScript string literals; control characters are not allowed raw.
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default:
                if u.value < 0x20 {
                    let hex = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }

    /// The error envelope for an HTTPError.
    public static func envelope(_ e: HTTPError) -> String {
        var s = "{\"error\":{\"code\":\(quote(e.code)),\"message\":\(quote(e.message))"
        if !e.fields.isEmpty {
            let f = e.fields.sorted { $0.key < $1.key }.map { "\(quote($0.key)):\(quote($0.value))" }.joined(separator: ",")
            s += ",\"fields\":{\(f)}"
        }
        return s + "}}"
    }
}

// Percent-encoding for query strings and form bodies (RFC 3986 unreserved set).

/// Percent-encoding of query items and form fields.
public enum PercentEncoding {
    /// Encodes every byte except the RFC 3986 unreserved set (`A–Z a–z 0–9 - . _ ~`) as `%XX` over UTF-8.
    ///
    /// Space becomes `%20`, not `+`: both query parsers and form decoders read `%20` as a space, whereas a
    /// literal `+` is ambiguous in query strings.
    public static func encode(_ string: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(string.utf8.count)
        for byte in string.utf8 {
            if isUnreserved(byte) {
                out.append(byte)
            } else {
                out.append(UInt8(ascii: "%"))
                out.append(hexDigits[Int(byte >> 4)])
                out.append(hexDigits[Int(byte & 0x0F)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Joins items as `name=value&name=value`, each side encoded.
    public static func formEncode(_ items: [(String, String)]) -> String {
        items.map { encode($0.0) + "=" + encode($0.1) }.joined(separator: "&")
    }

    /// Appends encoded items to a URL's query, before any `#fragment`, keeping an existing query.
    public static func appendQuery(_ items: [(String, String)], to url: String) -> String {
        guard !items.isEmpty else { return url }
        var base = url
        var fragment = ""
        if let hash = url.firstIndex(of: "#") {
            base = String(url[..<hash])
            fragment = String(url[hash...])
        }
        let separator: String
        if !base.contains("?") {
            separator = "?"
        } else if base.hasSuffix("?") || base.hasSuffix("&") {
            separator = ""
        } else {
            separator = "&"
        }
        return base + separator + formEncode(items) + fragment
    }

    private static let hexDigits: [UInt8] = Array("0123456789ABCDEF".utf8)

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
             UInt8(ascii: "_"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }
}

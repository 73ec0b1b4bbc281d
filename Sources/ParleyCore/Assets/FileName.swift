/// Client-supplied file names, made harmless: they are only ever metadata, never part of a path.
public enum FileName {
    /// Bidirectional-control and invisible characters that can disguise an extension ("photo‮gpj.exe").
    static let bidi: Set<UInt32> = [0x061C, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E,
                                    0x2066, 0x2067, 0x2068, 0x2069, 0xFEFF]

    /// Keeps the last path component, drops control/bidi characters and `..`, trims, caps at 120 characters.
    public static func sanitize(_ raw: String?) -> String {
        guard let raw else { return "upload" }
        let last = raw.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        var out = String.UnicodeScalarView()
        for s in last.unicodeScalars {
            if s.value < 0x20 || s.value == 0x7F || (0x80...0x9F).contains(s.value) || bidi.contains(s.value) { continue }
            if s == ":" || s == "\"" || s == "<" || s == ">" || s == "|" || s == "*" || s == "?" { out.append("_"); continue }
            out.append(s)
        }
        var name = String(out)
        while name.contains("..") { name = name.replacing("..", with: ".") }
        name = name.trimmingSpaces
        while name.hasPrefix(".") { name.removeFirst() }
        if name.count > 120 { name = String(name.prefix(120)) }
        return name.isEmpty ? "upload" : name
    }

    /// RFC 6266 `Content-Disposition` with an ASCII fallback and the UTF-8 name percent-encoded.
    public static func contentDisposition(_ name: String, inline: Bool) -> String {
        let fallback = String(name.unicodeScalars.map { s -> Character in
            (s.value >= 0x20 && s.value < 0x7F && s != "\"" && s != "\\" && s != "%" && s != ";") ? Character(s) : "_"
        })
        var encoded = ""
        for b in name.utf8 {
            let c = Character(UnicodeScalar(b))
            if (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || "-._~".contains(c) {
                encoded.append(c)
            } else {
                encoded += "%" + String(b, radix: 16, uppercase: true).leftPad(2)
            }
        }
        return "\(inline ? "inline" : "attachment"); filename=\"\(fallback)\"; filename*=UTF-8''\(encoded)"
    }
}

extension String {
    func leftPad(_ n: Int) -> String { count >= n ? self : String(repeating: "0", count: n - count) + self }
}

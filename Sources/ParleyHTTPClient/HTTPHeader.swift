// One header line as a name/value pair; an array of these keeps order and duplicates (Set-Cookie).

/// A single HTTP header field, kept in the order it was sent or received.
public struct HTTPHeader: Sendable, Hashable, CustomStringConvertible {
    /// The field name as written (compare case-insensitively).
    public var name: String
    /// The field value, without surrounding whitespace.
    public var value: String

    /// Creates a header field.
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }

    /// `Name: value`, with credentials in Authorization-like headers hidden.
    public var description: String {
        HTTPHeader.isSensitive(name) ? "\(name): <redacted>" : "\(name): \(value)"
    }

    /// Whether the header usually carries a credential and must never be logged.
    static func isSensitive(_ name: String) -> Bool {
        let lower = name.lowercased()
        return lower == "authorization" || lower == "proxy-authorization" || lower == "cookie"
            || lower == "set-cookie" || lower.contains("token") || lower.contains("api-key") || lower.contains("secret")
    }
}

extension Array where Element == HTTPHeader {
    /// Builds headers from `(name, value)` pairs.
    init(pairs: [(String, String)]) {
        self = pairs.map { HTTPHeader($0.0, $0.1) }
    }

    /// The last value for `name`, compared case-insensitively (the last one wins, as for duplicate singletons).
    func last(named name: String) -> String? {
        last(where: { ASCII.caseInsensitiveEquals($0.name, name) })?.value
    }
}

/// ASCII helpers: header names are ASCII tokens, so Unicode case folding is neither needed nor wanted.
enum ASCII {
    /// Compares two strings byte by byte, folding only A–Z.
    static func caseInsensitiveEquals(_ a: String, _ b: String) -> Bool {
        let x = a.utf8, y = b.utf8
        guard x.count == y.count else { return false }
        return zip(x, y).allSatisfy { lower($0) == lower($1) }
    }

    /// Lower-cases one ASCII letter byte and leaves every other byte alone.
    static func lower(_ byte: UInt8) -> UInt8 {
        (byte >= 0x41 && byte <= 0x5A) ? byte + 0x20 : byte
    }
}

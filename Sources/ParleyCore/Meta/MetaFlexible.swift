import FoundationEssentials

/// An id Meta sends as a JSON string in one place and as a number in another (app_id, sticker_id, attachment ids).
public struct MetaID: Decodable, Sendable, Hashable, CustomStringConvertible {
    /// The id as text.
    public let value: String

    /// Wraps a known id.
    public init(_ value: String) { self.value = value }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let s = try? c.decode(String.self) { value = s; return }
        if let i = try? c.decode(Int64.self) { value = String(i); return }
        if let u = try? c.decode(UInt64.self) { value = String(u); return }
        throw DecodingError.typeMismatch(String.self, .init(codingPath: decoder.codingPath, debugDescription: "expected an id (string or integer)"))
    }

    public var description: String { value }
}

/// A time Meta sends as a number (Messenger/Instagram: epoch milliseconds) or as a numeric string (WhatsApp: epoch seconds).
public struct MetaTime: Decodable, Sendable, Hashable {
    /// The raw number as sent.
    public let raw: Int64

    /// Wraps a raw value.
    public init(_ raw: Int64) { self.raw = raw }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let i = try? c.decode(Int64.self) { raw = i; return }
        if let d = try? c.decode(Double.self), d.isFinite, abs(d) < 9e15 { raw = Int64(d); return }
        if let s = try? c.decode(String.self), let i = Int64(s.trimmingSpaces) { raw = i; return }
        throw DecodingError.typeMismatch(Int64.self, .init(codingPath: decoder.codingPath, debugDescription: "expected a timestamp"))
    }

    /// Milliseconds, guessing the unit: values below 10^11 are seconds (10^11 s is the year 5138; 10^11 ms is 1973).
    public var millis: Int64 { raw < 100_000_000_000 ? raw &* 1000 : raw }
}

/// Decodes `T` if it can and keeps nil otherwise, so one odd field (an attachment payload of a new type) never
/// makes a whole webhook unreadable.
public struct Lenient<T: Decodable & Sendable>: Decodable, Sendable {
    /// The decoded value, or nil when the JSON did not fit `T`.
    public let value: T?

    public init(from decoder: any Decoder) throws {
        value = try? T(from: decoder)
    }
}

/// One SQLite value as stored in a column or bound to a parameter.
public enum SQLValue: Sendable, Equatable, Hashable {
    /// SQL NULL.
    case null
    /// A 64-bit signed integer (SQLite's INTEGER storage class).
    case integer(Int64)
    /// An IEEE double (SQLite's REAL storage class).
    case real(Double)
    /// UTF-8 text; may contain embedded NUL characters.
    case text(String)
    /// Raw bytes; an empty blob is distinct from NULL.
    case blob([UInt8])

    /// True when the value is SQL NULL.
    public var isNull: Bool { self == .null }
}

/// A Swift value that can be bound to a `?` parameter of a statement.
public protocol SQLBindable: Sendable {
    /// The value SQLite receives for this parameter.
    var sqlValue: SQLValue { get }
}

extension SQLValue: SQLBindable {
    /// The value itself.
    public var sqlValue: SQLValue { self }
}

extension Int: SQLBindable {
    /// Bound as INTEGER.
    public var sqlValue: SQLValue { .integer(Int64(self)) }
}

extension Int64: SQLBindable {
    /// Bound as INTEGER.
    public var sqlValue: SQLValue { .integer(self) }
}

extension Int32: SQLBindable {
    /// Bound as INTEGER.
    public var sqlValue: SQLValue { .integer(Int64(self)) }
}

extension Double: SQLBindable {
    /// Bound as REAL (SQLite stores NaN as NULL).
    public var sqlValue: SQLValue { .real(self) }
}

extension Bool: SQLBindable {
    /// Bound as INTEGER 1 or 0, SQLite's boolean convention.
    public var sqlValue: SQLValue { .integer(self ? 1 : 0) }
}

extension String: SQLBindable {
    /// Bound as TEXT (copied by SQLite, see `Statement.bind`).
    public var sqlValue: SQLValue { .text(self) }
}

extension Array: SQLBindable where Element == UInt8 {
    /// Bound as BLOB.
    public var sqlValue: SQLValue { .blob(self) }
}

extension Optional: SQLBindable where Wrapped: SQLBindable {
    /// `nil` binds NULL, otherwise the wrapped value.
    public var sqlValue: SQLValue { self?.sqlValue ?? .null }
}

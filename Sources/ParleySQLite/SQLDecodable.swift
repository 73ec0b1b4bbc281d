/// A Swift type a column value can be converted into (used by `Row.decode` and `Connection.scalar`).
public protocol SQLDecodable: Sendable {
    /// The converted value, or nil when `value` has the wrong storage class (NULL is always nil).
    static func fromSQL(_ value: SQLValue) -> Self?
}

extension SQLValue: SQLDecodable {
    /// Any non-NULL value as is.
    public static func fromSQL(_ value: SQLValue) -> SQLValue? { value.isNull ? nil : value }
}

extension Int64: SQLDecodable {
    /// INTEGER only: converting REAL or TEXT would hide schema mistakes.
    public static func fromSQL(_ value: SQLValue) -> Int64? {
        if case .integer(let v) = value { return v }
        return nil
    }
}

extension Int: SQLDecodable {
    /// INTEGER that fits `Int`.
    public static func fromSQL(_ value: SQLValue) -> Int? {
        guard case .integer(let v) = value else { return nil }
        return Int(exactly: v)
    }
}

extension Int32: SQLDecodable {
    /// INTEGER that fits `Int32`.
    public static func fromSQL(_ value: SQLValue) -> Int32? {
        guard case .integer(let v) = value else { return nil }
        return Int32(exactly: v)
    }
}

extension Double: SQLDecodable {
    /// REAL, or INTEGER widened (SQLite returns whole REALs in untyped columns as INTEGER).
    public static func fromSQL(_ value: SQLValue) -> Double? {
        switch value {
        case .real(let v): return v
        case .integer(let v): return Double(v)
        default: return nil
        }
    }
}

extension Bool: SQLDecodable {
    /// INTEGER: 0 is false, anything else true.
    public static func fromSQL(_ value: SQLValue) -> Bool? {
        guard case .integer(let v) = value else { return nil }
        return v != 0
    }
}

extension String: SQLDecodable {
    /// TEXT only.
    public static func fromSQL(_ value: SQLValue) -> String? {
        if case .text(let v) = value { return v }
        return nil
    }
}

extension Array: SQLDecodable where Element == UInt8 {
    /// BLOB only.
    public static func fromSQL(_ value: SQLValue) -> [UInt8]? {
        if case .blob(let v) = value { return v }
        return nil
    }
}

/// Column names of one result set, shared by all its rows.
final class ColumnMap: Sendable {
    let names: [String]
    let index: [String: Int]

    init(names: [String]) {
        self.names = names
        var index: [String: Int] = [:]
        // SQLite column names are case-insensitive; the first of duplicate names wins.
        for (i, name) in names.enumerated() where index[name.lowercased()] == nil {
            index[name.lowercased()] = i
        }
        self.index = index
    }

    func position(of name: String) -> Int? { index[name.lowercased()] }
}

/// One result row: values by position or by (case-insensitive) column name.
///
/// Typed getters throw `SQLiteError` (kind `.decoding`) when the column is missing, NULL, or of another type;
/// the `optional…` getters return nil for NULL but still throw for a missing column or a wrong type.
public struct Row: Sendable {
    let columns: ColumnMap
    /// The values in column order.
    public let values: [SQLValue]

    init(columns: ColumnMap, values: [SQLValue]) {
        self.columns = columns
        self.values = values
    }

    /// Column names in order.
    public var columnNames: [String] { columns.names }

    /// The value at `index`, or `.null` when out of range.
    public subscript(index: Int) -> SQLValue { values.indices.contains(index) ? values[index] : .null }

    /// The value of column `name`, or `.null` when there is no such column (use `decode` to detect that).
    public subscript(name: String) -> SQLValue {
        guard let i = columns.position(of: name) else { return .null }
        return values[i]
    }

    /// True when the result has a column called `name`.
    public func hasColumn(_ name: String) -> Bool { columns.position(of: name) != nil }

    /// The non-NULL value of `column` as `T`; throws if missing, NULL or of another type.
    public func decode<T: SQLDecodable>(_ column: String, as type: T.Type = T.self) throws -> T {
        guard let value = try decodeIfPresent(column, as: type) else {
            throw SQLiteError(kind: .decoding(column: column), message: "is NULL, expected \(T.self)")
        }
        return value
    }

    /// The value of `column` as `T`, nil for NULL; throws if the column is missing or of another type.
    public func decodeIfPresent<T: SQLDecodable>(_ column: String, as type: T.Type = T.self) throws -> T? {
        guard let i = columns.position(of: column) else {
            throw SQLiteError(kind: .decoding(column: column),
                              message: "no such column (have: \(columns.names.joined(separator: ", ")))")
        }
        let value = values[i]
        if value.isNull { return nil }
        guard let decoded = T.fromSQL(value) else {
            throw SQLiteError(kind: .decoding(column: column), message: "holds \(value.typeName), expected \(T.self)")
        }
        return decoded
    }

    /// Column as `Int`.
    public func int(_ column: String) throws -> Int { try decode(column) }
    /// Column as `Int64`.
    public func int64(_ column: String) throws -> Int64 { try decode(column) }
    /// Column as `Double` (INTEGER is widened).
    public func double(_ column: String) throws -> Double { try decode(column) }
    /// Column as `Bool` (INTEGER, non-zero is true).
    public func bool(_ column: String) throws -> Bool { try decode(column) }
    /// Column as `String`.
    public func string(_ column: String) throws -> String { try decode(column) }
    /// Column as bytes.
    public func blob(_ column: String) throws -> [UInt8] { try decode(column) }
    /// Column as `Int`, nil for NULL.
    public func optionalInt(_ column: String) throws -> Int? { try decodeIfPresent(column) }
    /// Column as `Int64`, nil for NULL.
    public func optionalInt64(_ column: String) throws -> Int64? { try decodeIfPresent(column) }
    /// Column as `Double`, nil for NULL.
    public func optionalDouble(_ column: String) throws -> Double? { try decodeIfPresent(column) }
    /// Column as `String`, nil for NULL.
    public func optionalString(_ column: String) throws -> String? { try decodeIfPresent(column) }
    /// Column as bytes, nil for NULL.
    public func optionalBlob(_ column: String) throws -> [UInt8]? { try decodeIfPresent(column) }
}

extension SQLValue {
    /// SQLite's name for the storage class, used in error messages.
    var typeName: String {
        switch self {
        case .null: "NULL"
        case .integer: "INTEGER"
        case .real: "REAL"
        case .text: "TEXT"
        case .blob: "BLOB"
        }
    }
}

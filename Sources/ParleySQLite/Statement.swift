internal import CSQLite

/// A prepared statement owned by one `Connection` (internal: callers only see SQL strings).
final class Statement {
    let handle: OpaquePointer
    let sql: String
    /// Column names, computed once per execution and shared by its rows (a schema change between
    /// executions can re-prepare the statement and rename columns, so `reset` forgets them).
    private var columnMap: ColumnMap?

    init(handle: OpaquePointer, sql: String) {
        self.handle = handle
        self.sql = sql
    }

    func finalize() { sqlite3_finalize(handle) }

    /// Ready for the next use: SQLite keeps the compiled program, we drop the previous bindings.
    func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        columnMap = nil
    }

    /// Binds `args` to parameters 1…n; the count must match exactly so a forgotten argument is an error, not NULL.
    func bind(_ args: [any SQLBindable], db: OpaquePointer) throws {
        let expected = Int(sqlite3_bind_parameter_count(handle))
        guard expected == args.count else {
            throw SQLiteError.misuse("statement expects \(expected) argument(s), got \(args.count)", sql: sql)
        }
        for (offset, arg) in args.enumerated() {
            let rc = bindOne(arg.sqlValue, at: Int32(offset + 1))
            guard rc == SQLITE_OK else { throw SQLiteError(db: db, code: rc, sql: sql) }
        }
    }

    private func bindOne(_ value: SQLValue, at i: Int32) -> Int32 {
        switch value {
        case .null:
            return sqlite3_bind_null(handle, i)
        case .integer(let v):
            return sqlite3_bind_int64(handle, i, v)
        case .real(let v):
            return sqlite3_bind_double(handle, i, v)
        case .text(var s):
            // Explicit length keeps embedded NULs; TRANSIENT because Swift's buffer dies after the call.
            // An empty string must still pass a non-NULL pointer, or SQLite binds NULL.
            return s.withUTF8 { buf in
                guard let base = buf.baseAddress, buf.count > 0 else {
                    return sqlite3_bind_text(handle, i, "", 0, parley_sqlite_transient())
                }
                return base.withMemoryRebound(to: CChar.self, capacity: buf.count) {
                    sqlite3_bind_text64(handle, i, $0, sqlite3_uint64(buf.count), parley_sqlite_transient(),
                                        UInt8(SQLITE_UTF8))
                }
            }
        case .blob(let bytes):
            // A NULL pointer would bind NULL; an empty blob is a zero-length zeroblob.
            guard !bytes.isEmpty else { return sqlite3_bind_zeroblob(handle, i, 0) }
            return bytes.withUnsafeBytes { raw in
                sqlite3_bind_blob64(handle, i, raw.baseAddress, sqlite3_uint64(raw.count), parley_sqlite_transient())
            }
        }
    }

    /// Steps once; true when a row is available, false when done.
    func step(db: OpaquePointer) throws -> Bool {
        let rc = sqlite3_step(handle)
        switch rc {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw SQLiteError(db: db, code: rc, sql: sql)
        }
    }

    /// The current row, read as UTF-8 text / raw bytes with explicit lengths.
    func currentRow() -> Row {
        let count = sqlite3_column_count(handle)
        let map = columns(count: count)
        var values: [SQLValue] = []
        values.reserveCapacity(Int(count))
        for c in 0..<count { values.append(value(at: c)) }
        return Row(columns: map, values: values)
    }

    private func columns(count: Int32) -> ColumnMap {
        if let map = columnMap { return map }
        let names = (0..<count).map { c in sqlite3_column_name(handle, c).map { String(cString: $0) } ?? "" }
        let map = ColumnMap(names: names)
        columnMap = map
        return map
    }

    private func value(at c: Int32) -> SQLValue {
        switch sqlite3_column_type(handle, c) {
        case SQLITE_INTEGER:
            return .integer(sqlite3_column_int64(handle, c))
        case SQLITE_FLOAT:
            return .real(sqlite3_column_double(handle, c))
        case SQLITE_TEXT:
            // Order matters (sqlite.org c3ref/column_blob): fetch the pointer first, then the byte count.
            guard let ptr = sqlite3_column_text(handle, c) else { return .text("") }
            let n = Int(sqlite3_column_bytes(handle, c))
            return .text(String(decoding: UnsafeBufferPointer(start: ptr, count: n), as: UTF8.self))
        case SQLITE_BLOB:
            guard let ptr = sqlite3_column_blob(handle, c) else { return .blob([]) }
            let n = Int(sqlite3_column_bytes(handle, c))
            return .blob(Array(UnsafeRawBufferPointer(start: ptr, count: n)))
        default:
            return .null
        }
    }
}

extension SQLiteError {
    /// An error for result code `code`, with the message SQLite recorded on `db`.
    init(db: OpaquePointer?, code: Int32, sql: String?) {
        var extended = code
        var message = String(cString: sqlite3_errstr(code))
        if let db {
            // The connection's extended code is more precise when it refers to the same primary error.
            let dbExtended = sqlite3_extended_errcode(db)
            if dbExtended & 0xFF == code & 0xFF { extended = dbExtended }
            message = String(cString: sqlite3_errmsg(db))
        }
        self.init(kind: .sqlite, extendedCode: extended, message: message, sql: sql)
    }
}

/// An error from SQLite or from this wrapper (schema checks, migrations, decoding, use after close).
public struct SQLiteError: Error, CustomStringConvertible, Sendable {
    /// What went wrong, beyond the SQLite result code.
    public enum Kind: Sendable, Equatable {
        /// SQLite returned an error code (see `resultCode`).
        case sqlite
        /// The file's recorded schema is newer than this build knows (`found > known`).
        case schemaTooNew(kind: String, found: Int, known: Int)
        /// Migration `id`/`name` failed and was rolled back; the codes and message are the cause.
        case migrationFailed(id: Int, name: String)
        /// The connection or database was already closed.
        case closed
        /// A column was missing or held a different type than asked for.
        case decoding(column: String)
        /// The wrapper was used wrongly (e.g. wrong number of arguments).
        case misuse
    }

    /// The category of the error.
    public let kind: Kind
    /// Primary SQLite result code (low 8 bits), e.g. 19 = SQLITE_CONSTRAINT; 0 for non-SQLite errors.
    public let resultCode: Int32
    /// Extended SQLite result code, e.g. 2067 = SQLITE_CONSTRAINT_UNIQUE.
    public let extendedResultCode: Int32
    /// Human-readable explanation (from sqlite3_errmsg for SQLite errors).
    public let message: String
    /// The statement involved, truncated to 200 characters.
    public let sql: String?

    /// Creates an error; `sql` is truncated so huge scripts do not flood logs.
    public init(kind: Kind, extendedCode: Int32 = 0, message: String, sql: String? = nil) {
        self.kind = kind
        self.extendedResultCode = extendedCode
        self.resultCode = extendedCode & 0xFF
        self.message = message
        self.sql = sql.map { $0.count > 200 ? String($0.prefix(200)) + "…" : $0 }
    }

    /// A one-line description with code, message and SQL.
    public var description: String {
        var text: String
        switch kind {
        case .sqlite: text = "SQLite error \(extendedResultCode): \(message)"
        case .migrationFailed(let id, let name):
            text = "migration \(id) \"\(name)\" failed (SQLite error \(extendedResultCode)): \(message)"
        case .schemaTooNew, .closed, .misuse: text = message
        case .decoding(let column): text = "column \"\(column)\": \(message)"
        }
        if let sql { text += " [SQL: \(sql)]" }
        return text
    }

    // MARK: - Classification (codes from sqlite3.h, hard-coded because the composite macros do not import)

    /// Any constraint failure: UNIQUE, NOT NULL, CHECK, FOREIGN KEY, PRIMARY KEY.
    public var isConstraintViolation: Bool { resultCode == 19 }
    /// A UNIQUE or PRIMARY KEY collision (SQLITE_CONSTRAINT_UNIQUE 2067 / _PRIMARYKEY 1555).
    public var isUniqueViolation: Bool { extendedResultCode == 2067 || extendedResultCode == 1555 }
    /// A FOREIGN KEY violation (SQLITE_CONSTRAINT_FOREIGNKEY 787).
    public var isForeignKeyViolation: Bool { extendedResultCode == 787 }
    /// Another connection held a lock past busy_timeout (SQLITE_BUSY 5 or SQLITE_LOCKED 6).
    public var isBusy: Bool { resultCode == 5 || resultCode == 6 }
    /// The disk (or max_page_count) is full: SQLITE_FULL 13. Data already committed is intact.
    public var isDiskFull: Bool { resultCode == 13 }
    /// A write was attempted on a read-only connection or file: SQLITE_READONLY 8.
    public var isReadOnly: Bool { resultCode == 8 }
    /// The OS reported an I/O error: SQLITE_IOERR 10.
    public var isIOError: Bool { resultCode == 10 }
    /// The file is not a database or is damaged: SQLITE_CORRUPT 11 / SQLITE_NOTADB 26.
    public var isCorrupt: Bool { resultCode == 11 || resultCode == 26 }

    static func closed(_ path: String) -> SQLiteError {
        SQLiteError(kind: .closed, message: "database \(path) is closed")
    }

    static func misuse(_ message: String, sql: String? = nil) -> SQLiteError {
        SQLiteError(kind: .misuse, extendedCode: 21, message: message, sql: sql)
    }
}

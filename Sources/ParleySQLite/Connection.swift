internal import CSQLite

/// One SQLite connection (one `sqlite3` handle) with a prepared-statement cache.
///
/// Not thread-safe: use it from one thread at a time. `Database` guarantees that for its connections
/// (the writer behind a `Mutex`, readers handed out one borrower at a time).
///
/// SAFETY (`@unchecked Sendable`): the handle is opened with SQLITE_OPEN_NOMUTEX, which SQLite allows to move
/// between threads as long as no two threads use it at once. Every `Connection` that crosses threads goes
/// through `Database`, whose locks provide that exclusion; a standalone `Connection` must be confined by its owner.
public final class Connection: @unchecked Sendable {
    /// How a connection is opened and configured.
    public struct Options: Sendable {
        /// Milliseconds SQLite retries a locked database before SQLITE_BUSY.
        public var busyTimeoutMillis: Int32 = 5000
        /// PRAGMA synchronous; FULL (default) survives power loss, NORMAL only application crashes.
        public var synchronous: Synchronous = .full
        /// Opens with SQLITE_OPEN_READONLY (readers in `Database`).
        public var readOnly = false
        /// Prepared statements kept per connection; statements beyond this are prepared per use.
        public var statementCacheCapacity = 128
        /// Creates options with the defaults above.
        public init(synchronous: Synchronous = .full, busyTimeoutMillis: Int32 = 5000, readOnly: Bool = false) {
            self.synchronous = synchronous
            self.busyTimeoutMillis = busyTimeoutMillis
            self.readOnly = readOnly
        }
    }

    /// Values for PRAGMA synchronous that make sense with WAL.
    public enum Synchronous: String, Sendable {
        /// fsync the WAL on every commit: durable across power loss.
        case full = "FULL"
        /// fsync only at checkpoints: durable across application crashes only.
        case normal = "NORMAL"
    }

    /// The file this connection opened.
    public let path: String
    /// The options it was opened with.
    public let options: Options
    var handle: OpaquePointer?
    private var cache: [String: Statement] = [:]
    var savepointDepth = 0
    /// Statement-cache hits since open (diagnostics and tests).
    public private(set) var statementCacheHits = 0
    /// Statements compiled since open (diagnostics and tests).
    public private(set) var statementsPrepared = 0

    /// Opens (creating if needed) `path` and applies, in order: busy_timeout, journal_mode=WAL,
    /// synchronous, foreign_keys=ON, defensive mode. Busy timeout comes first so WAL setup waits for locks.
    public init(path: String, options: Options = Options()) throws {
        self.path = path
        self.options = options
        var flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
        flags |= options.readOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
        var db: OpaquePointer?
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let error = SQLiteError(db: db, code: rc, sql: nil)
            sqlite3_close_v2(db)  // SQLite may allocate a handle even when open fails.
            throw SQLiteError(kind: .sqlite, extendedCode: error.extendedResultCode,
                              message: "cannot open \(path): \(error.message)")
        }
        handle = db
        do {
            try configure(db)
        } catch {
            close()
            throw error
        }
    }

    private func configure(_ db: OpaquePointer) throws {
        sqlite3_busy_timeout(db, options.busyTimeoutMillis)
        if !options.readOnly {
            let mode = try scalar("PRAGMA journal_mode=WAL", as: String.self)?.lowercased()
            // In-memory databases cannot use WAL; anything else must, or concurrency and durability assumptions break.
            guard mode == "wal" || path.isEmpty || path == ":memory:" else {
                throw SQLiteError(kind: .sqlite, message: "cannot enable WAL on \(path) (journal_mode=\(mode ?? "?"))")
            }
        }
        try execute("PRAGMA synchronous=\(options.synchronous.rawValue); PRAGMA foreign_keys=ON")
        let rc = parley_sqlite_defensive(db, 1)
        guard rc == SQLITE_OK else { throw SQLiteError(db: db, code: rc, sql: "SQLITE_DBCONFIG_DEFENSIVE") }
    }

    deinit { close() }

    /// Finalizes cached statements and closes the handle; safe to call twice.
    public func close() {
        guard let db = handle else { return }
        for statement in cache.values { statement.finalize() }
        cache.removeAll()
        // close_v2 defers the real close if something is still unfinalized instead of failing.
        sqlite3_close_v2(db)
        handle = nil
    }

    /// True until `close()`.
    public var isOpen: Bool { handle != nil }

    func openHandle() throws -> OpaquePointer {
        guard let handle else { throw SQLiteError.closed(path) }
        return handle
    }

    // MARK: - Running SQL

    /// Runs a script of one or more statements without parameters (DDL, pragmas, migrations).
    public func execute(_ sql: String) throws {
        let db = try openHandle()
        var errmsg: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(db, sql, nil, nil, &errmsg)
        defer { sqlite3_free(errmsg) }
        guard rc == SQLITE_OK else {
            var error = SQLiteError(db: db, code: rc, sql: sql)
            if let errmsg {
                error = SQLiteError(kind: .sqlite, extendedCode: error.extendedResultCode,
                                    message: String(cString: errmsg), sql: sql)
            }
            throw error
        }
    }

    /// Runs one statement with `args` bound to its `?` parameters; returns the number of rows changed.
    @discardableResult
    public func run(_ sql: String, _ args: [any SQLBindable]) throws -> Int {
        let db = try openHandle()
        try withStatement(sql, args) { statement in
            while try statement.step(db: db) {}
        }
        return Int(sqlite3_changes(db))
    }

    /// Variadic form of `run(_:_:)`.
    @discardableResult
    public func run(_ sql: String, _ args: any SQLBindable...) throws -> Int { try run(sql, args) }

    /// All rows of a query.
    public func query(_ sql: String, _ args: [any SQLBindable]) throws -> [Row] {
        let db = try openHandle()
        return try withStatement(sql, args) { statement in
            var rows: [Row] = []
            while try statement.step(db: db) { rows.append(statement.currentRow()) }
            return rows
        }
    }

    /// Variadic form of `query(_:_:)`.
    public func query(_ sql: String, _ args: any SQLBindable...) throws -> [Row] { try query(sql, args) }

    /// The first row of a query, or nil; stops stepping after it.
    public func queryOne(_ sql: String, _ args: [any SQLBindable]) throws -> Row? {
        let db = try openHandle()
        return try withStatement(sql, args) { statement in
            try statement.step(db: db) ? statement.currentRow() : nil
        }
    }

    /// Variadic form of `queryOne(_:_:)`.
    public func queryOne(_ sql: String, _ args: any SQLBindable...) throws -> Row? { try queryOne(sql, args) }

    /// The first column of the first row; nil when there is no row or it is NULL.
    public func scalar(_ sql: String, _ args: [any SQLBindable] = []) throws -> SQLValue? {
        guard let value = try queryOne(sql, args)?[0], !value.isNull else { return nil }
        return value
    }

    /// The first column of the first row as `T`; nil when no row or NULL, throws on a type mismatch.
    public func scalar<T: SQLDecodable>(_ sql: String, _ args: [any SQLBindable] = [], as type: T.Type) throws -> T? {
        guard let value = try scalar(sql, args) else { return nil }
        guard let decoded = T.fromSQL(value) else {
            throw SQLiteError(kind: .decoding(column: "0"), message: "holds \(value.typeName), expected \(T.self)", sql: sql)
        }
        return decoded
    }

    /// Rowid of the most recent successful INSERT on this connection.
    public var lastInsertRowID: Int64 { handle.map { sqlite3_last_insert_rowid($0) } ?? 0 }

    /// Rows changed by the most recent INSERT/UPDATE/DELETE on this connection.
    public var changes: Int { handle.map { Int(sqlite3_changes($0)) } ?? 0 }

    /// True while a transaction is open on this connection.
    public var isInTransaction: Bool { handle.map { sqlite3_get_autocommit($0) == 0 } ?? false }

    /// Number of statements currently held in the cache.
    public var cachedStatementCount: Int { cache.count }

    // MARK: - Statement cache

    /// Runs `body` with a bound statement from the cache (or a fresh one), then resets it and clears bindings.
    private func withStatement<T>(_ sql: String, _ args: [any SQLBindable], _ body: (Statement) throws -> T) throws -> T {
        let db = try openHandle()
        let statement: Statement
        var cached = true
        if let hit = cache[sql] {
            statement = hit
            statementCacheHits += 1
        } else {
            cached = cache.count < options.statementCacheCapacity
            statement = try prepare(sql, db: db, persistent: cached)
            if cached { cache[sql] = statement }
        }
        defer {
            if cached { statement.reset() } else { statement.finalize() }
        }
        try statement.bind(args, db: db)
        return try body(statement)
    }

    private func prepare(_ sql: String, db: OpaquePointer, persistent: Bool) throws -> Statement {
        var stmt: OpaquePointer?
        var tail: UnsafePointer<CChar>?
        let flags: UInt32 = persistent ? UInt32(SQLITE_PREPARE_PERSISTENT) : 0
        let rc = sqlite3_prepare_v3(db, sql, -1, flags, &stmt, &tail)
        guard rc == SQLITE_OK else { throw SQLiteError(db: db, code: rc, sql: sql) }
        guard let stmt else { throw SQLiteError.misuse("SQL contains no statement", sql: sql) }
        // Trailing statements would silently be ignored; only whitespace/comments/semicolons may follow.
        if let tail, tail.pointee != 0 {
            var extra: OpaquePointer?
            sqlite3_prepare_v2(db, tail, -1, &extra, nil)  // nil statement = only comments/whitespace left
            if extra != nil {
                sqlite3_finalize(extra)
                sqlite3_finalize(stmt)
                throw SQLiteError.misuse("only one statement allowed here; use execute() for scripts", sql: sql)
            }
        }
        statementsPrepared += 1
        return Statement(handle: stmt, sql: sql)
    }
}

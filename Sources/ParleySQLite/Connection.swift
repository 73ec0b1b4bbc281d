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
    var cache: [String: Statement] = [:]
    var savepointDepth = 0
    /// Statement-cache hits since open (diagnostics and tests).
    public internal(set) var statementCacheHits = 0
    /// Statements compiled since open (diagnostics and tests).
    public internal(set) var statementsPrepared = 0

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

    /// Rowid of the most recent successful INSERT on this connection.
    public var lastInsertRowID: Int64 { handle.map { sqlite3_last_insert_rowid($0) } ?? 0 }

    /// Rows changed by the most recent INSERT/UPDATE/DELETE on this connection.
    public var changes: Int { handle.map { Int(sqlite3_changes($0)) } ?? 0 }

    /// True while a transaction is open on this connection.
    public var isInTransaction: Bool { handle.map { sqlite3_get_autocommit($0) == 0 } ?? false }

    /// Number of statements currently held in the cache.
    public var cachedStatementCount: Int { cache.count }
}

import Dispatch
import Synchronization

/// One database file as the app uses it: a single writer connection behind a `Mutex` plus a small pool of
/// read-only connections, so reads (WAL snapshots) never wait for writes and writes never hit SQLITE_BUSY
/// from each other. All methods are safe to call from any thread.
public final class Database: Sendable {
    /// How the connections are opened.
    public struct Options: Sendable {
        /// Settings for the writer; readers use the same with `readOnly = true`.
        public var connection: Connection.Options
        /// Upper bound on reader connections (opened lazily).
        public var maxReaders: Int
        /// Creates options; defaults: synchronous FULL, busy_timeout 5000 ms, 4 readers.
        public init(connection: Connection.Options = Connection.Options(), maxReaders: Int = 4) {
            self.connection = connection
            self.maxReaders = max(1, maxReaders)
        }
    }

    private struct ReaderPool {
        var idle: [Connection] = []
        var closed = false
    }

    /// The database file.
    public let path: String
    private let options: Options
    private let writer: Mutex<Connection?>
    private let readers = Mutex(ReaderPool())
    /// Counts free reader slots; a borrower waits here when all readers are busy.
    private let readerSlots: DispatchSemaphore

    /// Opens `path`, runs `migrator` on the writer before anything else, and returns the ready database.
    public static func open(path: String, migrator: Migrator, options: Options = Options()) throws -> Database {
        try Database(path: path, migrator: migrator, options: options)
    }

    /// Opens `path` and migrates it; see `open(path:migrator:options:)`.
    public init(path: String, migrator: Migrator, options: Options = Options()) throws {
        let conn = try Connection(path: path, options: options.connection)
        do {
            try migrator.migrate(conn)
        } catch {
            conn.close()
            throw error
        }
        self.path = path
        self.options = options
        self.writer = Mutex(conn)
        self.readerSlots = DispatchSemaphore(value: options.maxReaders)
    }

    deinit { close() }

    /// Runs `body` on the writer inside BEGIN IMMEDIATE; commits on return, rolls back on throw.
    @discardableResult
    public func write<T>(_ body: (Connection) throws -> T) throws -> T {
        try writeWithoutTransaction { conn in try conn.transaction(.immediate, body) }
    }

    /// Runs `body` on the writer with no transaction around it (VACUUM, checkpoints, own transaction control).
    @discardableResult
    public func writeWithoutTransaction<T>(_ body: (Connection) throws -> T) throws -> T {
        try writer.withLock { conn in
            guard let conn else { throw SQLiteError.closed(path) }
            return try body(conn)
        }
    }

    /// Runs `body` on a read-only connection; sees the latest committed data, waits only if all readers are busy.
    @discardableResult
    public func read<T>(_ body: (Connection) throws -> T) throws -> T {
        readerSlots.wait()
        defer { readerSlots.signal() }
        let conn = try borrowReader()
        defer { giveBack(conn) }
        return try body(conn)
    }

    private func borrowReader() throws -> Connection {
        let reused: Connection? = try readers.withLock { pool in
            if pool.closed { throw SQLiteError.closed(path) }
            return pool.idle.popLast()
        }
        if let reused { return reused }
        // Opening touches the file system, so do it outside the lock; the semaphore already bounds the count.
        var readerOptions = options.connection
        readerOptions.readOnly = true
        return try Connection(path: path, options: readerOptions)
    }

    private func giveBack(_ conn: Connection) {
        // A read that left a transaction open would pin the WAL; never return such a connection to the pool.
        if conn.isInTransaction { try? conn.execute("ROLLBACK") }
        let keep = readers.withLock { pool in
            if pool.closed { return false }
            pool.idle.append(conn)
            return true
        }
        if !keep { conn.close() }
    }

    /// Writes a consistent snapshot to `path` (online backup from a reader, so writes continue meanwhile).
    public func backup(to path: String) throws {
        try read { conn in try conn.backup(to: path) }
    }

    /// Checkpoints the WAL into the main file and closes every connection; later calls throw `.closed`.
    /// Readers still borrowed are closed when they are given back.
    public func close() {
        let idle = readers.withLock { pool in
            pool.closed = true
            defer { pool.idle.removeAll() }
            return pool.idle
        }
        for conn in idle { conn.close() }
        writer.withLock { conn in
            guard let open = conn else { return }
            // TRUNCATE leaves an empty WAL even if a borrowed reader keeps the file open a little longer.
            _ = try? open.query("PRAGMA wal_checkpoint(TRUNCATE)")
            open.close()
            conn = nil
        }
    }

    /// True until `close()`.
    public var isOpen: Bool { writer.withLock { $0 != nil } }
}

/// One schema step: applied once, in id order, inside its own BEGIN IMMEDIATE transaction.
///
/// The SQL must not contain BEGIN/COMMIT, and pragmas that are no-ops inside a transaction
/// (foreign_keys, journal_mode) have no effect here. Shipped migrations are never edited; append new ones.
public struct Migration: Sendable {
    /// Strictly increasing positive number; the highest applied id is the schema version.
    public let id: Int
    /// Short description, shown in errors and stored in `parley_migrations`.
    public let name: String
    /// The script to run (may hold several statements).
    public let sql: String

    /// Creates a migration.
    public init(id: Int, name: String, sql: String) {
        self.id = id
        self.name = name
        self.sql = sql
    }
}

/// Brings a database file up to the newest known schema, refusing files written by a newer build.
public struct Migrator: Sendable {
    /// Which schema family this is ("control", "tenant", "ingest"), used in messages.
    public let kind: String
    /// All known migrations, in increasing id order.
    public let migrations: [Migration]
    /// Called once with the pending migrations before the first is applied (e.g. to snapshot the file).
    public let beforeApplying: (@Sendable (Connection, [Migration]) throws -> Void)?

    /// Creates a migrator; ids must be positive and strictly increasing (a programmer error otherwise).
    public init(kind: String, migrations: [Migration],
                beforeApplying: (@Sendable (Connection, [Migration]) throws -> Void)? = nil) {
        var previous = 0
        for m in migrations {
            precondition(m.id > previous, "\(kind) migration ids must be positive and strictly increasing: \(m.id) after \(previous)")
            previous = m.id
        }
        self.kind = kind
        self.migrations = migrations
        self.beforeApplying = beforeApplying
    }

    /// The newest schema version this build knows.
    public var knownVersion: Int { migrations.last?.id ?? 0 }

    /// Applies pending migrations; returns the ids applied by this call ([] when already current).
    ///
    /// - Throws: `.schemaTooNew` when the file records a higher version than `knownVersion`;
    ///   `.migrationFailed(id:name:)` when a step fails (that step is rolled back, earlier ones stay).
    @discardableResult
    public func migrate(_ conn: Connection) throws -> [Int] {
        // Check the version before writing anything, so a refused file is left exactly as it was.
        let hasTable = try conn.scalar("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'parley_migrations'") != nil
        let applied = hasTable ? Set(try conn.query("SELECT id FROM parley_migrations").map { try $0.int("id") }) : []
        let userVersion = try conn.scalar("PRAGMA user_version", as: Int.self) ?? 0
        let found = max(applied.max() ?? 0, userVersion)
        guard found <= knownVersion else {
            throw SQLiteError(kind: .schemaTooNew(kind: kind, found: found, known: knownVersion),
                              message: "database \(conn.path) was written by a newer Parley "
                                  + "(schema \(kind) \(found) > \(knownVersion)); upgrade Parley or restore a backup")
        }
        try conn.execute("""
            CREATE TABLE IF NOT EXISTS parley_migrations(
                id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)
            """)
        let pending = migrations.filter { !applied.contains($0.id) }
        guard !pending.isEmpty else { return [] }
        try beforeApplying?(conn, pending)
        var done: [Int] = []
        for migration in pending where try apply(migration, on: conn) {
            done.append(migration.id)
        }
        return done
    }

    /// Runs one migration with its bookkeeping in one transaction; false if another process applied it first.
    private func apply(_ migration: Migration, on conn: Connection) throws -> Bool {
        do {
            return try conn.transaction(.immediate) { conn in
                // Re-check under the write lock: a second process may have migrated meanwhile.
                if try conn.scalar("SELECT 1 FROM parley_migrations WHERE id = ?", [migration.id]) != nil { return false }
                try conn.execute(migration.sql)
                try conn.run("""
                    INSERT INTO parley_migrations(id, name, applied_at)
                    VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
                    """, [migration.id, migration.name])
                // user_version lives in the file header and is transactional, so it commits with the step.
                let version = max(migration.id, try conn.scalar("PRAGMA user_version", as: Int.self) ?? 0)
                try conn.execute("PRAGMA user_version = \(version)")
                return true
            }
        } catch let error as SQLiteError {
            throw SQLiteError(kind: .migrationFailed(id: migration.id, name: migration.name),
                              extendedCode: error.extendedResultCode,
                              message: "\(kind) schema in \(conn.path): \(error.message)", sql: error.sql)
        }
    }
}

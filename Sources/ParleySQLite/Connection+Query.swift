internal import CSQLite

extension Connection {
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

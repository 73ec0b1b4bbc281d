internal import CSQLite

/// How a top-level transaction takes its locks.
public enum TransactionKind: Sendable {
    /// BEGIN DEFERRED: locks on first access; a later write may fail with SQLITE_BUSY without waiting.
    case deferred
    /// BEGIN IMMEDIATE: takes the write lock up front, so busy_timeout applies and commits cannot deadlock.
    case immediate
}

extension Connection {
    /// Runs `body` in a transaction: COMMIT when it returns, ROLLBACK when it throws (the error is rethrown).
    ///
    /// Called while a transaction is already open (nested), it uses a SAVEPOINT instead, so an inner failure
    /// undoes only the inner work. It `throws` rather than `rethrows` because BEGIN/COMMIT themselves can fail.
    @discardableResult
    public func transaction<T>(_ kind: TransactionKind = .immediate, _ body: (Connection) throws -> T) throws -> T {
        let db = try openHandle()
        if sqlite3_get_autocommit(db) == 0 { return try savepoint(body) }
        try execute(kind == .immediate ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED")
        let result: T
        do {
            result = try body(self)
        } catch {
            rollbackQuietly()
            throw error
        }
        do {
            try execute("COMMIT")
        } catch {
            rollbackQuietly()
            throw error
        }
        return result
    }

    /// SQLite may already have rolled back on its own (e.g. after SQLITE_FULL); only roll back what is still open.
    private func rollbackQuietly() {
        guard let db = handle, sqlite3_get_autocommit(db) == 0 else { return }
        try? execute("ROLLBACK")
    }

    private func savepoint<T>(_ body: (Connection) throws -> T) throws -> T {
        savepointDepth += 1
        defer { savepointDepth -= 1 }
        let name = "parley_sp\(savepointDepth)"
        try execute("SAVEPOINT \(name)")
        do {
            let result = try body(self)
            try execute("RELEASE \(name)")
            return result
        } catch {
            // ROLLBACK TO keeps the savepoint open; RELEASE then removes it, leaving the outer transaction alive.
            if let db = handle, sqlite3_get_autocommit(db) == 0 {
                try? execute("ROLLBACK TO \(name); RELEASE \(name)")
            }
            throw error
        }
    }
}

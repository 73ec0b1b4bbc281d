import Foundation
import Testing
import ParleySQLite

struct Boom: Error {}

@Suite struct ConnectionTests {
    @Test func pragmasAreInEffect() throws {
        try withTempDir { dir in
            let full = try Connection(path: dir + "/a.sqlite")
            #expect(try full.scalar("PRAGMA journal_mode", as: String.self) == "wal")
            #expect(try full.scalar("PRAGMA synchronous", as: Int.self) == 2)  // FULL
            #expect(try full.scalar("PRAGMA foreign_keys", as: Int.self) == 1)
            #expect(try full.scalar("PRAGMA busy_timeout", as: Int.self) == 5000)
            let normal = try Connection(path: dir + "/b.sqlite", options: .init(synchronous: .normal, busyTimeoutMillis: 250))
            #expect(try normal.scalar("PRAGMA synchronous", as: Int.self) == 1)  // NORMAL
            #expect(try normal.scalar("PRAGMA busy_timeout", as: Int.self) == 250)
            // Defensive mode: writable_schema cannot be used to corrupt the file.
            try full.execute("PRAGMA writable_schema = ON")
            #expect(throws: SQLiteError.self) {
                try full.execute("CREATE TABLE t(x); UPDATE sqlite_schema SET sql = 'garbage' WHERE name = 't'")
            }
            let reader = try Connection(path: dir + "/a.sqlite", options: .init(readOnly: true))
            do {
                try reader.execute("CREATE TABLE nope(x)")
                Issue.record("reader must not write")
            } catch let error as SQLiteError {
                #expect(error.isReadOnly)
            }
        }
    }

    @Test func transactionCommitsAndRollsBack() throws {
        try withTempDir { dir in
            let db = try Connection(path: dir + "/t.sqlite")
            try db.execute("CREATE TABLE t(x)")
            let n = try db.transaction { db in
                try db.run("INSERT INTO t VALUES (1)")
                return db.lastInsertRowID
            }
            #expect(n == 1)
            #expect(throws: Boom.self) {
                try db.transaction { db in
                    try db.run("INSERT INTO t VALUES (2)")
                    throw Boom()
                }
            }
            #expect(!db.isInTransaction)
            #expect(try db.query("SELECT x FROM t").map { try $0.int("x") } == [1])
        }
    }

    @Test func nestedTransactionIsASavepoint() throws {
        try withTempDir { dir in
            let db = try Connection(path: dir + "/t.sqlite")
            try db.execute("CREATE TABLE t(x)")
            try db.transaction { db in
                try db.run("INSERT INTO t VALUES (1)")
                #expect(throws: Boom.self) {
                    try db.transaction { db in
                        try db.run("INSERT INTO t VALUES (2)")
                        throw Boom()
                    }
                }
                try db.transaction { db in try db.run("INSERT INTO t VALUES (3)") }
                #expect(db.isInTransaction)  // the outer transaction survived the inner failure
            }
            #expect(try db.query("SELECT x FROM t ORDER BY x").map { try $0.int("x") } == [1, 3])
        }
    }

    @Test func uniqueViolationIsClassifiedAndLeavesNothingHalfWritten() throws {
        try withTempDir { dir in
            let db = try Connection(path: dir + "/t.sqlite")
            try db.execute("CREATE TABLE u(name TEXT UNIQUE); CREATE TABLE log(msg TEXT)")
            try db.run("INSERT INTO u VALUES ('a')")
            do {
                try db.transaction { db in
                    try db.run("INSERT INTO log VALUES ('before')")
                    try db.run("INSERT INTO u VALUES (?)", "a")
                }
                Issue.record("duplicate must throw")
            } catch let error as SQLiteError {
                #expect(error.isUniqueViolation)
                #expect(error.isConstraintViolation)
                #expect(!error.isBusy && !error.isDiskFull)
                #expect(error.resultCode == 19 && error.extendedResultCode == 2067)
                #expect(error.description.contains("UNIQUE"))
                #expect(error.sql == "INSERT INTO u VALUES (?)")
            }
            #expect(try db.scalar("SELECT count(*) FROM log", as: Int.self) == 0)
            #expect(try db.scalar("SELECT count(*) FROM u", as: Int.self) == 1)
        }
    }

    @Test func foreignKeysAreEnforced() throws {
        try withTempDir { dir in
            let db = try Connection(path: dir + "/t.sqlite")
            try db.execute("""
                CREATE TABLE parent(id INTEGER PRIMARY KEY);
                CREATE TABLE child(id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES parent(id));
                """)
            do {
                try db.run("INSERT INTO child(parent_id) VALUES (?)", 99)
                Issue.record("orphan insert must fail")
            } catch let error as SQLiteError {
                #expect(error.isForeignKeyViolation && error.isConstraintViolation)
            }
            try db.run("INSERT INTO parent(id) VALUES (1)")
            try db.run("INSERT INTO child(parent_id) VALUES (1)")
            #expect(throws: SQLiteError.self) { try db.run("DELETE FROM parent WHERE id = 1") }
        }
    }

    @Test func diskFullIsCleanAndKeepsCommittedData() throws {
        try withTempDir { dir in
            let db = try Connection(path: dir + "/t.sqlite")
            try db.execute("CREATE TABLE t(b BLOB)")
            let pages = try #require(try db.scalar("PRAGMA page_count", as: Int.self))
            try db.execute("PRAGMA max_page_count = \(pages + 8)")  // a tiny "disk"
            var committed = 0
            var fullError: SQLiteError?
            for _ in 0..<100 {
                do {
                    try db.transaction { db in try db.run("INSERT INTO t VALUES (?)", [UInt8](repeating: 7, count: 2000)) }
                    committed += 1
                } catch let error as SQLiteError {
                    fullError = error
                    break
                }
            }
            let error = try #require(fullError)
            #expect(error.isDiskFull)
            #expect(committed > 0)
            #expect(!db.isInTransaction)
            #expect(try db.scalar("SELECT count(*) FROM t", as: Int.self) == committed)
            #expect(try db.integrityCheck() == [])
        }
    }

    @Test func fts5WithDiacriticFolding() throws {
        try withTempDir { dir in
            let db = try Connection(path: dir + "/t.sqlite")
            try db.execute("CREATE VIRTUAL TABLE docs USING fts5(body, tokenize = 'unicode61 remove_diacritics 2')")
            try db.run("INSERT INTO docs(body) VALUES (?)", "Grüße aus Zürich, café crème")
            try db.run("INSERT INTO docs(body) VALUES (?)", "nothing here")
            #expect(try db.query("SELECT body FROM docs WHERE docs MATCH ?", "zurich").count == 1)
            #expect(try db.query("SELECT body FROM docs WHERE docs MATCH ?", "cafe*").count == 1)
            #expect(try db.query("SELECT body FROM docs WHERE docs MATCH ?", "creme AND gruße").count == 1)
        }
    }

    @Test func backupAndVacuumIntoProduceCheckedCopies() throws {
        try withTempDir { dir in
            let db = try Connection(path: dir + "/t.sqlite")
            try db.execute("CREATE TABLE t(x)")
            for i in 0..<100 { try db.run("INSERT INTO t VALUES (?)", i) }
            try db.backup(to: dir + "/backup.sqlite")
            try db.backup(to: dir + "/backup.sqlite")  // replaces an existing snapshot
            try db.vacuumInto(path: dir + "/vacuum.sqlite")
            for copy in ["/backup.sqlite", "/vacuum.sqlite"] {
                let c = try Connection(path: dir + copy)
                #expect(try c.integrityCheck() == [])
                #expect(try c.scalar("SELECT count(*) FROM t", as: Int.self) == 100)
            }
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.contains(".tmp-") }
            #expect(leftovers.isEmpty)
        }
    }
}

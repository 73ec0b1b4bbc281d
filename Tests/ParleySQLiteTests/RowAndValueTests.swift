import Foundation
import Testing
@testable import ParleySQLite

@Suite struct RowAndValueTests {
    @Test func everyTypeRoundTrips() throws {
        try withTempDir { dir in
            let db = try Connection(path: dir + "/t.sqlite")
            try db.execute("CREATE TABLE v(i, r, t, b, z)")
            let big = [UInt8]((0..<1_048_576).map { UInt8(truncatingIfNeeded: $0 &* 31) })
            let emoji = "héllo 👋🏽 世界 \u{0}after-nul"
            try db.run("INSERT INTO v VALUES (?, ?, ?, ?, ?)", Int64.max, 3.25, emoji, big, SQLValue.null)
            try db.run("INSERT INTO v VALUES (?, ?, ?, ?, ?)", [Int64.min, -0.5, "", [UInt8](), Int?.none])
            try db.run("INSERT INTO v VALUES (?, ?, ?, ?, ?)", [Int32(-7), true, String?.some("x"), false, 42])
            let rows = try db.query("SELECT * FROM v ORDER BY rowid")
            #expect(rows.count == 3)
            #expect(rows[0]["i"] == .integer(Int64.max))
            #expect(try rows[0].double("r") == 3.25)
            #expect(try rows[0].string("t") == emoji)
            #expect(try rows[0].string("t").utf8.count == emoji.utf8.count)  // embedded NUL kept
            #expect(try rows[0].blob("b") == big)
            #expect(rows[0]["z"] == .null)
            #expect(try rows[0].optionalString("z") == nil)
            #expect(try rows[1].int64("i") == Int64.min)
            #expect(rows[1]["t"] == .text(""))  // empty string is not NULL
            #expect(rows[1]["b"] == .blob([]))  // empty blob is not NULL
            #expect(rows[1]["z"] == .null)
            #expect(try rows[2].int("i") == -7)
            #expect(try rows[2].bool("r") == true)
            #expect(try rows[2].bool("b") == false)
            #expect(try rows[2].int("z") == 42)
            #expect(try db.scalar("SELECT typeof(t) FROM v WHERE rowid = 1", as: String.self) == "text")
            // An array literal of integers is the argument list, not one [UInt8] blob for the variadic form.
            try db.execute("CREATE TABLE pair(a, b)")
            try db.run("INSERT INTO pair VALUES (?, ?)", [1, 2])
            #expect(try db.queryOne("SELECT a, b FROM pair")?.values == [.integer(1), .integer(2)])
        }
    }

    @Test func columnsByNameAndIndex() throws {
        try withTempDir { dir in
            let db = try Connection(path: dir + "/t.sqlite")
            let row = try #require(try db.queryOne("SELECT 1 AS id, 'Ann' AS Name, NULL AS note"))
            #expect(row.columnNames == ["id", "Name", "note"])
            #expect(try row.int("id") == 1)
            #expect(try row.string("name") == "Ann")  // case-insensitive like SQLite
            #expect(row[1] == .text("Ann"))
            #expect(row[9] == .null)
            #expect(row["missing"] == .null)
            #expect(!row.hasColumn("missing"))
            #expect(throws: SQLiteError.self) { try row.int("missing") }
            #expect(throws: SQLiteError.self) { try row.int("name") }  // wrong type
            #expect(throws: SQLiteError.self) { try row.string("note") }  // NULL for non-optional
            #expect(throws: SQLiteError.self) { try row.optionalString("id") }  // wrong type still throws
            do {
                _ = try row.int("Name")
            } catch let error as SQLiteError {
                #expect(error.kind == .decoding(column: "Name"))
                #expect(error.description.contains("TEXT"))
            }
        }
    }

    @Test func preparedStatementsAreCachedAndReset() throws {
        try withTempDir { dir in
            let db = try Connection(path: dir + "/t.sqlite")
            try db.execute("CREATE TABLE t(x)")
            let before = db.statementsPrepared
            for i in 0..<50 { try db.run("INSERT INTO t(x) VALUES (?)", i) }
            #expect(db.statementsPrepared == before + 1)
            #expect(db.statementCacheHits >= 49)
            #expect(try db.scalar("SELECT sum(x) FROM t", as: Int.self) == 1225)
            // Bindings are cleared after use: a second query sees its own args, not leftovers.
            #expect(try db.query("SELECT x FROM t WHERE x = ?", 7).count == 1)
            #expect(try db.query("SELECT x FROM t WHERE x = ?", 8).first?.int("x") == 8)
            // queryOne stops early; the statement must still be reset for the next use.
            #expect(try db.queryOne("SELECT x FROM t ORDER BY x") != nil)
            #expect(try db.query("SELECT x FROM t ORDER BY x").count == 50)
        }
    }

    @Test func misuseIsAnErrorNotACrash() throws {
        try withTempDir { dir in
            let db = try Connection(path: dir + "/t.sqlite")
            try db.execute("CREATE TABLE t(x)")
            #expect(throws: SQLiteError.self) { try db.run("INSERT INTO t VALUES (?)") }  // missing argument
            #expect(throws: SQLiteError.self) { try db.run("INSERT INTO t VALUES (?)", 1, 2) }
            #expect(throws: SQLiteError.self) { try db.run("INSERT INTO t VALUES (1); INSERT INTO t VALUES (2)") }
            #expect(throws: SQLiteError.self) { try db.query("SELEC nonsense") }
            #expect(try db.scalar("SELECT count(*) FROM t", as: Int.self) == 0)
            db.close()
            db.close()  // idempotent
            do {
                _ = try db.query("SELECT 1")
                Issue.record("query after close must throw")
            } catch let error as SQLiteError {
                #expect(error.kind == .closed)
            }
        }
    }
}

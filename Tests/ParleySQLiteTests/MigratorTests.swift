import Foundation
import Synchronization
import Testing
import ParleySQLite

@Suite struct MigratorTests {
    static let v1 = [
        Migration(id: 1, name: "create users", sql: "CREATE TABLE users(id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE)"),
        Migration(id: 2, name: "add name", sql: "ALTER TABLE users ADD COLUMN name TEXT"),
    ]

    @Test func appliesOnceAndRecordsBookkeeping() throws {
        try withTempDir { dir in
            let path = dir + "/m.sqlite"
            let hookCalls = Mutex<[[Int]]>([])
            let migrator = Migrator(kind: "tenant", migrations: Self.v1) { _, pending in
                hookCalls.withLock { $0.append(pending.map(\.id)) }
            }
            let conn = try Connection(path: path)
            #expect(try migrator.migrate(conn) == [1, 2])
            #expect(try migrator.migrate(conn) == [])
            conn.close()
            let db = try Database.open(path: path, migrator: migrator)  // second open applies nothing
            try db.read { conn in
                #expect(try conn.scalar("PRAGMA user_version", as: Int.self) == 2)
                let rows = try conn.query("SELECT id, name, applied_at FROM parley_migrations ORDER BY id")
                #expect(try rows.map { try $0.string("name") } == ["create users", "add name"])
                #expect(try rows[0].string("applied_at").hasSuffix("Z"))
            }
            #expect(hookCalls.withLock { $0 } == [[1, 2]])
            // A later build adds migration 3: only it is applied.
            db.close()
            let v2 = Migrator(kind: "tenant", migrations: Self.v1 + [
                Migration(id: 3, name: "index email", sql: "CREATE INDEX users_name ON users(name)"),
            ])
            let conn2 = try Connection(path: path)
            #expect(try v2.migrate(conn2) == [3])
        }
    }

    @Test func failingMigrationRollsBackOnlyItselfAndNamesItself() throws {
        try withTempDir { dir in
            let path = dir + "/m.sqlite"
            let broken = Migrator(kind: "tenant", migrations: Self.v1 + [
                Migration(id: 3, name: "half broken", sql: """
                    CREATE TABLE posts(id INTEGER PRIMARY KEY);
                    INSERT INTO no_such_table VALUES (1);
                    """),
            ])
            do {
                _ = try Database.open(path: path, migrator: broken)
                Issue.record("broken migration must throw")
            } catch let error as SQLiteError {
                #expect(error.kind == .migrationFailed(id: 3, name: "half broken"))
                #expect(error.description.contains("migration 3 \"half broken\""))
                #expect(error.description.contains("no_such_table"))
            }
            let conn = try Connection(path: path)
            #expect(try conn.scalar("PRAGMA user_version", as: Int.self) == 2)
            #expect(try conn.query("SELECT id FROM parley_migrations").count == 2)
            #expect(try conn.scalar("SELECT count(*) FROM sqlite_schema WHERE name = 'posts'", as: Int.self) == 0)
        }
    }

    @Test func newerDatabaseIsRefused() throws {
        try withTempDir { dir in
            let path = dir + "/m.sqlite"
            let newer = Migrator(kind: "tenant", migrations: Self.v1 + [
                Migration(id: 7, name: "future", sql: "CREATE TABLE future(x)"),
            ])
            try Database.open(path: path, migrator: newer).close()
            let older = Migrator(kind: "tenant", migrations: Self.v1)
            do {
                _ = try Database.open(path: path, migrator: older)
                Issue.record("older build must refuse a newer database")
            } catch let error as SQLiteError {
                #expect(error.kind == .schemaTooNew(kind: "tenant", found: 7, known: 2))
                #expect(error.message == "database \(path) was written by a newer Parley (schema tenant 7 > 2); "
                    + "upgrade Parley or restore a backup")
            }
            // The file is untouched by the refused open.
            let conn = try Connection(path: path)
            #expect(try conn.scalar("PRAGMA user_version", as: Int.self) == 7)
        }
    }

    @Test func hookFailureAbortsBeforeAnyMigration() throws {
        try withTempDir { dir in
            let migrator = Migrator(kind: "control", migrations: Self.v1) { _, _ in throw Boom() }
            #expect(throws: Boom.self) { try Database.open(path: dir + "/m.sqlite", migrator: migrator) }
            let conn = try Connection(path: dir + "/m.sqlite")
            #expect(try conn.scalar("PRAGMA user_version", as: Int.self) == 0)
        }
    }
}

import Foundation
import ParleySQLite

/// A fresh directory per test, removed afterwards, so tests run in parallel on real files.
func withTempDir<T>(_ body: (String) throws -> T) throws -> T {
    let dir = FileManager.default.temporaryDirectory
        .appendingPathComponent("parley-sqlite-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    return try body(dir)
}

/// A migrator with one table `items(id, name UNIQUE, n)` for tests that need a schema.
let itemsMigrator = Migrator(kind: "test", migrations: [
    Migration(id: 1, name: "items", sql: "CREATE TABLE items(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, n INTEGER)"),
])

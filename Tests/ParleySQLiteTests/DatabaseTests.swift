import Foundation
import Synchronization
import Testing
import ParleySQLite

@Suite struct DatabaseTests {
    @Test func readersRunWhileOneWriterWrites() throws {
        try withTempDir { dir in
            let db = try Database.open(path: dir + "/d.sqlite", migrator: itemsMigrator)
            let errors = Mutex<[String]>([])
            let readsDone = Atomic<Int>(0)
            let midWriteReads = Atomic<Int>(0)  // reads that saw a partial table: proof they overlapped writes
            let readersStarted = Atomic<Int>(0)
            let writerDone = Atomic<Bool>(false)
            let group = DispatchGroup()
            // Real threads, not GCD: on 2 cores GCD may run the readers only after the writer finished.
            func spawn(_ body: @escaping @Sendable () -> Void) {
                group.enter()
                Thread { body(); group.leave() }.start()
            }
            spawn {
                while readersStarted.load(ordering: .acquiring) < 4 { usleep(100) }
                for i in 0..<2000 {
                    do {
                        try db.write { conn in try conn.run("INSERT INTO items(name, n) VALUES (?, ?)", "item\(i)", i) }
                    } catch {
                        errors.withLock { $0.append("write \(i): \(error)") }
                    }
                }
                writerDone.store(true, ordering: .releasing)
            }
            for _ in 0..<4 {
                spawn {
                    readersStarted.add(1, ordering: .releasing)
                    var lastCount = 0
                    repeat {
                        do {
                            let (count, maxN) = try db.read { conn in
                                let row = try #require(try conn.queryOne("SELECT count(*) AS c, max(n) AS m FROM items"))
                                return (try row.int("c"), try row.optionalInt("m") ?? -1)
                            }
                            // Committed rows only, in order, never going backwards.
                            if count < lastCount || maxN != count - 1 {
                                errors.withLock { $0.append("inconsistent read: count \(count) max \(maxN)") }
                            }
                            if count > 0 && count < 2000 { midWriteReads.add(1, ordering: .relaxed) }
                            lastCount = count
                            readsDone.add(1, ordering: .relaxed)
                        } catch {
                            errors.withLock { $0.append("read: \(error)") }
                        }
                    } while !writerDone.load(ordering: .acquiring)
                }
            }
            group.wait()
            #expect(errors.withLock { $0 } == [])
            #expect(midWriteReads.load(ordering: .relaxed) > 0)
            print("[ParleySQLite concurrency] \(readsDone.load(ordering: .relaxed)) reads "
                + "(\(midWriteReads.load(ordering: .relaxed)) during writes) alongside 2000 commits, 0 errors")
            #expect(try db.read { try $0.scalar("SELECT count(*) FROM items", as: Int.self) } == 2000)
            db.close()
        }
    }

    @Test func backupDuringWritesHasEverythingCommittedBefore() throws {
        try withTempDir { dir in
            let db = try Database.open(path: dir + "/d.sqlite", migrator: itemsMigrator)
            for i in 0..<500 { try db.write { try $0.run("INSERT INTO items(name, n) VALUES (?, ?)", "pre\(i)", i) } }
            let stop = Atomic<Bool>(false)
            let written = Atomic<Int>(0)
            let group = DispatchGroup()
            DispatchQueue.global().async(group: group) {
                var i = 0
                while !stop.load(ordering: .acquiring) {
                    _ = try? db.write { try $0.run("INSERT INTO items(name, n) VALUES (?, ?)", "live\(i)", i) }
                    i += 1
                    written.store(i, ordering: .releasing)
                }
            }
            while written.load(ordering: .acquiring) < 50 { usleep(1000) }
            let committedBefore = try db.read { try $0.scalar("SELECT count(*) FROM items", as: Int.self) } ?? 0
            try db.backup(to: dir + "/snap.sqlite")
            stop.store(true, ordering: .releasing)
            group.wait()
            let snap = try Connection(path: dir + "/snap.sqlite")
            #expect(try snap.integrityCheck() == [])
            let inSnap = try #require(try snap.scalar("SELECT count(*) FROM items", as: Int.self))
            #expect(inSnap >= committedBefore)
            #expect(try snap.scalar("SELECT count(*) FROM items WHERE name LIKE 'pre%'", as: Int.self) == 500)
            #expect(try snap.scalar("SELECT max(id) FROM parley_migrations", as: Int.self) == 1)
            db.close()
        }
    }

    @Test func writeRollsBackOnThrowAndCloseIsFinal() throws {
        try withTempDir { dir in
            let path = dir + "/d.sqlite"
            let db = try Database.open(path: path, migrator: itemsMigrator)
            #expect(db.path == path)
            #expect(throws: Boom.self) {
                try db.write { conn in
                    try conn.run("INSERT INTO items(name) VALUES ('x')")
                    throw Boom()
                }
            }
            do {
                try db.write { conn in
                    try conn.run("INSERT INTO items(name) VALUES ('dup')")
                    try conn.run("INSERT INTO items(name) VALUES ('dup')")
                }
            } catch let error as SQLiteError {
                #expect(error.isUniqueViolation)
            }
            #expect(try db.read { try $0.scalar("SELECT count(*) FROM items", as: Int.self) } == 0)
            do {
                try db.read { conn in try conn.run("INSERT INTO items(name) VALUES ('via reader')") }
                Issue.record("readers must be read-only")
            } catch let error as SQLiteError {
                #expect(error.isReadOnly)
            }
            try db.writeWithoutTransaction { conn in
                #expect(!conn.isInTransaction)
                try conn.run("INSERT INTO items(name) VALUES ('kept')")
            }
            db.close()
            db.close()
            #expect(!db.isOpen)
            // close() checkpointed: the WAL is gone or empty and the main file alone holds the data.
            let walSize = (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? 0
            #expect(walSize == 0)
            for attempt in [{ try db.read { _ in 1 } }, { try db.write { _ in 1 } }] {
                do {
                    _ = try attempt()
                    Issue.record("use after close must throw")
                } catch let error as SQLiteError {
                    #expect(error.kind == .closed)
                    #expect(error.description.contains(path))
                }
            }
            let conn = try Connection(path: path)
            #expect(try conn.scalar("SELECT name FROM items", as: String.self) == "kept")
        }
    }
}

import Foundation
import Testing
import ParleySQLite

/// Prints insert rates for the report; timing is too noisy on shared CI to assert on.
@Suite(.serialized) struct InsertRateTests {
    private func rate(_ rows: Int, _ body: () throws -> Void) rethrows -> Double {
        let clock = ContinuousClock()
        let elapsed = try clock.measure(body)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return Double(rows) / seconds
    }

    @Test func insertRates() throws {
        try withTempDir { dir in
            let payload = String(repeating: "x", count: 120)
            var results: [String] = []
            for sync in [Connection.Synchronous.full, .normal] {
                let db = try Connection(path: dir + "/\(sync.rawValue).sqlite", options: .init(synchronous: sync))
                try db.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, body TEXT)")
                let single = sync == .full ? 300 : 3000
                let autocommit = try rate(single) {
                    for _ in 0..<single { try db.run("INSERT INTO t(body) VALUES (?)", payload) }
                }
                let batched = try rate(20_000) {
                    for _ in 0..<200 {
                        try db.transaction { db in
                            for _ in 0..<100 { try db.run("INSERT INTO t(body) VALUES (?)", payload) }
                        }
                    }
                }
                #expect(try db.scalar("SELECT count(*) FROM t", as: Int.self) == single + 20_000)
                results.append("synchronous=\(sync.rawValue): autocommit \(Int(autocommit)) rows/s, "
                    + "100 rows/txn \(Int(batched)) rows/s")
            }
            print("[ParleySQLite insert rates] " + results.joined(separator: " | "))
        }
    }
}

import Foundation
import ParleyCore
import ParleySQLite
import ParleyTestSupport
import Synchronization
import Testing

@Suite("Backup archives") struct BackupTests {
    @Test func backupUnderConcurrentWritesKeepsEveryCommittedRow() throws {
        let f = try BackupFixture()
        defer { f.core.close(); f.dir.remove() }
        let t = try f.tenant("busy")
        try f.seedAudit(t.id, count: 100_000)
        let db = try f.core.tenants.database(t.id)
        let log = AuditLog(db: db)

        // A writer keeps committing during the whole backup.
        let stop = Atomic<Bool>(false)
        let written = Atomic<Int>(0)
        let writer = Thread {
            while !stop.load(ordering: .relaxed) {
                try? log.record(actorUserID: 1, actor: "writer", ip: "127.0.0.1", action: "test.write", result: "ok")
                written.add(1, ordering: .relaxed)
            }
        }
        writer.start()
        while written.load(ordering: .relaxed) < 20 { usleep(1000) }
        let committedBefore = try db.read { c in try c.scalar("SELECT max(id) FROM audit_log", as: Int64.self) } ?? 0

        let started = Date()
        let result = try Backup.create(data: f.core.data, BackupRequest(outDir: "\(f.dir.path)/out", parleyVersion: "test"))
        let seconds = Date().timeIntervalSince(started)
        stop.store(true, ordering: .relaxed)
        while !writer.isFinished { usleep(1000) }
        print("backup of \(committedBefore) audit rows: \(String(format: "%.2f", seconds)) s, archive \(result.archiveSize) bytes, "
              + "\(written.load(ordering: .relaxed)) rows written concurrently")

        #expect(result.manifest.scope == "full")
        #expect(result.manifest.tenants.map(\.slug) == ["busy"])
        try Restore.verify(result.archive)
        let restored = "\(f.dir.path)/restored"
        try Restore.restoreAll(result.archive, into: restored)
        let copy = try Connection(path: "\(restored)/tenants/\(t.id).sqlite")
        defer { copy.close() }
        #expect(try copy.integrityCheck() == [])
        // Ids are consecutive, so "count of ids ≤ N == N" means no committed row is missing.
        let present = try copy.scalar("SELECT count(*) FROM audit_log WHERE id <= ?", [committedBefore], as: Int64.self)
        #expect(present == committedBefore)
    }

    @Test func verifyPassesAndAnyFlippedByteFails() throws {
        let f = try BackupFixture()
        defer { f.core.close(); f.dir.remove() }
        let t = try f.tenant("acme")
        try f.seedAudit(t.id, count: 200)
        try DataDirectory.makeDirectory("\(f.core.data.tenantFiles(t.id))/2026")
        try Data("a photo".utf8).write(to: URL(fileURLWithPath: "\(f.core.data.tenantFiles(t.id))/2026/p.jpg"))
        let archive = try Backup.create(data: f.core.data, BackupRequest(outDir: "\(f.dir.path)/out", parleyVersion: "test")).archive
        let manifest = try Restore.verify(archive)
        #expect(manifest.files.map(\.path).contains("files/\(t.id)/2026/p.jpg"))

        let size = try Int(FileManager.default.attributesOfItem(atPath: archive)[.size] as? Int ?? 0)
        // A header, the manifest, the manifest checksum, database pages, the middle, and the end marker.
        for offset in [100, 512 + 40, 2 * 512 + 512 + 3, 5 * 512 + 4000, size / 2, size - 1024 - 100, size - 1] {
            let bad = try flippedCopy(of: archive, at: offset, in: f.dir.path)
            let error = #expect(throws: OpsError.self) { try Restore.verify(bad) }
            #expect(error?.kind == .damaged, "offset \(offset): \(String(describing: error))")
            #expect(error?.message.contains("is damaged") == true, "offset \(offset): \(String(describing: error))")
        }
        let inData = try flippedCopy(of: archive, at: size / 2, in: f.dir.path)
        let error = #expect(throws: OpsError.self) { try Restore.verify(inData) }
        print("flipped byte message: \(error?.message ?? "-")")
        #expect(error?.message.contains("SHA-256") == true)
    }

    @Test func masterKeyIsNeverArchived() throws {
        let f = try BackupFixture()
        defer { f.core.close(); f.dir.remove() }
        _ = try f.tenant("acme")
        let keyFile = try Data(contentsOf: URL(fileURLWithPath: "\(f.root)/keys/master.key"))
        let keyText = String(decoding: keyFile, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let result = try Backup.create(data: f.core.data, BackupRequest(outDir: "\(f.dir.path)/out", parleyVersion: "test"))
        let archive = try Data(contentsOf: URL(fileURLWithPath: result.archive))
        #expect(!keyText.isEmpty)
        #expect(archive.range(of: keyFile) == nil)
        #expect(archive.range(of: Data(keyText.utf8)) == nil)
        if let raw = hexBytes(keyText) { #expect(archive.range(of: Data(raw)) == nil) }
        #expect(!result.manifest.files.contains { $0.path.contains("key") })
        #expect(archive.range(of: Data("master.key".utf8)) == nil)
    }

    @Test func tenantBackupRefusesUnknownSlugAndOmitsOtherTenants() throws {
        let f = try BackupFixture()
        defer { f.core.close(); f.dir.remove() }
        let a = try f.tenant("alpha")
        _ = try f.tenant("beta")
        let error = #expect(throws: OpsError.self) {
            try Backup.create(data: f.core.data, BackupRequest(outDir: "\(f.dir.path)/out", tenantSlug: "nope", parleyVersion: "test"))
        }
        #expect(error?.message.contains("nope") == true)
        let r = try Backup.create(data: f.core.data, BackupRequest(outDir: "\(f.dir.path)/out", tenantSlug: "alpha", parleyVersion: "test"))
        #expect(r.archive.hasSuffix("-alpha.tar"))
        #expect(r.manifest.scope == "tenant")
        #expect(r.manifest.files.map(\.path) == ["tenants/\(a.id).sqlite"])
        #expect(r.manifest.tenants.map(\.slug) == ["alpha"])
    }

    @Test func progressBarAndSizes() {
        #expect(TerminalProgress.size(999) == "999 B")
        #expect(TerminalProgress.size(1_500_000) == "1.5 MB")
        let bar = TerminalProgress.bar(done: 50, total: 100, current: "tenants/1.sqlite", width: 10)
        #expect(bar.hasPrefix("[#####-----]  50%"))
        #expect(bar.hasSuffix("tenants/1.sqlite"))
    }
}

private func hexBytes(_ s: String) -> [UInt8]? {
    guard s.count == 64 else { return nil }
    var out: [UInt8] = []
    var i = s.startIndex
    while i < s.endIndex {
        let j = s.index(i, offsetBy: 2)
        guard let b = UInt8(s[i..<j], radix: 16) else { return nil }
        out.append(b)
        i = j
    }
    return out
}

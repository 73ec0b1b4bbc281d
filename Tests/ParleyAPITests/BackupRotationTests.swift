import Foundation
import ParleyCore
import ParleyTestSupport
import Testing

@Suite("Backup rotation") struct BackupRotationTests {
    @Test func keepsNewestNPerKind() throws {
        let dir = TempDirectory("parley-rotation")
        defer { dir.remove() }
        let full = (1...6).map { "parley-backup-2026010\($0)T020000Z.tar" }
        let acme = (1...4).map { "parley-backup-2026020\($0)T020000Z-acme.tar" }
        let other = ["notes.txt", ".parley-backup-20260101T020000Z.tar.partial-ab", "parley-backup-garbage.tar"]
        for name in full + acme + other { try Data("x".utf8).write(to: URL(fileURLWithPath: "\(dir.path)/\(name)")) }

        let deleted = try BackupRotation.prune(dir.path, keep: 3)
        #expect(deleted.count == 3 + 1)
        let left = Set(try FileManager.default.contentsOfDirectory(atPath: dir.path))
        #expect(left == Set(full.suffix(3) + acme.suffix(3) + other))
        #expect(BackupRotation.parse("parley-backup-20260101T020000Z-acme.tar")?.slug == "acme")
        #expect(BackupRotation.parse("parley-backup-20260101T020000Z.tar")?.stamp == "20260101T020000Z")
        #expect(BackupRotation.parse("parley-backup-2026010XT020000Z.tar") == nil)
    }

    @Test func schedulerBacksUpWhenDueAndPrunes() throws {
        let f = try BackupFixture("parley-scheduler")
        defer { f.core.close(); f.dir.remove() }
        _ = try f.tenant("acme")
        let scheduler = BackupScheduler(data: f.core.data, keep: 2, interval: .seconds(86_400), parleyVersion: "test")
        let day0 = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(try scheduler.runIfDue(now: day0) != nil)
        #expect(try scheduler.runIfDue(now: day0.addingTimeInterval(3600)) == nil)
        #expect(try scheduler.runIfDue(now: day0.addingTimeInterval(86_400)) != nil)
        let last = try #require(try scheduler.runIfDue(now: day0.addingTimeInterval(2 * 86_400)))
        let archives = try FileManager.default.contentsOfDirectory(atPath: f.core.data.backupsDir).filter { $0.hasSuffix(".tar") }.sorted()
        #expect(archives.count == 2)
        #expect(archives.last == (last.archive as NSString).lastPathComponent)
        try Restore.verify(last.archive)
    }
}

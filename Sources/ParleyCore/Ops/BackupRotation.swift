import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif

/// Keeps the newest N archives in a folder, separately for full backups and for each tenant's backups.
public enum BackupRotation {
    /// An archive name taken apart.
    public struct ArchiveName: Sendable, Equatable {
        /// "20260101T020000Z"
        public let stamp: String
        /// The tenant slug, nil for a full backup.
        public let slug: String?
    }

    /// Parses "parley-backup-<stamp>[-<slug>].tar"; nil for anything else (temp files, other files).
    public static func parse(_ name: String) -> ArchiveName? {
        guard name.hasPrefix("parley-backup-"), name.hasSuffix(".tar") else { return nil }
        let core = name.dropFirst("parley-backup-".count).dropLast(".tar".count)
        let stamp = String(core.prefix(16))
        guard stamp.count == 16, date(stamp) != nil else { return nil }
        let rest = core.dropFirst(16)
        if rest.isEmpty { return ArchiveName(stamp: stamp, slug: nil) }
        guard rest.hasPrefix("-"), Tenant.isValidSlug(String(rest.dropFirst())) else { return nil }
        return ArchiveName(stamp: stamp, slug: String(rest.dropFirst()))
    }

    /// The instant of a "YYYYMMDDTHHMMSSZ" stamp.
    public static func date(_ stamp: String) -> Date? {
        let b = Array(stamp.utf8)
        guard b.count == 16, b[8] == UInt8(ascii: "T"), b[15] == UInt8(ascii: "Z") else { return nil }
        func num(_ r: Range<Int>) -> Int32? { Int32(String(decoding: b[r], as: UTF8.self)) }
        guard let y = num(0..<4), let mo = num(4..<6), let d = num(6..<8),
              let h = num(9..<11), let mi = num(11..<13), let s = num(13..<15) else { return nil }
        var tm = Glibc.tm()
        tm.tm_year = y - 1900; tm.tm_mon = mo - 1; tm.tm_mday = d
        tm.tm_hour = h; tm.tm_min = mi; tm.tm_sec = s
        return Date(timeIntervalSince1970: Double(timegm(&tm)))
    }

    /// Deletes all but the newest `keep` (at least 1) archives of each kind in `dir`; returns the deleted paths.
    @discardableResult
    public static func prune(_ dir: String, keep: Int) throws -> [String] {
        let keep = max(1, keep)
        var groups: [String: [(stamp: String, name: String)]] = [:]
        for name in try FileIO.list(dir) {
            guard let parsed = parse(name), FileIO.kind("\(dir)/\(name)") == .file else { continue }
            groups[parsed.slug ?? "", default: []].append((parsed.stamp, name))
        }
        var deleted: [String] = []
        for (_, archives) in groups {
            for old in archives.sorted(by: { $0.stamp > $1.stamp }).dropFirst(keep) {
                let path = "\(dir)/\(old.name)"
                guard unlink(path) == 0 else { throw OpsError.io("cannot delete \(path)", errno: errno) }
                deleted.append(path)
            }
        }
        return deleted.sorted()
    }

    /// The newest full-backup archive in `dir`, if any.
    public static func newestFull(_ dir: String) -> (path: String, date: Date)? {
        let names = ((try? FileIO.list(dir)) ?? []).compactMap { n in parse(n).flatMap { $0.slug == nil ? (n, $0.stamp) : nil } }
        guard let newest = names.max(by: { $0.1 < $1.1 }), let date = date(newest.1) else { return nil }
        return ("\(dir)/\(newest.0)", date)
    }
}

/// Daily (or any interval) full backups into `<data>/backups`, keeping the newest N.
/// Not started by `serve` yet: wiring it to a setting is left for later; call `runIfDue` from a timer.
public struct BackupScheduler: Sendable {
    /// The data folder to back up (archives go to its backups/ folder).
    public var data: DataDirectory
    /// How many full archives to keep.
    public var keep: Int
    /// Time between backups.
    public var interval: Duration
    /// Recorded in manifests.
    public var parleyVersion: String

    /// Creates a scheduler; defaults: daily, keep 7.
    public init(data: DataDirectory, keep: Int = 7, interval: Duration = .seconds(86_400), parleyVersion: String) {
        self.data = data
        self.keep = keep
        self.interval = interval
        self.parleyVersion = parleyVersion
    }

    /// Backs up when the newest full archive is older than `interval` (or there is none), then prunes.
    /// Returns the new archive, or nil when none was due.
    public func runIfDue(now: Date = Date()) throws -> BackupResult? {
        if let newest = BackupRotation.newestFull(data.backupsDir),
           now.timeIntervalSince(newest.date) < Double(interval.components.seconds) {
            return nil
        }
        let result = try Backup.create(data: data, BackupRequest(outDir: data.backupsDir, parleyVersion: parleyVersion, now: now))
        try BackupRotation.prune(data.backupsDir, keep: keep)
        return result
    }
}

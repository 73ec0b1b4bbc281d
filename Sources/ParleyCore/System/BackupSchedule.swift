import FoundationEssentials
import ParleySQLite

/// Scheduled backups as configured under Settings → System (server-wide, kept in control.sqlite).
public struct BackupSettings: Sendable, Codable, Equatable {
    /// Whether the server takes backups by itself.
    public var enabled = true
    /// Hours between backups.
    public var interval_hours = 24
    /// How many full archives to keep in backups/.
    public var keep = 7

    /// Defaults: daily, keep 7.
    public init() {}

    /// Problems with the values, by field.
    public var problems: [String: String] {
        var p: [String: String] = [:]
        if !(1...168).contains(interval_hours) { p["interval_hours"] = "Use 1 to 168 hours." }
        if !(1...365).contains(keep) { p["keep"] = "Keep 1 to 365 backups." }
        return p
    }
}

/// The outcome of the last scheduled or manual backup.
public struct BackupStatus: Sendable, Codable, Equatable {
    /// When it ran (UTC).
    public var at: String
    /// Whether it succeeded.
    public var ok: Bool
    /// The archive's file name.
    public var archive: String?
    /// Its size in bytes.
    public var size: Int?
    /// Why it failed.
    public var error: String?
    /// How long it took.
    public var seconds: Double
}

/// Runs backups on the configured schedule and records their results; the server calls `tick()` periodically.
public struct BackupSchedule: Sendable {
    let core: Core
    let version: String

    /// Creates the schedule for a core.
    public init(core: Core, version: String) {
        self.core = core
        self.version = version
    }

    /// The settings (defaults until changed).
    public func settings() throws -> BackupSettings {
        try ServerSettings(db: core.control).get("backups", as: BackupSettings.self) ?? BackupSettings()
    }

    /// Saves the settings.
    public func save(_ s: BackupSettings) throws {
        guard s.problems.isEmpty else { throw CoreError.invalid(s.problems) }
        try ServerSettings(db: core.control).set("backups", s)
    }

    /// The last result, if any.
    public func lastStatus() throws -> BackupStatus? {
        try ServerSettings(db: core.control).get("backups.last", as: BackupStatus.self)
    }

    /// Takes a backup if enabled and due; returns the result when one ran.
    @discardableResult
    public func tick(now: Date = Date()) -> BackupStatus? {
        guard let s = try? settings(), s.enabled else { return nil }
        return run(force: false, now: now, settings: s)
    }

    /// Takes a backup now (Settings → System → Back up now).
    public func runNow() -> BackupStatus {
        run(force: true, now: Date(), settings: (try? settings()) ?? BackupSettings()) ?? BackupStatus(at: Clock.iso(), ok: false, error: "not run", seconds: 0)
    }

    func run(force: Bool, now: Date, settings s: BackupSettings) -> BackupStatus? {
        let start = ContinuousClock.now
        let scheduler = BackupScheduler(data: core.data, keep: s.keep, interval: force ? .zero : .seconds(s.interval_hours * 3600), parleyVersion: version)
        let status: BackupStatus
        do {
            guard let r = try scheduler.runIfDue(now: now) else { return nil }
            let e = ContinuousClock.now - start
            status = BackupStatus(at: Clock.iso(now), ok: true, archive: String(r.archive.split(separator: "/").last ?? ""), size: Int(r.archiveSize),
                                  error: nil, seconds: Double(e.components.seconds) + Double(e.components.attoseconds) / 1e18)
        } catch {
            let e = ContinuousClock.now - start
            status = BackupStatus(at: Clock.iso(now), ok: false, archive: nil, size: nil, error: "\(error)",
                                  seconds: Double(e.components.seconds) + Double(e.components.attoseconds) / 1e18)
        }
        try? ServerSettings(db: core.control).set("backups.last", status)
        return status
    }
}

/// Key → JSON value settings in control.sqlite.
public struct ServerSettings: Sendable {
    let db: Database

    /// Wraps the control database.
    public init(db: Database) { self.db = db }

    /// A decoded value.
    public func get<T: Decodable>(_ key: String, as: T.Type) throws -> T? {
        guard let text = try db.read({ c in try c.scalar("SELECT value FROM server_settings WHERE key = ?", [key], as: String.self) }) else { return nil }
        return try? JSONDecoder().decode(T.self, from: Data(text.utf8))
    }

    /// Stores a value.
    public func set<T: Encodable>(_ key: String, _ value: T) throws {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        let text = String(decoding: try e.encode(value), as: UTF8.self)
        _ = try db.write { c in
            try c.run("INSERT INTO server_settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", [key, text])
        }
    }
}

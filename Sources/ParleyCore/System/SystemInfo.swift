import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif

/// What Settings → System shows: version, uptime, data sizes, backlogs.
public struct SystemInfo: Sendable, Encodable {
    /// Parley version.
    public let version: String
    /// Seconds since start.
    public let uptime_seconds: Int
    /// Bytes used by this tenant (database + WAL + files).
    public let tenant_data_bytes: Int64
    /// Bytes used by the whole data folder (server-wide view only).
    public let data_bytes: Int64?
    /// Webhook deliveries not processed yet.
    public let ingest_backlog: Int
    /// Replies waiting to be sent for this tenant.
    public let outbox_backlog: Int
    /// How late the most overdue scheduled work is, in seconds (0 = on time).
    public let scheduler_lag_seconds: Int

    /// Gathers the figures for one tenant; `serverWide` adds the whole data folder's size.
    public static func gather(_ core: Core, tenantID: Int64, version: String, serverWide: Bool) throws -> SystemInfo {
        let uptime = (ContinuousClock.now - core.startedAt).components.seconds
        let tenantBytes = ["", "-wal", "-shm"].reduce(Int64(0)) { $0 + fileBytes(core.data.tenantDB(tenantID) + $1) } + treeBytes(core.data.tenantFiles(tenantID))
        let backlog = try core.ingest.read { c in try c.scalar("SELECT count(*) FROM inbound WHERE status = 'pending'", as: Int.self) ?? 0 }
        let outbox = try core.tenants.database(tenantID).read { c in
            try c.scalar("SELECT count(*) FROM outbox WHERE state IN ('queued', 'sending')", as: Int.self) ?? 0
        }
        return SystemInfo(version: version, uptime_seconds: Int(uptime), tenant_data_bytes: tenantBytes,
                          data_bytes: serverWide ? treeBytes(core.data.root) : nil, ingest_backlog: backlog, outbox_backlog: outbox,
                          scheduler_lag_seconds: try schedulerLag(core))
    }

    /// Seconds the oldest due work is overdue (0 when nothing is late).
    public static func schedulerLag(_ core: Core, nowMillis: Int64 = Clock.nowMillis()) throws -> Int {
        let oldest = try core.control.read { c in try c.scalar("SELECT min(next_due_at) FROM work_due", as: Int64.self) }
        guard let oldest, oldest < nowMillis else { return 0 }
        return Int((nowMillis - oldest) / 1000)
    }

    static func fileBytes(_ path: String) -> Int64 {
        var st = stat()
        return stat(path, &st) == 0 ? Int64(st.st_size) : 0
    }

    /// Total size of regular files below `path`.
    static func treeBytes(_ path: String) -> Int64 {
        guard let dir = opendir(path) else { return fileBytes(path) }
        defer { closedir(dir) }
        var total: Int64 = 0
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) { $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) } }
            if name == "." || name == ".." { continue }
            let child = path + "/" + name
            var st = stat()
            guard lstat(child, &st) == 0 else { continue }
            if (st.st_mode & S_IFMT) == S_IFDIR { total += treeBytes(child) } else if (st.st_mode & S_IFMT) == S_IFREG { total += Int64(st.st_size) }
        }
        return total
    }
}

import FoundationEssentials
import ParleySQLite
import Synchronization

/// Opens tenant databases on first use, keeps a bounded number open and closes idle ones,
/// so 1,000 tenants with 10 active cost about 10 open files.
public final class TenantRegistry: Sendable {
    private struct Entry {
        let db: Database
        var lastUsed: ContinuousClock.Instant
    }
    private let open = Mutex<[Int64: Entry]>([:])
    private let data: DataDirectory
    private let maxOpen: Int
    private let options: Database.Options

    /// Creates a registry over the data folder.
    public init(data: DataDirectory, maxOpen: Int = 64, options: Database.Options = Database.Options()) {
        self.data = data
        self.maxOpen = maxOpen
        self.options = options
    }

    /// The tenant's database, opened (and migrated) if needed.
    public func database(_ tenantID: Int64) throws -> Database {
        guard tenantID > 0 else { throw CoreError.notFound("Tenant") }
        return try open.withLock { m in
            if var e = m[tenantID] {
                e.lastUsed = .now
                m[tenantID] = e
                return e.db
            }
            if m.count >= maxOpen, let oldest = m.min(by: { $0.value.lastUsed < $1.value.lastUsed }) {
                oldest.value.db.close()
                m[oldest.key] = nil
            }
            let migrator = MigrationSnapshots.migrator(TenantSchema.migrator, data: data, label: "tenant-\(tenantID)")
            let db = try Database.open(path: data.tenantDB(tenantID), migrator: migrator, options: options)
            m[tenantID] = Entry(db: db, lastUsed: .now)
            return db
        }
    }

    /// Runs `body` with the tenant's database.
    public func with<T>(_ tenantID: Int64, _ body: (Database) throws -> T) throws -> T {
        try body(database(tenantID))
    }

    /// Closes databases unused for longer than `idle`.
    public func closeIdle(olderThan idle: Duration) {
        let now = ContinuousClock.now
        open.withLock { m in
            for (id, e) in m where now - e.lastUsed > idle {
                e.db.close()
                m[id] = nil
            }
        }
    }

    /// How many tenant databases are open now.
    public var openCount: Int { open.withLock { $0.count } }

    /// Closes one tenant's database (before deleting or restoring it).
    public func close(_ tenantID: Int64) {
        open.withLock { m in
            m[tenantID]?.db.close()
            m[tenantID] = nil
        }
    }

    /// Closes every open database (shutdown).
    public func closeAll() {
        open.withLock { m in
            for e in m.values { e.db.close() }
            m = [:]
        }
    }
}

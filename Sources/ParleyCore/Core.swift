import FoundationEssentials
import ParleyCrypto
import ParleySQLite

/// Everything the server and the CLI share: configuration, the data folder, the control and ingest databases,
/// the tenant registry and the key ring that seals stored tokens.
public final class Core: Sendable {
    /// Effective configuration.
    public let config: Config
    /// The data folder layout.
    public let data: DataDirectory
    /// control.sqlite
    public let control: Database
    /// ingest.sqlite (synchronous=FULL: a webhook is acknowledged only after its commit is on disk)
    public let ingest: Database
    /// Tenant databases.
    public let tenants: TenantRegistry
    /// Seals and opens secrets at rest with the master key.
    public let keyRing: KeyRing
    /// When this process started.
    public let startedAt = ContinuousClock.now

    /// Opens (creating and migrating as needed) everything under the configured data folder.
    public init(config: Config) throws {
        self.config = config
        let data = try DataDirectory(config.dataDir)
        self.data = data
        let key = try MasterKeyFile.loadOrCreate(path: config.masterKeyPath)
        self.keyRing = try KeyRing(key: key, id: "k1")
        // Pending migrations first copy a non-empty file to backups/pre-migrate/ (Ops/MigrationSnapshots.swift).
        self.control = try Database.open(path: data.controlDB, migrator: MigrationSnapshots.migrator(ControlSchema.migrator, data: data, label: "control"))
        self.ingest = try Database.open(path: data.ingestDB, migrator: MigrationSnapshots.migrator(IngestSchema.migrator, data: data, label: "ingest"))
        self.tenants = TenantRegistry(data: data)
    }

    /// Tenants in the control database.
    public var tenantStore: TenantStore { TenantStore(db: control) }

    /// Applies pending migrations to every tenant database (`parley migrate`); returns (tenant, applied ids).
    public func migrateAll() throws -> [(Tenant, [Int])] {
        try tenantStore.all().map { t in
            // Read the schema version first so the report says what this run applied.
            let probe = try Connection(path: data.tenantDB(t.id))
            let version = try probe.scalar("PRAGMA user_version", as: Int64.self) ?? 0
            probe.close()
            _ = try tenants.database(t.id)
            return (t, TenantSchema.migrator.migrations.map(\.id).filter { Int64($0) > version })
        }
    }

    /// Checks that every open database answers (readiness).
    public func isReady() -> Bool {
        ((try? control.read { c in try c.scalar("SELECT 1", as: Int64.self) }) ?? nil) == 1 &&
        ((try? ingest.read { c in try c.scalar("SELECT 1", as: Int64.self) }) ?? nil) == 1
    }

    /// Closes every database (shutdown): checkpoints WAL files.
    public func close() {
        tenants.closeAll()
        ingest.close()
        control.close()
    }
}

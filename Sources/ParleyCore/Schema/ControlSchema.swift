import ParleySQLite

/// Migrations of control.sqlite: tenants, the routing index, OAuth states, scheduling hints.
/// Append only: a shipped migration is never edited.
public enum ControlSchema {
    /// The control database's migrator.
    public static let migrator = Migrator(kind: "control", migrations: [
        Migration(id: 1, name: "tenants and routing", sql: """
            CREATE TABLE tenants (
                id INTEGER PRIMARY KEY,
                slug TEXT NOT NULL UNIQUE,
                name TEXT NOT NULL,
                plan TEXT NOT NULL DEFAULT 'basic',
                status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
                created_at TEXT NOT NULL
            );
            -- external account id (page id, IG id, phone_number_id…) → tenant, so webhooks route without opening every tenant
            CREATE TABLE routes (
                provider TEXT NOT NULL,
                external_id TEXT NOT NULL,
                tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
                channel_id INTEGER NOT NULL,
                PRIMARY KEY (provider, external_id)
            );
            CREATE TABLE oauth_states (
                state_hash TEXT PRIMARY KEY,
                tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
                user_id INTEGER NOT NULL,
                purpose TEXT NOT NULL,
                expires_at INTEGER NOT NULL,
                used_at INTEGER
            );
            -- the scheduler reads this instead of opening idle tenants
            CREATE TABLE tenant_due (
                tenant_id INTEGER PRIMARY KEY REFERENCES tenants(id) ON DELETE CASCADE,
                next_due_at INTEGER NOT NULL
            );
            """),
    ])
}

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
        Migration(id: 2, name: "meta connections: pickers, links, deletion requests", sql: """
            -- Facebook Login candidates between the callback and the page picker (user + page tokens sealed, 15 min)
            CREATE TABLE oauth_pickers (
                id_hash TEXT PRIMARY KEY,
                tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
                user_id INTEGER NOT NULL,
                meta_user_id TEXT NOT NULL DEFAULT '',
                payload_sealed TEXT NOT NULL,
                expires_at INTEGER NOT NULL
            );
            -- which page/WABA and which app-scoped Facebook user stand behind a Meta channel: deauthorize callbacks
            -- and the maintenance job find channels here without opening every tenant
            CREATE TABLE meta_links (
                tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
                channel_id INTEGER NOT NULL,
                kind TEXT NOT NULL,
                parent_id TEXT NOT NULL,
                meta_user_id TEXT,
                checked_at INTEGER,
                check_result TEXT,
                PRIMARY KEY (tenant_id, channel_id)
            );
            CREATE INDEX meta_links_user ON meta_links(meta_user_id);
            CREATE TABLE data_deletions (
                code TEXT PRIMARY KEY,
                meta_user_id TEXT NOT NULL,
                status TEXT NOT NULL,
                summary TEXT NOT NULL DEFAULT '',
                created_at INTEGER NOT NULL,
                completed_at INTEGER
            );
            """),
        Migration(id: 3, name: "due work per kind", sql: """
            -- One due time per tenant AND kind of work: the outbox clearing its row must not hide due publishing.
            CREATE TABLE work_due (
                tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
                kind TEXT NOT NULL,
                next_due_at INTEGER NOT NULL,
                PRIMARY KEY (tenant_id, kind)
            );
            INSERT INTO work_due (tenant_id, kind, next_due_at) SELECT tenant_id, 'outbox', next_due_at FROM tenant_due;
            INSERT INTO work_due (tenant_id, kind, next_due_at) SELECT tenant_id, 'publishing', next_due_at FROM tenant_due;
            DROP TABLE tenant_due;
            """),
        Migration(id: 4, name: "server settings", sql: """
            -- Server-wide settings and states (scheduled backups and their last result), as JSON values.
            CREATE TABLE server_settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
            """),
    ])
}

import ParleySQLite

/// Migrations of ingest.sqlite: the journal of raw inbound webhook requests, committed before any 2xx.
public enum IngestSchema {
    /// The ingest database's migrator.
    public static let migrator = Migrator(kind: "ingest", migrations: [
        Migration(id: 1, name: "webhook journal", sql: """
            CREATE TABLE inbound (
                id INTEGER PRIMARY KEY,
                provider TEXT NOT NULL,
                received_at INTEGER NOT NULL,            -- unix milliseconds
                body_sha256 TEXT NOT NULL UNIQUE,        -- POST-level dedupe of exact retries
                signature TEXT NOT NULL,
                path TEXT NOT NULL,
                body BLOB NOT NULL,                      -- the exact bytes that were signed
                status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'failed', 'unroutable')),
                attempts INTEGER NOT NULL DEFAULT 0,
                last_error TEXT,
                processed_at INTEGER
            );
            CREATE INDEX inbound_pending ON inbound(status, id);
            """),
    ])
}

import ParleySQLite

/// Migrations of each tenants/<id>.sqlite. Append only; each step says why it exists.
public enum TenantSchema {
    /// The tenant database's migrator.
    public static let migrator = Migrator(kind: "tenant", migrations: [
        Migration(id: 1, name: "people and access", sql: """
            CREATE TABLE users (
                id INTEGER PRIMARY KEY,
                email TEXT NOT NULL UNIQUE COLLATE NOCASE,
                name TEXT NOT NULL,
                role TEXT NOT NULL CHECK (role IN ('admin', 'manager', 'agent', 'viewer')),
                permissions TEXT NOT NULL DEFAULT '',     -- comma-separated extra flags
                password_hash TEXT NOT NULL,
                active INTEGER NOT NULL DEFAULT 1,
                created_at TEXT NOT NULL,
                password_changed_at TEXT
            );
            CREATE TABLE sessions (
                id_hash TEXT PRIMARY KEY,                 -- sha256 of the cookie value; the value itself is never stored
                user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                csrf_token TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                last_seen_at INTEGER NOT NULL,
                expires_at INTEGER NOT NULL,
                ip TEXT NOT NULL DEFAULT '',
                user_agent TEXT NOT NULL DEFAULT ''
            );
            CREATE INDEX sessions_user ON sessions(user_id);
            CREATE TABLE api_tokens (
                id INTEGER PRIMARY KEY,
                user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                name TEXT NOT NULL,
                token_hash TEXT NOT NULL UNIQUE,
                prefix TEXT NOT NULL,
                created_at TEXT NOT NULL,
                last_used_at TEXT,
                revoked_at TEXT
            );
            CREATE TABLE teams (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL UNIQUE COLLATE NOCASE,
                created_at TEXT NOT NULL
            );
            CREATE TABLE team_members (
                team_id INTEGER NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
                user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                PRIMARY KEY (team_id, user_id)
            );
            CREATE TABLE audit_log (
                id INTEGER PRIMARY KEY,
                at TEXT NOT NULL,                          -- UTC ISO-8601
                actor_user_id INTEGER,
                actor TEXT NOT NULL DEFAULT '',
                ip TEXT NOT NULL DEFAULT '',
                action TEXT NOT NULL,
                target TEXT NOT NULL DEFAULT '',
                result TEXT NOT NULL,
                details TEXT NOT NULL DEFAULT '',
                request_id TEXT NOT NULL DEFAULT ''
            );
            CREATE INDEX audit_at ON audit_log(at);
            CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE locations (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL UNIQUE COLLATE NOCASE,
                address TEXT NOT NULL DEFAULT '',
                created_at TEXT NOT NULL
            );
            """),
        Migration(id: 2, name: "channels, contacts, conversations, messages", sql: """
            CREATE TABLE channels (
                id INTEGER PRIMARY KEY,
                kind TEXT NOT NULL,                        -- messenger, instagram, whatsapp, telegram, email, widget, sandbox
                external_id TEXT NOT NULL,
                name TEXT NOT NULL,
                location_id INTEGER REFERENCES locations(id) ON DELETE SET NULL,
                token_sealed TEXT,                         -- AES-256-GCM envelope, bound to the channel row
                token_expires_at INTEGER,
                status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'needs_reauth', 'disconnected')),
                last_webhook_at INTEGER,
                last_error TEXT,
                created_at TEXT NOT NULL,
                UNIQUE (kind, external_id)
            );
            CREATE TABLE channel_access (
                channel_id INTEGER NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
                user_id INTEGER REFERENCES users(id) ON DELETE CASCADE,
                team_id INTEGER REFERENCES teams(id) ON DELETE CASCADE,
                CHECK ((user_id IS NULL) != (team_id IS NULL))
            );
            CREATE UNIQUE INDEX channel_access_unique ON channel_access(channel_id, ifnull(user_id, 0), ifnull(team_id, 0));
            CREATE TABLE contacts (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL DEFAULT '',
                email TEXT,
                phone TEXT,
                avatar_path TEXT,
                created_at TEXT NOT NULL
            );
            CREATE TABLE contact_identities (
                channel_id INTEGER NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
                external_id TEXT NOT NULL,                 -- PSID, IGSID, wa_id, chat id…
                contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
                PRIMARY KEY (channel_id, external_id)
            );
            CREATE TABLE conversations (
                id INTEGER PRIMARY KEY,
                channel_id INTEGER NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
                contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
                status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'pending', 'snoozed', 'resolved')),
                assignee_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
                team_id INTEGER REFERENCES teams(id) ON DELETE SET NULL,
                priority TEXT NOT NULL DEFAULT 'normal',
                snoozed_until INTEGER,
                unread INTEGER NOT NULL DEFAULT 0,
                last_inbound_at INTEGER,
                -- denormalised last message: the list query stays ~0.05 ms over 20k conversations (DESIGN.md §8)
                last_message_at INTEGER NOT NULL,
                last_message_preview TEXT NOT NULL DEFAULT '',
                last_message_direction TEXT NOT NULL DEFAULT 'in',
                created_at TEXT NOT NULL,
                UNIQUE (channel_id, contact_id)
            );
            CREATE INDEX conversations_recent ON conversations(last_message_at DESC, id DESC);
            CREATE INDEX conversations_status ON conversations(status, last_message_at DESC);
            CREATE TABLE messages (
                id INTEGER PRIMARY KEY,
                conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
                channel_id INTEGER NOT NULL,
                direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
                external_id TEXT,                          -- mid / wamid; UNIQUE per channel makes replays harmless
                text TEXT NOT NULL DEFAULT '',
                attachments TEXT NOT NULL DEFAULT '[]',   -- JSON array
                status TEXT NOT NULL DEFAULT 'received',  -- received, queued, sending, sent, delivered, read, failed
                error TEXT,
                author_user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
                is_echo INTEGER NOT NULL DEFAULT 0,
                sent_at INTEGER NOT NULL,                  -- unix milliseconds
                created_at TEXT NOT NULL
            );
            CREATE UNIQUE INDEX messages_external ON messages(channel_id, external_id) WHERE external_id IS NOT NULL;
            CREATE INDEX messages_thread ON messages(conversation_id, id);
            CREATE VIRTUAL TABLE messages_fts USING fts5(text, content='messages', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
            CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
                INSERT INTO messages_fts(rowid, text) VALUES (new.id, new.text);
            END;
            CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
                INSERT INTO messages_fts(messages_fts, rowid, text) VALUES ('delete', old.id, old.text);
            END;
            CREATE TABLE notes (
                id INTEGER PRIMARY KEY,
                conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
                author_user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
                text TEXT NOT NULL,
                created_at TEXT NOT NULL
            );
            CREATE TABLE labels (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL UNIQUE COLLATE NOCASE,
                color TEXT NOT NULL DEFAULT '#64748b'
            );
            CREATE TABLE conversation_labels (
                conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
                label_id INTEGER NOT NULL REFERENCES labels(id) ON DELETE CASCADE,
                PRIMARY KEY (conversation_id, label_id)
            );
            CREATE TABLE canned_responses (
                id INTEGER PRIMARY KEY,
                shortcut TEXT NOT NULL UNIQUE COLLATE NOCASE,
                text TEXT NOT NULL
            );
            -- transactional outbox: a reply and its send job commit together
            CREATE TABLE outbox (
                id INTEGER PRIMARY KEY,
                message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
                state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'sending', 'done', 'failed', 'uncertain')),
                attempts INTEGER NOT NULL DEFAULT 0,
                run_at INTEGER NOT NULL,
                last_error TEXT
            );
            CREATE INDEX outbox_due ON outbox(state, run_at);
            -- events for live updates, kept for Last-Event-ID resume
            CREATE TABLE events (
                id INTEGER PRIMARY KEY,
                at INTEGER NOT NULL,
                type TEXT NOT NULL,
                channel_id INTEGER,
                data TEXT NOT NULL
            );
            CREATE TABLE jobs (
                id INTEGER PRIMARY KEY,
                kind TEXT NOT NULL,
                payload TEXT NOT NULL DEFAULT '{}',
                run_at INTEGER NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 0,
                last_error TEXT,
                state TEXT NOT NULL DEFAULT 'queued'
            );
            CREATE INDEX jobs_due ON jobs(state, run_at);
            """),
        Migration(id: 3, name: "publishing: assets, posts, targets, calendars, captions", sql: """
            CREATE TABLE asset_folders (
                id INTEGER PRIMARY KEY,
                parent_id INTEGER REFERENCES asset_folders(id) ON DELETE RESTRICT,
                name TEXT NOT NULL,
                created_at TEXT NOT NULL
            );
            -- NULL parents are distinct in UNIQUE constraints, so uniqueness of sibling names goes through coalesce
            CREATE UNIQUE INDEX asset_folders_sibling ON asset_folders(coalesce(parent_id, 0), name COLLATE NOCASE);
            CREATE TABLE assets (
                id INTEGER PRIMARY KEY,
                folder_id INTEGER REFERENCES asset_folders(id) ON DELETE SET NULL,
                name TEXT NOT NULL,                        -- display name (sanitised), editable
                original_name TEXT NOT NULL DEFAULT '',    -- sanitised client file name, metadata only
                description TEXT NOT NULL DEFAULT '',
                tags TEXT NOT NULL DEFAULT '',             -- ",a,b," so one LIKE finds a whole tag
                media_type TEXT NOT NULL,                  -- image/jpeg, image/png, image/gif, image/webp, video/mp4
                stored_name TEXT NOT NULL UNIQUE,          -- random name under files/<tenant>/assets/, never from input
                size INTEGER NOT NULL,
                width INTEGER,
                height INTEGER,
                sha256 TEXT NOT NULL UNIQUE,               -- same bytes uploaded twice are one asset
                created_by INTEGER,
                created_at TEXT NOT NULL
            );
            CREATE INDEX assets_folder ON assets(folder_id, id);
            CREATE TABLE posts (
                id INTEGER PRIMARY KEY,
                text TEXT NOT NULL DEFAULT '',
                state TEXT NOT NULL CHECK (state IN ('draft', 'pending_review', 'scheduled', 'publishing', 'published',
                                                     'partially_published', 'failed', 'uncertain')),
                scheduled_at INTEGER,                      -- unix ms; NULL = draft or "now"
                submitted_at INTEGER,                      -- when it was scheduled/published (plan's posts-per-day count)
                created_by INTEGER,
                approved_by INTEGER,
                review_comment TEXT,
                calendar_id INTEGER,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL
            );
            CREATE INDEX posts_submitted ON posts(submitted_at);
            CREATE TABLE post_assets (
                post_id INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
                position INTEGER NOT NULL,
                asset_id INTEGER NOT NULL REFERENCES assets(id) ON DELETE RESTRICT,
                PRIMARY KEY (post_id, position)
            );
            -- one row per (post, channel): the unit of at-most-once publishing
            CREATE TABLE post_targets (
                id INTEGER PRIMARY KEY,
                post_id INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
                channel_id INTEGER NOT NULL,
                state TEXT NOT NULL CHECK (state IN ('pending', 'queued', 'publishing', 'processing', 'published', 'failed', 'uncertain')),
                run_at INTEGER,
                attempts INTEGER NOT NULL DEFAULT 0,
                containers TEXT,                           -- Instagram container ids (comma-separated) while processing
                poll_deadline INTEGER,
                external_id TEXT,
                permalink TEXT,
                error TEXT,
                error_detail TEXT,
                published_at INTEGER,
                likes INTEGER, comments INTEGER, shares INTEGER,
                engagement_at INTEGER,
                engagement_due_at INTEGER,
                engagement_round INTEGER NOT NULL DEFAULT 0,
                UNIQUE (post_id, channel_id)
            );
            CREATE INDEX post_targets_due ON post_targets(state, run_at);
            CREATE INDEX post_targets_engagement ON post_targets(engagement_due_at);
            CREATE TABLE calendars (
                id INTEGER PRIMARY KEY,
                month TEXT NOT NULL,
                total INTEGER NOT NULL,
                done INTEGER NOT NULL DEFAULT 0,
                use_ai INTEGER NOT NULL DEFAULT 0,
                state TEXT NOT NULL DEFAULT 'running' CHECK (state IN ('running', 'done', 'failed')),
                error TEXT,
                created_by INTEGER,
                created_at TEXT NOT NULL
            );
            CREATE TABLE caption_log (
                id INTEGER PRIMARY KEY,
                platform TEXT NOT NULL,
                tone TEXT NOT NULL,
                topic TEXT NOT NULL,
                source TEXT NOT NULL,
                caption TEXT NOT NULL,
                user_id INTEGER,
                created_at TEXT NOT NULL
            );
            """),
            // The caption log keeps the AI exchange (or the template) so owners can see why a caption came out as it did.
        Migration(id: 4, name: "caption log: model, request, response, error", sql: """
            ALTER TABLE caption_log ADD COLUMN model TEXT;
            ALTER TABLE caption_log ADD COLUMN request TEXT;
            ALTER TABLE caption_log ADD COLUMN response TEXT;
            ALTER TABLE caption_log ADD COLUMN error TEXT;
            CREATE INDEX caption_log_user ON caption_log(user_id, id);
            """),
        // Calendars can be cancelled between posts: SQLite cannot alter a CHECK, so the table is rebuilt (no foreign keys point at it).
        Migration(id: 5, name: "calendars: cancelled state", sql: """
            CREATE TABLE calendars_new (
                id INTEGER PRIMARY KEY,
                month TEXT NOT NULL,
                total INTEGER NOT NULL,
                done INTEGER NOT NULL DEFAULT 0,
                use_ai INTEGER NOT NULL DEFAULT 0,
                state TEXT NOT NULL DEFAULT 'running' CHECK (state IN ('running', 'done', 'failed', 'cancelled')),
                error TEXT,
                created_by INTEGER,
                created_at TEXT NOT NULL
            );
            INSERT INTO calendars_new (id, month, total, done, use_ai, state, error, created_by, created_at)
                SELECT id, month, total, done, use_ai, state, error, created_by, created_at FROM calendars;
            DROP TABLE calendars;
            ALTER TABLE calendars_new RENAME TO calendars;
            """),
])
}

// Tenant schema: channels, contacts, conversations, messages, outbox, events, jobs.
extension TenantSchema {
    /// Migration 2: channels, contacts, conversations, messages.
    static let inbox = """
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
            """

    /// A customer's emoji reaction is stored on the message (it was only a live event, lost on reload).
    static let messageReaction = """
            ALTER TABLE messages ADD COLUMN reaction TEXT;
            """
}

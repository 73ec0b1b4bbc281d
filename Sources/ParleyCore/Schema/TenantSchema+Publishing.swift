// Tenant schema: assets, posts, targets, calendars and the caption log.
extension TenantSchema {
    /// Migration 3: publishing: assets, posts, targets, calendars, captions.
    static let publishing = """
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
            """

    /// Migration 4: caption log: model, request, response, error.
    static let captionLog = """
            ALTER TABLE caption_log ADD COLUMN model TEXT;
            ALTER TABLE caption_log ADD COLUMN request TEXT;
            ALTER TABLE caption_log ADD COLUMN response TEXT;
            ALTER TABLE caption_log ADD COLUMN error TEXT;
            CREATE INDEX caption_log_user ON caption_log(user_id, id);
            """

    /// Migration 5: calendars: cancelled state.
    static let calendarCancel = """
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
            """

    /// Videos carry their length (from the MP4 movie header) so Reels limits can be checked before publishing.
    static let assetDuration = """
            ALTER TABLE assets ADD COLUMN duration_ms INTEGER;
            """

    /// The engagement job also reads insights: how many accounts a post reached and how often it was seen.
    static let targetReach = """
            ALTER TABLE post_targets ADD COLUMN reach INTEGER;
            ALTER TABLE post_targets ADD COLUMN views INTEGER;
            """

    /// Content plans draft a mix of post kinds; the kind is shown on the post and the calendar.
    static let postPlanKind = """
            ALTER TABLE posts ADD COLUMN plan_kind TEXT;
            """
}

"""The state tables, as one list of migrations per backend, numbered the same way.

Migration N is the same change on both: append a new one to BOTH lists, never edit an old one
(a test checks that the two lists are as long and build the same tables and columns).
SQLite records its version in `PRAGMA user_version`, PostgreSQL in the one-row table
`state_version`. Column types differ only where the engines do: Discord ids are BIGINT on
PostgreSQL (SQLite's INTEGER is already 64-bit); moments are ISO-8601 UTC text and flags 0/1
on both, so rows read back the same from either (see backend.py).
"""

from __future__ import annotations

SQLITE_MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE guild_settings (
        guild_id INTEGER PRIMARY KEY,
        rating_max TEXT NOT NULL DEFAULT 'teen',      -- ceiling in ordinary channels
        allow_mature_nsfw INTEGER NOT NULL DEFAULT 1, -- mature allowed in age-restricted channels
        allow_explicit_nsfw INTEGER NOT NULL DEFAULT 1,
        excluded_tags TEXT NOT NULL DEFAULT '[]',     -- JSON list of tags/warnings
        public_replies INTEGER NOT NULL DEFAULT 1
    );
    CREATE TABLE shelves (
        user_id INTEGER NOT NULL,
        story_id TEXT NOT NULL,
        saved_at TEXT NOT NULL,
        PRIMARY KEY (user_id, story_id)
    );
    CREATE TABLE history (                            -- what each user has been shown
        user_id INTEGER NOT NULL,
        story_id TEXT NOT NULL,
        shown_at TEXT NOT NULL,
        PRIMARY KEY (user_id, story_id)
    );
    CREATE INDEX history_recent ON history(user_id, shown_at);
    CREATE TABLE requests (                           -- what a card's buttons act on, by id
        id INTEGER PRIMARY KEY,
        user_id INTEGER NOT NULL,
        guild_id INTEGER,
        channel_id INTEGER,
        kind TEXT NOT NULL,                           -- rec, pairing, character, mood, ...
        payload TEXT NOT NULL,                        -- JSON: the request and its options
        created_at TEXT NOT NULL
    );
    CREATE TABLE daily_schedules (                    -- bot/daily/store.py owns both daily tables
        guild_id INTEGER PRIMARY KEY,
        channel_id INTEGER NOT NULL,
        post_time TEXT NOT NULL,                      -- HH:MM local wall time
        timezone TEXT NOT NULL,                       -- IANA name
        mood TEXT,
        fandom TEXT,
        enabled INTEGER NOT NULL DEFAULT 1,
        disabled_reason TEXT,                         -- why the bot turned it off (shown in status)
        disabled_at TEXT,
        active_from TEXT NOT NULL,                    -- UTC; posting times before it are not owed
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE TABLE daily_posts (
        guild_id INTEGER NOT NULL,
        post_date TEXT NOT NULL,                      -- the guild's local date (YYYY-MM-DD)
        story_id TEXT NOT NULL,
        channel_id INTEGER NOT NULL,
        message_id INTEGER,                           -- NULL: claimed, not yet sent
        claim_token TEXT NOT NULL,                    -- who holds the claim (compare-and-set)
        claimed_at TEXT NOT NULL,                     -- UTC; when the holder started sending
        posted_at TEXT,
        attempts INTEGER NOT NULL DEFAULT 1,          -- sends tried under this claim
        cycle INTEGER NOT NULL DEFAULT 0,             -- rotation round: no repeats within one
        fandom TEXT NOT NULL DEFAULT '',              -- primary fandom and pairing, for balance
        pairing TEXT NOT NULL DEFAULT '',
        UNIQUE (guild_id, post_date)
    );
    CREATE INDEX daily_posts_story ON daily_posts(guild_id, cycle, story_id);
    CREATE INDEX daily_posts_date ON daily_posts(post_date);
    """,
    # 2: what ordinary channels show of stories that state no rating: 'hide' (not-rated counts
    # as mature) or 'estimate' (those whose text reads as teen or lower, bot.vocabulary).
    """
    ALTER TABLE guild_settings ADD COLUMN not_rated TEXT NOT NULL DEFAULT 'hide';
    """,
    # 3: exclusions (bot/search/exclusions.py resolves each rule, kept as typed) and where the
    # bot answers. A server's: `exclusions`, a JSON list of [kind, text] for every kind but tags
    # (tags stay in excluded_tags), read with the settings (one cached row); `channels`, the JSON
    # list of channel ids the bot answers in ([] = every channel). A member's own, everywhere
    # they use the bot: one row each.
    """
    ALTER TABLE guild_settings ADD COLUMN exclusions TEXT NOT NULL DEFAULT '[]';
    ALTER TABLE guild_settings ADD COLUMN channels TEXT NOT NULL DEFAULT '[]';
    CREATE TABLE member_exclusions (
        user_id INTEGER NOT NULL,
        kind TEXT NOT NULL,                           -- bot.vocabulary.EXCLUSION_KINDS
        value TEXT NOT NULL,                          -- as typed (a story: its id)
        created_at TEXT NOT NULL,
        PRIMARY KEY (user_id, kind, value)
    );
    """,
    # 4: when a daily post was first claimed (UTC). A takeover moves claimed_at on, but the post
    # a crashed holder may have sent is looked for in the channel's history from this moment.
    # NULL on rows claimed before: claimed_at is then the first claim.
    """
    ALTER TABLE daily_posts ADD COLUMN first_claimed_at TEXT;
    """,
    # 5: members' recommendations (bot/state/recommendations.py). A server's uploaded
    # stories, each with its analysed record (JSON, bot.catalog.uploads) and its kept file;
    # who recommended what (an upload or a catalog story), with their note; and how the
    # server takes them (bot.vocabulary.RECOMMEND_MODES, a role, the moderators' channel,
    # a member's daily cap). 0 stands for "no role" / "no channel".
    """
    CREATE TABLE recommended_stories (
        guild_id INTEGER NOT NULL,
        story_id TEXT NOT NULL,                       -- stable: from the story's identity
        title TEXT NOT NULL,
        status TEXT NOT NULL,                         -- 'queued' or 'approved'
        keys TEXT NOT NULL,                           -- JSON list of identity keys
        record TEXT NOT NULL,                         -- JSON: the analysed story
        file TEXT NOT NULL,                           -- kept upload, relative to the data home
        created_at TEXT NOT NULL,
        PRIMARY KEY (guild_id, story_id)
    );
    CREATE TABLE recommenders (
        guild_id INTEGER NOT NULL,
        story_id TEXT NOT NULL,                       -- an upload's or a catalog story's id
        user_id INTEGER NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL,                         -- 'queued' or 'approved'
        created_at TEXT NOT NULL,
        PRIMARY KEY (guild_id, story_id, user_id)
    );
    CREATE INDEX recommenders_member ON recommenders(guild_id, user_id, created_at);
    ALTER TABLE guild_settings ADD COLUMN recommend_mode TEXT NOT NULL DEFAULT 'open';
    ALTER TABLE guild_settings ADD COLUMN recommend_role INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE guild_settings ADD COLUMN moderator_channel INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE guild_settings ADD COLUMN recommend_daily_cap INTEGER NOT NULL DEFAULT 5;
    """,
    # 6: each recommendation a member adds, kept a day for the daily cap (a removal must not
    # give an add back), seeded with the recommendations already there; and the reading each
    # upload's record was made with.
    """
    CREATE TABLE recommend_adds (
        guild_id INTEGER NOT NULL,
        user_id INTEGER NOT NULL,
        added_at TEXT NOT NULL,
        PRIMARY KEY (guild_id, user_id, added_at)
    );
    INSERT OR IGNORE INTO recommend_adds SELECT guild_id, user_id, created_at FROM recommenders;
    -- the reading an upload's record was made with (bot.catalog.uploads.READ_VERSION): an
    -- older one is read again from its kept file; 0: before readings were counted
    ALTER TABLE recommended_stories ADD COLUMN reading INTEGER NOT NULL DEFAULT 0;
    """,
)

POSTGRES_MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE guild_settings (
        guild_id BIGINT PRIMARY KEY,
        rating_max TEXT NOT NULL DEFAULT 'teen',
        allow_mature_nsfw INTEGER NOT NULL DEFAULT 1,
        allow_explicit_nsfw INTEGER NOT NULL DEFAULT 1,
        excluded_tags TEXT NOT NULL DEFAULT '[]',
        public_replies INTEGER NOT NULL DEFAULT 1
    );
    CREATE TABLE shelves (
        user_id BIGINT NOT NULL,
        story_id TEXT NOT NULL,
        saved_at TEXT NOT NULL,
        PRIMARY KEY (user_id, story_id)
    );
    CREATE TABLE history (
        user_id BIGINT NOT NULL,
        story_id TEXT NOT NULL,
        shown_at TEXT NOT NULL,
        PRIMARY KEY (user_id, story_id)
    );
    CREATE INDEX history_recent ON history(user_id, shown_at);
    CREATE TABLE requests (
        id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,  -- ids copied in keep theirs
        user_id BIGINT NOT NULL,
        guild_id BIGINT,
        channel_id BIGINT,
        kind TEXT NOT NULL,
        payload TEXT NOT NULL,
        created_at TEXT NOT NULL
    );
    CREATE TABLE daily_schedules (
        guild_id BIGINT PRIMARY KEY,
        channel_id BIGINT NOT NULL,
        post_time TEXT NOT NULL,
        timezone TEXT NOT NULL,
        mood TEXT,
        fandom TEXT,
        enabled INTEGER NOT NULL DEFAULT 1,
        disabled_reason TEXT,
        disabled_at TEXT,
        active_from TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE TABLE daily_posts (
        guild_id BIGINT NOT NULL,
        post_date TEXT NOT NULL,
        story_id TEXT NOT NULL,
        channel_id BIGINT NOT NULL,
        message_id BIGINT,
        claim_token TEXT NOT NULL,
        claimed_at TEXT NOT NULL,
        posted_at TEXT,
        attempts INTEGER NOT NULL DEFAULT 1,
        cycle INTEGER NOT NULL DEFAULT 0,
        fandom TEXT NOT NULL DEFAULT '',
        pairing TEXT NOT NULL DEFAULT '',
        UNIQUE (guild_id, post_date)
    );
    CREATE INDEX daily_posts_story ON daily_posts(guild_id, cycle, story_id);
    CREATE INDEX daily_posts_date ON daily_posts(post_date);
    """,
    # 2: what ordinary channels show of stories that state no rating: 'hide' (not-rated counts
    # as mature) or 'estimate' (those whose text reads as teen or lower, bot.vocabulary).
    """
    ALTER TABLE guild_settings ADD COLUMN not_rated TEXT NOT NULL DEFAULT 'hide';
    """,
    # 3: exclusions and where the bot answers (see SQLITE_MIGRATIONS 3).
    """
    ALTER TABLE guild_settings ADD COLUMN exclusions TEXT NOT NULL DEFAULT '[]';
    ALTER TABLE guild_settings ADD COLUMN channels TEXT NOT NULL DEFAULT '[]';
    CREATE TABLE member_exclusions (
        user_id BIGINT NOT NULL,
        kind TEXT NOT NULL,
        value TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (user_id, kind, value)
    );
    """,
    # 4: when a daily post was first claimed (see SQLITE_MIGRATIONS 4).
    """
    ALTER TABLE daily_posts ADD COLUMN first_claimed_at TEXT;
    """,
    # 5: members' recommendations (see SQLITE_MIGRATIONS 5).
    """
    CREATE TABLE recommended_stories (
        guild_id BIGINT NOT NULL,
        story_id TEXT NOT NULL,
        title TEXT NOT NULL,
        status TEXT NOT NULL,
        keys TEXT NOT NULL,
        record TEXT NOT NULL,
        file TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (guild_id, story_id)
    );
    CREATE TABLE recommenders (
        guild_id BIGINT NOT NULL,
        story_id TEXT NOT NULL,
        user_id BIGINT NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (guild_id, story_id, user_id)
    );
    CREATE INDEX recommenders_member ON recommenders(guild_id, user_id, created_at);
    ALTER TABLE guild_settings ADD COLUMN recommend_mode TEXT NOT NULL DEFAULT 'open';
    ALTER TABLE guild_settings ADD COLUMN recommend_role BIGINT NOT NULL DEFAULT 0;
    ALTER TABLE guild_settings ADD COLUMN moderator_channel BIGINT NOT NULL DEFAULT 0;
    ALTER TABLE guild_settings ADD COLUMN recommend_daily_cap INTEGER NOT NULL DEFAULT 5;
    """,
    # 6: a member's adds for the daily cap, an upload's reading (see SQLITE_MIGRATIONS 6).
    """
    CREATE TABLE recommend_adds (
        guild_id BIGINT NOT NULL,
        user_id BIGINT NOT NULL,
        added_at TEXT NOT NULL,
        PRIMARY KEY (guild_id, user_id, added_at)
    );
    INSERT INTO recommend_adds SELECT guild_id, user_id, created_at FROM recommenders
        ON CONFLICT DO NOTHING;
    ALTER TABLE recommended_stories ADD COLUMN reading INTEGER NOT NULL DEFAULT 0;
    """,
)

# Every state table and the columns that identify a row: what `storybot state migrate` copies
# (in this order) and how it recognises a row it copied before.
TABLE_KEYS: dict[str, tuple[str, ...]] = {
    "guild_settings": ("guild_id",),
    "shelves": ("user_id", "story_id"),
    "history": ("user_id", "story_id"),
    "requests": ("id",),
    "daily_schedules": ("guild_id",),
    "daily_posts": ("guild_id", "post_date"),
    "member_exclusions": ("user_id", "kind", "value"),
    "recommended_stories": ("guild_id", "story_id"),
    "recommenders": ("guild_id", "story_id", "user_id"),
    "recommend_adds": ("guild_id", "user_id", "added_at"),
}

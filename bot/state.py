"""Server state in its own SQLite file: settings, shelves, history, daily schedule and posts.

Kept apart from the catalog so a catalog rebuild never touches it; stories are referred to by
their stable catalog id. Async (aiosqlite) because the bot calls it from the event loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiosqlite

from bot.vocabulary import DEFAULT_CEILING, NOT_RATED_CHOICES, channel_ceiling

MIGRATIONS: tuple[str, ...] = (
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
)

HISTORY_LIMIT = 500  # per user: enough to never repeat within a session of "Another"
REQUEST_TTL_DAYS = 90  # a card's buttons keep working this long after it was sent


def utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(slots=True)
class GuildSettings:
    guild_id: int
    rating_max: str = "teen"
    allow_mature_nsfw: bool = True
    allow_explicit_nsfw: bool = True
    excluded_tags: list[str] = field(default_factory=list)
    public_replies: bool = True
    not_rated: str = "hide"  # or "estimate" (bot.vocabulary.NOT_RATED_CHOICES)

    def ceiling(self, *, age_restricted: bool) -> str:
        """The highest rating this server allows in one of its channels."""
        return channel_ceiling(self.rating_max, allow_mature_nsfw=self.allow_mature_nsfw,
                               allow_explicit_nsfw=self.allow_explicit_nsfw, in_guild=True,
                               age_restricted=age_restricted)


@dataclass(frozen=True, slots=True)
class StoredRequest:
    """What a card's or list's buttons act on: who asked, where, and with which options."""

    id: int
    user_id: int
    guild_id: int | None
    channel_id: int | None
    kind: str
    payload: dict[str, Any]


class State:
    """The bot's own database. One connection; aiosqlite serialises calls on its thread."""

    def __init__(self, conn: aiosqlite.Connection, default_rating: str = "teen") -> None:
        self.conn = conn
        self.lock = asyncio.Lock()
        self.default_rating = default_rating
        # Autocomplete needs a guild's settings on every keystroke: served from memory.
        self._settings_cache: dict[int, GuildSettings] = {}

    @classmethod
    async def open(cls, path: Path, default_rating: str = "teen") -> State:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = await aiosqlite.connect(path)
        await conn.execute("PRAGMA journal_mode = WAL")
        await conn.execute("PRAGMA busy_timeout = 5000")
        row = await (await conn.execute("PRAGMA user_version")).fetchone()
        version = row[0] if row else 0  # the pragma always answers one row
        if version > len(MIGRATIONS):
            await conn.close()
            raise RuntimeError(f"state database {path} is newer than this storybot")
        for number in range(version, len(MIGRATIONS)):
            await conn.executescript(MIGRATIONS[number])
            await conn.execute(f"PRAGMA user_version = {number + 1}")
        cutoff = (utcnow() - timedelta(days=REQUEST_TTL_DAYS)).isoformat()
        await conn.execute("DELETE FROM requests WHERE created_at < ?", (cutoff,))
        await conn.commit()
        return cls(conn, default_rating)

    async def close(self) -> None:
        async with self.lock:
            await self.conn.close()

    # --- one connection, many coroutines ------------------------------------------------------
    # aiosqlite runs one call at a time, but a coroutine's statements could still interleave
    # with another's (a commit landing between two writes, a write between execute and fetch).
    # Every access goes through these, under one lock, so each is whole.

    async def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        async with self.lock:
            return list(await self.conn.execute_fetchall(sql, params))

    async def fetchone(self, sql: str, params: Sequence[Any] = ()) -> Any:
        rows = await self.fetchall(sql, params)
        return rows[0] if rows else None

    async def write(self, sql: str, params: Sequence[Any] = ()) -> aiosqlite.Cursor:
        """One statement, committed; the cursor tells rowcount and lastrowid."""
        async with self.transaction() as conn:
            return await conn.execute(sql, params)

    @contextlib.asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """Statements that commit together, with no other coroutine's in between."""
        async with self.lock:
            try:
                yield self.conn
            except BaseException:
                await self.conn.rollback()
                raise
            await self.conn.commit()

    # --- settings ---------------------------------------------------------------------------

    async def guild_settings(self, guild_id: int | None) -> GuildSettings:
        if guild_id is None:
            return GuildSettings(0, rating_max=DEFAULT_CEILING)
        cached = self._settings_cache.get(guild_id)
        if cached is None:
            cached = self._settings_cache[guild_id] = await self._load_guild_settings(guild_id)
        # A copy: callers edit what they get and save it; the cache changes only on save.
        return replace(cached, excluded_tags=list(cached.excluded_tags))

    async def _load_guild_settings(self, guild_id: int) -> GuildSettings:
        row = await self.fetchone(
            "SELECT rating_max, allow_mature_nsfw, allow_explicit_nsfw, excluded_tags, "
            "public_replies, not_rated FROM guild_settings WHERE guild_id = ?", (guild_id,))
        if row is None:
            return GuildSettings(guild_id, rating_max=self.default_rating)
        return GuildSettings(guild_id, row[0], bool(row[1]), bool(row[2]), json.loads(row[3]),
                             bool(row[4]), row[5] if row[5] in NOT_RATED_CHOICES else "hide")

    async def save_guild_settings(self, s: GuildSettings) -> None:
        await self.write(
            "INSERT OR REPLACE INTO guild_settings (guild_id, rating_max, allow_mature_nsfw, "
            "allow_explicit_nsfw, excluded_tags, public_replies, not_rated) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (s.guild_id, s.rating_max, int(s.allow_mature_nsfw), int(s.allow_explicit_nsfw),
             json.dumps(s.excluded_tags), int(s.public_replies), s.not_rated))
        self._settings_cache.pop(s.guild_id, None)

    # --- shelves ----------------------------------------------------------------------------

    async def shelve(self, user_id: int, story_id: str) -> bool:
        """Save a story; False when it was already on the shelf."""
        cur = await self.write(
            "INSERT OR IGNORE INTO shelves VALUES (?, ?, ?)",
            (user_id, story_id, utcnow().isoformat()))
        return cur.rowcount == 1

    async def unshelve(self, user_id: int, story_id: str) -> bool:
        cur = await self.write(
            "DELETE FROM shelves WHERE user_id = ? AND story_id = ?", (user_id, story_id))
        return cur.rowcount == 1

    async def shelf(self, user_id: int) -> list[str]:
        rows = await self.fetchall(
            "SELECT story_id FROM shelves WHERE user_id = ? ORDER BY saved_at DESC, story_id",
            (user_id,))
        return [r[0] for r in rows]

    # --- history ----------------------------------------------------------------------------

    async def remember_shown(self, user_id: int, story_ids: Sequence[str]) -> None:
        now = utcnow().isoformat()
        async with self.transaction() as conn:
            await conn.executemany(
                "INSERT OR REPLACE INTO history VALUES (?, ?, ?)",
                [(user_id, sid, now) for sid in story_ids])
            await conn.execute(
                "DELETE FROM history WHERE user_id = ? AND story_id NOT IN (SELECT story_id "
                "FROM history WHERE user_id = ? ORDER BY shown_at DESC LIMIT ?)",
                (user_id, user_id, HISTORY_LIMIT))

    async def seen(self, user_id: int) -> frozenset[str]:
        rows = await self.fetchall(
            "SELECT story_id FROM history WHERE user_id = ?", (user_id,))
        return frozenset(r[0] for r in rows)

    # --- requests (button contexts) ---------------------------------------------------------

    async def open_request(self, user_id: int, guild_id: int | None, channel_id: int | None,
                           kind: str, payload: dict[str, Any]) -> int:
        """Record what a message's buttons refer to; the id goes into their custom ids."""
        cur = await self.write(
            "INSERT INTO requests (user_id, guild_id, channel_id, kind, payload, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (user_id, guild_id, channel_id, kind, json.dumps(payload), utcnow().isoformat()))
        assert cur.lastrowid is not None  # an INSERT always sets the row id
        return cur.lastrowid

    async def request(self, request_id: int) -> StoredRequest | None:
        row = await self.fetchone(
            "SELECT id, user_id, guild_id, channel_id, kind, payload FROM requests "
            "WHERE id = ?", (request_id,))
        if row is None:
            return None
        return StoredRequest(row[0], row[1], row[2], row[3], row[4], json.loads(row[5]))

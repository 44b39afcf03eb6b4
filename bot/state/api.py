"""The state API: guild settings, shelves, history and stored requests, on either backend.

Callers (the cogs, the daily post, the console) see only these methods; which database holds
the state is chosen once, by what `State.open` is given: a path is a SQLite file, a
postgresql:// URL a PostgreSQL database shared by every process of the bot. Async because the
bot calls it from the event loop.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bot.state.backend import (
    Backend,
    Params,
    Session,
    StateError,
    Step,
    Written,
    is_postgres_url,
)
from bot.state.model import GuildSettings, StoredRequest
from bot.vocabulary import DEFAULT_CEILING, EXCLUSION_KINDS, NOT_RATED_CHOICES, RECOMMEND_MODES

HISTORY_LIMIT = 500  # per user: enough to never repeat within a session of "Another"
MEMBER_RULES_KEPT = 50_000  # members whose exclusions are kept in memory (a few MB at most)
RULED_MEMBERS_KEPT = 200_000  # members known to have exclusions (beyond: each one is read)
REQUEST_TTL_DAYS = 90  # a card's buttons keep working this long after it was sent

# Each setting's column (named as the GuildSettings field) and how its value is stored and read
# back. A new setting: a field in GuildSettings, a migration on both backends, one line here.
_SETTINGS: tuple[tuple[str, Callable[[Any], Any], Callable[[Any], Any]], ...] = (
    ("rating_max", str, str),
    ("allow_mature_nsfw", int, bool),
    ("allow_explicit_nsfw", int, bool),
    ("excluded_tags", json.dumps, json.loads),
    ("public_replies", int, bool),
    ("not_rated", str, lambda v: v if v in NOT_RATED_CHOICES else "hide"),
    ("exclusions", json.dumps, lambda v: _rules(json.loads(v))),
    ("channels", json.dumps, lambda v: [int(c) for c in json.loads(v) if str(c).isdigit()]),
    ("recommend_mode", str, lambda v: v if v in RECOMMEND_MODES else "open"),
    ("recommend_role", int, int),
    ("moderator_channel", int, int),
    ("recommend_daily_cap", int, int),
)
_SETTINGS_NAMES = ", ".join(name for name, _, _ in _SETTINGS)
_SAVE_SETTINGS = (
    f"INSERT INTO guild_settings (guild_id, {_SETTINGS_NAMES}) "
    f"VALUES (?, {', '.join('?' for _ in _SETTINGS)}) ON CONFLICT (guild_id) DO UPDATE SET "
    + ", ".join(f"{name} = excluded.{name}" for name, _, _ in _SETTINGS))


def utcnow() -> datetime:
    return datetime.now(UTC)


def _rules(stored: Any) -> list[tuple[str, str]]:
    """Exclusion rules as stored ([kind, text] pairs); anything damaged is left out."""
    return [(str(kind), str(text)) for kind, text in
            (item for item in stored or () if isinstance(item, list) and len(item) == 2)
            if kind in EXCLUSION_KINDS and text]


class State:
    """The bot's own database, behind one API whichever backend holds it."""

    def __init__(self, backend: Backend, default_rating: str = "teen") -> None:
        self.backend = backend
        self.default_rating = default_rating
        # Autocomplete needs a guild's settings on every keystroke: served from memory, and
        # dropped when any process saves them (the backend tells).
        self._settings_cache: dict[int, GuildSettings] = {}
        self._settings_changes = 0
        self._guild_listeners: list[Callable[[int], None]] = []
        backend.on_settings_changed(self._forget_settings)
        # Every story command reads its member's exclusions: from memory where this process is
        # the state's only writer (SQLite), dropped when the member changes them.
        self._member_rules: dict[int, tuple[tuple[str, str], ...]] = {}
        self._member_changes = 0
        # There too, the members who have any exclusions, read at open: most have none, and
        # theirs are known without asking the database (None: not known, always read).
        self._ruled_members: set[int] | None = None

    @classmethod
    async def open(cls, location: Path | str, default_rating: str = "teen", *,
                   pool_size: int = 10) -> State:
        """Open the state at `location` (a SQLite path, or a postgresql:// URL), creating or
        upgrading its tables. Raises StateError (saying which database and why) when it
        cannot, having closed whatever it had opened."""
        backend: Backend
        if is_postgres_url(location):
            from bot.state.postgres import PostgresBackend  # asyncpg only when it is used

            backend = await PostgresBackend.open(str(location), pool_size=pool_size)
        else:
            from bot.state.sqlite import SqliteBackend

            backend = await SqliteBackend.open(Path(location))
        try:
            cutoff = (utcnow() - timedelta(days=REQUEST_TTL_DAYS)).isoformat()
            async with backend.transaction() as session:
                await session.execute("DELETE FROM requests WHERE created_at < ?", (cutoff,))
        except BaseException as exc:
            await backend.close()
            if isinstance(exc, Exception):  # a damaged table: one line, not a traceback
                raise StateError(f"cannot open the state database {backend.where}: "
                                 f"{type(exc).__name__}: {exc}") from exc
            raise
        state = cls(backend, default_rating)
        if backend.one_process:
            await state._read_ruled_members()
        return state

    async def _read_ruled_members(self) -> None:
        rows = await self.fetchall(
            f"SELECT DISTINCT user_id FROM member_exclusions LIMIT {RULED_MEMBERS_KEPT + 1}")
        if len(rows) <= RULED_MEMBERS_KEPT:
            self._ruled_members = {user_id for user_id, in rows}

    @property
    def where(self) -> str:
        """The database, fit for a log line: a path, or a URL without its password."""
        return self.backend.where

    async def close(self) -> None:
        """Close the database; closing twice is harmless."""
        await self.backend.close()

    # --- statements, for the state package and bot/daily/store.py ----------------------------

    async def fetchall(self, sql: str, params: Params = ()) -> list[Any]:
        return await self.backend.fetchall(sql, params)

    async def fetchone(self, sql: str, params: Params = ()) -> Any:
        rows = await self.fetchall(sql, params)
        return rows[0] if rows else None

    async def write(self, sql: str, params: Params = ()) -> Written:
        """One statement, committed; `.rowcount` tells how many rows it changed."""
        async with self.transaction() as session:
            return Written(await session.execute(sql, params))

    @contextlib.asynccontextmanager
    async def transaction(self) -> AsyncIterator[Session]:
        """Statements that commit together, with no other coroutine's in between."""
        async with self.backend.transaction() as session:
            yield session

    # --- settings ---------------------------------------------------------------------------

    async def guild_settings(self, guild_id: int | None, *,
                             to_edit: bool = True) -> GuildSettings:
        """A guild's settings: a copy to edit and save, or (`to_edit=False`, for the checks
        every story command makes) the kept settings themselves, which the caller only reads."""
        if guild_id is None:
            return GuildSettings(0, rating_max=DEFAULT_CEILING)
        cached = self._settings_cache.get(guild_id)
        if cached is None or not self.backend.settings_cache_safe:
            changes = self._settings_changes
            cached = await self._load_guild_settings(guild_id)
            if self._settings_changes == changes and self.backend.settings_cache_safe:
                self._settings_cache[guild_id] = cached  # no save was heard during the read
        if not to_edit:
            return cached
        # A copy: callers edit what they get and save it; the cache changes only on save.
        return replace(cached, excluded_tags=list(cached.excluded_tags),
                       exclusions=list(cached.exclusions), channels=list(cached.channels))

    async def _load_guild_settings(self, guild_id: int) -> GuildSettings:
        row = await self.fetchone(
            f"SELECT {_SETTINGS_NAMES} FROM guild_settings WHERE guild_id = ?", (guild_id,))
        return self._settings_from(guild_id, row)

    def _settings_from(self, guild_id: int, row: Any) -> GuildSettings:
        if row is None:
            return GuildSettings(guild_id, rating_max=self.default_rating)
        return GuildSettings(guild_id, **{name: read(value) for (name, _, read), value
                                          in zip(_SETTINGS, row, strict=True)})

    async def save_guild_settings(self, s: GuildSettings) -> None:
        async with self.transaction() as session:
            await session.execute(_SAVE_SETTINGS, (s.guild_id, *(
                store(getattr(s, name)) for name, store, _ in _SETTINGS)))
            await self.backend.settings_changed(session, s.guild_id)
        self._forget_settings(s.guild_id)

    async def update_guild_settings(self, guild_id: int,
                                    change: Callable[[GuildSettings], None]) -> GuildSettings:
        """Read a guild's settings, `change` them and save them in one transaction: two
        moderators changing them at once both keep their change. Returns the saved settings."""
        async with self.transaction() as session:
            await session.serialize(f"settings:{guild_id}")
            rows = await session.fetchall(
                f"SELECT {_SETTINGS_NAMES} FROM guild_settings WHERE guild_id = ?", (guild_id,))
            settings = self._settings_from(guild_id, rows[0] if rows else None)
            change(settings)
            await session.execute(_SAVE_SETTINGS, (settings.guild_id, *(
                store(getattr(settings, name)) for name, store, _ in _SETTINGS)))
            await self.backend.settings_changed(session, guild_id)
        self._forget_settings(guild_id)
        return settings

    def on_guild_changed(self, callback: Callable[[int], None]) -> None:
        """Call `callback(guild_id)` when a guild's settings or recommendations change, in
        this process or (PostgreSQL) in any other."""
        self._guild_listeners.append(callback)
        self.backend.on_settings_changed(callback)

    def guild_changed_here(self, guild_id: int) -> None:
        """Tell this process's listeners, after a commit that changed the guild."""
        for callback in self._guild_listeners:
            callback(guild_id)

    def _forget_settings(self, guild_id: int) -> None:
        self._settings_changes += 1
        self._settings_cache.pop(guild_id, None)

    # --- shelves ----------------------------------------------------------------------------

    async def shelve(self, user_id: int, story_id: str) -> bool:
        """Save a story; False when it was already on the shelf."""
        written = await self.write(
            "INSERT INTO shelves (user_id, story_id, saved_at) VALUES (?, ?, ?) "
            "ON CONFLICT (user_id, story_id) DO NOTHING",
            (user_id, story_id, utcnow().isoformat()))
        return written.rowcount == 1

    async def unshelve(self, user_id: int, story_id: str) -> bool:
        written = await self.write(
            "DELETE FROM shelves WHERE user_id = ? AND story_id = ?", (user_id, story_id))
        return written.rowcount == 1

    async def shelf(self, user_id: int) -> list[str]:
        rows = await self.fetchall(
            "SELECT story_id FROM shelves WHERE user_id = ? ORDER BY saved_at DESC, story_id",
            (user_id,))
        return [r[0] for r in rows]

    # --- a member's own exclusions ----------------------------------------------------------

    async def member_exclusions(self, user_id: int) -> list[tuple[str, str]]:
        """A member's exclusions as (kind, text as typed), oldest first."""
        kept = self._member_rules.get(user_id)
        if kept is not None:
            return list(kept)
        if self._ruled_members is not None and user_id not in self._ruled_members:
            return []
        changes = self._member_changes
        rows = await self.fetchall(
            "SELECT kind, value FROM member_exclusions WHERE user_id = ? "
            "ORDER BY created_at, kind, value", (user_id,))
        rules = [(kind, value) for kind, value in rows]
        if self.backend.one_process and self._member_changes == changes:  # none during the read
            if len(self._member_rules) >= MEMBER_RULES_KEPT:
                self._member_rules.clear()
            self._member_rules[user_id] = tuple(rules)
        return rules

    async def exclude_for_member(self, user_id: int, kind: str, value: str) -> bool:
        """Add one; False when the member already had it."""
        if self._ruled_members is not None:  # before the write: never a moment without it
            self._ruled_members.add(user_id)
            if len(self._ruled_members) > RULED_MEMBERS_KEPT:
                self._ruled_members = None
        written = await self.write(
            "INSERT INTO member_exclusions (user_id, kind, value, created_at) "
            "VALUES (?, ?, ?, ?) ON CONFLICT (user_id, kind, value) DO NOTHING",
            (user_id, kind, value, utcnow().isoformat()))
        self._forget_member(user_id)
        return written.rowcount == 1

    async def lift_for_member(self, user_id: int, kind: str, value: str) -> bool:
        """Remove one; False when the member had no such exclusion."""
        written = await self.write(
            "DELETE FROM member_exclusions WHERE user_id = ? AND kind = ? AND value = ?",
            (user_id, kind, value))
        self._forget_member(user_id)
        return written.rowcount == 1

    def _forget_member(self, user_id: int) -> None:
        self._member_changes += 1
        self._member_rules.pop(user_id, None)

    # --- history ----------------------------------------------------------------------------

    async def remember_shown(self, user_id: int, story_ids: Sequence[str]) -> None:
        await self.backend.batch(_remember(user_id, story_ids))

    async def seen(self, user_id: int) -> frozenset[str]:
        rows = await self.fetchall(
            "SELECT story_id FROM history WHERE user_id = ?", (user_id,))
        return frozenset(r[0] for r in rows)

    # --- requests (button contexts) ---------------------------------------------------------

    async def open_request(self, user_id: int, guild_id: int | None, channel_id: int | None,
                           kind: str, payload: dict[str, Any], *,
                           shown: Sequence[str] = ()) -> int:
        """Record what a message's buttons refer to; the id goes into their custom ids. The
        stories the message shows (`shown`) join the user's history in the same transaction,
        one batch (on SQLite a single call on its thread)."""
        done = await self.backend.batch([
            Step("INSERT INTO requests (user_id, guild_id, channel_id, kind, payload, "
                 "created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                 (user_id, guild_id, channel_id, kind, json.dumps(payload),
                  utcnow().isoformat())),
            *(_remember(user_id, shown) if shown else ())])
        return int(done[0][0][0])

    async def request(self, request_id: int) -> StoredRequest | None:
        row = await self.fetchone(
            "SELECT id, user_id, guild_id, channel_id, kind, payload FROM requests "
            "WHERE id = ?", (request_id,))
        if row is None:
            return None
        return StoredRequest(row[0], row[1], row[2], row[3], row[4], json.loads(row[5]))


def _remember(user_id: int, story_ids: Sequence[str]) -> list[Step]:
    """Adding stories to a user's history (newest first), keeping the last HISTORY_LIMIT."""
    # One user's history changes one transaction at a time (two processes trimming it at once
    # could otherwise each wait on the other's rows).
    now = utcnow().isoformat()
    return [
        Step(lock=f"history:{user_id}"),
        Step("INSERT INTO history (user_id, story_id, shown_at) VALUES (?, ?, ?) "
             "ON CONFLICT (user_id, story_id) DO UPDATE SET shown_at = excluded.shown_at",
             rows=[(user_id, sid, now) for sid in sorted(set(story_ids))]),
        Step("DELETE FROM history WHERE user_id = ? AND story_id NOT IN (SELECT story_id "
             "FROM history WHERE user_id = ? ORDER BY shown_at DESC, story_id LIMIT ?)",
             (user_id, user_id, HISTORY_LIMIT))]

"""The daily tables: schedules, and one claimed post per guild per local date.

Exactly once: a post is claimed (INSERT under UNIQUE(guild_id, post_date)) before it is sent,
its message id recorded after. A failed send releases the claim so the next tick tries again.
A claim left with no message id by a crash is taken over once it is older than `stale_after`,
keeping its story and the moment it was first claimed (where the look for a post the crashed
holder may have sent starts); each claim carries a random token so only its holder can finish
or release it, even if a takeover happened meanwhile. The same holds across processes sharing
one PostgreSQL database: the claim is one `INSERT … ON CONFLICT DO NOTHING`, every later step a
compare-and-set on the claim token. The SQL is written once for both state backends (see
bot/state/backend.py).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from bot.daily.post_time import Schedule, format_post_time
from bot.state import State


@dataclass(frozen=True, slots=True)
class PostRow:
    guild_id: int
    post_date: date
    story_id: str
    channel_id: int
    message_id: int | None
    claim_token: str
    claimed_at: datetime
    posted_at: datetime | None
    attempts: int
    cycle: int
    fandom: str
    pairing: str
    first_claimed_at: datetime  # a takeover keeps it; claimed_at moves on

    @property
    def sent(self) -> bool:
        return self.message_id is not None


@dataclass(frozen=True, slots=True)
class Claim:
    """The right to send one guild's post for one local date."""

    guild_id: int
    post_date: date
    story_id: str
    channel_id: int
    token: str
    attempts: int
    takeover: bool  # a crashed earlier attempt may have sent it already
    first_claimed_at: datetime  # no attempt at this post can have been sent before it


@dataclass(frozen=True, slots=True)
class Rotation:
    """Where a guild stands in its current cycle through the eligible catalog."""

    cycle: int
    seen: frozenset[str]
    fandom_counts: dict[str, int]
    pairing_counts: dict[tuple[str, str], int]  # (fandom, pairing)
    last_story: str | None
    last_fandom: str | None = None
    last_pairing: str | None = None


_POST_COLUMNS = ("guild_id, post_date, story_id, channel_id, message_id, claim_token, "
                 "claimed_at, posted_at, attempts, cycle, fandom, pairing, first_claimed_at")
_SCHEDULE_COLUMNS = ("guild_id, channel_id, post_time, timezone, mood, fandom, enabled, "
                     "disabled_reason, active_from")


def _iso(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("naive datetime given to the daily store")
    return moment.astimezone(UTC).isoformat()


def _moment(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def _post(row: tuple) -> PostRow:
    claimed_at = datetime.fromisoformat(row[6])
    return PostRow(row[0], date.fromisoformat(row[1]), row[2], row[3], row[4], row[5],
                   claimed_at, _moment(row[7]), row[8], row[9], row[10], row[11],
                   _moment(row[12]) or claimed_at)


def _schedule(row: tuple) -> Schedule:
    return Schedule(guild_id=row[0], channel_id=row[1], post_time=time.fromisoformat(row[2]),
                    timezone=row[3], mood=row[4], fandom=row[5], enabled=bool(row[6]),
                    disabled_reason=row[7], active_from=datetime.fromisoformat(row[8]))


class DailyStore:
    """Async access to the daily tables through the bot's state API."""

    def __init__(self, state: State) -> None:
        self.state = state

    # --- schedules --------------------------------------------------------------------------

    async def set_schedule(self, guild_id: int, channel_id: int, post_time: time, timezone: str,
                           *, mood: str | None, fandom: str | None, now: datetime) -> Schedule:
        """Create or replace a schedule; a disabled one is enabled again. Posting times before
        `now` are not owed, so changing the time never posts a second story today."""
        stamp = _iso(now)
        await self.state.write(
            "INSERT INTO daily_schedules (guild_id, channel_id, post_time, timezone, mood, "
            "fandom, enabled, disabled_reason, disabled_at, active_from, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, 1, NULL, NULL, ?, ?, ?) "
            "ON CONFLICT (guild_id) DO UPDATE SET channel_id = excluded.channel_id, "
            "post_time = excluded.post_time, timezone = excluded.timezone, mood = excluded.mood, "
            "fandom = excluded.fandom, enabled = 1, disabled_reason = NULL, disabled_at = NULL, "
            "active_from = excluded.active_from, updated_at = excluded.updated_at",
            (guild_id, channel_id, format_post_time(post_time), timezone, mood, fandom, stamp,
             stamp, stamp))
        schedule = await self.schedule(guild_id)
        assert schedule is not None
        return schedule

    async def remove_schedule(self, guild_id: int) -> bool:
        cur = await self.state.write("DELETE FROM daily_schedules WHERE guild_id = ?",
                                      (guild_id,))
        return cur.rowcount == 1

    async def disable(self, guild_id: int, reason: str, now: datetime) -> None:
        await self.state.write(
            "UPDATE daily_schedules SET enabled = 0, disabled_reason = ?, disabled_at = ? "
            "WHERE guild_id = ?", (reason, _iso(now), guild_id))

    async def schedule(self, guild_id: int) -> Schedule | None:
        row = await self.state.fetchone(
            f"SELECT {_SCHEDULE_COLUMNS} FROM daily_schedules WHERE guild_id = ?",
            (guild_id,))
        return _schedule(row) if row else None

    async def enabled_schedules(self) -> list[Schedule]:
        rows = await self.state.fetchall(
            f"SELECT {_SCHEDULE_COLUMNS} FROM daily_schedules WHERE enabled = 1 "
            "ORDER BY guild_id")
        return [_schedule(r) for r in rows]

    # --- posts ------------------------------------------------------------------------------

    async def posts_since(self, first: date) -> dict[tuple[int, date], PostRow]:
        """Every post row dated `first` or later, keyed by (guild, local date)."""
        rows = await self.state.fetchall(
            f"SELECT {_POST_COLUMNS} FROM daily_posts WHERE post_date >= ?",
            (first.isoformat(),))
        return {(r[0], date.fromisoformat(r[1])): _post(r) for r in rows}

    async def post(self, guild_id: int, day: date) -> PostRow | None:
        row = await self.state.fetchone(
            f"SELECT {_POST_COLUMNS} FROM daily_posts WHERE guild_id = ? AND post_date = ?",
            (guild_id, day.isoformat()))
        return _post(row) if row else None

    async def last_sent(self, guild_id: int) -> PostRow | None:
        row = await self.state.fetchone(
            f"SELECT {_POST_COLUMNS} FROM daily_posts WHERE guild_id = ? AND message_id IS NOT "
            "NULL ORDER BY post_date DESC LIMIT 1", (guild_id,))
        return _post(row) if row else None

    async def rotation(self, guild_id: int) -> Rotation:
        """The guild's current cycle: stories already posted (or claimed) in it, by fandom and
        pairing."""
        row = await self.state.fetchone(
            "SELECT MAX(cycle) FROM daily_posts WHERE guild_id = ?", (guild_id,))
        cycle = row[0] if row and row[0] is not None else 0
        rows = await self.state.fetchall(
            "SELECT story_id, fandom, pairing FROM daily_posts WHERE guild_id = ? AND cycle = ? "
            "ORDER BY post_date", (guild_id, cycle))
        last = await self.state.fetchone(
            "SELECT story_id, fandom, pairing FROM daily_posts WHERE guild_id = ? "
            "ORDER BY post_date DESC LIMIT 1", (guild_id,))
        fandoms: dict[str, int] = {}
        pairings: dict[tuple[str, str], int] = {}
        for _, fandom, pairing in rows:
            fandoms[fandom] = fandoms.get(fandom, 0) + 1
            pairings[fandom, pairing] = pairings.get((fandom, pairing), 0) + 1
        return Rotation(cycle, frozenset(r[0] for r in rows), fandoms, pairings,
                        *(last if last else (None, None, None)))

    async def claim(self, guild_id: int, day: date, story_id: str, channel_id: int, *,
                    cycle: int, fandom: str, pairing: str, now: datetime) -> Claim | None:
        """Claim the guild's post for `day`; None when a row for that day already exists."""
        token = secrets.token_hex(8)
        cur = await self.state.write(
            "INSERT INTO daily_posts (guild_id, post_date, story_id, channel_id, "
            "message_id, claim_token, claimed_at, posted_at, attempts, cycle, fandom, pairing, "
            "first_claimed_at) VALUES (?, ?, ?, ?, NULL, ?, ?, NULL, 1, ?, ?, ?, ?) "
            "ON CONFLICT (guild_id, post_date) DO NOTHING",
            (guild_id, day.isoformat(), story_id, channel_id, token, _iso(now), cycle, fandom,
             pairing, _iso(now)))
        if cur.rowcount != 1:
            return None
        return Claim(guild_id, day, story_id, channel_id, token, 1, takeover=False,
                     first_claimed_at=now)

    async def take_over(self, row: PostRow, channel_id: int, *, now: datetime,
                        stale_after: timedelta) -> Claim | None:
        """Take a crashed claim (no message id, older than `stale_after`), keeping its story
        and its first claim time."""
        if row.sent or now - row.claimed_at < stale_after:
            return None
        token = secrets.token_hex(8)
        cur = await self.state.write(
            "UPDATE daily_posts SET claim_token = ?, claimed_at = ?, attempts = attempts + 1, "
            "first_claimed_at = COALESCE(first_claimed_at, claimed_at), channel_id = ? "
            "WHERE guild_id = ? AND post_date = ? AND claim_token = ? AND message_id IS NULL",
            (token, _iso(now), channel_id, row.guild_id, row.post_date.isoformat(),
             row.claim_token))
        if cur.rowcount != 1:
            return None
        return Claim(row.guild_id, row.post_date, row.story_id, channel_id, token,
                     row.attempts + 1, takeover=True, first_claimed_at=row.first_claimed_at)

    async def record_sent(self, claim: Claim, message_id: int, now: datetime) -> bool:
        cur = await self.state.write(
            "UPDATE daily_posts SET message_id = ?, posted_at = ? WHERE guild_id = ? "
            "AND post_date = ? AND claim_token = ?",
            (message_id, _iso(now), claim.guild_id, claim.post_date.isoformat(), claim.token))
        return cur.rowcount == 1

    async def release(self, claim: Claim) -> bool:
        """Give the day back after a failed send, so a later tick posts it."""
        cur = await self.state.write(
            "DELETE FROM daily_posts WHERE guild_id = ? AND post_date = ? AND claim_token = ? "
            "AND message_id IS NULL",
            (claim.guild_id, claim.post_date.isoformat(), claim.token))
        return cur.rowcount == 1

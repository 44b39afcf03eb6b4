"""The posting loop: every minute, post for each guild whose local posting time has passed.

Discord stays outside: the loop is given `channel_info(guild_id, channel_id)` (the channel's NSFW
flag now, or ChannelUnavailable) and `send(delivery) -> message_id`; the cog adapts both to
discord.py. Per guild: check the channel, pick, take a rate-limit token, claim the day, send,
record. Any exception for one guild is logged and the others go on; a deleted channel or lost
permission turns that guild's schedule off with the reason kept for `/daily status`.

Exactly once through crashes: a crash between sending and recording leaves a claim with no
message id. It is taken over after TAKEOVER_AFTER, and the takeover first looks for the post in
the channel's history from the moment the day was first claimed (`find_sent`, every message
since, however many), so a post that went out is recorded, never sent again. Only when history
shows none is it sent, with the same nonce as before: if that history ever misled, Discord's
nonce check would still drop a resend, but only within "the past few minutes" of the first
send, which is why the takeover comes well inside that window (see TAKEOVER_AFTER) and why the
history look, not the nonce, is what the guarantee rests on. A claim that may have been sent is
never released: if the look fails, the claim stays until a later takeover can look again.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from bot.daily.clock import Clock, SystemClock
from bot.daily.pick import Catalog, Pick, Picker, PickRules
from bot.daily.post_time import (
    DEFAULT_CATCH_UP,
    Schedule,
    local_date,
    next_instant,
    owed_days,
)
from bot.daily.ratelimit import TokenBucket
from bot.daily.store import Claim, DailyStore, PostRow, Rotation
from bot.state import State

log = logging.getLogger(__name__)

# Discord drops a resend carrying the nonce of a message sent in "the past few minutes"; we
# count on no more than this.
NONCE_WINDOW = timedelta(minutes=3)
# A claim this old with no message id was lost in a crash and is taken over. Ticks come once a
# minute, so a bot that restarts at once resends at most TAKEOVER_AFTER + 1 minute (2.5 minutes)
# after the claim: inside NONCE_WINDOW, so the nonce backs up the history look. Not much
# shorter: a live holder in another process may still be sending (a 429 pause), and a takeover
# then must find its post or have its resend dropped by the nonce.
TAKEOVER_AFTER = timedelta(seconds=90)
RATE_LIMIT_RETRIES = 5


class ChannelUnavailable(Exception):
    """The channel is gone or the bot may not post there: the schedule is turned off."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class RateLimited(Exception):
    """Discord answered 429: wait `retry_after` seconds before any further daily send."""

    def __init__(self, retry_after: float) -> None:
        super().__init__(f"rate limited for {retry_after:.3f}s")
        self.retry_after = retry_after


@dataclass(frozen=True, slots=True)
class ChannelInfo:
    nsfw: bool


@dataclass(frozen=True, slots=True)
class Delivery:
    """One post to send. `nonce` is the same for every attempt at the same guild and day, so
    Discord's nonce check can drop a resend of a message that did go out before a crash."""

    guild_id: int
    channel_id: int
    story_id: str
    post_date: date
    nonce: str
    takeover: bool = False
    since: datetime | None = None  # the first claim: no attempt can have been sent before it


Send = Callable[[Delivery], Awaitable[int]]
ChannelInfoFn = Callable[[int, int], Awaitable[ChannelInfo]]
# The post's message id if an earlier attempt sent it, None if the channel's history since
# `delivery.since` shows none; raises (ChannelUnavailable when history may not be read) when it
# cannot tell.
FindSent = Callable[[Delivery], Awaitable[int | None]]


def daily_nonce(guild_id: int, day: date) -> str:
    """25 characters at most (Discord's limit), stable for a guild and date."""
    digest = hashlib.sha256(f"daily|{guild_id}|{day.isoformat()}".encode()).hexdigest()
    return "d" + digest[:24]


@dataclass
class TickReport:
    due: int = 0
    posted: int = 0
    skipped: int = 0  # claimed elsewhere or still in flight
    failed: int = 0
    disabled: int = 0
    empty: int = 0  # nothing eligible under the guild's rules
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class PostOutcome:
    kind: str  # posted, already, in-progress, empty, disabled, no-schedule, failed
    post_date: date | None = None
    story_id: str | None = None
    message_id: int | None = None
    detail: str | None = None


@dataclass(frozen=True, slots=True)
class DailyStatus:
    schedule: Schedule | None
    next_date: date | None
    next_at: datetime | None
    today: PostRow | None
    last_sent: PostRow | None


class DailyScheduler:
    def __init__(self, state: State, catalog: Catalog, *, send: Send,
                 channel_info: ChannelInfoFn, find_sent: FindSent | None = None,
                 clock: Clock | None = None, bucket: TokenBucket | None = None,
                 concurrency: int = 32, stale_after: timedelta = TAKEOVER_AFTER,
                 catch_up: timedelta = DEFAULT_CATCH_UP,
                 owns: Callable[[int], bool] | None = None) -> None:
        self.state = state
        self.store = DailyStore(state)
        self.picker = Picker(catalog)
        self.send = send
        self.channel_info = channel_info
        self.find_sent = find_sent
        self.clock = clock or SystemClock()
        self.bucket = bucket or TokenBucket()
        self.concurrency = concurrency
        self.stale_after = stale_after
        self.catch_up = catch_up
        # Which guilds this process posts for (its shards'); the claim keeps every post
        # exactly once whichever processes try.
        self.owns = owns or (lambda guild_id: True)
        self._inflight: set[tuple[int, date]] = set()

    # --- the loop ---------------------------------------------------------------------------

    async def run(self) -> None:
        """Tick at the start of every minute until cancelled; nothing that goes wrong stops it."""
        while True:
            try:
                report = await self.tick()
                if report.due:
                    log.info("daily tick: %d due, %d posted, %d skipped, %d failed, "
                             "%d disabled, %d empty in %.1fs", report.due, report.posted,
                             report.skipped, report.failed, report.disabled, report.empty,
                             report.seconds)
            except Exception:
                log.exception("daily tick failed; trying again next minute")
            now = self.clock.now()
            await self.clock.sleep(60 - now.second - now.microsecond / 1e6 + 0.5)

    async def tick(self) -> TickReport:
        """Post every post that is owed now."""
        started = time.perf_counter()
        now = self.clock.now()
        report = TickReport()
        self.picker.catalog.clear()
        schedules = [s for s in await self.store.enabled_schedules() if self.owns(s.guild_id)]
        rows = await self.store.posts_since(now.date() - timedelta(days=3))
        work: list[tuple[Schedule, list[tuple[date, PostRow | None]]]] = []
        for schedule in schedules:
            days = []
            for day, _ in reversed(owed_days(schedule, now, self.catch_up)):
                row = rows.get((schedule.guild_id, day))
                if row is not None and (row.sent or (schedule.guild_id, day) in self._inflight
                                        or now - row.claimed_at < self.stale_after):
                    continue
                days.append((day, row))
            if days:
                work.append((schedule, days))
        report.due = sum(len(days) for _, days in work)
        queue: asyncio.Queue = asyncio.Queue()
        for item in work:
            queue.put_nowait(item)

        async def worker() -> None:
            while not queue.empty():
                schedule, days = queue.get_nowait()
                for day, row in days:
                    await self._guarded(schedule, day, row, report)

        await asyncio.gather(*(worker() for _ in range(min(self.concurrency, len(work)))))
        report.seconds = time.perf_counter() - started
        return report

    async def _guarded(self, schedule: Schedule, day: date, row: PostRow | None,
                       report: TickReport) -> None:
        try:
            outcome = await self._post(schedule, day, row)
        except Exception as exc:
            report.failed += 1
            report.errors.append(f"guild {schedule.guild_id}: {type(exc).__name__}: {exc}")
            log.exception("daily post for guild %s on %s failed; will retry next minute",
                          schedule.guild_id, day)
            return
        if outcome.kind == "posted":
            report.posted += 1
        elif outcome.kind == "disabled":
            report.disabled += 1
        elif outcome.kind == "empty":
            report.empty += 1
        else:
            report.skipped += 1

    # --- one post ---------------------------------------------------------------------------

    async def rules(self, schedule: Schedule, nsfw: bool) -> PickRules:
        settings = await self.state.guild_settings(schedule.guild_id)
        ceiling = settings.ceiling(age_restricted=nsfw)
        tags = tuple(sorted({t.strip() for t in settings.excluded_tags if t.strip()}))
        return PickRules(ceiling, tags, schedule.fandom, schedule.mood,
                         tuple(dict.fromkeys(settings.exclusions)), schedule.guild_id)

    async def _channel(self, schedule: Schedule) -> ChannelInfo | None:
        try:
            return await self.channel_info(schedule.guild_id, schedule.channel_id)
        except ChannelUnavailable as exc:
            await self._disable(schedule, exc.reason)
            return None

    async def _disable(self, schedule: Schedule, reason: str) -> None:
        log.warning("daily posts turned off for guild %s (channel %s): %s", schedule.guild_id,
                    schedule.channel_id, reason)
        await self.store.disable(schedule.guild_id, reason, self.clock.now())

    async def _post(self, schedule: Schedule, day: date, row: PostRow | None) -> PostOutcome:
        key = (schedule.guild_id, day)
        if key in self._inflight:
            return PostOutcome("in-progress", day)
        self._inflight.add(key)
        try:
            return await self._post_unguarded(schedule, day, row)
        finally:
            self._inflight.discard(key)

    async def _post_unguarded(self, schedule: Schedule, day: date,
                              row: PostRow | None) -> PostOutcome:
        info = await self._channel(schedule)
        if info is None:
            return PostOutcome("disabled", day, detail="channel unavailable")
        rules = await self.rules(schedule, info.nsfw)
        claim: Claim | None = None
        if row is not None:
            await self.bucket.acquire()
            claim = await self.store.take_over(row, schedule.channel_id, now=self.clock.now(),
                                               stale_after=self.stale_after)
            if claim is None:
                return PostOutcome("in-progress", day)
            if claim.story_id not in await self.picker.eligible(rules):
                # The rules tightened since the crash (say the channel lost its NSFW flag).
                await self.store.release(claim)
                claim = None
            else:
                log.info("daily post for guild %s on %s: retrying a claim left by a crash",
                         schedule.guild_id, day)
        if claim is None:
            rotation = await self.store.rotation(schedule.guild_id)
            pick = await self.picker.pick(schedule.guild_id, day, rules, rotation)
            if pick is None:
                log.info("daily post for guild %s: nothing eligible under %s",
                         schedule.guild_id, rules)
                return PostOutcome("empty", day)
            await self.bucket.acquire()
            claim = await self.store.claim(schedule.guild_id, day, pick.story_id,
                                           schedule.channel_id, cycle=pick.cycle,
                                           fandom=pick.fandom, pairing=pick.pairing,
                                           now=self.clock.now())
            if claim is None:
                return PostOutcome("already", day)
        return await self._deliver(schedule, claim)

    async def _deliver(self, schedule: Schedule, claim: Claim) -> PostOutcome:
        delivery = Delivery(claim.guild_id, claim.channel_id, claim.story_id, claim.post_date,
                            daily_nonce(claim.guild_id, claim.post_date), claim.takeover,
                            claim.first_claimed_at)
        try:
            message_id = None
            if claim.takeover and self.find_sent is not None:
                message_id = await self.find_sent(delivery)
            if message_id is None:
                message_id = await self._send(delivery)
        except ChannelUnavailable as exc:
            if not claim.takeover:  # refused by Discord: nothing went out
                await self.store.release(claim)
            await self._disable(schedule, exc.reason)
            return PostOutcome("disabled", claim.post_date, claim.story_id, detail=exc.reason)
        except Exception:
            # A first attempt goes back to the pool and the next tick tries again (same pick,
            # same nonce, a minute later: inside the nonce window). A takeover's claim may have
            # been sent by the crashed holder, so it stays and is taken over again once stale,
            # looking in the history again; so does a claim left by a cancellation or a crash.
            if not claim.takeover:
                await self._release_quietly(claim)
            raise
        await self.store.record_sent(claim, message_id, self.clock.now())
        return PostOutcome("posted", claim.post_date, claim.story_id, message_id)

    async def _release_quietly(self, claim: Claim) -> None:
        try:
            await self.store.release(claim)
        except Exception:
            log.exception("could not release the daily claim for guild %s", claim.guild_id)

    async def _send(self, delivery: Delivery) -> int:
        for attempt in range(RATE_LIMIT_RETRIES + 1):
            try:
                return await self.send(delivery)
            except RateLimited as limited:
                if attempt == RATE_LIMIT_RETRIES:
                    raise
                self.bucket.pause(limited.retry_after)
                await self.bucket.acquire()
        raise AssertionError("unreachable")

    # --- commands ---------------------------------------------------------------------------

    async def post_today(self, guild_id: int) -> PostOutcome:
        """`/daily now`: today's post, right away, if it has not gone out yet."""
        schedule = await self.store.schedule(guild_id)
        if schedule is None:
            return PostOutcome("no-schedule")
        if not schedule.enabled:
            return PostOutcome("disabled", detail=schedule.disabled_reason)
        day = local_date(self.clock.now(), schedule.zone)
        row = await self.store.post(guild_id, day)
        if row is not None and row.sent:
            return PostOutcome("already", day, row.story_id, row.message_id)
        if row is not None and self.clock.now() - row.claimed_at < self.stale_after:
            return PostOutcome("in-progress", day, row.story_id)
        self.picker.catalog.clear()
        return await self._post(schedule, day, row)

    async def status(self, guild_id: int) -> DailyStatus:
        schedule = await self.store.schedule(guild_id)
        last = await self.store.last_sent(guild_id)
        if schedule is None:
            return DailyStatus(None, None, None, None, last)
        now = self.clock.now()
        today = local_date(now, schedule.zone)
        rows = [await self.store.post(guild_id, today - timedelta(days=n)) for n in (0, 1)]
        posted = {r.post_date for r in rows if r is not None}
        next_date = next_at = None
        if schedule.enabled:
            next_date, next_at = next_instant(schedule, now, posted)
        return DailyStatus(schedule, next_date, next_at, rows[0], last)

    async def preview(self, guild_id: int) -> Pick | None:
        """What tomorrow's rules would pick, counting today's post as made."""
        schedule = await self.store.schedule(guild_id)
        if schedule is None:
            return None
        info = await self.channel_info(schedule.guild_id, schedule.channel_id)
        rules = await self.rules(schedule, info.nsfw)
        self.picker.catalog.clear()
        today = local_date(self.clock.now(), schedule.zone)
        rotation = await self.store.rotation(guild_id)
        if await self.store.post(guild_id, today) is None:
            planned = await self.picker.pick(guild_id, today, rules, rotation)
            if planned is not None:
                rotation = _with_post(rotation, planned)
        return await self.picker.pick(guild_id, today + timedelta(days=1), rules, rotation)


def _with_post(rotation: Rotation, pick: Pick) -> Rotation:
    if pick.new_cycle:
        return Rotation(pick.cycle, frozenset({pick.story_id}), {pick.fandom: 1},
                        {(pick.fandom, pick.pairing): 1}, pick.story_id, pick.fandom,
                        pick.pairing)
    fandoms = dict(rotation.fandom_counts)
    fandoms[pick.fandom] = fandoms.get(pick.fandom, 0) + 1
    pairings = dict(rotation.pairing_counts)
    key = (pick.fandom, pick.pairing)
    pairings[key] = pairings.get(key, 0) + 1
    return replace(rotation, seen=rotation.seen | {pick.story_id}, fandom_counts=fandoms,
                   pairing_counts=pairings, last_story=pick.story_id,
                   last_fandom=pick.fandom, last_pairing=pick.pairing)

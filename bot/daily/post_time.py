"""When a guild's story of the day is owed: local posting time in its IANA timezone.

A post belongs to the guild's local date. Daylight saving is settled here once:
- a posting time that does not exist that day (clocks spring forward over it) posts at the first
  valid instant after it, i.e. the moment the clocks jump;
- a posting time that happens twice (clocks fall back) posts at its first occurrence; the second
  one finds the day already posted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

# A bot that was down at posting time still owes yesterday's post for this long after it.
DEFAULT_CATCH_UP = timedelta(hours=6)


class ScheduleError(ValueError):
    """Bad schedule input (time or timezone); the message is meant for the user."""


@dataclass(frozen=True, slots=True)
class Schedule:
    guild_id: int
    channel_id: int
    post_time: time  # local wall time, naive by design: it means "this time in `timezone`"
    timezone: str
    mood: str | None = None
    fandom: str | None = None
    enabled: bool = True
    disabled_reason: str | None = None
    active_from: datetime = datetime(2000, 1, 1, tzinfo=UTC)

    @property
    def zone(self) -> ZoneInfo:
        return zone(self.timezone)


_CLOCK = re.compile(r"^(\d{1,2})(?:\s*[:.h]\s*(\d{2})|(h))?\s*(?:([ap])\.?\s*m\.?)?$")
_WORD_TIMES = {"noon": time(12, 0), "midday": time(12, 0), "midnight": time(0, 0)}


def parse_post_time(text: str) -> time:
    """A time of day as people write it: 24-hour ('09:30', '21:05', '07.15', '21h'), 12-hour
    ('9am', '9:30 pm', '12 a.m.') or a word ('noon', 'midday', 'midnight')."""
    folded = " ".join((text or "").casefold().split())
    if folded in _WORD_TIMES:
        return _WORD_TIMES[folded]
    found = _CLOCK.match(folded)
    if not found:
        raise ScheduleError(f"{text!r} is not a time; write it like 9am, 9:30 pm, 21:30 or "
                            "noon")
    hour, minute = int(found.group(1)), int(found.group(2) or 0)
    half = found.group(4)
    if not (half or found.group(2) or found.group(3)):
        raise ScheduleError(f"is {text!r} in the morning or the evening? Write {hour}am or "
                            f"{hour}pm, or {hour:02d}:00 on a 24-hour clock")
    if half:
        if not 1 <= hour <= 12:
            raise ScheduleError(f"{text!r} is not a time of day; with am or pm, hours go "
                                "1-12")
        hour = hour % 12 + (12 if half == "p" else 0)
    if hour > 23 or minute > 59:
        raise ScheduleError(f"{text!r} is not a time of day; hours go 00-23, minutes 00-59")
    return time(hour, minute)


def format_post_time(value: time) -> str:
    return f"{value.hour:02d}:{value.minute:02d}"


@lru_cache(maxsize=1024)
def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ScheduleError(f"unknown timezone {name!r}") from exc


def local_date(moment: datetime, tz: ZoneInfo) -> date:
    return moment.astimezone(tz).date()


def post_instant(day: date, post_time: time, tz: ZoneInfo) -> datetime | None:
    """The UTC instant of `post_time` on local `day`, or None if the whole time falls on a
    date that does not exist in `tz` (a skipped calendar day)."""
    wall = datetime.combine(day, post_time)
    first = wall.replace(tzinfo=tz, fold=0)
    as_utc = first.astimezone(UTC)
    if as_utc.astimezone(tz).replace(tzinfo=None) == wall:
        return as_utc  # exists (fold=0 is the first of two occurrences when ambiguous)
    # In a gap: fold=0 reads it with the offset before the jump, which lands after the jump;
    # fold=1 reads it with the offset after, which lands before. The jump lies between.
    late = as_utc
    early = wall.replace(tzinfo=tz, fold=1).astimezone(UTC)
    if early > late:
        early, late = late, early
    jump = _first_instant_not_before(early, late, wall, tz)
    if jump.astimezone(tz).date() != day:
        return None
    return jump


def _first_instant_not_before(early: datetime, late: datetime, wall: datetime,
                              tz: ZoneInfo) -> datetime:
    """Binary search (to the second) for the first UTC instant whose local time is >= wall."""
    lo, hi = early, late
    while hi - lo > timedelta(seconds=1):
        mid = lo + (hi - lo) / 2
        mid = mid.replace(microsecond=0)
        if mid.astimezone(tz).replace(tzinfo=None) >= wall:
            hi = mid
        else:
            lo = mid
    return hi


def owed_days(schedule: Schedule, now: datetime,
              catch_up: timedelta = DEFAULT_CATCH_UP) -> list[tuple[date, datetime]]:
    """The local dates whose post is owed at `now`, newest first, as (date, UTC instant).

    Today is owed once its posting instant has passed; yesterday too while within `catch_up`
    (a bot that was down across midnight still posts, late rather than never). A posting
    instant before `active_from` (the schedule was set after it) is not owed.
    """
    tz = schedule.zone
    today = local_date(now, tz)
    owed = []
    for day in (today, today - timedelta(days=1)):
        instant = post_instant(day, schedule.post_time, tz)
        if instant is None or instant > now or instant < schedule.active_from:
            continue
        if day != today and now - instant > catch_up:
            continue
        owed.append((day, instant))
    return owed


def next_instant(schedule: Schedule, now: datetime, posted: set[date]) -> tuple[date, datetime]:
    """The next posting (local date, UTC instant) not yet posted: possibly already overdue."""
    owed = [d for d in owed_days(schedule, now) if d[0] not in posted]
    if owed:
        return owed[-1]
    day = local_date(now, schedule.zone)
    for offset in range(8):
        candidate = day + timedelta(days=offset)
        instant = post_instant(candidate, schedule.post_time, schedule.zone)
        if (instant is not None and instant > now and instant >= schedule.active_from
                and candidate not in posted):
            return candidate, instant
    raise ScheduleError("no posting time in the next week")  # only for a broken tz database

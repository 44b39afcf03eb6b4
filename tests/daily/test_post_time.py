"""Local posting instants, DST both ways, owed days, time and timezone input."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from bot.daily.post_time import (
    Schedule,
    ScheduleError,
    next_instant,
    owed_days,
    parse_post_time,
    post_instant,
    zone,
)
from bot.daily.zones import canonical_zone, suggest


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def test_ordinary_day_in_two_zones():
    assert post_instant(date(2024, 6, 10), time(9), zone("Europe/London")) == \
        utc("2024-06-10T08:00")
    assert post_instant(date(2024, 6, 10), time(9), zone("America/New_York")) == \
        utc("2024-06-10T13:00")
    assert post_instant(date(2024, 6, 10), time(9), zone("Asia/Kolkata")) == utc("2024-06-10T03:30")


def test_spring_forward_posts_when_the_clocks_jump():
    # New York: 02:00 EST jumps to 03:00 EDT on 2024-03-10; 02:30 does not exist.
    assert post_instant(date(2024, 3, 10), time(2, 30), zone("America/New_York")) == \
        utc("2024-03-10T07:00")
    # London: 01:00 GMT jumps to 02:00 BST on 2024-03-31.
    assert post_instant(date(2024, 3, 31), time(1, 15), zone("Europe/London")) == \
        utc("2024-03-31T01:00")
    # The day after is ordinary again.
    assert post_instant(date(2024, 3, 11), time(2, 30), zone("America/New_York")) == \
        utc("2024-03-11T06:30")


def test_fall_back_posts_at_the_first_occurrence():
    # New York: 01:30 happens at 05:30 UTC (EDT) and again at 06:30 UTC (EST) on 2024-11-03.
    assert post_instant(date(2024, 11, 3), time(1, 30), zone("America/New_York")) == \
        utc("2024-11-03T05:30")
    assert post_instant(date(2024, 10, 27), time(1, 30), zone("Europe/London")) == \
        utc("2024-10-27T00:30")


def test_a_skipped_calendar_day_is_not_owed():
    # Samoa skipped 2011-12-30 entirely.
    assert post_instant(date(2011, 12, 30), time(9), zone("Pacific/Apia")) is None


def schedule(hhmm: str, tz: str, active_from: str = "2024-01-01T00:00") -> Schedule:
    return Schedule(1, 10, parse_post_time(hhmm), tz, active_from=utc(active_from))


def test_owed_days_today_then_yesterday_within_catch_up():
    s = schedule("23:30", "Europe/London")
    assert owed_days(s, utc("2024-06-10T22:00")) == []
    assert owed_days(s, utc("2024-06-10T22:30")) == [(date(2024, 6, 10), utc("2024-06-10T22:30"))]
    # Down across midnight: at 01:00 local the missed 23:30 is still owed.
    assert owed_days(s, utc("2024-06-11T00:00")) == [(date(2024, 6, 10), utc("2024-06-10T22:30"))]
    # Beyond the catch-up window it is not.
    assert owed_days(s, utc("2024-06-11T06:00")) == []


def test_a_schedule_set_after_todays_time_starts_tomorrow():
    s = schedule("09:00", "Europe/London", active_from="2024-06-10T12:00")
    assert owed_days(s, utc("2024-06-10T12:01")) == []
    day, at = next_instant(s, utc("2024-06-10T12:01"), set())
    assert (day, at) == (date(2024, 6, 11), utc("2024-06-11T08:00"))


def test_next_instant_skips_a_posted_day_and_reports_an_overdue_one():
    s = schedule("09:00", "America/New_York")
    now = utc("2024-06-10T15:00")
    assert next_instant(s, now, set()) == (date(2024, 6, 10), utc("2024-06-10T13:00"))
    assert next_instant(s, now, {date(2024, 6, 10)}) == (date(2024, 6, 11), utc("2024-06-11T13:00"))


@pytest.mark.parametrize("text,expected", [
    ("09:30", time(9, 30)), ("9:05", time(9, 5)), ("21.15", time(21, 15)), (" 00:00 ", time(0)),
    ("21h", time(21)), ("9am", time(9)), ("9 AM", time(9)), ("9:30 pm", time(21, 30)),
    ("9.30pm", time(21, 30)), ("9 p.m.", time(21)), ("12am", time(0)), ("12:15 am", time(0, 15)),
    ("12pm", time(12)), ("noon", time(12)), ("Midnight", time(0)), ("midday", time(12))])
def test_parse_post_time(text, expected):
    assert parse_post_time(text) == expected


@pytest.mark.parametrize("text", ["", "25:00", "12:60", "9:5", "13pm", "0am", "half nine",
                                  "9:30 xm"])
def test_parse_post_time_refuses_with_a_message(text):
    with pytest.raises(ScheduleError, match=r"not a time|time of day"):
        parse_post_time(text)


def test_a_bare_hour_is_asked_about():
    with pytest.raises(ScheduleError, match=r"morning or the evening\? Write 9am or 9pm"):
        parse_post_time("9")


def test_timezone_names_and_suggestions():
    assert canonical_zone("europe/london") == "Europe/London"
    assert canonical_zone("America/New York") == "America/New_York"
    with pytest.raises(ScheduleError) as refused:
        canonical_zone("Europe/Londn")
    assert "Europe/London" in str(refused.value)
    with pytest.raises(ScheduleError, match="not a timezone"):
        canonical_zone("Mars/Olympus")
    assert suggest("london")[0] == "Europe/London"
    assert suggest("tokio")[0] == "Asia/Tokyo"
    assert len(suggest("a")) == 25
    assert len(suggest("")) == 25


def test_aware_times_only():
    s = schedule("09:00", "UTC")
    with pytest.raises(TypeError):
        owed_days(s, datetime(2024, 6, 10, 9, 0))  # noqa: DTZ001 - the point of the test
    assert timedelta(0) == utc("2024-06-10T00:00").utcoffset()

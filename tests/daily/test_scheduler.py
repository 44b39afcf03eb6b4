"""The posting loop against real state (SQLite and PostgreSQL) and a controllable clock."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, time, timedelta

import pytest

from bot.daily.ratelimit import TokenBucket
from bot.daily.scheduler import (
    NONCE_WINDOW,
    TAKEOVER_AFTER,
    ChannelUnavailable,
    RateLimited,
)
from bot.daily.store import DailyStore
from tests.daily.conftest import Crash, FakeCatalog, FakeStory


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


async def setup_guild(state, guild_id: int, hhmm: str, tz: str, clock, discord_fake, **kw):
    channel = discord_fake.add(guild_id, **{k: v for k, v in kw.items()
                                            if k in ("nsfw", "deleted", "may_send")})
    h, m = map(int, hhmm.split(":"))
    await DailyStore(state).set_schedule(guild_id, channel.id, time(h, m), tz,
                                         mood=kw.get("mood"), fandom=kw.get("fandom"),
                                         now=clock.now())
    return channel


async def test_posts_at_local_time_in_two_timezones(opened, clock, discord_fake, make_scheduler):
    state = await opened()
    await setup_guild(state, 1, "09:00", "Europe/London", clock, discord_fake)
    await setup_guild(state, 2, "09:00", "America/New_York", clock, discord_fake)
    scheduler = make_scheduler(state)
    await clock.set(utc("2024-06-10T07:59"))
    assert (await scheduler.tick()).posted == 0
    await clock.set(utc("2024-06-10T08:00"))  # 09:00 BST
    report = await scheduler.tick()
    assert report.posted == 1 and [m.guild_id for m in discord_fake.messages] == [1]
    await clock.set(utc("2024-06-10T12:59"))
    assert (await scheduler.tick()).posted == 0
    await clock.set(utc("2024-06-10T13:00"))  # 09:00 EDT
    assert (await scheduler.tick()).posted == 1
    assert [(m.guild_id, m.post_date) for m in discord_fake.messages] == [
        (1, date(2024, 6, 10)), (2, date(2024, 6, 10))]
    # Every later tick that day posts nothing more.
    for minutes in range(1, 600, 37):
        await clock.set(utc("2024-06-10T13:00") + timedelta(minutes=minutes))
        await scheduler.tick()
    assert len(discord_fake.messages) == 2
    await clock.set(utc("2024-06-11T08:00"))
    await scheduler.tick()
    assert [(m.guild_id, m.post_date) for m in discord_fake.messages][-1] == (1, date(2024, 6, 11))


async def run_minutes(scheduler, clock, start: datetime, end: datetime) -> None:
    await clock.set(start)
    while clock.now() <= end:
        await scheduler.tick()
        await clock.advance(timedelta(minutes=1))


async def test_spring_forward_neither_skips_nor_doubles(opened, clock, discord_fake,
                                                        make_scheduler):
    state = await opened()
    await setup_guild(state, 1, "02:30", "America/New_York", clock, discord_fake)
    scheduler = make_scheduler(state)
    await run_minutes(scheduler, clock, utc("2024-03-09T06:00"), utc("2024-03-11T08:00"))
    posts = [(m.post_date, m.at) for m in discord_fake.messages]
    assert posts == [(date(2024, 3, 9), utc("2024-03-09T07:30")),   # 02:30 EST
                     (date(2024, 3, 10), utc("2024-03-10T07:00")),  # 02:30 missing: 03:00 EDT
                     (date(2024, 3, 11), utc("2024-03-11T06:30"))]  # 02:30 EDT


async def test_fall_back_posts_once_at_the_first_occurrence(opened, clock, discord_fake,
                                                            make_scheduler):
    state = await opened()
    await setup_guild(state, 1, "01:30", "America/New_York", clock, discord_fake)
    scheduler = make_scheduler(state)
    await run_minutes(scheduler, clock, utc("2024-11-02T05:00"), utc("2024-11-04T07:00"))
    posts = [(m.post_date, m.at) for m in discord_fake.messages]
    assert posts == [(date(2024, 11, 2), utc("2024-11-02T05:30")),   # 01:30 EDT
                     (date(2024, 11, 3), utc("2024-11-03T05:30")),   # first 01:30 (EDT)
                     (date(2024, 11, 4), utc("2024-11-04T06:30"))]   # 01:30 EST


async def test_restart_before_the_claim(opened, clock, discord_fake, make_scheduler):
    state = await opened()
    await setup_guild(state, 1, "09:00", "UTC", clock, discord_fake)
    await clock.set(utc("2024-06-10T09:00"))
    scheduler = make_scheduler(state)

    async def dies(guild_id, channel_id):
        raise Crash

    scheduler.channel_info = dies
    with pytest.raises(Crash):
        await scheduler.tick()
    await state.close()
    assert discord_fake.messages == []
    state = await opened()
    assert await DailyStore(state).post(1, date(2024, 6, 10)) is None
    await clock.advance(60)
    assert (await make_scheduler(state).tick()).posted == 1
    assert len(discord_fake.messages) == 1


async def crash_once(hooks: dict, state, make_scheduler) -> None:
    """Guild 1's next send dies at the fake Discord's `hooks` point, as the process would:
    the tick raises, the state closes, and the next run starts from what was stored."""
    def die(delivery):
        raise Crash

    hooks[1] = die
    with pytest.raises(Crash):
        await make_scheduler(state).tick()
    await state.close()
    hooks.clear()


async def test_restart_between_claim_and_send(opened, clock, discord_fake, make_scheduler):
    state = await opened()
    await setup_guild(state, 1, "09:00", "UTC", clock, discord_fake)
    await clock.set(utc("2024-06-10T09:00"))
    await crash_once(discord_fake.before_send, state, make_scheduler)
    state = await opened()
    claimed = await DailyStore(state).post(1, date(2024, 6, 10))
    assert claimed is not None and claimed.message_id is None
    scheduler = make_scheduler(state)
    await clock.advance(60)  # the claim is fresh: it may still be in flight somewhere
    assert (await scheduler.tick()).posted == 0
    await clock.advance(timedelta(minutes=5))
    assert (await scheduler.tick()).posted == 1
    row = await DailyStore(state).post(1, date(2024, 6, 10))
    assert row.message_id is not None and row.attempts == 2
    assert [m.story_id for m in discord_fake.messages] == [claimed.story_id]


@pytest.mark.parametrize("with_history", [True, False])
async def test_restart_between_send_and_record(opened, clock, discord_fake, make_scheduler,
                                               with_history):
    """The message went out but its id was never stored: the takeover finds it (channel
    history) or, for a bot back at once, Discord's nonce check returns it: the takeover comes
    inside the window the nonce is counted on for. Either way there is still one post."""
    discord_fake.nonce_window = NONCE_WINDOW
    state = await opened()
    await setup_guild(state, 1, "09:00", "UTC", clock, discord_fake)
    await clock.set(utc("2024-06-10T09:00"))
    await crash_once(discord_fake.after_send, state, make_scheduler)
    assert len(discord_fake.messages) == 1
    state = await opened()
    scheduler = make_scheduler(state, **({} if with_history else {"find_sent": None}))
    await run_minutes(scheduler, clock, clock.now() + timedelta(minutes=1),
                      clock.now() + timedelta(minutes=20))
    row = await DailyStore(state).post(1, date(2024, 6, 10))
    assert row.message_id == discord_fake.messages[0].message_id
    assert len(discord_fake.messages) == 1


def test_the_takeover_comes_well_inside_the_nonce_window():
    """A takeover waits TAKEOVER_AFTER, then for the next minute's tick."""
    assert TAKEOVER_AFTER + timedelta(minutes=1) <= NONCE_WINDOW - timedelta(seconds=30)


async def test_crashes_during_takeovers_still_look_from_the_first_claim(
        opened, clock, discord_fake, make_scheduler):
    """Sent at 09:00, then the bot dies again during the takeover's look: the next takeover
    still reads the history from 09:00 (a takeover moves claimed_at, not the first claim)."""
    state = await opened()
    await setup_guild(state, 1, "09:00", "UTC", clock, discord_fake)
    await clock.set(utc("2024-06-10T09:00"))
    await crash_once(discord_fake.after_send, state, make_scheduler)
    state = await opened()
    await clock.set(utc("2024-06-10T09:02"))
    await crash_once(discord_fake.before_find, state, make_scheduler)
    state = await opened()
    await run_minutes(make_scheduler(state), clock, utc("2024-06-10T09:03"),
                      utc("2024-06-10T09:30"))
    assert len(discord_fake.messages) == 1
    assert [d.since for d in discord_fake.looked] == [utc("2024-06-10T09:00")] * 2
    row = await DailyStore(state).post(1, date(2024, 6, 10))
    assert row.message_id == discord_fake.messages[0].message_id and row.attempts == 3


@pytest.mark.parametrize("problem", [ChannelUnavailable("I lost the Read Message History "
                                                        "permission"), OSError("HTTP 503")])
async def test_a_takeover_that_cannot_look_never_resends(opened, clock, discord_fake,
                                                         make_scheduler, problem):
    """When the history cannot be read, a post that may have gone out is not sent again and
    its claim is kept (not released for a fresh pick): lost permission turns the schedule off,
    a passing failure is looked at again after the next takeover delay."""
    state = await opened()
    await setup_guild(state, 1, "09:00", "UTC", clock, discord_fake)
    await clock.set(utc("2024-06-10T09:00"))
    await crash_once(discord_fake.after_send, state, make_scheduler)
    state = await opened()

    def fail(delivery):
        raise problem

    discord_fake.before_find[1] = fail
    scheduler = make_scheduler(state)
    await run_minutes(scheduler, clock, utc("2024-06-10T09:02"), utc("2024-06-10T09:10"))
    assert len(discord_fake.messages) == 1
    row = await DailyStore(state).post(1, date(2024, 6, 10))
    assert row is not None and row.message_id is None
    schedule = await DailyStore(state).schedule(1)
    if isinstance(problem, ChannelUnavailable):
        assert len(discord_fake.looked) == 1 and not schedule.enabled
        assert "Read Message History" in schedule.disabled_reason
    else:
        assert len(discord_fake.looked) > 1 and schedule.enabled
        discord_fake.before_find.clear()  # Discord is back
        await run_minutes(scheduler, clock, utc("2024-06-10T09:11"), utc("2024-06-10T09:15"))
        row = await DailyStore(state).post(1, date(2024, 6, 10))
        assert row.message_id == discord_fake.messages[0].message_id
        assert len(discord_fake.messages) == 1


async def test_restart_after_the_post(opened, clock, discord_fake, make_scheduler):
    state = await opened()
    await setup_guild(state, 1, "09:00", "UTC", clock, discord_fake)
    await clock.set(utc("2024-06-10T09:00"))
    await make_scheduler(state).tick()
    await state.close()
    state = await opened()
    await run_minutes(make_scheduler(state), clock, utc("2024-06-10T09:01"),
                      utc("2024-06-10T10:00"))
    assert len(discord_fake.messages) == 1


async def test_bot_down_through_posting_time_posts_late(opened, clock, discord_fake,
                                                        make_scheduler):
    state = await opened()
    await setup_guild(state, 1, "09:00", "Europe/Paris", clock, discord_fake)
    await setup_guild(state, 2, "23:30", "Europe/Paris", clock, discord_fake)
    scheduler = make_scheduler(state)
    # Down from before 09:00 Paris until 11:37 Paris: posts at the first tick after.
    await clock.set(utc("2024-06-10T09:37"))
    await scheduler.tick()
    assert [(m.guild_id, m.post_date, m.at) for m in discord_fake.messages] == [
        (1, date(2024, 6, 10), utc("2024-06-10T09:37"))]
    # Down across midnight: 23:30 Paris missed, back at 01:10 the next local day.
    await clock.set(utc("2024-06-10T23:10"))
    await scheduler.tick()
    assert (discord_fake.messages[-1].guild_id, discord_fake.messages[-1].post_date) == \
        (2, date(2024, 6, 10))
    await run_minutes(scheduler, clock, utc("2024-06-10T23:11"), utc("2024-06-11T06:59"))
    assert len(discord_fake.posts(2)) == 1 and len(discord_fake.posts(1)) == 1


async def test_deleted_channel_disables_that_guild_only(opened, clock, discord_fake,
                                                        make_scheduler):
    state = await opened()
    gone = await setup_guild(state, 1, "09:00", "UTC", clock, discord_fake)
    await setup_guild(state, 2, "09:00", "UTC", clock, discord_fake)
    gone.deleted = True
    scheduler = make_scheduler(state)
    await clock.set(utc("2024-06-10T09:00"))
    report = await scheduler.tick()
    assert (report.posted, report.disabled) == (1, 1)
    status = await scheduler.status(1)
    assert not status.schedule.enabled
    assert status.schedule.disabled_reason == "the channel was deleted"
    assert status.next_at is None
    assert await DailyStore(state).post(1, date(2024, 6, 10)) is None
    assert (await scheduler.post_today(1)).kind == "disabled"
    # Setting it up again (on a working channel) enables it; today's time has passed, so it
    # starts tomorrow.
    gone.deleted = False
    await DailyStore(state).set_schedule(1, gone.id, time(9), "UTC", mood=None, fandom=None,
                                         now=clock.now())
    await clock.set(utc("2024-06-11T09:00"))
    await scheduler.tick()
    assert [m.post_date for m in discord_fake.posts(1)] == [date(2024, 6, 11)]


async def test_permission_lost_at_send_disables_and_releases(opened, clock, discord_fake,
                                                             make_scheduler):
    state = await opened()
    channel = await setup_guild(state, 1, "09:00", "UTC", clock, discord_fake)
    await setup_guild(state, 2, "09:00", "UTC", clock, discord_fake)

    def revoke(delivery):
        channel.may_send = False  # lost between the check and the send

    discord_fake.before_send[1] = revoke
    scheduler = make_scheduler(state)
    await clock.set(utc("2024-06-10T09:00"))
    report = await scheduler.tick()
    assert (report.posted, report.disabled) == (1, 1)
    status = await scheduler.status(1)
    assert "permission" in status.schedule.disabled_reason
    assert await DailyStore(state).post(1, date(2024, 6, 10)) is None  # claim released
    await clock.advance(60)
    assert (await scheduler.tick()).due == 0


async def test_one_failing_guild_does_not_stop_the_others(opened, clock, discord_fake,
                                                          make_scheduler, caplog):
    state = await opened()
    for guild in (1, 2, 3):
        await setup_guild(state, guild, "09:00", "UTC", clock, discord_fake)
    failures = iter([RuntimeError("Discord 503"), None])

    def flaky(delivery):
        error = next(failures)
        if error:
            raise error

    discord_fake.before_send[2] = flaky
    scheduler = make_scheduler(state)
    await clock.set(utc("2024-06-10T09:00"))
    report = await scheduler.tick()
    assert (report.posted, report.failed) == (2, 1)
    assert "guild 2" in report.errors[0] and "Discord 503" in caplog.text
    assert await DailyStore(state).post(2, date(2024, 6, 10)) is None  # released, not lost
    await clock.advance(60)
    assert (await scheduler.tick()).posted == 1
    assert sorted(m.guild_id for m in discord_fake.messages) == [1, 2, 3]


async def test_exhausted_catalog_starts_a_new_cycle(opened, clock, discord_fake, make_scheduler):
    catalog = FakeCatalog([FakeStory("a", "Sherlock"), FakeStory("b", "Firefly"),
                           FakeStory("c", "Hannibal")])
    state = await opened()
    await setup_guild(state, 1, "09:00", "UTC", clock, discord_fake)
    scheduler = make_scheduler(state, catalog=catalog)
    for day in range(9):
        await clock.set(utc("2024-06-10T09:00") + timedelta(days=day))
        await scheduler.tick()
    stories = [m.story_id for m in discord_fake.messages]
    assert len(stories) == 9
    for cycle in range(3):
        assert sorted(stories[cycle * 3:cycle * 3 + 3]) == ["a", "b", "c"]
    assert all(stories[i] != stories[i + 1] for i in range(8))  # no repeat across a cycle edge
    rotation = await DailyStore(state).rotation(1)
    assert rotation.cycle == 2


async def test_balanced_across_fandoms_and_pairings(opened, clock, discord_fake, make_scheduler):
    stories = [FakeStory(f"b{i}", "Buffy the Vampire Slayer",
                         "Buffy Summers/Spike" if i % 2 else "Tara Maclay/Willow Rosenberg")
               for i in range(8)]
    stories += [FakeStory("s1", "Sherlock"), FakeStory("s2", "Sherlock"),
                FakeStory("f1", "Firefly"), FakeStory("f2", "Firefly")]
    state = await opened()
    await setup_guild(state, 1, "09:00", "UTC", clock, discord_fake)
    scheduler = make_scheduler(state, catalog=FakeCatalog(stories))
    for day in range(12):
        await clock.set(utc("2024-06-10T09:00") + timedelta(days=day))
        await scheduler.tick()
    posted = [m.story_id for m in discord_fake.messages]
    assert sorted(posted) == sorted(s.id for s in stories)  # the whole catalog, no repeat
    fandom_of = {s.id: s.fandom for s in stories}
    first_half = {fandom_of[i] for i in posted[:6]}
    assert first_half == {"Buffy the Vampire Slayer", "Sherlock", "Firefly"}
    # Buffy's two pairings alternate rather than one running out first.
    pairing_of = {s.id: s.pairing for s in stories}
    buffy = [pairing_of[i] for i in posted if i.startswith("b")]
    assert all(buffy[i] != buffy[i + 1] for i in range(len(buffy) - 1))


async def test_channel_nsfw_flag_and_exclusions_at_posting_time(opened, clock, discord_fake,
                                                                make_scheduler, catalog):
    state = await opened()
    settings = await state.guild_settings(1)
    settings.excluded_tags = ["major character death"]
    await state.save_guild_settings(settings)
    channel = await setup_guild(state, 1, "09:00", "UTC", clock, discord_fake)
    scheduler = make_scheduler(state)
    for day in range(4):
        await clock.set(utc("2024-06-10T09:00") + timedelta(days=day))
        await scheduler.tick()
    posted = {m.story_id for m in discord_fake.messages}
    assert posted == {"bt1", "bt2", "sh1", "go1"}  # no explicit bt3, no excluded sh2
    channel.nsfw = True
    await clock.set(utc("2024-06-15T09:00"))
    await scheduler.tick()
    assert discord_fake.messages[-1].story_id == "bt3"


async def test_mood_and_fandom_rules(opened, clock, discord_fake, make_scheduler):
    state = await opened()
    await setup_guild(state, 1, "09:00", "UTC", clock, discord_fake, mood="fluff")
    await setup_guild(state, 2, "09:00", "UTC", clock, discord_fake, fandom="Sherlock")
    scheduler = make_scheduler(state)
    for day in range(3):
        await clock.set(utc("2024-06-10T09:00") + timedelta(days=day))
        await scheduler.tick()
    assert {m.story_id for m in discord_fake.posts(1)} == {"go1"}
    assert {m.story_id for m in discord_fake.posts(2)} == {"sh1", "sh2"}


async def test_pick_is_deterministic_and_preview_comes_true(opened, clock, discord_fake,
                                                            make_scheduler):
    state = await opened()
    await setup_guild(state, 1, "09:00", "UTC", clock, discord_fake)
    scheduler = make_scheduler(state)
    await clock.set(utc("2024-06-10T08:00"))
    tomorrow = await scheduler.preview(1)
    assert tomorrow == await scheduler.preview(1)
    await clock.set(utc("2024-06-10T09:00"))
    await scheduler.tick()
    today = discord_fake.messages[-1].story_id
    status = await scheduler.status(1)
    assert status.last_sent.story_id == today and status.today.story_id == today
    assert status.next_date == date(2024, 6, 11)
    assert status.next_at == utc("2024-06-11T09:00")
    await clock.set(utc("2024-06-11T09:00"))
    await scheduler.tick()
    assert discord_fake.messages[-1].story_id == tomorrow.story_id


async def test_post_now_then_the_scheduled_time_does_not_double(opened, clock, discord_fake,
                                                                make_scheduler):
    state = await opened()
    await setup_guild(state, 1, "18:00", "UTC", clock, discord_fake)
    scheduler = make_scheduler(state)
    await clock.set(utc("2024-06-10T10:00"))
    outcome = await scheduler.post_today(1)
    assert outcome.kind == "posted" and outcome.post_date == date(2024, 6, 10)
    assert (await scheduler.post_today(1)).kind == "already"
    await run_minutes(scheduler, clock, utc("2024-06-10T17:58"), utc("2024-06-10T18:05"))
    assert len(discord_fake.messages) == 1
    assert (await make_scheduler(state).post_today(99)).kind == "no-schedule"


async def test_rate_limited_send_waits_and_goes_on(opened, clock, discord_fake, make_scheduler):
    state = await opened()
    await setup_guild(state, 1, "09:00", "UTC", clock, discord_fake)
    limits = iter([RateLimited(0.01), None])

    def limited(delivery):
        error = next(limits)
        if error:
            raise error

    discord_fake.before_send[1] = limited
    now = [0.0]  # the bucket's own clock: a slow machine must not pass the pause unseen

    async def sleep(seconds: float) -> None:
        now[0] += seconds

    bucket = TokenBucket(rate=1000, capacity=10, monotonic=lambda: now[0], sleep=sleep)
    scheduler = make_scheduler(state, bucket=bucket)
    await clock.set(utc("2024-06-10T09:00"))
    assert (await scheduler.tick()).posted == 1
    assert bucket.pauses == 1 and bucket.waited >= 0.01


async def test_the_loop_survives_errors_and_ticks_each_minute(opened, clock, discord_fake,
                                                              make_scheduler, caplog):
    state = await opened()
    await setup_guild(state, 1, "09:00", "UTC", clock, discord_fake)
    scheduler = make_scheduler(state)
    real = scheduler.store.enabled_schedules
    calls = {"n": 0}

    async def broken_once():
        calls["n"] += 1
        if calls["n"] == 1:
            raise RuntimeError("database is locked")
        return await real()

    scheduler.store.enabled_schedules = broken_once
    await clock.set(utc("2024-06-10T08:59:30"))
    task = asyncio.create_task(scheduler.run())
    try:
        async with asyncio.timeout(10):  # a hang fails; no step depends on the machine's pace
            await clock.wait_for_naps(1)  # the first tick failed and the loop sleeps on
            assert "database is locked" in caplog.text and calls["n"] == 1
            await clock.set(utc("2024-06-10T09:00:31"))
            await clock.wait_for_naps(2)
            assert len(discord_fake.messages) == 1 and calls["n"] == 2
            await clock.set(utc("2024-06-10T09:01:31"))
            await clock.wait_for_naps(3)
            assert calls["n"] == 3 and len(discord_fake.messages) == 1
    finally:
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task


async def test_two_processes_post_each_guild_exactly_once(opened, clock, discord_fake,
                                                          make_scheduler):
    """Two bot processes (each with its own state connections and in-flight set) tick at the
    same moments over one database: each guild's post is claimed and sent once a day."""
    first, second = await opened(), await opened()
    guilds = range(1, 41)
    sends: dict[tuple[int, date], int] = {}

    def count(delivery):
        key = (delivery.guild_id, delivery.post_date)
        sends[key] = sends.get(key, 0) + 1

    for guild in guilds:
        await setup_guild(first, guild, "09:00", "UTC", clock, discord_fake)
        discord_fake.before_send[guild] = count
    schedulers = [make_scheduler(first), make_scheduler(second)]
    days = [date(2024, 6, 10) + timedelta(days=n) for n in range(3)]
    for day in days:
        await clock.set(datetime.combine(day, time(9), tzinfo=UTC))
        reports = await asyncio.gather(*(s.tick() for s in schedulers))
        assert sum(r.posted for r in reports) == len(guilds)
        assert sum(r.failed for r in reports) == 0
    assert sends == {(guild, day): 1 for guild in guilds for day in days}
    for guild in guilds:
        assert [m.post_date for m in discord_fake.posts(guild)] == days


async def test_each_process_posts_only_for_its_own_guilds(opened, clock, discord_fake,
                                                          make_scheduler):
    """Processes that own different shards: each posts for its guilds only (a guild it does not
    own is never looked at, so never taken for one it has left), and together all of them."""
    first, second = await opened(), await opened()
    guilds = range(1, 21)
    for guild in guilds:
        await setup_guild(first, guild, "09:00", "UTC", clock, discord_fake)
    odd = make_scheduler(first, owns=lambda guild: guild % 2 == 1)
    even = make_scheduler(second, owns=lambda guild: guild % 2 == 0)
    await clock.set(utc("2024-06-10T09:00"))
    reports = await asyncio.gather(odd.tick(), even.tick())
    assert [r.posted for r in reports] == [10, 10]
    assert [r.due for r in reports] == [10, 10]
    assert discord_fake.info_calls == 20  # no process looked at another's guild
    for guild in guilds:
        assert len(discord_fake.posts(guild)) == 1
    assert all(s.enabled for s in await DailyStore(first).enabled_schedules())
    assert len(await DailyStore(first).enabled_schedules()) == 20


def test_a_process_takes_its_part_of_the_global_rate_limit():
    assert TokenBucket.share(1.0).rate == TokenBucket().rate
    half = TokenBucket.share(0.5)
    assert (half.rate, half.capacity) == (22.5, 2.5)
    # Two halves together stay within what one bucket allows in any one second.
    assert 2 * (half.rate + half.capacity) <= TokenBucket().rate + TokenBucket().capacity
    assert TokenBucket.share(1 / 64).capacity == 1.0  # always room for one send

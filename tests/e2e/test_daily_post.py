"""A story of the day through the real bot and discord.py, against the Discord stand-in:
/daily set, the post at local time (full card, Save button that works), /daily status, a
deleted channel turning the schedule off, and a crash between sending and recording a post."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.config import Settings
from bot.daily.clock import ManualClock
from bot.daily.pick import PickRules
from bot.discord_app.bot import StoryBot
from tests.discord_double.model import READ_MESSAGE_HISTORY, Overwrite
from tests.discord_double.testing import connected
from tests.e2e.bot_harness import bot_clock
from tests.support.waiting import eventually

REPO = Path(__file__).resolve().parents[2]


async def daily_at_nine_utc(double, channel) -> str:
    """`/daily set` by the owner for 09:00 UTC in `channel`; the reply's text."""
    done = await double.slash(double.guild, "library", "buffy", "daily set", channel=channel,
                              time="09:00", timezone="UTC")
    return (await done.message()).content


@pytest.fixture(scope="module")
def sample_catalog(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("daily") / "catalog.db"
    return Settings(catalog_path=path, build_sample=True).ensure_catalog()


@pytest.fixture
async def daily_bot(discord_double, sample_catalog, tmp_path):
    settings = Settings(catalog_path=sample_catalog, state_path=tmp_path / "state.db",
                        watch_catalog=False)
    bot = StoryBot(settings, extensions=("cogs.daily",), clock=bot_clock(discord_double))
    async with connected(discord_double, bot):
        assert not bot.failed_extensions, bot.failed_extensions
        await bot.tree.sync()
        cog = bot.get_cog("DailyCog")
        cog._task.cancel()  # the test drives the scheduler's ticks itself
        cog.scheduler.clock = ManualClock(datetime(2024, 6, 10, 12, 0, tzinfo=UTC))
        yield bot, cog


async def test_daily_post_end_to_end(discord_double, daily_bot):
    bot, cog = daily_bot
    clock = cog.scheduler.clock
    guild = discord_double.guild
    library = guild.channel("library")

    typed = await discord_double.autocomplete(guild, "library", "buffy", "daily set",
                                              focused="timezone", timezone="london")
    assert (await typed.choices())[0]["value"] == "Europe/London"

    wrong = await discord_double.slash(guild, "library", "buffy", "daily set", channel=library,
                                       time="09:00", timezone="Europe/Londn")
    refused = await wrong.message()
    assert "Did you mean Europe/London" in refused.content and refused.ephemeral

    done = await discord_double.slash(guild, "library", "buffy", "daily set", channel=library,
                                      time="09:00", timezone="Europe/London")
    answer = await done.message()
    assert "09:00 (Europe/London)" in answer.content and "Tuesday 11 June 2024, 09:00 BST" in \
        answer.content

    await clock.set(datetime(2024, 6, 11, 7, 59, tzinfo=UTC))
    assert (await cog.scheduler.tick()).posted == 0
    await clock.set(datetime(2024, 6, 11, 8, 0, tzinfo=UTC))  # 09:00 BST
    report = await cog.scheduler.tick()
    assert report.posted == 1, report.errors
    posts = discord_double.channel_history(library)
    assert len(posts) == 1
    post = posts[0]
    card = post.embeds[0]
    assert "Story of the day" in post.content
    assert card["title"] and card["description"]
    assert "Story of the day · 2024-06-11" in card["footer"]["text"]
    save = next(c for c in post.custom_ids() if c.startswith("sb:save:"))
    request = discord_double.requests_to("POST /channels/{channel_id}/messages")[0]
    assert request.json["nonce"] and request.json["enforce_nonce"] is True

    clicked = await discord_double.click(post, save, user="willow")
    saved = await clicked.message()
    assert saved.content.startswith("Saved **") and saved.ephemeral
    story_id = save.split(":", 2)[2]
    assert post.custom_ids() == [f"sb:{action}:{story_id}" for action in ("read", "save", "hide")]
    assert await bot.state.shelf(discord_double.world.user("willow").id) == [story_id]

    hidden = await discord_double.click(post, f"sb:hide:{story_id}", user="willow")
    assert (await hidden.message()).content.startswith("Hidden: you won't see **")
    assert ("story", story_id) in await bot.state.member_exclusions(
        discord_double.world.user("willow").id)

    await clock.set(datetime(2024, 6, 11, 9, 0, tzinfo=UTC))
    assert (await cog.scheduler.tick()).posted == 0  # once a day

    asked = await discord_double.slash(guild, "library", "buffy", "daily status")
    status = (await asked.message()).content
    assert "Next post: Wednesday 12 June 2024, 09:00 BST" in status
    assert f"/{post.id}" in status and "(2024-06-11)" in status

    again = await discord_double.slash(guild, "library", "buffy", "daily now")
    assert "already posted" in (await again.message()).content

    preview = await discord_double.slash(guild, "library", "buffy", "daily preview")
    shown = await preview.message()
    footer = shown.embeds[0]["footer"]["text"]
    assert shown.ephemeral and "preview: tomorrow's pick" in footer
    assert not footer.endswith(f"id {story_id}")  # today's story does not come round again


async def test_manage_server_is_required(discord_double, daily_bot):
    daily = next(c for c in discord_double.registered_commands() if c["name"] == "daily")
    assert int(daily["default_member_permissions"]) == 1 << 5  # MANAGE_GUILD
    asked = await discord_double.slash(discord_double.guild, "library", "willow",
                                       "daily status")
    assert "You need **Manage Server**" in (await asked.message()).content


async def test_set_refuses_a_channel_the_bot_cannot_post_in(discord_double, daily_bot):
    guild = discord_double.guild
    asked = await discord_double.slash(guild, "library", "buffy", "daily set",
                                       channel=guild.channel("announcements"), time="09:00",
                                       timezone="UTC")
    assert "I need Send Messages" in (await asked.message()).content


async def test_deleted_channel_turns_the_schedule_off(discord_double, daily_bot):
    _, cog = daily_bot
    guild = discord_double.guild
    library = guild.channel("library")
    await daily_at_nine_utc(discord_double, library)
    guild.channels.remove(library)  # gone on Discord's side; the bot's cache still has it
    await cog.scheduler.clock.set(datetime(2024, 6, 11, 9, 0, tzinfo=UTC))
    report = await cog.scheduler.tick()
    assert report.disabled == 1 and report.posted == 0
    asked = await discord_double.slash(guild, "after-dark", "buffy", "daily status")
    assert "Turned off: the channel was deleted" in (await asked.message()).content


async def test_429s_are_waited_out_and_the_post_still_goes(discord_double, daily_bot):
    _, cog = daily_bot
    guild = discord_double.guild
    library = guild.channel("library")
    await daily_at_nine_utc(discord_double, library)
    # More 429s in a row than discord.py retries on its own: the scheduler takes over.
    discord_double.rate_limit("POST /channels/{channel_id}/messages", 7, retry_after=0.02)
    await cog.scheduler.clock.set(datetime(2024, 6, 11, 9, 0, tzinfo=UTC))
    report = await cog.scheduler.tick()
    assert report.posted == 1, report.errors
    statuses = [r.status for r in discord_double.requests_to(
        "POST /channels/{channel_id}/messages")]
    assert statuses == [429] * 7 + [200]
    assert cog.scheduler.bucket.pauses >= 1
    assert len(discord_double.channel_history(library)) == 1


class Crash(Exception):
    """The bot dying between sending the post and recording it."""


class BothClocks:
    """The bot's clock and the stand-in's, moved together (Discord's time goes on while the
    bot is down): message ids and the stand-in's nonce window follow its clock, claims the
    bot's."""

    def __init__(self, double, bot_clock: ManualClock) -> None:
        self.double, self.bot_clock = double, bot_clock

    @classmethod
    async def aligned(cls, double, bot_clock: ManualClock) -> BothClocks:
        await bot_clock.set(double.clock.now().replace(second=0, microsecond=0))
        return cls(double, bot_clock)

    def now(self) -> datetime:
        return self.bot_clock.now()

    async def advance(self, delta: timedelta) -> None:
        self.double.clock.advance(delta.total_seconds())
        await self.bot_clock.advance(delta)


@pytest.mark.parametrize("after_the_crash", ["quiet", "35 newer messages", "history lost"])
async def test_a_crash_between_send_and_record_still_makes_one_post(discord_double, daily_bot,
                                                                    after_the_crash):
    """The bot dies after Discord took its post and before it recorded the id, and comes back
    10 minutes later (both clocks: the nonce window is long gone). The takeover reads the
    history from the claim on, however many messages came since, and records the post; a bot
    that lost Read Message History meanwhile cannot look, so it turns the schedule off and
    leaves the claim rather than post again."""
    _, cog = daily_bot
    scheduler = cog.scheduler
    clocks = await BothClocks.aligned(discord_double, scheduler.clock)
    guild = discord_double.guild
    library = guild.channel("library")
    due = clocks.now() + timedelta(minutes=2)
    done = await discord_double.slash(guild, "library", "buffy", "daily set", channel=library,
                                      time=f"{due:%H:%M}", timezone="UTC")
    assert "Daily story set" in (await done.message()).content
    day = due.date()
    record_sent = scheduler.store.record_sent

    async def crash(*args, **kwargs):
        raise Crash

    scheduler.store.record_sent = crash
    await clocks.advance(timedelta(minutes=2))
    report = await scheduler.tick()
    assert report.posted == 0 and "Crash" in report.errors[0]
    assert len(discord_double.channel_history(library)) == 1
    scheduler.store.record_sent = record_sent  # the bot is back

    if after_the_crash == "35 newer messages":
        for n in range(35):
            await discord_double.say(library, "willow", f"chatter {n}")
    elif after_the_crash == "history lost":
        library.overwrites.append(Overwrite(discord_double.world.bot.id, kind=1,
                                            deny=READ_MESSAGE_HISTORY))
        await discord_double.update_channel(library)
        cached = cog.bot.get_channel(library.id)

        async def learned() -> bool:
            return not cached.permissions_for(cached.guild.me).read_message_history

        await eventually(learned, "the bot to learn of the overwrite")

    await clocks.advance(timedelta(seconds=60))
    assert (await scheduler.tick()).posted == 0  # the claim is fresh: it may be in flight
    await clocks.advance(timedelta(minutes=10))
    report = await scheduler.tick()

    posts = [m for m in discord_double.channel_history(library)
             if m.author.id == discord_double.world.bot.id]
    assert len(posts) == 1
    row = await scheduler.store.post(guild.id, day)
    sent = discord_double.requests_to("POST /channels/{channel_id}/messages")
    assert len(sent) == 1
    if after_the_crash == "history lost":
        assert report.disabled == 1 and row.message_id is None  # kept: it may have gone out
        asked = await discord_double.slash(guild, "library", "buffy", "daily status")
        assert "Turned off: I lost the Read Message History permission" in \
            (await asked.message()).content
    else:
        assert report.posted == 1, report.errors
        assert row.message_id == posts[0].id and row.attempts == 2
        assert (await scheduler.tick()).due == 0


async def test_the_daily_story_can_go_to_a_thread(discord_double, daily_bot):
    _, cog = daily_bot
    guild = discord_double.guild
    thread = guild.channel("library-recs")
    assert f"Daily story set for <#{thread.id}>" in await daily_at_nine_utc(discord_double,
                                                                           thread)
    await cog.scheduler.clock.set(datetime(2024, 6, 11, 9, 0, tzinfo=UTC))
    assert (await cog.scheduler.tick()).posted == 1
    posts = discord_double.channel_history(thread)
    assert len(posts) == 1 and "Story of the day" in posts[0].content


async def test_preview_and_status_show_an_explicit_story_only_in_age_restricted_channels(
        discord_double, daily_bot):
    """The daily channel is age-restricted and its only story is explicit: asked in an
    ordinary channel, /daily preview and /daily status name no title and show no card, however
    private the reply; asked in an age-restricted one, they do."""
    bot, cog = daily_bot
    guild = discord_double.guild
    after_dark = guild.channel("after-dark")
    fandom = "Marvel Cinematic Universe"
    ids = await cog.scheduler.picker.eligible(PickRules("explicit", fandom=fandom))
    cards = await bot.search.stories(ids)
    explicit = [c for c in cards if c.rating == "explicit"]
    assert len(explicit) == 1 and len(cards) > 1
    title = explicit[0].title

    def only_explicit(settings) -> None:
        settings.exclusions.extend(("story", c.id) for c in cards if c.rating != "explicit")

    await bot.state.update_guild_settings(guild.id, only_explicit)
    done = await discord_double.slash(guild, "library", "buffy", "daily set",
                                      channel=after_dark, time="09:00", timezone="UTC",
                                      fandom=fandom)
    assert "Daily story set" in (await done.message()).content

    async def ask(where: str, command: str):
        asked = await discord_double.slash(guild, where, "buffy", command)
        return await asked.message()

    hidden = await ask("library", "daily preview")
    assert hidden.ephemeral and not hidden.embeds
    assert "an explicit story (shown only in age-restricted channels)" in hidden.content
    assert title not in hidden.content
    shown = await ask("after-dark", "daily preview")
    assert shown.embeds[0]["title"].startswith(title)

    await cog.scheduler.clock.set(datetime(2024, 6, 11, 9, 0, tzinfo=UTC))
    assert (await cog.scheduler.tick()).posted == 1
    (post,) = discord_double.channel_history(after_dark)
    status = await ask("library", "daily status")
    assert "Last story: an explicit story (shown only in age-restricted channels) " \
        "(2024-06-11)" in status.content
    assert title not in status.content and not status.embeds and f"/{post.id}" in status.content
    assert f"Last story: **{title}**" in (await ask("after-dark", "daily status")).content

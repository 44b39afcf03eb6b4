"""The invite's permissions are exactly what the bot uses: with only those (its role has them,
@everyone nothing) the story of the day is set up, posted in a channel and in a thread, and
found again in the channel's history; without any one of them, something the bot does fails.

Slash commands need none of them (Discord answers interactions through the application's
webhook): /rec is answered in the same server.
"""

from __future__ import annotations

import contextlib
from datetime import UTC, date, datetime

import discord
import pytest

from bot.config import Settings
from bot.daily.clock import ManualClock
from bot.daily.scheduler import ChannelUnavailable, Delivery
from bot.discord_app.bot import StoryBot
from bot.discord_app.permissions import bot_permissions
from tests.discord_double.testing import connected
from tests.e2e import bot_harness

catalog = bot_harness.catalog  # fixture shared by the test_bot_* modules

NAMES = ("view_channel", "send_messages", "send_messages_in_threads", "embed_links",
         "read_message_history")


def only(permissions: discord.Permissions, double) -> None:
    """The world before the bot connects: its role has `permissions`, @everyone nothing."""
    guild = double.guild
    bot_member = next(m for m in guild.members if m.user.id == double.world.bot.id)
    for role in guild.roles:
        if role.id == guild.id:
            role.permissions = 0
        elif role.id in bot_member.role_ids:
            role.permissions = permissions.value


async def daily_in(double, cog, place: str, day: int) -> tuple[str, int | None]:
    """`/daily set` in `place`, then the day's tick: the reply, and the post's id if sent."""
    channel = double.guild.channel(place)
    asked = await double.slash(double.guild, "library", "buffy", "daily set", channel=channel,
                               time="09:00", timezone="UTC")
    reply = (await asked.message()).content
    await cog.scheduler.clock.set(datetime(2024, 6, day, 9, 0, tzinfo=UTC))
    report = await cog.scheduler.tick()
    posts = double.channel_history(channel)
    return reply, (posts[-1].id if report.posted and posts else None)


async def found_again(double, cog, place: str, day: int) -> int | None:
    channel = double.guild.channel(place)
    return await cog.poster.find_sent(Delivery(double.guild.id, channel.id, "any",
                                               date(2024, 6, day), "nonce"))


@pytest.fixture
async def bot_with(discord_double, catalog, tmp_path):
    """Starts the bot (the daily post and /rec) once the world gives it `permissions`."""
    async def start(permissions: discord.Permissions):
        only(permissions, discord_double)
        settings = Settings(catalog_path=catalog, state_path=tmp_path / "state.db",
                            watch_catalog=False)
        bot = StoryBot(settings, extensions=("cogs.daily", "cogs.recommend"),
                       clock=bot_harness.bot_clock(discord_double))
        await running.enter_async_context(connected(discord_double, bot))
        assert not bot.failed_extensions, bot.failed_extensions
        await bot.tree.sync()
        cog = bot.get_cog("DailyCog")
        cog._task.cancel()  # the test drives the scheduler's ticks itself
        cog.scheduler.clock = ManualClock(datetime(2024, 6, 10, 12, 0, tzinfo=UTC))
        return cog

    async with contextlib.AsyncExitStack() as running:
        yield start


async def test_the_invite_permissions_are_enough(discord_double, bot_with):
    assert {name for name in NAMES if getattr(bot_permissions(), name)} == set(NAMES)
    cog = await bot_with(bot_permissions())
    asked = await discord_double.slash(discord_double.guild, "library", "willow", "rec",
                                       request="sad spuffy")
    assert (await asked.message()).embeds
    for day, place in ((11, "library"), (12, "library-recs")):
        reply, posted = await daily_in(discord_double, cog, place, day)
        assert reply.startswith("Daily story set for"), reply
        assert posted is not None
        assert await found_again(discord_double, cog, place, day) == posted
    sent = discord_double.requests_to("POST /channels/{channel_id}/messages")
    assert [r.status for r in sent] == [200, 200]


@pytest.mark.parametrize(("missing", "place", "refusal"), [
    ("view_channel", "library", "I need View Channel"),
    ("send_messages", "library", "I need Send Messages"),
    ("send_messages_in_threads", "library-recs", "I need Send Messages In Threads"),
    ("embed_links", "library", "I need Embed Links"),
    ("read_message_history", "library", "I need Read Message History"),
])
async def test_without_one_the_daily_post_is_refused(discord_double, bot_with, missing, place,
                                                     refusal):
    fewer = bot_permissions()
    setattr(fewer, missing, False)
    cog = await bot_with(fewer)
    reply, posted = await daily_in(discord_double, cog, place, 11)
    assert reply.startswith(refusal) and posted is None


async def test_without_history_the_look_for_a_sent_post_is_refused(discord_double, bot_with):
    """Discord answers an empty history to a bot without Read Message History: the look says
    it cannot tell instead of "not sent", so a takeover never resends blindly."""
    fewer = bot_permissions()
    fewer.read_message_history = False
    cog = await bot_with(fewer)
    with pytest.raises(ChannelUnavailable, match="Read Message History"):
        await found_again(discord_double, cog, "library", 11)
    assert not discord_double.requests_to("GET /channels/{channel_id}/messages")

"""The stand-in's gateway: a bare discord.Client connects, identifies and sees the guild."""

from __future__ import annotations

import contextvars

import discord

from tests.discord_double.testing import connected

SET_UP: contextvars.ContextVar[str] = contextvars.ContextVar("set_up", default="nothing")


class SetsAContextVariable(discord.Client):
    """Sets a context variable in setup_hook, as StoryBot sets discord.py's webhook adapter."""

    seen: str | None = None

    async def setup_hook(self) -> None:
        SET_UP.set("by the client")

    async def on_ready(self) -> None:
        self.seen = SET_UP.get()


async def test_client_connects_and_sees_guild(discord_double):
    client = discord.Client(intents=discord.Intents.default())
    async with connected(discord_double, client):
        assert client.user is not None
        assert client.user.id == discord_double.world.bot.id
        assert client.application_id == discord_double.world.application_id
        guild = client.get_guild(discord_double.guild.id)
        assert guild is not None
        library = guild.get_channel(discord_double.guild.channel("library").id)
        after_dark = guild.get_channel(discord_double.guild.channel("after-dark").id)
        thread = guild.get_thread(discord_double.guild.channel("library-recs").id)
        assert isinstance(library, discord.TextChannel)
        assert not library.is_nsfw()
        assert after_dark.is_nsfw()
        assert thread is not None and thread.parent == library
        me = guild.me
        assert library.permissions_for(me).send_messages
        announcements = guild.get_channel(discord_double.guild.channel("announcements").id)
        assert not announcements.permissions_for(me).send_messages
        staff = guild.get_channel(discord_double.guild.channel("staff-only").id)
        assert not staff.permissions_for(me).view_channel
    routes = [r.route for r in discord_double.requests]
    assert routes[:2] == ["/users/@me", "/oauth2/applications/@me"]
    assert discord_double.gateway.count("IDENTIFY") == 1
    assert discord_double.gateway.heartbeats >= 1


async def test_what_a_client_sets_up_stays_in_its_own_context(discord_double):
    # pytest-asyncio hands an async fixture's context variables on to later tests and takes
    # them back only if the fixture's teardown succeeds: a bot fixture that failed in teardown
    # left the bot's adapter (answers without `with_response`) to the next test's probe client.
    client = SetsAContextVariable(intents=discord.Intents.default())
    async with connected(discord_double, client):
        seen = await discord_double.wait_for(lambda: client.seen, what="on_ready")
        assert seen == "by the client"  # the client's own tasks see what it set up
        assert SET_UP.get() == "nothing"  # the caller's context does not
    assert SET_UP.get() == "nothing"

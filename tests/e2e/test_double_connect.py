"""The stand-in's gateway: a bare discord.Client connects, identifies and sees the guild."""

from __future__ import annotations

import discord

from tests.discord_double.testing import connected


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

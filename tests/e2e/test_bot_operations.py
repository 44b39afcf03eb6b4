"""Running the bot as an operator sees it: what it logs at start, its heartbeat, which commands
members see, and `storybot sync --clear`."""

from __future__ import annotations

import argparse
import asyncio
import logging

from bot.cli.run import cmd_sync
from bot.config import Secret
from bot.discord_app.heartbeat import judge, read_beat
from tests.e2e import bot_harness
from tests.e2e.bot_harness import bot_settings, running_bot
from tests.support.waiting import eventually

catalog = bot_harness.catalog  # fixture shared by the test_bot_* modules
MANAGE_GUILD = 1 << 5


async def test_start_logs_the_catalog_it_serves_and_how_many_stories(
        discord_double, catalog, tmp_path, caplog):
    with caplog.at_level(logging.INFO, logger="bot.discord_app.bot"):
        async with running_bot(discord_double, catalog, tmp_path / "state.db"):
            pass
    assert f"serving the catalog {catalog}: 37 stories" in caplog.messages


async def test_the_heartbeat_says_connected_while_running_and_not_after(
        discord_double, catalog, tmp_path):
    path = tmp_path / "home" / "heartbeat.json"
    async with running_bot(discord_double, catalog, tmp_path / "state.db",
                           heartbeat=path) as bot:
        async def ready_beat() -> bool:
            beat = read_beat(path)
            return beat is not None and beat.ready

        await eventually(ready_beat, "a heartbeat saying ready", within=30)
        beat = read_beat(path)
        assert beat is not None and beat.guilds == len(bot.guilds) == 1
        assert judge(beat, now=beat.at) is None

        async def not_ready_beat() -> bool:
            beat = read_beat(path)
            return beat is not None and not beat.ready

        async with discord_double.offline():  # the gateway drops: health says so at once
            await eventually(not_ready_beat, "a heartbeat saying not connected", within=30)
        await eventually(ready_beat, "a heartbeat saying connected again", within=30)
    last = read_beat(path)
    assert last is not None and judge(last, now=last.at) == \
        f"process {last.pid} is not connected to Discord"


async def test_members_never_see_owner_or_manage_server_commands(discord_double, catalog,
                                                                 tmp_path):
    async with running_bot(discord_double, catalog, tmp_path / "state.db"):
        registered = {c["name"]: c for c in discord_double.registered_commands()}
    hidden = {name: int(c["default_member_permissions"]) for name, c in registered.items()
              if c["default_member_permissions"] is not None}
    assert hidden == {"owner": 0, "settings": MANAGE_GUILD, "daily": MANAGE_GUILD,
                      "server-exclude": MANAGE_GUILD}
    for name in hidden:  # and none of them in DMs, where every user would see them
        assert registered[name]["dm_permission"] is False or registered[name]["contexts"] == [0]
    assert [o["name"] for o in registered["owner"]["options"]] == ["reload"]
    assert [o["name"] for o in registered["catalog"]["options"]] == ["stats"]


def sync(settings, *, guild: int | None = None, clear: bool = False) -> int:
    return cmd_sync(argparse.Namespace(guild=guild, clear=clear), settings)


async def test_sync_clear_takes_a_guild_copy_back(discord_double, catalog, tmp_path, capsys):
    """`sync --guild` then a global sync shows every command twice in that guild; `sync
    --clear --guild` removes the copy and leaves the global commands."""
    settings = bot_settings(catalog, tmp_path / "state.db")
    settings = type(settings)(**{**{f: getattr(settings, f) for f in settings.__slots__},
                                 "discord_token": Secret(discord_double.world.token)})
    guild = discord_double.guild
    assert await asyncio.to_thread(sync, settings, guild=guild.id) == 0
    assert await asyncio.to_thread(sync, settings) == 0
    global_names = sorted(c["name"] for c in discord_double.registered_commands())
    assert sorted(c["name"] for c in discord_double.registered_commands(guild)) == global_names
    out = capsys.readouterr().out
    assert f"storybot sync --clear --guild {guild.id}" in out

    assert await asyncio.to_thread(sync, settings, guild=guild.id, clear=True) == 0
    assert discord_double.registered_commands(guild) == []
    assert sorted(c["name"] for c in discord_double.registered_commands()) == global_names
    assert capsys.readouterr().out.strip() == \
        f"removed the commands registered for guild {guild.id}"

    assert await asyncio.to_thread(sync, settings, clear=True) == 0
    assert discord_double.registered_commands() == []

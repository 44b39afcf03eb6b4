"""`storybot run` and `storybot sync`: start the bot, or register its slash commands once.

Command sync is explicit (never on every start): Discord allows 200 command creates a day per
guild, and a global sync takes a while to reach every client. `sync --clear` takes a copy
back (a guild's, left by `sync --guild`, shows every command twice beside the global ones).
discord.py is imported only when one of these commands runs.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import io
import logging
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from bot.cli.exits import Exit
from bot.config import Settings
from bot.discord_app.shards import ShardError, Sharding, format_shard_ids, parse_shard_ids

if TYPE_CHECKING:
    from bot.discord_app.bot import StoryBot

log = logging.getLogger(__name__)

NO_TOKEN = """\
storybot: no DISCORD_TOKEN is set, so the bot cannot connect to Discord.
  To run it in a server:
    1. Create an application at https://discord.com/developers/applications and add a bot.
    2. Put its token in .env as DISCORD_TOKEN=... (see .env.example for every setting),
       in the working directory or in the data home, {home}
    3. Invite it with the link `storybot invite` prints.
    4. Register the slash commands once: storybot sync   (or storybot sync --guild ID)
    5. Start it: storybot run
  Meanwhile, try every command without Discord: storybot console"""
REFUSED = "storybot: Discord refused DISCORD_TOKEN (invalid or reset token)"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("run", help="start the Discord bot (without a token: the console)")
    p.add_argument("--shards", metavar="IDS",
                   help="run only these shards in this process, e.g. 0-3 (needs --shard-count)")
    p.add_argument("--shard-count", type=int, metavar="N",
                   help="how many shards the bot has in all (default: as Discord advises)")
    p.set_defaults(handler=cmd_run)
    p = sub.add_parser("sync", help="register the slash commands with Discord")
    p.add_argument("--guild", type=int, help="a guild id: sync there only (instant)")
    p.add_argument("--clear", action="store_true",
                   help="remove the commands registered there (globally, or with --guild in "
                        "that guild) instead")
    p.set_defaults(handler=cmd_sync)


def sharding_of(args: argparse.Namespace) -> Sharding:
    """The shards `--shards` and `--shard-count` name (ShardError when they cannot work)."""
    ids = parse_shard_ids(args.shards) if args.shards else None
    return Sharding(ids, args.shard_count)


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    try:
        sharding = sharding_of(args)
    except ShardError as exc:
        print(f"storybot: {exc}", file=sys.stderr)
        return 2
    if settings.discord_token is None:
        return _run_without_token(settings)
    import discord

    from bot.cli.catalog import ready_catalog
    from bot.discord_app import eventloop
    from bot.discord_app.bot import StoryBot

    path = ready_catalog(settings)  # before connecting: a missing catalog is one line
    if path is None:
        return Exit.CATALOG
    log.info("data home %s; settings from %s", settings.home,
             ", ".join(map(str, settings.env_files)) or "the environment only")
    log.info("starting with %s", sharding.describe())
    shards = format_shard_ids(sharding.ids) if sharding.ids is not None else None
    bot = StoryBot(settings, catalog=path, heartbeat=settings.heartbeat_of(shards),
                   sharding=sharding)
    # A catalog or state database that cannot be opened fails setup_hook before the gateway
    # connects; bot.cli.main turns it into one line (bot.cli.exits).
    try:
        eventloop.run(_serve(bot, settings.discord_token.reveal()))
    except KeyboardInterrupt:  # Ctrl-C is how a bot in a terminal is stopped
        return Exit.OK
    except discord.LoginFailure:
        print(REFUSED, file=sys.stderr)
        return Exit.CONFIG
    return Exit.OK


async def _serve(bot: StoryBot, token: str) -> None:
    """discord.py's `Client.run` on our event loop; SIGTERM (a service manager, `storybot
    cluster`) closes the gateway sessions cleanly instead of dropping them."""
    loop = asyncio.get_running_loop()
    with contextlib.suppress(NotImplementedError):  # no signal handlers on Windows
        loop.add_signal_handler(signal.SIGTERM, lambda: asyncio.ensure_future(bot.close()))
    async with bot:
        await bot.start(token)


def _run_without_token(settings: Settings) -> int:
    from bot.cli.catalog import ready_catalog
    from bot.cli.search import engine_opener
    from bot.console import run_console

    print(NO_TOKEN.format(home=settings.home), file=sys.stderr)
    path = ready_catalog(settings)
    if path is None:
        return Exit.CATALOG
    engine_opener(settings)(path).close()  # what is wrong with it: one line (bot.cli.exits)
    if sys.stdin.isatty():
        print("\nOpening the console on the catalog now (type /help, Ctrl-D to leave).\n",
              file=sys.stderr)
        return run_console(path, sys.stdin, sys.stdout, engine_opener=engine_opener(settings))
    # Not interactive: show what the bot answers, on the bundled catalog.
    print("\nA taste of what the bot answers:\n", file=sys.stderr)
    return run_console(path, io.StringIO("/stats\n/rec sad spuffy\n"), sys.stdout,
                       engine_opener=engine_opener(settings))


def cmd_sync(args: argparse.Namespace, settings: Settings) -> int:
    if settings.discord_token is None:
        print("storybot: DISCORD_TOKEN is not set; sync needs the bot's token", file=sys.stderr)
        return Exit.CONFIG
    import discord

    from bot.cli.catalog import ready_catalog

    guild = args.guild or settings.dev_guild
    if args.clear:
        work = _clear(settings, guild)
    else:
        path = ready_catalog(settings)  # the cogs load as in `run`
        if path is None:
            return Exit.CATALOG
        work = _sync(settings, path, guild)
    try:
        count = asyncio.run(work)
    except discord.LoginFailure:
        print(REFUSED, file=sys.stderr)
        return Exit.CONFIG
    except discord.HTTPException as exc:
        print(f"storybot: sync failed: {exc.status} {exc.text}", file=sys.stderr)
        return Exit.FAILED
    where = f"guild {guild}" if guild else "every server (global; may take a while to show)"
    if args.clear:
        print(f"removed the commands registered for {where}")
    elif guild:
        print(f"registered {count} commands for {where}\n(once they are registered "
              f"globally, remove this copy with: storybot sync --clear --guild {guild})")
    else:
        print(f"registered {count} commands for {where}")
    return 0


async def _clear(settings: Settings, guild_id: int | None) -> int:
    """Register nothing there: needs only the token (no catalog, no state)."""
    import discord
    from discord import app_commands

    assert settings.discord_token is not None
    client = discord.Client(intents=discord.Intents.none())
    tree = app_commands.CommandTree(client)
    async with client:
        await client.login(settings.discord_token.reveal())
        await tree.sync(guild=discord.Object(id=guild_id) if guild_id else None)
    return 0


async def _sync(settings: Settings, catalog: Path | None, guild_id: int | None) -> int:
    import discord

    from bot.discord_app.bot import StoryBot

    assert settings.discord_token is not None
    bot = StoryBot(settings, catalog=catalog)
    async with bot:
        await bot.login(settings.discord_token.reveal())  # runs setup_hook: cogs load
        if guild_id:
            guild = discord.Object(id=guild_id)
            bot.tree.copy_global_to(guild=guild)
            synced = await bot.tree.sync(guild=guild)
        else:
            synced = await bot.tree.sync()
    return len(synced)

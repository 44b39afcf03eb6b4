"""Daily-post scale check: N guilds all due at the same minute, posted through the Discord
stand-in with its global rate limit on (50 requests/s), by the real cog and discord.py.

    .venv/bin/python tests/bench/bench_daily.py            # 10,000 guilds (about 4 minutes)
    .venv/bin/python tests/bench/bench_daily.py --fast     # 300 guilds, a smoke run
    .venv/bin/python tests/bench/bench_daily.py --processes 2   # two bot processes

With `--processes N` the bot runs as N real `storybot run` processes, one shard each, sharing
their state in PostgreSQL (STORYBOT_TEST_DATABASE_URL's server, else a throwaway one) and the
stand-in's global limit (it is the bot's, whichever process sends); their daily clock is a file
this process moves (tests/support/bot_process.py).

Checks that every guild got exactly one post (none skipped, none doubled), that the stand-in's
global limit was respected (429s counted: each was honoured and retried), and prints the time.
Not collected by pytest (the file name does not start with test_).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from bot.config import Settings  # noqa: E402
from bot.daily.clock import ManualClock  # noqa: E402
from bot.daily.store import DailyStore  # noqa: E402
from bot.discord_app.bot import StoryBot  # noqa: E402
from tests.discord_double import DiscordDouble  # noqa: E402
from tests.discord_double.model import (  # noqa: E402
    EVERYONE_DEFAULT,
    Channel,
    Guild,
    Member,
    Role,
    Snowflakes,
    User,
    World,
)
from tests.discord_double.testing import connected, pointed_at  # noqa: E402

TIMEZONES = ("Europe/London", "America/New_York", "Asia/Tokyo", "Australia/Sydney", "UTC",
             "America/Los_Angeles", "Europe/Berlin", "Asia/Kolkata")
DUE_AT = datetime(2024, 6, 11, 12, 0, tzinfo=UTC)  # every guild's local posting time
TOKEN = "stand-in-token-for-the-daily-benchmark-0123456789"


def world_of(guilds: int, shards: int = 1) -> World:
    ids = Snowflakes()
    bot = User(ids.next(), "storybot", bot=True)
    owner = User(ids.next(), "buffy")
    made = []
    for n in range(guilds):
        guild_id = ids.for_shard(n % shards, shards)
        bot_role = Role(ids.next(), "storybot", EVERYONE_DEFAULT, position=1, managed=True)
        made.append(Guild(
            id=guild_id, name=f"guild-{n}", owner_id=owner.id,
            roles=[Role(guild_id, "@everyone", EVERYONE_DEFAULT), bot_role],
            channels=[Channel(ids.next(), "daily", guild_id=guild_id, nsfw=n % 5 == 0)],
            members=[Member(bot, [bot_role.id]), Member(owner)]))
    return World(application_id=bot.id, bot=bot, guilds=made, users=[owner], token=TOKEN)


async def schedule_all(store: DailyStore, world: World,
                       now: datetime = DUE_AT - timedelta(days=1)) -> None:
    """Each guild posts at 12:00 UTC expressed in its own timezone."""
    for n, guild in enumerate(world.guilds):
        tz = TIMEZONES[n % len(TIMEZONES)]
        local = DUE_AT.astimezone(__import__("zoneinfo").ZoneInfo(tz))
        await store.set_schedule(guild.id, guild.channels[0].id,
                                 clock_time(local.hour, local.minute), tz, mood=None,
                                 fandom=None, now=now)


async def main(guilds: int) -> int:
    logging.basicConfig(level=logging.WARNING)
    logging.getLogger("discord.http").setLevel(logging.ERROR)  # 429 retries are counted below
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        settings = Settings(catalog_path=root / "catalog.db", state_path=root / "state.db",
                            watch_catalog=False)
        settings.ensure_catalog()
        world = world_of(guilds)
        double = DiscordDouble(world)
        await double.start()
        try:
            with pointed_at(double):
                bot = StoryBot(settings, extensions=("cogs.daily",))
                began = time.perf_counter()
                async with connected(double, bot, within=600):
                    print(f"connected with {guilds} guilds in {time.perf_counter() - began:.1f}s")
                    cog = bot.get_cog("DailyCog")
                    cog._task.cancel()
                    clock = ManualClock(DUE_AT - timedelta(days=1))
                    cog.scheduler.clock = clock
                    began = time.perf_counter()
                    await schedule_all(cog.scheduler.store, world)
                    print(f"scheduled in {time.perf_counter() - began:.1f}s")
                    await clock.set(DUE_AT)
                    double.global_rate_limit = 50
                    before = len(double.requests)
                    began = time.perf_counter()
                    report = await cog.scheduler.tick()
                    took = time.perf_counter() - began
                    again = await cog.scheduler.tick()  # nothing may be owed any more
                    requests = double.requests[before:]
        finally:
            await double.stop()
    return verdict(double, world, requests, report.posted, report.failed, took, again.due)


def verdict(double: DiscordDouble, world: World, requests: list, posted: int, failed: int,
            took: float, owed_after: int) -> int:
    posts = Counter(m.channel_id for m in double.channel_messages if not m.deleted)
    channels = [g.channels[0].id for g in world.guilds]
    skipped = [c for c in channels if posts[c] == 0]
    doubled = [c for c in channels if posts[c] > 1]
    limited = sum(1 for r in requests if r.status == 429)
    sends = sum(1 for r in requests if r.route == "/channels/{channel_id}/messages")
    guilds = len(channels)
    print(f"{guilds} guilds: {posted} posted, {failed} failed in {took:.1f}s "
          f"({posted / took:.1f} posts/s)")
    print(f"requests {len(requests)} ({sends} message sends), 429s honoured and retried: "
          f"{limited}; skipped {len(skipped)}, doubled {len(doubled)}; "
          f"owed after a second tick: {owed_after}")
    ok = not skipped and not doubled and posted == guilds and owed_after == 0 and failed == 0
    print("OK" if ok else "FAILED")
    return 0 if ok else 1


async def across_processes(guilds: int, processes: int) -> int:
    """The same check with the bot as `processes` real processes sharing PostgreSQL."""
    import contextlib
    import os
    import secrets
    import subprocess

    from bot.state import State
    from tests.support import postgres
    from tests.support.bot_process import CLOCK_VARIABLE, PORT_VARIABLE, napped_since, write_time

    logging.basicConfig(level=logging.WARNING)
    with tempfile.TemporaryDirectory() as tmp, contextlib.ExitStack() as stack:
        root = Path(tmp)
        catalog = Settings(catalog_path=root / "catalog.db").ensure_catalog()
        server = os.environ.get(postgres.URL_VARIABLE)
        if not server:
            folder = Path(tempfile.mkdtemp(prefix="storybot-bench-pg-"))
            stack.callback(postgres.stop, folder)
            server = postgres.start(folder).url
        name = f"storybot_bench_{secrets.token_hex(4)}"
        await postgres.create_database(server, name)
        database = postgres.database_url(server, name)
        world = world_of(guilds, processes)
        double = DiscordDouble(world, shard_count=processes, validate=False)
        await double.start()
        clock = root / "clock"
        start = DUE_AT - timedelta(hours=23)  # the day before, after its posting time
        write_time(clock, start)
        state = await State.open(database)
        began = time.perf_counter()
        await schedule_all(DailyStore(state), world, now=start)
        await state.close()
        print(f"scheduled in {time.perf_counter() - began:.1f}s")
        env = {**{k: v for k, v in os.environ.items()
                  if not k.startswith(("STORYBOT_", "DISCORD"))},
               "DISCORD_TOKEN": TOKEN, "STORYBOT_DATABASE_URL": database,
               "STORYBOT_CATALOG": str(catalog), "STORYBOT_WATCH_CATALOG": "false",
               "STORYBOT_LOG_LEVEL": "WARNING", PORT_VARIABLE: str(double.port),
               CLOCK_VARIABLE: str(clock), "PYTHONPATH": str(REPO)}
        log = (root / "bots.log").open("a")
        argv = [sys.executable, "-m", "tests.support.bot_process", "run", "--shard-count",
                str(processes), "--shards"]
        bots = [subprocess.Popen([*argv, str(n)], env=env, cwd=REPO,  # noqa: ASYNC220
                                 stdout=log, stderr=log) for n in range(processes)]
        try:
            async def until(condition, what: str, within: float) -> None:
                deadline = time.perf_counter() + within
                while not condition():
                    if time.perf_counter() > deadline:
                        raise AssertionError(f"gave up waiting for {what}")
                    await asyncio.sleep(0.05)

            began = time.perf_counter()
            await until(lambda: all(napped_since(clock, b.pid, start) for b in bots),
                        "every process to start", 900)
            print(f"{processes} processes connected with {guilds} guilds in "
                  f"{time.perf_counter() - began:.1f}s")
            double.global_rate_limit = 50
            before = len(double.requests)
            due = DUE_AT + timedelta(seconds=30)
            began = time.perf_counter()
            write_time(clock, due)
            await until(lambda: all(napped_since(clock, b.pid, due) for b in bots),
                        "both ticks to end", 3600)
            took = time.perf_counter() - began
            posted = sum(1 for m in double.channel_messages if not m.deleted)
            later = DUE_AT + timedelta(minutes=5)
            write_time(clock, later)
            await until(lambda: all(napped_since(clock, b.pid, later) for b in bots),
                        "the second ticks to end", 600)
            again = sum(1 for m in double.channel_messages if not m.deleted) - posted
            requests = double.requests[before:]
        finally:
            for bot in bots:
                bot.terminate()
            for bot in bots:
                bot.wait(60)
            await double.stop()
            log.close()
            await postgres.drop_database(server, name)
        failed = sum(1 for line in (root / "bots.log").read_text().splitlines()
                     if "failed" in line and "daily" in line)
        print(f"(bot processes logged {failed} daily failures)")
        return verdict(double, world, requests, posted, failed, took, again)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--guilds", type=int, default=10_000)
    parser.add_argument("--fast", action="store_true", help="300 guilds, a smoke run")
    parser.add_argument("--processes", type=int, default=1)
    args = parser.parse_args()
    count = 300 if args.fast else args.guilds
    if args.processes > 1:
        sys.exit(asyncio.run(across_processes(count, args.processes)))
    sys.exit(asyncio.run(main(count)))

"""Daily-post scale check: N guilds all due at the same minute, posted through the Discord
stand-in with its global rate limit on (50 requests/s), by the real cog and discord.py.

    .venv/bin/python tests/bench/bench_daily.py            # 10,000 guilds (about 4 minutes)
    .venv/bin/python tests/bench/bench_daily.py --fast     # 300 guilds, a smoke run

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


def world_of(guilds: int) -> World:
    ids = Snowflakes()
    bot = User(ids.next(), "storybot", bot=True)
    owner = User(ids.next(), "buffy")
    made = []
    for n in range(guilds):
        guild_id = ids.next()
        bot_role = Role(ids.next(), "storybot", EVERYONE_DEFAULT, position=1, managed=True)
        made.append(Guild(
            id=guild_id, name=f"guild-{n}", owner_id=owner.id,
            roles=[Role(guild_id, "@everyone", EVERYONE_DEFAULT), bot_role],
            channels=[Channel(ids.next(), "daily", guild_id=guild_id, nsfw=n % 5 == 0)],
            members=[Member(bot, [bot_role.id]), Member(owner)]))
    return World(application_id=bot.id, bot=bot, guilds=made, users=[owner])


async def schedule_all(store: DailyStore, world: World) -> None:
    """Each guild posts at 12:00 UTC expressed in its own timezone."""
    for n, guild in enumerate(world.guilds):
        tz = TIMEZONES[n % len(TIMEZONES)]
        local = DUE_AT.astimezone(__import__("zoneinfo").ZoneInfo(tz))
        await store.set_schedule(guild.id, guild.channels[0].id,
                                 clock_time(local.hour, local.minute), tz, mood=None,
                                 fandom=None, now=DUE_AT - timedelta(days=1))


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
    posts = Counter(m.channel_id for m in double.channel_messages if not m.deleted)
    channels = [g.channels[0].id for g in world.guilds]
    skipped = [c for c in channels if posts[c] == 0]
    doubled = [c for c in channels if posts[c] > 1]
    limited = sum(1 for r in requests if r.status == 429)
    sends = sum(1 for r in requests if r.route == "/channels/{channel_id}/messages")
    print(f"{guilds} guilds: {report.posted} posted, {report.failed} failed, "
          f"{report.disabled} disabled in {took:.1f}s ({report.posted / took:.1f} posts/s)")
    print(f"requests {len(requests)} ({sends} message sends), 429s honoured and retried: "
          f"{limited}; skipped {len(skipped)}, doubled {len(doubled)}; "
          f"second tick owed {again.due}")
    ok = (not skipped and not doubled and report.posted == guilds and again.due == 0
          and report.failed == 0)
    print("OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--guilds", type=int, default=10_000)
    parser.add_argument("--fast", action="store_true", help="300 guilds, a smoke run")
    args = parser.parse_args()
    sys.exit(asyncio.run(main(300 if args.fast else args.guilds)))

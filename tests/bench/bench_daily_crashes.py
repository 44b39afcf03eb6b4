"""Crash loop around the story of the day: `kill -9` of a real `storybot run` process at random
moments while it posts (and while a restarted one takes crashed claims over), 40 guilds; at the
end every guild must have exactly one post.

    .venv/bin/python tests/bench/bench_daily_crashes.py               # 5 trials, 40 guilds
    .venv/bin/python tests/bench/bench_daily_crashes.py --trials 20 --seed 7

Each trial: a fresh stand-in and state, every guild due at the same minute; then up to
`--kills` rounds of: start the bot, kill it with SIGKILL either the moment the stand-in has
created the k-th post (k random: Discord took the message, the bot never recorded it) or after a
random delay, then move both clocks on together (the bot's, a file it reads, and the stand-in's,
which its message ids and nonce window follow) by 0 to 10 minutes, so a restart sometimes
comes inside Discord's nonce window and sometimes long after it, with 0 to 60 members' messages
posted in each channel meanwhile (more than a page of history). Finally the bot runs minute by
minute until every guild's post is recorded. Prints, per trial and in total, the kills and the
guilds with 0, 1 and 2+ posts. Not collected by pytest (the file name does not start with
test_).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from bot.config import Settings  # noqa: E402
from bot.daily.store import DailyStore  # noqa: E402
from bot.state import State  # noqa: E402
from tests.bench.bench_daily import TOKEN, world_of  # noqa: E402
from tests.discord_double import DiscordDouble  # noqa: E402
from tests.discord_double.model import Message  # noqa: E402
from tests.support.bot_process import (  # noqa: E402
    CLOCK_VARIABLE,
    PORT_VARIABLE,
    napped_since,
    write_time,
)

GUILDS = 40
POST = "📚 **Story of the day**"


class Trial:
    def __init__(self, root: Path, catalog: Path, rng: random.Random, guilds: int) -> None:
        self.root, self.catalog, self.rng = root, catalog, rng
        self.world = world_of(guilds)
        self.double = DiscordDouble(self.world, validate=False)
        self.clock_file = root / "clock"
        self.state_path = root / "state.db"
        self.log = root / "bot.log"
        self.process: subprocess.Popen | None = None
        self.kill_at_post: int | None = None  # kill when the stand-in has created this many
        self.created = 0
        self.kills = 0
        self.kills_at_post = 0  # of which the moment a post was created, unrecorded
        self.clock_now: datetime | None = None

    # -- the two clocks ------------------------------------------------------------------------

    def set_time(self, moment: datetime) -> None:
        """Both clocks to `moment` (the stand-in's only moves forward)."""
        ahead = (moment - self.double.clock.now()).total_seconds()
        if ahead > 0:
            self.double.clock.advance(ahead)
        self.clock_now = moment
        write_time(self.clock_file, moment)

    # -- the bot process -----------------------------------------------------------------------

    def start(self) -> None:
        env = {**{k: v for k, v in os.environ.items()
                  if not k.startswith(("STORYBOT_", "DISCORD"))},
               "DISCORD_TOKEN": TOKEN, "STORYBOT_STATE_DB": str(self.state_path),
               "STORYBOT_CATALOG": str(self.catalog), "STORYBOT_WATCH_CATALOG": "false",
               "STORYBOT_LOG_LEVEL": "WARNING", PORT_VARIABLE: str(self.double.port),
               CLOCK_VARIABLE: str(self.clock_file), "PYTHONPATH": str(REPO)}
        with self.log.open("a") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "tests.support.bot_process", "run"], env=env, cwd=REPO,
                stdout=out, stderr=out)

    def kill(self, *, counted: bool = True) -> None:
        if self.process is not None and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait()
            self.kills += counted
        self.process = None

    async def ticked(self, within: float = 300.0) -> None:
        """Until the running bot has finished its tick at the current time."""
        assert self.process is not None and self.clock_now is not None
        deadline = time.monotonic() + within
        while not napped_since(self.clock_file, self.process.pid, self.clock_now):
            if self.process.poll() is not None:
                raise AssertionError(f"the bot exited with {self.process.returncode}; see "
                                     f"{self.log}")
            if time.monotonic() > deadline:
                raise AssertionError("the bot did not finish its tick")
            await asyncio.sleep(0.02)

    # -- the stand-in --------------------------------------------------------------------------

    def watch_posts(self) -> None:
        """SIGKILL the bot the moment Discord has created the chosen post: before the answer
        reaches it, so the message exists and its id is never recorded."""
        create = self.double.rest.create_message

        async def created(call):
            reply = await create(call)
            self.created += 1
            if self.kill_at_post is not None and self.created >= self.kill_at_post:
                self.kill_at_post = None
                self.kills_at_post += 1
                self.kill()
            return reply

        self.double.rest.create_message = created
        for n, (method, template, pattern, handler) in enumerate(self.double.rest.routes):
            if handler == create:
                self.double.rest.routes[n] = (method, template, pattern, created)

    def chatter(self) -> None:
        """Members talk in every daily channel while the bot is down (history only)."""
        member = self.world.users[0]
        for guild in self.world.guilds:
            channel = guild.channels[0]
            for n in range(self.rng.randint(0, 60)):
                message = Message(id=self.double.ids.next(), channel_id=channel.id,
                                  author=member, created=self.double.clock.now(),
                                  guild_id=guild.id, content=f"chatter {n}")
                self.double.messages[message.id] = message
                self.double.channel_messages.append(message)

    def posts(self) -> Counter:
        bot = self.world.bot.id
        counted = Counter(m.channel_id for m in self.double.channel_messages
                          if not m.deleted and m.author.id == bot and m.content.startswith(POST))
        return Counter({g.channels[0].id: counted[g.channels[0].id] for g in self.world.guilds})

    def recorded(self) -> int:
        with sqlite3.connect(self.state_path) as db:
            return db.execute("SELECT COUNT(*) FROM daily_posts WHERE message_id IS NOT NULL"
                              ).fetchone()[0]

    # -- one trial -----------------------------------------------------------------------------

    async def run(self, kills: int) -> Counter:
        await self.double.start()
        try:
            self.watch_posts()
            start = self.double.clock.now().replace(second=0, microsecond=0) + \
                timedelta(minutes=1)
            due = start + timedelta(minutes=1)
            self.set_time(start)
            state = await State.open(self.state_path)
            try:
                await schedule_at(DailyStore(state), self.world, due, start)
            finally:
                await state.close()
            self.start()
            await self.ticked()  # connected, nothing owed yet
            self.set_time(due + timedelta(seconds=5))
            for _ in range(kills):
                if self.rng.random() < 0.75:
                    self.kill_at_post = self.rng.randint(1, len(self.world.guilds))
                    deadline = time.monotonic() + 120
                    while self.process is not None and time.monotonic() < deadline:
                        if self.process.poll() is not None or napped_since(
                                self.clock_file, self.process.pid, self.clock_now):
                            break  # the tick ended before the k-th post: nothing to kill in
                        await asyncio.sleep(0.005)
                    self.kill_at_post = None
                else:
                    await asyncio.sleep(self.rng.uniform(0.0, 3.0))
                self.kill()
                self.set_time(self.clock_now + timedelta(seconds=self.rng.randint(0, 600)))
                self.chatter()
                self.start()
            # The last run goes on minute by minute until every post is recorded.
            for _ in range(30):
                await self.ticked()
                if self.recorded() == len(self.world.guilds):
                    break
                self.set_time(self.clock_now + timedelta(minutes=1))
            self.set_time(self.clock_now + timedelta(minutes=10))
            await self.ticked()  # and nothing more goes out afterwards
            return self.posts()
        finally:
            self.kill(counted=False)  # the end of the trial, not a crash
            await self.double.stop()


async def schedule_at(store: DailyStore, world, due: datetime, now: datetime) -> None:
    """Every guild due at `due` (UTC), as set up at `now`."""
    for guild in world.guilds:
        await store.set_schedule(guild.id, guild.channels[0].id, due.time(), "UTC", mood=None,
                                 fandom=None, now=now)


async def main(trials: int, kills: int, guilds: int, seed: int) -> int:
    rng = random.Random(seed)
    totals: Counter = Counter()
    all_kills = at_post = 0
    with tempfile.TemporaryDirectory() as tmp:
        catalog = Settings(catalog_path=Path(tmp) / "catalog.db",
                           build_sample=True).ensure_catalog()
        for n in range(trials):
            root = Path(tmp) / f"trial-{n}"
            root.mkdir()
            trial = Trial(root, catalog, rng, guilds)
            began = time.perf_counter()
            posts = await trial.run(rng.randint(1, kills))
            shape = Counter(min(count, 2) for count in posts.values())
            totals.update(shape)
            all_kills += trial.kills
            at_post += trial.kills_at_post
            print(f"trial {n + 1}: {trial.kills} kills ({trial.kills_at_post} as a post was "
                  f"created); guilds with 0/1/2+ posts: "
                  f"{shape[0]}/{shape[1]}/{shape[2]} ({time.perf_counter() - began:.0f}s)",
                  flush=True)
            if shape[0] or shape[2]:
                print((root / "bot.log").read_text()[-3000:])
    print(f"{trials} trials × {guilds} guilds, {all_kills} kill -9s ({at_post} as a post was "
          f"created): guilds with 0 posts "
          f"{totals[0]}, exactly 1 {totals[1]}, 2 or more {totals[2]}")
    ok = totals[0] == 0 and totals[2] == 0
    print("OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=5)
    parser.add_argument("--kills", type=int, default=4, help="most kills in one trial")
    parser.add_argument("--guilds", type=int, default=GUILDS)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    sys.exit(asyncio.run(main(args.trials, args.kills, args.guilds, args.seed)))

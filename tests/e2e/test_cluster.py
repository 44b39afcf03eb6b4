"""The bot as a cluster: two real `storybot run` processes with two shards each, supervised as
`storybot cluster` supervises them, against the Discord stand-in (4 shards, 8 guilds) and one
PostgreSQL database.

Every command is answered once, by the process that owns the guild; a shelf saved through one
process is read through the other; each guild gets one story of the day with both schedulers
running; both processes pick up a rebuilt catalog; and after `kill -9` of one process and its
restart by the supervisor, buttons on its old messages still work, nothing saved is lost and no
daily post is sent twice, even when the process was killed with its posts on their way.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.catalog.ingest import ingest
from bot.cli.cluster import Backoff, Supervisor
from bot.discord_app.shards import Sharding, format_shard_ids, split
from tests.discord_double import DiscordDouble
from tests.discord_double.model import Member, Snowflakes, User, shard_of, sharded_world
from tests.discord_double.testing import pointed_at
from tests.e2e import bot_harness
from tests.e2e.bot_harness import STORIES, copy_catalog
from tests.e2e.test_bot_reload import NEW_STORY
from tests.support.bot_process import CLOCK_VARIABLE, PORT_VARIABLE, napped_since, write_time
from tests.support.waiting import eventually

catalog = bot_harness.catalog  # the session's catalog fixture

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
TOKEN = "stand-in-token-for-the-cluster-test-0123456789"
SHARDS, PROCESSES = 4, 2
START = datetime(2024, 6, 10, 12, 0, tzinfo=UTC)


class Cluster:
    """The stand-in, the supervised bot processes, their clock file and their log."""

    def __init__(self, double: DiscordDouble, served: Path, database: str, root: Path) -> None:
        self.double = double
        self.clock = root / "clock"
        self.log = root / "processes.log"
        write_time(self.clock, START)
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("STORYBOT_", "DISCORD"))},
            "DISCORD_TOKEN": TOKEN, "STORYBOT_DATABASE_URL": database,
            "STORYBOT_CATALOG": str(served), "STORYBOT_STORIES": str(root / "no-stories"),
            "STORYBOT_LOG_LEVEL": "WARNING", PORT_VARIABLE: str(double.port),
            CLOCK_VARIABLE: str(self.clock), "PYTHONPATH": str(REPO),
        }
        self.output = self.log.open("a", encoding="utf-8")
        self.supervisor = Supervisor(split(SHARDS, PROCESSES), self.command,
                                     backoff=Backoff(first=0.1), identify_interval=0,
                                     env=self.env, output=self.output)
        self.task: asyncio.Task | None = None

    @staticmethod
    def command(plan: Sharding) -> list[str]:
        assert plan.ids is not None
        return [sys.executable, "-m", "tests.support.bot_process", "run", "--shards",
                format_shard_ids(plan.ids), "--shard-count", str(plan.count)]

    def sync(self) -> None:
        """`storybot sync` once, as an admin would before starting the cluster."""
        done = subprocess.run([sys.executable, "-m", "tests.support.bot_process", "sync"],
                              env=self.env, cwd=REPO, capture_output=True, text=True,
                              timeout=120, check=False)
        assert done.returncode == 0, done.stderr

    def readies(self) -> int:
        return self.double.gateway.count("READY")

    async def start(self) -> None:
        self.task = asyncio.create_task(self.supervisor.run())
        await self.until_ready(SHARDS)

    def pids(self) -> list[int]:
        return [c.process.pid for c in self.supervisor.children if c.process]

    async def until_ready(self, readies: int) -> None:
        """Wait until `readies` shards in all have had READY and every process has finished
        starting (its daily loop naps on the clock)."""
        await until(lambda: self.readies() >= readies, f"{readies} shards to be READY", 120)
        await until(lambda: all(napped_since(self.clock, pid, START) for pid in self.pids()),
                    "every process's daily loop to start")

    async def set_time(self, moment: datetime) -> None:
        """Move both processes' daily clocks and wait until each has ticked at that time."""
        write_time(self.clock, moment)
        await until(lambda: all(napped_since(self.clock, pid, moment) for pid in self.pids()),
                    f"both processes' daily tick at {moment:%H:%M}")

    async def stop(self) -> str:
        self.supervisor.stop()
        if self.task is not None:
            await asyncio.wait_for(self.task, 60)
        self.output.close()
        return self.log.read_text(encoding="utf-8")


async def until(condition: Callable[[], object], what: str, within: float = 60.0) -> None:
    """Poll what other processes do (files they write, the stand-in's records)."""
    async def check() -> object:
        return condition()
    await eventually(check, what, within)


def readers(double: DiscordDouble, count: int) -> list[User]:
    """More members in every guild (cooldowns are per user)."""
    made = []
    for n in range(count):
        user = User(double.ids.next(), f"reader{n}")
        double.world.users.append(user)
        for guild in double.world.guilds:
            guild.members.append(Member(user, []))
        made.append(user)
    return made


def daily_posts(double: DiscordDouble) -> Counter:
    return Counter(m.channel_id for m in double.channel_messages
                   if not m.deleted and m.content.startswith("📚 **Story of the day**"))


@pytest.fixture
async def cluster(catalog, postgres_url, tmp_path):
    double = DiscordDouble(sharded_world(Snowflakes(), SHARDS, 2, token=TOKEN),
                           shard_count=SHARDS)
    await double.start()
    served = copy_catalog(catalog, tmp_path / "served")
    running = Cluster(double, served, postgres_url, tmp_path)
    try:
        with pointed_at(double):
            yield running
    finally:
        log = await running.stop()
        await double.stop()
    assert "Traceback" not in log, log[-3000:]
    assert not double.problems(), double.problems()


async def test_two_processes_of_two_shards_share_the_work_and_survive_kill_9(cluster, catalog,
                                                                             tmp_path):
    double = cluster.double
    await asyncio.to_thread(cluster.sync)
    await cluster.start()
    guilds = double.world.guilds
    assert {shard_of(g.id, SHARDS) for g in guilds} == {0, 1, 2, 3}
    people = readers(double, 8)
    owner = double.world.user("buffy")

    # Every command in every guild is answered, once, by the process that owns the guild.
    cards = {}
    for guild, person in zip(guilds, people, strict=True):
        asked = await double.slash(guild, "library", person, "rec", request="sad spuffy")
        cards[guild.id] = await asked.message(15)
        assert cards[guild.id].embeds and len(asked.callbacks) == 1
    identified = {e.session_id: e.detail["shard"][0] for e in double.gateway.events
                  if e.op == "IDENTIFY"}
    assert sorted(identified.values()) == [0, 1, 2, 3]

    # A shelf saved through one process (shard 0's) is read through the other (shard 2's).
    first = next(g for g in guilds if shard_of(g.id, SHARDS) == 0)
    other = next(g for g in guilds if shard_of(g.id, SHARDS) == 2)
    card = cards[first.id]
    save = next(c for c in card.custom_ids() if c.startswith("sb:save:"))
    saved = await (await double.click(card, save, user="willow")).message(15)
    assert saved.content.startswith("Saved **")
    shelf = await (await double.slash(other, "library", "willow", "shelf")).message(15)
    title = card.embeds[0]["title"]
    assert title in shelf.embeds[0]["description"]

    # A story of the day in every guild, with both schedulers running: exactly one each.
    for guild in guilds:
        done = await double.slash(guild, "library", owner, "daily set",
                                  channel=guild.channel("library"), time="09:00",
                                  timezone="UTC")
        assert "Daily story set" in (await done.message(15)).content
    await cluster.set_time(datetime(2024, 6, 11, 9, 0, 30, tzinfo=UTC))
    posts = daily_posts(double)
    assert posts == Counter({g.channel("library").id: 1 for g in guilds})
    await cluster.set_time(datetime(2024, 6, 11, 9, 5, tzinfo=UTC))
    assert daily_posts(double) == posts

    # Each process serves its own copy of the catalog and picks up a rebuilt one.
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "header-lantern.txt").write_text(NEW_STORY, encoding="utf-8")
    served = Path(cluster.env["STORYBOT_CATALOG"])
    await asyncio.to_thread(ingest, [str(STORIES), str(catalog.parent / "hostile"), str(extra)],
                            served, workers=1)
    for guild in (first, other):
        async def found(where=guild) -> bool:
            asked = await double.slash(where, "library", "willow", "story",
                                       title="The Lantern After Reload")
            shown = await asked.message(15)
            return bool(shown.embeds) and shown.embeds[0]["title"] == "The Lantern After Reload"

        await eventually(found, "the rebuilt catalog to be served", 30)

    # kill -9 the process of shards 0-1; the supervisor starts it again.
    victim = cluster.supervisor.children[0]
    assert victim.process is not None
    os.kill(victim.process.pid, signal.SIGKILL)
    await until(lambda: victim.starts == 2, "the killed process to be started again")
    await cluster.until_ready(SHARDS + 2)
    assert victim.exits == [-signal.SIGKILL]

    # Its old card's buttons work in the new process: the request and history are shared.
    another = next(c for c in card.custom_ids() if c.startswith("sb:another:"))
    clicked = await double.click(card, another, user=people[guilds.index(first)])
    # the card in place at once (7), or deferred (6) when the process, just started, takes
    # longer than its answer window of real time: a separate process reads the real clock
    assert (await clicked.response(15))["type"] in (6, 7)
    await double.wait_for(lambda: card.embeds[0]["title"] != title, within=15,
                          what="the new card")
    shelf = await (await double.slash(first, "library", "willow", "shelf")).message(15)
    assert title in shelf.embeds[0]["description"]  # nothing lost

    # No daily post twice after the restart.
    await cluster.set_time(datetime(2024, 6, 11, 9, 10, tzinfo=UTC))
    assert daily_posts(double) == posts

    # The next day, kill -9 the same process while its posts are on their way: Discord got
    # them, the process never heard back. Its successor finds them once the claims go stale
    # (5 minutes) instead of posting again; the other process's posts go out as usual.
    held = double.hold("POST /channels/{channel_id}/messages")
    write_time(cluster.clock, datetime(2024, 6, 12, 9, 0, 30, tzinfo=UTC))
    await until(lambda: held.waiting == len(guilds), "every guild's post to be in flight")
    os.kill(victim.process.pid, signal.SIGKILL)
    await until(lambda: victim.starts == 3, "the killed process to be started again")
    held.release()
    await cluster.until_ready(SHARDS + 4)
    await cluster.set_time(datetime(2024, 6, 12, 9, 2, tzinfo=UTC))
    await cluster.set_time(datetime(2024, 6, 12, 9, 7, tzinfo=UTC))
    assert daily_posts(double) == Counter({g.channel("library").id: 2 for g in guilds})
    assert victim.exits == [-signal.SIGKILL, -signal.SIGKILL]

    # Commands were registered once, by `storybot sync`; no process synced at start.
    assert len(double.requests_to("PUT /applications/{application_id}/commands")) == 1
    acknowledged = Counter(r.path for r in double.requests
                           if r.route == "/interactions/{interaction_id}/{interaction_token}"
                           "/callback")
    assert set(acknowledged.values()) == {1}  # never a second answer to one interaction
    assert not double.expired

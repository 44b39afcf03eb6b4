"""`storybot cluster`'s supervisor with real child processes (small scripts that crash, hang
or exit as told): each gets its shards, a stopped one is started again after a growing pause,
a wrong setup stops the cluster, and stopping ends every process. Pauses are recorded, not
slept (the supervisor's sleep is injected)."""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import sys
from pathlib import Path

import pytest

from bot.cli.cluster import Backoff, Supervisor, _refusal, plans_for, recommended_shards
from bot.config import Secret, Settings
from bot.discord_app.shards import Sharding, format_shard_ids, split
from tests.support.waiting import eventually

# A stand-in for `storybot run`: notes each start in $CHILD_LOG, then exits with the status
# $CHILD_EXITS_<shards> lists for that start, or waits for SIGTERM ($CHILD_STUBBORN: ignores it).
CHILD = """
import os, signal, sys
from pathlib import Path
log = Path(os.environ["CHILD_LOG"])
shards = sys.argv[sys.argv.index("--shards") + 1]
count = sys.argv[sys.argv.index("--shard-count") + 1]
def stopped(*_):
    with log.open("a") as out:
        out.write(f"stopped {shards}\\n")
    sys.exit(0)
# Ready for SIGTERM before it says it started: a test that stops it then sees "stopped".
signal.signal(signal.SIGTERM, signal.SIG_IGN if os.environ.get("CHILD_STUBBORN") else stopped)
runs = sum(1 for line in (log.read_text().splitlines() if log.exists() else [])
           if line.startswith(f"start {shards} "))
with log.open("a") as out:
    out.write(f"start {shards} {count} {os.getpid()}\\n")
exits = [int(x) for x in os.environ.get("CHILD_EXITS_" + shards.replace("-", "_"), "").split(",")
         if x]
if runs < len(exits):
    sys.exit(exits[runs])
while True:
    signal.pause()
"""


class Harness:
    def __init__(self, tmp_path: Path, **env: str) -> None:
        self.script = tmp_path / "child.py"
        self.script.write_text(CHILD, encoding="utf-8")
        self.log = tmp_path / "children.log"
        self.env = {**os.environ, "CHILD_LOG": str(self.log), **env}
        self.pauses: list[float] = []

    def command(self, plan: Sharding) -> list[str]:
        assert plan.ids is not None
        return [sys.executable, str(self.script), "--shards", format_shard_ids(plan.ids),
                "--shard-count", str(plan.count)]

    async def pause(self, seconds: float) -> None:
        self.pauses.append(seconds)
        await asyncio.sleep(0)

    def supervisor(self, plans: list[Sharding], **kw) -> Supervisor:
        # Every exit is "quick" (the clock never moves), so pauses keep doubling.
        return Supervisor(plans, self.command, sleep=self.pause, monotonic=lambda: 0.0,
                          env=self.env, **kw)

    def lines(self, prefix: str) -> list[str]:
        text = self.log.read_text() if self.log.exists() else ""
        return [line for line in text.splitlines() if line.startswith(prefix)]

    async def until(self, prefix: str, count: int, what: str) -> None:
        async def enough() -> bool:
            return len(self.lines(prefix)) >= count
        await eventually(enough, what)


async def test_a_crashing_process_is_started_again_after_growing_pauses(tmp_path):
    children = Harness(tmp_path, CHILD_EXITS_0_1="1,1,1")
    supervisor = children.supervisor(split(4, 2))
    running = asyncio.create_task(supervisor.run())
    await children.until("start 0-1 ", 4, "the fourth start of shards 0-1")
    await children.until("start 2-3 ", 1, "shards 2-3 to start")
    supervisor.stop()
    assert await running == 0
    assert children.lines("start 2-3 ") and all(
        line.split()[2] == "4" for line in children.lines("start "))
    first, second = supervisor.children
    assert (first.starts, first.exits) == (4, [1, 1, 1])
    assert (second.starts, second.exits) == (1, [])
    # Shards 2-3 waited for the first process's two IDENTIFYs; 0-1 backed off 1, 2, 4 s.
    assert sorted(children.pauses) == [1.0, 2.0, 4.0, 10.0]
    assert sorted(children.lines("stopped ")) == ["stopped 0-1", "stopped 2-3"]


async def test_a_killed_process_is_started_again_with_the_same_shards(tmp_path):
    children = Harness(tmp_path)
    supervisor = children.supervisor(split(6, 2), identify_interval=0)
    running = asyncio.create_task(supervisor.run())
    await children.until("start ", 2, "both processes to start")
    victim = next(line for line in children.lines("start 3-5 "))
    os.kill(int(victim.split()[3]), signal.SIGKILL)
    await children.until("start 3-5 ", 2, "shards 3-5 to start again")
    supervisor.stop()
    assert await running == 0
    assert supervisor.children[1].exits == [-signal.SIGKILL]
    assert children.pauses == [1.0]
    assert len(children.lines("start 0-2 ")) == 1


async def test_a_wrong_setup_stops_the_whole_cluster(tmp_path):
    children = Harness(tmp_path, CHILD_EXITS_1="2")
    supervisor = children.supervisor(split(2, 2), identify_interval=0)
    assert await asyncio.wait_for(supervisor.run(), 60) == 2
    assert len(children.lines("start 1 ")) == 1  # never tried again
    healthy = supervisor.children[0]
    # The healthy one was stopped (SIGTERM, whether or not its handler was in place yet), or
    # the cluster stopped before it started; either way it was not started again.
    assert healthy.starts <= 1
    assert healthy.process is None or healthy.process.returncode in (0, -signal.SIGTERM)


async def test_a_process_that_ignores_sigterm_is_killed_after_the_grace(tmp_path):
    children = Harness(tmp_path, CHILD_STUBBORN="1")
    supervisor = children.supervisor(split(1, 1), grace=0.2)
    running = asyncio.create_task(supervisor.run())
    await children.until("start 0 ", 1, "the process to start")
    supervisor.stop()
    assert await asyncio.wait_for(running, 60) == 0
    assert supervisor.children[0].process.returncode == -signal.SIGKILL


def test_backoff_doubles_up_to_a_minute():
    backoff = Backoff()
    assert [backoff.delay(n) for n in (1, 2, 3, 4, 7, 8, 20)] == [1, 2, 4, 8, 60, 60, 60]


def cluster_args(processes: int, first: int = 0, many: int | None = None):
    return argparse.Namespace(processes=processes, first_shard=first, machine_shards=many)


def test_each_machine_splits_its_own_part_of_the_shards():
    plans = plans_for(cluster_args(2, first=8, many=8), 16)
    assert [p.ids for p in plans] == [(8, 9, 10, 11), (12, 13, 14, 15)]
    assert all(p.count == 16 for p in plans)
    assert [p.ids for p in plans_for(cluster_args(3), 4)] == [(0, 1), (2,), (3,)]
    with pytest.raises(ValueError, match="not all among the 16 shards"):
        plans_for(cluster_args(2, first=12, many=8), 16)


def test_a_cluster_needs_a_token_and_postgresql_for_several_processes(tmp_path):
    token = Secret("x" * 60)
    assert "DISCORD_TOKEN" in _refusal(cluster_args(2), Settings())
    assert "STORYBOT_DATABASE_URL" in _refusal(cluster_args(2), Settings(discord_token=token))
    assert _refusal(cluster_args(1), Settings(discord_token=token)) is None
    assert _refusal(cluster_args(2), Settings(
        discord_token=token, database_url=Secret("postgresql://u@h/db"))) is None


async def test_the_shard_count_discord_advises(discord_double):
    discord_double.shard_count = 3
    assert await recommended_shards(discord_double.world.token) == 3
    assert discord_double.requests_to("GET /gateway/bot")


def test_cluster_without_postgresql_is_one_clear_line(tmp_path):
    import subprocess

    env = {k: v for k, v in os.environ.items() if k != "STORYBOT_DATABASE_URL"}
    env["DISCORD_TOKEN"] = "x" * 60
    run = subprocess.run([sys.executable, "-m", "bot", "cluster", "--processes", "2",
                          "--shard-count", "4"], cwd=tmp_path, env=env, capture_output=True,
                         text=True, timeout=60, check=False)
    assert run.returncode == 2
    assert run.stderr.strip().splitlines() == [
        "storybot: several processes need STORYBOT_DATABASE_URL (PostgreSQL): a SQLite state "
        "file belongs to one process"]

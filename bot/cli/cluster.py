"""`storybot cluster`: run the bot as several processes, each with its own shards, and keep
them running.

The shards are split into contiguous runs, one `storybot run --shards A-B --shard-count M` per
process, started a few seconds apart (Discord takes one IDENTIFY every 5 s). A process that
exits is started again after a pause that doubles with each quick failure (1 s, 2 s, 4 s, up to
a minute) and starts again from 1 s once a process has run for a minute. A process that exits
with status 2 (a setting or the token is wrong) would fail the same way again: the cluster
stops. SIGTERM or Ctrl-C stops every process (SIGTERM, then SIGKILL after a grace period).
Every process shares the server state in PostgreSQL; none of them syncs commands at start
(`storybot sync`, once, does).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal
import sys
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import IO, Any

from bot.config import Settings
from bot.discord_app.shards import (
    IDENTIFY_INTERVAL,
    ShardError,
    Sharding,
    format_shard_ids,
    split,
)

log = logging.getLogger(__name__)

BAD_SETUP = 2  # the exit status of a process whose settings or token are wrong
GRACE = 30.0  # seconds a process has to stop after SIGTERM before it is killed


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("cluster", help="run the bot as several processes, restarting any "
                                       "that stops")
    p.add_argument("--processes", type=int, required=True, metavar="N",
                   help="how many bot processes to run on this machine")
    p.add_argument("--shard-count", type=int, metavar="M",
                   help="shards in all (default: as Discord advises, at least N)")
    p.add_argument("--first-shard", type=int, default=0, metavar="S",
                   help="this machine runs shards from S on (several machines: see README)")
    p.add_argument("--machine-shards", type=int, metavar="K",
                   help="how many of the shards this machine runs (default: all from S on)")
    p.set_defaults(handler=cmd_cluster)


@dataclass(frozen=True, slots=True)
class Backoff:
    """The pause before starting a stopped process again: `first`, doubled for each failure in
    a row up to `longest`; a process that ran `stable_after` seconds counts as well again."""

    first: float = 1.0
    longest: float = 60.0
    stable_after: float = 60.0

    def delay(self, failures: int) -> float:
        return min(self.longest, self.first * 2 ** max(0, failures - 1))


DEFAULT_BACKOFF = Backoff()


def run_command(plan: Sharding) -> list[str]:
    """The command line of one bot process: this Python, `storybot run`, its shards."""
    assert plan.ids is not None and plan.count is not None
    return [sys.executable, "-m", "bot", "run", "--shards", format_shard_ids(plan.ids),
            "--shard-count", str(plan.count)]


@dataclass
class Child:
    """One supervised process: its shards, and how it has fared."""

    plan: Sharding
    starts: int = 0
    failures: int = 0  # quick exits in a row
    process: asyncio.subprocess.Process | None = None
    exits: list[int] = field(default_factory=list)

    @property
    def name(self) -> str:
        assert self.plan.ids is not None
        return f"shards {format_shard_ids(self.plan.ids)}"


class Supervisor:
    """Starts one process per plan and starts again any that stops, until `stop()`."""

    def __init__(self, plans: Sequence[Sharding], command: Callable[[Sharding], list[str]] = (
                 run_command), *, backoff: Backoff = DEFAULT_BACKOFF,
                 identify_interval: float = IDENTIFY_INTERVAL,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
                 monotonic: Callable[[], float] = time.monotonic,
                 env: dict[str, str] | None = None, output: IO[Any] | None = None,
                 grace: float = GRACE) -> None:
        self.children = [Child(plan) for plan in plans]
        self.command = command
        self.backoff = backoff
        self.identify_interval = identify_interval
        self.sleep = sleep
        self.monotonic = monotonic
        self.env = env
        self.output = output
        self.grace = grace
        self.status = 0
        self._stopping = asyncio.Event()

    def stop(self, status: int = 0) -> None:
        """Stop every process and return `status` from `run` (the first reason given wins)."""
        if not self._stopping.is_set():
            self.status = status
            self._stopping.set()

    async def run(self) -> int:
        """Supervise until stopped; the exit status for the cluster."""
        tasks = [asyncio.create_task(self._keep(n, child), name=f"keep {child.name}")
                 for n, child in enumerate(self.children)]
        try:
            await self._stopping.wait()
        finally:
            self._stopping.set()
            await asyncio.gather(*(self._end(child) for child in self.children))
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
        return self.status

    async def _pause(self, seconds: float) -> bool:
        """Wait `seconds` unless the cluster stops first; True when it is stopping."""
        if seconds > 0:
            waiting = asyncio.ensure_future(self.sleep(seconds))
            stopping = asyncio.ensure_future(self._stopping.wait())
            await asyncio.wait({waiting, stopping}, return_when=asyncio.FIRST_COMPLETED)
            for pending in (waiting, stopping):
                pending.cancel()
        return self._stopping.is_set()

    async def _keep(self, index: int, child: Child) -> None:
        # Stagger the first starts: the processes before this one identify their shards first.
        earlier = sum(len(c.plan.ids or ()) for c in self.children[:index])
        if await self._pause(earlier * self.identify_interval):
            return
        while not self._stopping.is_set():
            began = self.monotonic()
            status = await self._run_once(child)
            if status is None or self._stopping.is_set():
                return
            child.exits.append(status)
            if status == BAD_SETUP:
                log.error("the process for %s exited with status %d (a setting or the token "
                          "is wrong): stopping the cluster", child.name, status)
                self.stop(BAD_SETUP)
                return
            quick = self.monotonic() - began < self.backoff.stable_after
            child.failures = child.failures + 1 if quick else 1
            delay = self.backoff.delay(child.failures)
            log.warning("the process for %s %s; starting it again in %.0f s", child.name,
                        f"was killed by signal {-status}" if status < 0
                        else f"exited with status {status}", delay)
            if await self._pause(delay):
                return

    async def _run_once(self, child: Child) -> int | None:
        """Start the child's process and wait for it to exit: its status (None if it could
        not be started)."""
        argv = self.command(child.plan)
        try:
            child.process = await asyncio.create_subprocess_exec(
                *argv, env=self.env, stdin=asyncio.subprocess.DEVNULL, stdout=self.output,
                stderr=self.output)
        except OSError as exc:
            log.error("cannot start the process for %s: %s", child.name, exc)
            self.stop(1)
            return None
        child.starts += 1
        log.info("started the process for %s (pid %d)", child.name, child.process.pid)
        return await child.process.wait()

    async def _end(self, child: Child) -> None:
        process = child.process
        if process is None or process.returncode is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            process.terminate()
        try:
            await asyncio.wait_for(process.wait(), self.grace)
        except TimeoutError:
            log.warning("the process for %s did not stop within %.0f s; killing it",
                        child.name, self.grace)
            with contextlib.suppress(ProcessLookupError):
                process.kill()
            await process.wait()


def plans_for(args: argparse.Namespace, shard_count: int) -> list[Sharding]:
    """This machine's part of the shards, split between its processes."""
    first = args.first_shard
    many = args.machine_shards if args.machine_shards is not None else shard_count - first
    if first < 0 or many < 1 or first + many > shard_count:
        raise ShardError(f"shards {first}-{first + many - 1} are not all among the "
                         f"{shard_count} shards (0-{shard_count - 1})")
    local = split(many, args.processes)
    return [Sharding(tuple(first + i for i in plan.ids or ()), shard_count) for plan in local]


async def recommended_shards(token: str) -> int:
    """How many shards Discord advises for the bot (GET /gateway/bot)."""
    import discord

    http = discord.http.HTTPClient(asyncio.get_running_loop())
    try:
        await http.static_login(token)
        count, _url, _limits = await http.get_bot_gateway()
    finally:
        await http.close()
    return count


async def supervise(supervisor: Supervisor) -> int:
    """Run the supervisor with SIGTERM and SIGINT stopping the cluster."""
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError):  # Windows has no such handlers
            loop.add_signal_handler(signum, supervisor.stop)
    return await supervisor.run()


def _refusal(args: argparse.Namespace, settings: Settings) -> str | None:
    if settings.discord_token is None:
        return "DISCORD_TOKEN is not set; a cluster needs the bot's token"
    if args.processes < 1:
        return "--processes must be at least 1"
    if args.processes > 1 and settings.database_url is None:
        return ("several processes need STORYBOT_DATABASE_URL (PostgreSQL): a SQLite state "
                "file belongs to one process")
    return None


def cmd_cluster(args: argparse.Namespace, settings: Settings) -> int:
    refusal = _refusal(args, settings)
    if refusal:
        print(f"storybot: {refusal}", file=sys.stderr)
        return 2
    assert settings.discord_token is not None
    count = args.shard_count
    if count is None:
        import discord

        try:
            count = asyncio.run(recommended_shards(settings.discord_token.reveal()))
        except discord.LoginFailure:
            print("storybot: Discord refused DISCORD_TOKEN (invalid or reset token)",
                  file=sys.stderr)
            return 2
        count = max(count, args.processes)
    try:
        plans = plans_for(args, count)
    except ShardError as exc:
        print(f"storybot: {exc}", file=sys.stderr)
        return 2
    log.info("cluster of %d processes: %s", len(plans),
             "; ".join(plan.describe() for plan in plans))
    try:
        return asyncio.run(supervise(Supervisor(plans)))
    except KeyboardInterrupt:
        return 0

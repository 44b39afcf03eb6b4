"""/rec through the Discord stand-in: interactions per second, latency, and what overload does.

The bot runs as real `storybot run` processes (one, or several each with its own shard);
this process runs the stand-in and plays users, sending /rec at a fixed rate (open loop) and
timing each interaction from INTERACTION_CREATE to the bot's first answer: the card itself, a
defer ("thinking", the card follows), or the private "busy" answer. An interaction fails when
no first answer came within Discord's 3 s; a deferred one also fails if its card never comes.

    .venv/bin/python tests/bench/bench_bot.py [--rate 100] [--seconds 10] [--processes 1]
        [--state sqlite|postgresql] [--users 1200] [--bot-root PATH]

`--bot-root` runs the bot of another checkout (say a `git worktree add --detach` of an older
commit) against this stand-in, for before/after figures (`--bot-python` its venv's Python, so
with its own dependencies); it needs `--processes 1`. The catalog is built by that checkout's own
code, so an older bot reads the catalog schema it knows. The stand-in
skips the spec check of bodies here (it would cost more CPU than the bot). State on PostgreSQL
uses STORYBOT_TEST_DATABASE_URL's server, else a throwaway one. Not collected by pytest.

`--cachegrind DIR` runs the bot processes under `valgrind --tool=cachegrind --cache-sim=no`
(about 15 times slower: offer 2/s or so) and prints the instructions they executed over their
whole life: a figure the machine's other load does not move. Two runs that differ only in
`--seconds` give the instructions per /rec: (I_long - I_short) / (n_long - n_short).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bot.discord_app.overload import BUSY  # noqa: E402
from tests.discord_double import DiscordDouble, InteractionRecord  # noqa: E402
from tests.discord_double.model import Member, Snowflakes, User, sharded_world  # noqa: E402
from tests.support import postgres  # noqa: E402
from tests.support.bot_process import PORT_VARIABLE  # noqa: E402

REQUESTS = ("sad spuffy", "fluff", "Willow", "angst", "something funny", "Giles",
            "hurt/comfort Dean", "Spike/Buffy complete", "friendship", "Good Omens")
TOKEN = "stand-in-token-for-the-benchmark-0123456789"
DEADLINE = 3.0  # Discord's time for the first answer
LAUNCHER = ROOT / "tests" / "support" / "bot_process.py"
TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class Timing:
    created: float
    first: float | None = None
    kind: str = ""  # card, deferred, busy, other
    final: float | None = None


@dataclass
class Load:
    timings: dict[int, Timing] = field(default_factory=dict)

    def listen(self, how: str, record: InteractionRecord) -> None:
        timing = self.timings.get(record.id)
        if timing is None:
            return
        now = record.double.clock.monotonic()
        if how == "callback" and timing.first is None:
            timing.first = now
            body = record.callbacks[0]
            data = body.get("data") or {}
            timing.kind = ("deferred" if body.get("type") == 5 else "card" if data.get("embeds")
                           else "busy" if data.get("content") == BUSY else "other")
            if timing.kind != "deferred":
                timing.final = now
        elif how in ("edit", "followup") and timing.final is None:
            timing.final = now


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process so far (every thread), from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def world_for(shards: int, users: int):
    world = sharded_world(Snowflakes(), shards, 1, token=TOKEN)
    ids = Snowflakes()
    for n in range(users):  # per-user cooldowns: spread the load as real servers do
        user = User(ids.next(), f"reader{n}")
        world.users.append(user)
        for guild in world.guilds:
            guild.members.append(Member(user, []))
    return world


class Bots:
    """The bot processes, started through tests/support/bot_process.py."""

    def __init__(self, args: argparse.Namespace, port: int, catalog: Path, state: dict,
                 log: Path) -> None:
        self.root = Path(args.bot_root).resolve() if args.bot_root else ROOT
        self.python = args.bot_python or sys.executable
        self.env = {**{k: v for k, v in os.environ.items()
                       if not k.startswith(("STORYBOT_", "DISCORD"))},
                    "DISCORD_TOKEN": TOKEN, "STORYBOT_CATALOG": str(catalog),
                    "STORYBOT_WATCH_CATALOG": "false", "STORYBOT_LOG_LEVEL": "WARNING",
                    PORT_VARIABLE: str(port), "PYTHONPATH": str(self.root), **state}
        self.log = log.open("a")
        self.processes: list[subprocess.Popen] = []
        self.count = args.processes
        self.cachegrind = Path(args.cachegrind).resolve() if args.cachegrind else None
        if self.cachegrind is not None:  # valgrind writes there but never makes the folder
            self.cachegrind.mkdir(parents=True, exist_ok=True)
        self.wrapper = [] if self.cachegrind is None else [
            "valgrind", "--tool=cachegrind", "--cache-sim=no",
            f"--cachegrind-out-file={self.cachegrind}/cachegrind.out.%p"]

    def command(self, *argv: str, measured: bool = False) -> list[str]:
        return [*(self.wrapper if measured else ()), self.python, str(LAUNCHER), *argv]

    def instructions(self) -> int:
        """What cachegrind counted in the bot processes (after `stop`)."""
        total = 0
        for process in self.processes:
            out = self.cachegrind / f"cachegrind.out.{process.pid}"
            summary = [line for line in out.read_text().splitlines()
                       if line.startswith("summary:")]
            total += int(summary[0].split()[1])
        return total

    def sync(self) -> None:
        subprocess.run(self.command("sync"), env=self.env, cwd=self.root, check=True,
                       stdout=self.log, stderr=self.log, timeout=300)

    def start(self) -> None:
        for n in range(self.count):
            shards = ["--shards", str(n), "--shard-count", str(self.count)] if self.count > 1 \
                else []
            self.processes.append(subprocess.Popen(
                self.command("run", *shards, measured=True), env=self.env, cwd=self.root,
                stdin=subprocess.DEVNULL, stdout=self.log, stderr=self.log))

    def cpu(self) -> float:
        return sum(cpu_seconds(p.pid) for p in self.processes)

    def stop(self) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
        self.log.close()


async def warmed(double: DiscordDouble, asked: InteractionRecord, within: float) -> None:
    """Wait for a warm-up answer to show, or to be lost: under cachegrind on a busy machine
    the bot's first answers can miss Discord's 3 s, and the stand-in then refuses them (the
    warm-up waited for ever). The warm-up only fills caches: it goes on either way."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        original = asked.original
        if (original is not None and not original.loading) or any(
                r.id == asked.id for r in double.expired):
            return
        await asyncio.sleep(0.2)
    raise AssertionError(f"no answer to warm-up interaction {asked.id} in {within:g} s")


async def drive(double: DiscordDouble, args: argparse.Namespace, bots: Bots) -> dict:
    load = Load()
    double.listeners.append(load.listen)
    guilds = double.world.guilds
    readers = [u for u in double.world.users if u.name.startswith("reader")]
    slow = 10 if args.cachegrind else 1  # valgrind's slowdown, on a machine that may be busy
    await double.wait_for(lambda: double.gateway.count("READY") >= args.processes,
                          within=300 * slow, what="every bot process to be READY")
    for i in range(10 * len(guilds)):  # warm up: caches, connections, pools
        asked = await double.slash(guilds[i % len(guilds)], "library", readers[-1 - i],
                                   "rec", request=REQUESTS[i % len(REQUESTS)])
        await warmed(double, asked, 60 * slow)
    total = int(args.rate * args.seconds)
    cpu, begin, own = bots.cpu(), time.perf_counter(), time.process_time()
    for i in range(total):
        delay = begin + i / args.rate - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        asked = await double.slash(guilds[i % len(guilds)], "library",
                                   readers[i % len(readers)], "rec",
                                   request=REQUESTS[i % len(REQUESTS)])
        load.timings[asked.id] = Timing(asked.created)
    sending = time.perf_counter() - begin

    def settled() -> bool:
        now = double.clock.monotonic()
        return all(t.final is not None or (t.first is None and now - t.created > DEADLINE)
                   for t in load.timings.values())

    with contextlib.suppress(AssertionError):  # what never came counts as failed below
        await double.wait_for(settled, within=120, what="every answer")
    elapsed = time.perf_counter() - begin
    cpu = bots.cpu() - cpu
    result = summarise(load, total, sending, elapsed, cpu, double)
    result["stand_in_cpu_ms_per_interaction"] = round(
        (time.process_time() - own) / max(1, total) * 1000, 2)
    return result


def summarise(load: Load, total: int, sending: float, elapsed: float, cpu: float,
              double: DiscordDouble) -> dict:
    timings = list(load.timings.values())
    on_time = [t for t in timings if t.first is not None and t.first - t.created <= DEADLINE]
    firsts = sorted((t.first - t.created) * 1000 for t in on_time)
    kinds = {k: sum(1 for t in on_time if t.kind == k)
             for k in ("card", "deferred", "busy", "other")}
    deferred = [t for t in on_time if t.kind == "deferred"]
    finals = sorted((t.final - t.created) * 1000 for t in deferred if t.final is not None)
    cards = [t for t in on_time if t.kind in ("card", "deferred") and t.final is not None]

    def pick(values: list[float], q: float) -> float:
        return round(values[min(len(values) - 1, int(q * len(values)))], 1) if values else 0.0

    return {
        "sent": total, "sent_per_s": round(total / sending, 1),
        "failed": total - len(on_time) + (len(deferred) - len(finals)),
        "late_or_missing": total - len(on_time), "deferred_never_finished":
            len(deferred) - len(finals), **kinds,
        "cards_per_s": round(len(cards) / elapsed, 1),
        "first_p50_ms": pick(firsts, 0.5), "first_p99_ms": pick(firsts, 0.99),
        "first_max_ms": round(firsts[-1], 1) if firsts else 0.0,
        "first_mean_ms": round(statistics.fmean(firsts), 1) if firsts else 0.0,
        "deferred_final_p99_ms": pick(finals, 0.99),
        "bot_cpu_ms_per_interaction": round(cpu / max(1, total) * 1000, 2),
        "expired": len(double.expired), "seconds": round(elapsed, 1),
    }


async def database_for(args: argparse.Namespace, stack: contextlib.AsyncExitStack,
                       root: Path) -> dict:
    if args.state == "sqlite":
        return {"STORYBOT_STATE_DB": str(root / "state.db")}
    server = os.environ.get(postgres.URL_VARIABLE)
    if not server:
        folder = Path(tempfile.mkdtemp(prefix="storybot-bench-pg-"))
        stack.callback(postgres.stop, folder)
        server = (await asyncio.to_thread(postgres.start, folder)).url
    name = f"storybot_bench_{secrets.token_hex(4)}"
    await postgres.create_database(server, name)
    stack.push_async_callback(postgres.drop_database, server, name)
    return {"STORYBOT_DATABASE_URL": postgres.database_url(server, name)}


def build_catalog(args: argparse.Namespace, root: Path) -> Path:
    """The e2e catalog, built by the measured checkout's own code (its schema version)."""
    bot_root = Path(args.bot_root).resolve() if args.bot_root else ROOT
    subprocess.run([args.bot_python or sys.executable, "-c",
                    "import sys; from pathlib import Path; "
                    "from tests.e2e.bot_harness import build_catalog; "
                    "build_catalog(Path(sys.argv[1]))", str(root)],
                   cwd=bot_root, env={**os.environ, "PYTHONPATH": str(bot_root)}, check=True)
    return root / "catalog.db"


async def bench(args: argparse.Namespace) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        catalog = await asyncio.to_thread(build_catalog, args, root)
        double = DiscordDouble(world_for(args.processes, args.users),
                               shard_count=args.processes, validate=False)
        await double.start()
        async with contextlib.AsyncExitStack() as stack:
            state = await database_for(args, stack, root)
            bots = Bots(args, double.port or 0, catalog, state, root / "bots.log")
            try:
                await asyncio.to_thread(bots.sync)
                bots.start()
                result = await drive(double, args, bots)
            finally:
                bots.stop()
                await double.stop()
            if bots.cachegrind is not None:
                result["bot_instructions"] = bots.instructions()
                if args.show_log:
                    print((root / "bots.log").read_text()[-5000:], file=sys.stderr)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=100.0, help="interactions per second")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--users", type=int, default=1200)
    parser.add_argument("--processes", type=int, default=1)
    parser.add_argument("--state", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--bot-root", help="run the bot of this checkout instead")
    parser.add_argument("--bot-python", help="the bots' Python (say that checkout's venv, "
                                             "with its own dependencies)")
    parser.add_argument("--show-log", action="store_true", help="print the bots' log tail")
    parser.add_argument("--cachegrind", metavar="DIR",
                        help="run the bots under cachegrind, its files in DIR; print the "
                             "instructions they executed")
    args = parser.parse_args()
    if args.processes > 1 and args.state == "sqlite":
        parser.error("several processes share their state in PostgreSQL: --state postgresql")
    logging.basicConfig(level=logging.WARNING)
    result = asyncio.run(bench(args))
    print(f"/rec: {args.processes} process(es), state on {args.state}, offered "
          f"{args.rate:g}/s for {args.seconds:g} s (sent {result['sent_per_s']}/s), "
          f"{args.users} users")
    print(f"  first answers within 3 s: {result['card']} cards, {result['deferred']} deferred, "
          f"{result['busy']} busy, {result['other']} other; failed {result['failed']} "
          f"({result['late_or_missing']} late or missing, "
          f"{result['deferred_never_finished']} deferred never finished)")
    print(f"  cards {result['cards_per_s']}/s; first answer p50 {result['first_p50_ms']} ms, "
          f"p99 {result['first_p99_ms']} ms, max {result['first_max_ms']} ms; deferred cards "
          f"p99 {result['deferred_final_p99_ms']} ms")
    print(f"  CPU per interaction: bot {result['bot_cpu_ms_per_interaction']} ms (all its "
          f"processes), stand-in {result['stand_in_cpu_ms_per_interaction']} ms")
    if "bot_instructions" in result:
        print(f"  instructions (cachegrind, the bots' whole life: start, warm-up and run): "
              f"{result['bot_instructions']:,}")
    print("RESULT " + json.dumps({**vars(args), **result}))
    return 0 if result["failed"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

"""Throughput of one bot process answering /rec through the Discord stand-in.

Two processes on this machine, as in the issue: this one runs the real StoryBot (production
extensions, a catalog ingested from data/stories, a fresh state DB); a child process runs the
stand-in and plays users, sending /rec at a fixed rate (open loop) and timing each interaction
from INTERACTION_CREATE to the bot's callback arriving. Target: >= 200 interactions/s
sustained with p99 < 100 ms.

    .venv/bin/python tests/bench/bench_bot.py [--rate 250] [--seconds 10] [--users 1200]

Not collected by pytest (no test_ prefix).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

REQUESTS = ("sad spuffy", "fluff", "Willow", "angst", "something funny", "Giles",
            "hurt/comfort Dean", "Spike/Buffy complete", "friendship", "Good Omens")


# --- the stand-in process -------------------------------------------------------------------


async def play_users(rate: float, seconds: float, users: int) -> dict:
    from tests.discord_double import DiscordDouble
    from tests.discord_double.model import Member, User

    double = DiscordDouble()
    guild = double.guild
    names = []
    for i in range(users):  # per-user cooldowns: spread the load as real servers do
        user = User(double.ids.next(), f"reader{i}")
        double.world.users.append(user)
        guild.members.append(Member(user, []))
        names.append(user.name)
    await double.start()
    print(f"PORT {double.port}", flush=True)
    await double.wait_for(lambda: any(c["name"] == "rec" for c in double.registered_commands()),
                          within=120, what="the bot to register /rec")
    # Warm up: a few requests so caches and connections exist before timing.
    for i in range(20):
        asked = await double.slash(guild, "library", names[-1 - i], "rec", request=REQUESTS[i % 10])
        await asked.response(10)

    latencies: list[float] = []
    failures: list[str] = []

    async def one(i: int) -> None:
        started = time.perf_counter()
        asked = await double.slash(guild, "library", names[i % users], "rec",
                                   request=REQUESTS[i % len(REQUESTS)])
        try:
            callback = await asked.response(10)
        except Exception as exc:
            failures.append(f"{type(exc).__name__}: {exc}")
            return
        latencies.append(time.perf_counter() - started)
        if callback.get("type") != 4 or not (callback.get("data") or {}).get("embeds"):
            failures.append(f"unexpected callback {str(callback)[:200]}")

    total = int(rate * seconds)
    tasks = []
    cpu = time.process_time()
    begin = time.perf_counter()
    for i in range(total):
        delay = begin + i / rate - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(i)))
    await asyncio.gather(*tasks)
    elapsed = time.perf_counter() - begin
    cpu = time.process_time() - cpu
    await double.stop()
    latencies.sort()
    pick = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000  # noqa: E731
    return {
        "sent": total, "answered": len(latencies), "failures": len(failures),
        "failure_examples": failures[:3], "seconds": round(elapsed, 2),
        "throughput_per_s": round(len(latencies) / elapsed, 1),
        "p50_ms": round(pick(0.50), 1), "p90_ms": round(pick(0.90), 1),
        "p99_ms": round(pick(0.99), 1), "max_ms": round(latencies[-1] * 1000, 1),
        "mean_ms": round(statistics.fmean(latencies) * 1000, 1),
        "problems": double.problems()[:3], "expired": len(double.expired),
        "stand_in_cpu_ms_per_interaction": round(cpu / max(1, total) * 1000, 2),
    }


# --- the bot process ------------------------------------------------------------------------


async def run_bot(port: int, catalog: Path, state: Path, child: subprocess.Popen) -> float:
    """Serve until the stand-in exits; the bot process's CPU seconds meanwhile."""
    from bot.discord_app.bot import StoryBot
    from tests.discord_double.testing import pointed_at
    from tests.e2e.bot_harness import bot_settings

    class _Target:
        base_url = f"http://127.0.0.1:{port}/api/v10"
        gateway_url = f"ws://127.0.0.1:{port}/"

    with pointed_at(_Target()):  # type: ignore[arg-type]
        bot = StoryBot(bot_settings(catalog, state))
        bot._connection.guild_ready_timeout = 0.05
        await bot.login("stand-in-token")
        running = asyncio.create_task(bot.connect(reconnect=False))
        await bot.wait_until_ready()
        await bot.tree.sync()
        cpu = time.process_time()
        await asyncio.to_thread(child.wait)  # the stand-in exits when the load is done
        cpu = time.process_time() - cpu
        await bot.close()
        # The stand-in is gone, so the gateway task ends with a connection error.
        with contextlib.suppress(Exception):
            await asyncio.wait_for(running, 5)
    return cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=250.0, help="interactions per second")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--users", type=int, default=1200)
    parser.add_argument("--stand-in", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    if args.stand_in:
        result = asyncio.run(play_users(args.rate, args.seconds, args.users))
        print("RESULT " + json.dumps(result), flush=True)
        return 0

    from tests.e2e.bot_harness import build_catalog

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        catalog = build_catalog(root)
        child = subprocess.Popen(
            [sys.executable, __file__, "--stand-in", "--rate", str(args.rate),
             "--seconds", str(args.seconds), "--users", str(args.users)],
            stdout=subprocess.PIPE, text=True, cwd=ROOT)
        assert child.stdout is not None
        first = child.stdout.readline()
        if not first.startswith("PORT "):
            print(f"stand-in did not start: {first!r}", file=sys.stderr)
            return 1
        bot_cpu = asyncio.run(run_bot(int(first.split()[1]), catalog, root / "state.db", child))
        lines = child.stdout.read().splitlines()
    result = next((json.loads(x[7:]) for x in lines if x.startswith("RESULT ")), None)
    if result is None:
        print("no result from the stand-in", file=sys.stderr)
        return 1
    print(f"/rec through the stand-in: offered {args.rate:g}/s for {args.seconds:g}s, "
          f"{args.users} users")
    print(f"  answered {result['answered']}/{result['sent']} "
          f"({result['failures']} failures, {result['expired']} late) in {result['seconds']} s"
          f" = {result['throughput_per_s']} interactions/s")
    print(f"  latency p50 {result['p50_ms']} ms · p90 {result['p90_ms']} ms · "
          f"p99 {result['p99_ms']} ms · max {result['max_ms']} ms")
    per = bot_cpu / max(1, result["sent"]) * 1000
    print(f"  CPU per interaction: bot {per:.2f} ms (incl. warm-up and startup wait), "
          f"stand-in {result['stand_in_cpu_ms_per_interaction']} ms")
    if result["failure_examples"] or result["problems"]:
        print(f"  problems: {result['failure_examples'] + result['problems']}")
    ok = result["throughput_per_s"] >= 200 and result["p99_ms"] < 100 and not result["failures"]
    print("  target (>= 200/s, p99 < 100 ms):", "met" if ok else "NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

"""What sharing the interpreter costs a search: its own CPU alone and beside another thread.

    .venv/bin/python tests/bench/bench_search_beside.py [--stories 100000] [--searches 600]
        [--dir DIR] [--switch-interval MS ...]

The catalog bench_search.py generates, one engine, the requests bench_recommend.py asks, each
asked once first (warm). Then the same searches on one thread, each's own CPU (the thread's
CPU clock, which a busy machine inflates far less than wall time) and its switches off a core,
in turns of: alone; beside a thread running Python without pause (building dicts and strings,
as a shelf engine's open does); beside a thread running Python 1 ms in every 3 (as the event
loop does during uploads); and each of those with both threads held on one core
(sched_setaffinity), where a switch of the interpreter is also a switch of the core. The
turns are interleaved over `--rounds`. Each figure is per search, ms, with the interpreter's
switch interval the bot sets (1 ms; others with `--switch-interval`).

Issue 16's figure: during uploads a search's own CPU rose (p50 8.0 against 5.1 ms with no
upload, idle host) with only +18% more instructions; 16v's per-search records tie the rise to
searches during which another of the bot's threads ran Python. This measures that cost alone.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bot.knowledge import Knowledge
from bot.search.engine import Engine
from bot.search.model import Filters
from tests.bench.bench_recommend import pct, sched_counts
from tests.bench.bench_search import _current, generate, requests_for


def churn(stop: threading.Event, duty: float) -> None:
    """Python work like a shelf engine's open (dicts, strings, lists), `duty` of the time."""
    while not stop.is_set():
        start = time.perf_counter()
        while time.perf_counter() - start < 0.001:
            words = {f"w{i}": [i, str(i)] for i in range(200)}
            sorted(words, reverse=True)
        if duty < 1:
            time.sleep(0.001 * (1 - duty) / duty)


def run(engine: Engine, requests: list[str], beside: float, one_core: bool,
        ) -> tuple[list[float], list[int]]:
    stop = threading.Event()
    other = threading.Thread(target=churn, args=(stop, beside), daemon=True) if beside else None
    cores = os.sched_getaffinity(0)
    if one_core:
        os.sched_setaffinity(0, {min(cores)})  # this thread; the other inherits it
    if other is not None:
        other.start()
    cpu: list[float] = []
    switches: list[int] = []
    filters = Filters(rating_max="teen")
    try:
        for request in requests:
            before, start = sched_counts(), time.thread_time()
            engine.recommend(request, filters=filters, limit=5)
            cpu.append((time.thread_time() - start) * 1000)
            after = sched_counts()
            switches.append(after[1] + after[2] - before[1] - before[2])
    finally:
        stop.set()
        if other is not None:
            other.join()
        os.sched_setaffinity(0, cores)
    return cpu, switches


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=100_000)
    parser.add_argument("--searches", type=int, default=200, help="per turn")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--switch-interval", type=float, nargs="*", default=[1.0])
    parser.add_argument("--dir", type=Path,
                        default=Path(tempfile.gettempdir()) / "storybot-bench-search")
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    catalog = args.dir / f"catalog-{args.stories}.db"
    if not catalog.exists() or not _current(catalog):
        generate(catalog, args.stories)
    engine = Engine.open(catalog, Knowledge.default())
    rng = random.Random(16)
    requests = requests_for(engine, rng, args.searches)
    for request in requests:
        engine.recommend(request, filters=Filters(rating_max="teen"), limit=5)
    turns = [(beside, one_core, interval) for interval in args.switch_interval
             for beside in (0.0, 1.0, 1 / 3) for one_core in (False, True)]
    found: dict[tuple[float, bool, float], tuple[list[float], list[int]]] = {
        turn: ([], []) for turn in turns}
    for _ in range(args.rounds):
        for turn in turns:
            sys.setswitchinterval(turn[2] / 1000)
            cpu, switches = run(engine, requests, turn[0], turn[1])
            found[turn][0].extend(cpu)
            found[turn][1].extend(switches)
    print(f"load average {os.getloadavg()[0]:.1f}; {len(requests)} requests x {args.rounds} "
          f"rounds a turn; {os.cpu_count()} cores")
    print("| switch interval (ms) | beside | cores | own CPU mean / p50 / p99 (ms) | "
          "vs alone (mean) | switches off a core, mean |")
    print("|---:|---|---|---:|---:|---:|")
    names = {0.0: "alone", 1.0: "Python without pause", 1 / 3: "Python 1 ms in 3"}
    for turn in turns:
        cpu, switches = found[turn]
        alone = statistics.mean(found[(0.0, turn[1], turn[2])][0])
        print(f"| {turn[2]:g} | {names[turn[0]]} | {'one' if turn[1] else 'any'} | "
              f"{statistics.mean(cpu):.2f} / {pct(cpu, 50):.2f} / {pct(cpu, 99):.2f} | "
              f"{100 * (statistics.mean(cpu) / alone - 1):+.0f}% | "
              f"{statistics.mean(switches):.1f} |")
    engine.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

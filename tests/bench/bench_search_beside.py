"""What sharing the interpreter costs a search: its own CPU alone and beside another thread.

    .venv/bin/python tests/bench/bench_search_beside.py [--stories 100000] [--searches 600]
        [--dir DIR] [--switch-interval MS ...]

The catalog bench_search.py generates, one engine, the requests bench_recommend.py asks, each
asked once first (warm). Then the same searches on one thread, each's own CPU (the thread's CPU
clock, which a busy machine inflates far less than wall time) and its switches off a core, in
turns of: alone; beside a thread running Python without pause (`--beside dicts`: 1 ms of
building dicts and strings at a time; `--beside shelf-open`: a server shelf's change as the bot
makes it: the next engine opened, taking the last one's vocabulary where the tree can, `carry`,
the last one closed); beside it running a third of the time (as the event
loop and the shelf builds do during uploads); and each of those with both threads held on one
core (sched_setaffinity), where a switch of the interpreter is also a switch of the core. The
turns are interleaved over `--rounds`. Each figure is per search, ms, with the interpreter's
switch interval the bot sets (1 ms; others with `--switch-interval`).

Issue 16's figure: during uploads a search's own CPU rose (p50 8.0 against 5.1 ms with no
upload, idle host) with only +18% more instructions; 16v's per-search records tie the rise to
searches during which another of the bot's threads ran Python. This measures that cost alone.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bot.knowledge import Knowledge
from bot.search.engine import Engine
from bot.search.model import Filters
from tests.bench.bench_recommend import pct, sched_counts
from tests.bench.bench_search import kept_catalog, requests_for

WORK: list[float] = []  # the other thread's CPU of each `work` call (ms)


def churn(stop: threading.Event, duty: float, work: Callable[[], object]) -> None:
    """`work` again and again, `duty` of the time (a pause after each as long as it took,
    times (1 - duty) / duty)."""
    while not stop.is_set():
        start = time.perf_counter()
        cpu = time.thread_time()
        work()
        WORK.append((time.thread_time() - cpu) * 1000)
        if duty < 1:
            time.sleep((time.perf_counter() - start) * (1 - duty) / duty)


def small_dicts() -> None:
    """1 ms of Python building dicts and strings."""
    start = time.perf_counter()
    while time.perf_counter() - start < 0.001:
        words = {f"w{i}": [i, str(i)] for i in range(200)}
        sorted(words, reverse=True)


def shelf_opener(uploads: int, knowledge: Knowledge) -> Callable[[], object]:
    """A server shelf's change as the bot makes it, each call one: the next file's engine
    opened (taking over the last engine's vocabulary, where this tree's `Engine.open` can),
    `carry` from the last engine, the last one closed. The shelf's files alternate: `uploads`
    of bench_recommend.py's generated stories, and those and one more (an upload added, then
    removed)."""
    import inspect

    from bot.catalog.shelf import build_shelf
    from bot.catalog.uploads import analyse_upload
    from bot.parsers import Limits
    from tests.bench.bench_recommend import story_file
    rng = random.Random(16)
    stories = []
    for n in range(uploads + 1):
        _title, data = story_file(rng, n)
        stories.append((f"upload-{n}", analyse_upload(data, f"upload-{n}.txt", Limits())))
    folder = Path(tempfile.mkdtemp(prefix="storybot-beside-"))
    paths = (build_shelf(folder / "a.sqlite", stories[:-1]),
             build_shelf(folder / "b.sqlite", stories[-1:], base=folder / "a.sqlite"))
    kept = [s for s, _ in stories[:-1]]
    options = {"suggestions": False, "one_connection": True, "freeze": False}
    taking = "previous" in inspect.signature(Engine.open).parameters
    last = [Engine.open(paths[0], knowledge, **options)]  # type: ignore[arg-type]

    def change() -> None:
        old = last[0]
        path = paths[1] if old.catalog == paths[0] else paths[0]
        more = {"previous": old} if taking else {}
        new = Engine.open(path, knowledge, **options, **more)  # type: ignore[arg-type]
        new.carry(old, kept)
        old.close()
        last[0] = new
    return change


FAULTS: list[int] = [0]  # minor page faults on the searching thread, a turn


def minor_faults() -> int:
    """This thread's minor page faults (memory it touched for the first time: new pages)."""
    try:
        return int(Path("/proc/thread-self/stat").read_text().rsplit(")", 1)[1].split()[7])
    except (OSError, IndexError, ValueError):
        return 0


COLLECTED: list[float] = [0.0]  # the collector's CPU on the searching thread, a turn (s)


def run(engine: Engine, requests: list[str], beside: float, one_core: bool,
        work: Callable[[], object]) -> tuple[list[float], list[int]]:
    stop = threading.Event()
    other = threading.Thread(target=churn, args=(stop, beside, work),
                             daemon=True) if beside else None
    cores = os.sched_getaffinity(0)
    if one_core:
        os.sched_setaffinity(0, {min(cores)})  # this thread; the other inherits it
    if other is not None:
        other.start()
    cpu: list[float] = []
    switches: list[int] = []
    filters = Filters(rating_max="teen")
    me = threading.get_ident()
    started: list[float] = []

    def collector(phase: str, _info: dict[str, int]) -> None:
        # the collector's passes on this thread (the young generation counts every thread's
        # allocations: a search may collect what the other thread made)
        if threading.get_ident() != me:
            return
        if phase == "start":
            started[:] = [time.thread_time()]
        elif started:
            COLLECTED[-1] += time.thread_time() - started[0]

    gc.callbacks.append(collector)
    try:
        for request in requests:
            faulted, before, start = minor_faults(), sched_counts(), time.thread_time()
            engine.recommend(request, filters=filters, limit=5)
            cpu.append((time.thread_time() - start) * 1000)
            after = sched_counts()
            switches.append(after[1] + after[2] - before[1] - before[2])
            FAULTS[-1] += minor_faults() - faulted
    finally:
        gc.callbacks.remove(collector)
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
    parser.add_argument("--beside", choices=("dicts", "shelf-open"), default="dicts",
                        help="the other thread's work: 1 ms of small dicts, or a shelf "
                        "engine's open and close as the bot does on each change")
    parser.add_argument("--shelf", type=int, default=200, help="uploads on that shelf")
    parser.add_argument("--no-gc", action="store_true",
                        help="(trial) the cyclic collector off throughout")
    parser.add_argument("--dir", type=Path,
                        default=Path(tempfile.gettempdir()) / "storybot-bench-search")
    args = parser.parse_args()
    catalog = kept_catalog(args.dir, args.stories)
    knowledge = Knowledge.default()
    engine = Engine.open(catalog, knowledge)
    work = shelf_opener(args.shelf, knowledge) if args.beside == "shelf-open" else small_dicts
    started = time.thread_time()
    work()
    work_ms = (time.thread_time() - started) * 1000
    rng = random.Random(16)
    requests = requests_for(engine, rng, args.searches)
    for request in requests:
        engine.recommend(request, filters=Filters(rating_max="teen"), limit=5)
    turns = [(beside, one_core, interval) for interval in args.switch_interval
             for beside in (0.0, 1.0, 1 / 3) for one_core in (False, True)]
    found: dict[tuple[float, bool, float], tuple[list[float], list[int]]] = {
        turn: ([], []) for turn in turns}
    collected = dict.fromkeys(turns, 0.0)
    faults = dict.fromkeys(turns, 0)
    if args.no_gc:
        gc.disable()
    for _ in range(args.rounds):
        for turn in turns:
            sys.setswitchinterval(turn[2] / 1000)
            COLLECTED.append(0.0)
            FAULTS.append(0)
            cpu, switches = run(engine, requests, turn[0], turn[1], work)
            found[turn][0].extend(cpu)
            found[turn][1].extend(switches)
            collected[turn] += COLLECTED[-1] * 1000
            faults[turn] += FAULTS[-1]
    if WORK:
        print(f"the other thread's work beside the searches: {len(WORK)} calls, CPU a call "
              f"mean {statistics.mean(WORK):.2f} / p50 {pct(WORK, 50):.2f} ms")
    print(f"load average {os.getloadavg()[0]:.1f}; {len(requests)} requests x {args.rounds} "
          f"rounds a turn; {os.cpu_count()} cores; beside: {args.beside} ({work_ms:.1f} ms "
          "of CPU each, alone)")
    print("| switch interval (ms) | beside | cores | own CPU mean / p50 / p99 (ms) | "
          "vs alone (mean) | switches off a core, mean | collector on its thread, mean | "
          "new pages touched (minor faults), mean |")
    print("|---:|---|---|---:|---:|---:|---:|---:|")
    names = {0.0: "alone", 1.0: "without pause", 1 / 3: "a third of the time"}
    for turn in turns:
        cpu, switches = found[turn]
        alone = statistics.mean(found[(0.0, turn[1], turn[2])][0])
        print(f"| {turn[2]:g} | {names[turn[0]]} | {'one' if turn[1] else 'any'} | "
              f"{statistics.mean(cpu):.2f} / {pct(cpu, 50):.2f} / {pct(cpu, 99):.2f} | "
              f"{100 * (statistics.mean(cpu) / alone - 1):+.0f}% | "
              f"{statistics.mean(switches):.1f} | {collected[turn] / len(cpu):.2f} | "
              f"{faults[turn] / len(cpu):.1f} |")
    engine.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

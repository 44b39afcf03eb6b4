"""What one change to a server's shelf costs the bot process: its build and the searches after.

    .venv/bin/python tests/bench/bench_shelf_change.py [--shelf 20] [--changes 10] [--root TREE]
    valgrind --tool=cachegrind --cache-sim=no .venv/bin/python tests/bench/bench_shelf_change.py \\
        [--no-change]   # instruction counts: run with and without --no-change; a change (its
                        # build, and what the searches after it pay more) is the difference / 10
        [--generated N] # N requests as bench_recommend.py makes them (from the shelf's names
                        # and the generated words its uploads are written in), not REQUESTS
        [--no-search]   # the same less every search after the warm-up. With --no-change,
                        # (with - without) / 80 is a warm search's instructions W; with
                        # changes, ((with - without) / 10 - 4 W) / 4 a search's right after one

A shelf of --shelf uploads (bench_recommend.py's generated stories, read as the upload worker
reads them, before anything is measured), then --changes changes of one upload each through
`GuildShelves` (its build on a 4-thread pool like the bot's search pool, its file written in
an upload worker as the bot's is, its engine opened as the bot opens a shelf's) and, after
each, one search on each pool thread against the new shelf, then one more on each: the first
searches pay for what a new shelf's engine has not read yet, the second are the searches of a
shelf in service. Prints each part's CPU time per change (every thread of this process). The
searches of bench_recommend.py run beside such changes: whatever a change costs the process is
work taken from them (one interpreter, one GIL). `--root` imports `bot` from another tree (an
older commit's files) so the same stories measure both.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import inspect
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parents[2]
THREADS = 4  # the bot's search pool (bot.discord_app.bot)
REQUESTS = ("sad spike and buffy", "fluff", "Upload 3 Quiet Silver", "angst hurt comfort",
            "buffy/spike slow burn", "something warm about tea")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shelf", type=int, default=20, help="uploads on the shelf at first")
    parser.add_argument("--changes", type=int, default=10)
    parser.add_argument("--no-change", action="store_true",
                        help="the same rounds of searches with the shelf left as it is")
    parser.add_argument("--generated", type=int, default=0,
                        help="that many requests made as bench_recommend.py makes them, "
                        "from the shelf's names (0: REQUESTS)")
    parser.add_argument("--no-search", action="store_true",
                        help="no search after the warm-up (instruction counts: the searches' "
                        "are the difference)")
    parser.add_argument("--root", type=Path, default=HERE)
    args = parser.parse_args()
    sys.path.insert(0, str(args.root.resolve()))
    sys.path.insert(1, str(HERE))
    return asyncio.run(bench(args))


async def bench(args: argparse.Namespace) -> int:
    import random

    from bot.catalog.analyse import init_worker
    from bot.catalog.uploads import UploadReader, analyse_upload
    from bot.config import Settings
    from bot.knowledge import Knowledge
    from bot.parsers import Limits
    from bot.search.engine import Engine
    from bot.search.model import Filters
    from bot.search.shelves import GuildShelves, Shelf
    from tests.bench.bench_recommend import story_file
    from tests.bench.bench_search import requests_for

    init_worker(None, Limits())
    rng = random.Random(16)
    records = []
    for n in range(args.shelf + 10):  # the same work whatever --changes is
        _title, data = story_file(rng, n)
        story = analyse_upload(data, f"upload-{n}.txt", Limits())
        records.append((story.story_id(1), story.record))
    knowledge = Knowledge.shared(Settings().fandoms_path)
    opener = functools.partial(Engine.open, knowledge=knowledge, suggestions=False)
    for option in ("one_connection", "freeze"):  # as the bot opens it, where the tree can
        if option in inspect.signature(Engine.open).parameters:
            opener = functools.partial(opener, **{option: option == "one_connection"})
    held = [args.shelf]

    async def load(guild_id: int) -> Shelf:
        return Shelf(stories=tuple(_nth(records, i) for i in range(held[0])))

    async def locate(story_id: str) -> int | None:
        return 1

    filters = Filters(rating_max="teen", guild=1)
    cpu: dict[str, list[float]] = {"build": [], "first searches": [], "searches after": []}
    reader = UploadReader(Limits(), None)  # a build's file is written there, as in the bot
    await reader.ready()
    with ThreadPoolExecutor(THREADS, thread_name_prefix="search") as pool, \
            tempfile.TemporaryDirectory() as folder:
        shelves = GuildShelves(Path(folder), opener, pool, load, locate,
                               offload=reader.offload)
        served = await shelves.get(1)
        asked = requests_for(served.holder.engine, random.Random(16), args.generated) \
            if args.generated else list(REQUESTS)
        loop = asyncio.get_running_loop()
        for round_ in range(2):  # the pool's threads started, and their first shelf read
            await searches(loop, pool, served, filters, asked, round_)
        for change in range(args.changes):
            before = process_threads()
            if not args.no_change:
                held[0] += 1
                shelves.forget(1)
                served = await shelves.get(1, fresh=True)
            await asyncio.sleep(0)
            built = process_threads()
            if not args.no_search:
                await searches(loop, pool, served, filters, asked, change)
            first = process_threads()
            if not args.no_search:
                await searches(loop, pool, served, filters, asked, change + 1)
            after = process_threads()
            cpu["build"].append(built - before)
            cpu["first searches"].append(first - built)
            cpu["searches after"].append(after - first)
        shelves.close()
    reader.close()
    if args.changes:
        print(f"shelf of {args.shelf} uploads, {args.changes} "
              f"{'rounds with no change' if args.no_change else 'changes of one upload'}, "
              f"{THREADS} searches after each (one a thread), CPU ms per change (median):")
        for part, values in cpu.items():
            print(f"  {part}: {statistics.median(values) * 1000:.2f}")
    return 0


def _nth(records: list[tuple[str, str]], i: int) -> tuple[str, str]:
    """The i-th upload (the generated ones again under other ids past their number)."""
    story_id, record = records[i % len(records)]
    return (story_id if i < len(records) else f"{story_id}{i}", record)


async def searches(loop: asyncio.AbstractEventLoop, pool: ThreadPoolExecutor, served: object,
                   filters: object, requests: list[str], offset: int) -> None:
    """One search on each pool thread (a barrier holds each thread until all have one)."""
    barrier = threading.Barrier(THREADS)
    holder = served.holder  # type: ignore[attr-defined]

    def one(request: str) -> None:
        with holder.use() as engine:
            engine.recommend(request, filters=filters, limit=5)
        barrier.wait()

    await asyncio.gather(*(loop.run_in_executor(pool, one, requests[(offset + i) % len(requests)])
                           for i in range(THREADS)))


def process_threads() -> float:
    """This process's CPU time (every thread's)."""
    return time.process_time()


if __name__ == "__main__":
    sys.exit(main())

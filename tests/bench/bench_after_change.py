"""What a search pays right after a change to its server's shelf, with nothing beside it.

    .venv/bin/python tests/bench/bench_after_change.py [--shelf 100] [--stories 100000]
    valgrind --tool=cachegrind --cache-sim=no .venv/bin/python \\
        tests/bench/bench_after_change.py --only MODE [--count 100] --no-catalog
        # instruction counts: MODE first (a change, then the next request on the new shelf),
        # none (the changes alone), warm (the requests on a shelf left as it is), base
        # (neither): (first - none) / count is a search right after a change, (warm - base)
        # / count a search of a shelf in service

bench_recommend.py's searches during uploads cost more own CPU beside a shelf change (16aa:
plot requests of 8.5-13 ms alone took 17-23 ms). This splits the sharing of one interpreter
with the change's work from what the change itself leaves the next search to pay: the same
200 requests bench_recommend.py asks (its catalog, its generated uploads, the same order), each
asked as the service asks it (the catalog's engine, then the shelf's), measured by thread CPU
in three rows, one after another on one thread: the shelf left as it is (warm), right after
a change of one upload (built as the bot builds one: GuildShelves, its file written on the
same thread here, its engine opened and `carry`), and the same request again on that engine.
Prints each row's median and sum of the catalog's part and the shelf's, the p99 of both, and
the plot requests' ("the one where they ...").
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import random
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bot.catalog.analyse import init_worker
from bot.catalog.uploads import analyse_upload
from bot.config import Settings
from bot.knowledge import Knowledge
from bot.parsers import Limits
from bot.search.engine import Engine
from bot.search.model import Filters
from bot.search.shelves import GuildShelves, Shelf
from tests.bench.bench_recommend import story_file
from tests.bench.bench_search import kept_catalog, requests_for

PLOT = 8  # requests_for's kind of the plot requests ("the one where they ...")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shelf", type=int, default=100, help="uploads on the shelf at first")
    parser.add_argument("--stories", type=int, default=100000)
    parser.add_argument("--count", type=int, default=200, help="requests (and changes) a row")
    parser.add_argument("--only", choices=("first", "none", "warm", "base"), default=None,
                        help="one row for instruction counts (see the usage)")
    parser.add_argument("--no-catalog", action="store_true",
                        help="the shelf's engine alone (the requests still made from the "
                        "catalog's names)")
    parser.add_argument("--dir", type=Path,
                        default=Path(tempfile.gettempdir()) / "storybot-bench-search")
    args = parser.parse_args()
    return asyncio.run(bench(args))


async def bench(args: argparse.Namespace) -> int:
    init_worker(None, Limits())
    rng = random.Random(16)
    records = []
    for n in range(args.shelf + args.count):
        _title, data = story_file(rng, n)
        story = analyse_upload(data, f"upload-{n}.txt", Limits())
        records.append((story.story_id(1), story.record))
    knowledge = Knowledge.shared(Settings().fandoms_path)
    catalog = Engine.open(kept_catalog(args.dir, args.stories), knowledge)
    requests = requests_for(catalog, random.Random(16), 200)[:args.count]
    if args.no_catalog:
        catalog.close()
    opener = functools.partial(Engine.open, knowledge=knowledge, suggestions=False,
                               one_connection=True, freeze=False)
    held = [args.shelf]

    async def load(guild_id: int) -> Shelf:
        return Shelf(stories=tuple(records[:held[0]]))

    async def locate(story_id: str) -> int | None:
        return 1

    filters = Filters(rating_max="teen", guild=1)

    def ask(own: Engine, request: str) -> tuple[float, float]:
        started = time.thread_time()
        if not args.no_catalog:
            catalog.recommend(request, filters=filters, limit=5)
        between = time.thread_time()
        own.recommend(request, filters=filters, limit=5)
        return (between - started) * 1000, (time.thread_time() - between) * 1000

    rows: dict[str, list[tuple[float, float]]] = {}
    with ThreadPoolExecutor(1) as pool, tempfile.TemporaryDirectory() as folder:
        shelves = GuildShelves(Path(folder), opener, pool, load, locate)
        served = await shelves.get(1)
        for _ in range(2):  # both engines warm for every request
            for request in requests:
                ask(served.holder.engine, request)
        for row in ("warm", "first") if args.only is None else (args.only,):
            for request in requests:
                if row in ("first", "none"):  # a change of one upload, built as the bot does
                    held[0] += 1
                    shelves.forget(1)
                    served = await shelves.get(1, fresh=True)
                if row in ("first", "warm"):
                    with served.holder.use() as own:
                        rows.setdefault(row, []).append(ask(own, request))
                        if row == "first" and args.only is None:
                            rows.setdefault("again", []).append(ask(own, request))
        shelves.close()
    if args.only is None:
        report(rows, len(requests), args.shelf)
    return 0


def report(rows: dict[str, list[tuple[float, float]]], count: int, shelf: int) -> None:
    print(f"{count} requests, a shelf of {shelf} uploads at first; thread CPU "
          "ms, catalog / shelf")
    print("| row | median | sum | p99 | plot requests' median (of it the shelf's) |")
    print("|---|---:|---:|---:|---:|")
    for row, label in (("warm", "shelf left as it is"), ("first", "right after a change"),
                       ("again", "the same request again")):
        got = rows[row]
        cat, own = [c for c, _ in got], [s for _, s in got]
        total = sorted(c + s for c, s in got)
        plot = [(c + s, s) for i, (c, s) in enumerate(got) if i % 10 == PLOT]
        print(f"| {label} | {statistics.median(cat):.2f} / {statistics.median(own):.2f} | "
              f"{sum(cat):.0f} / {sum(own):.0f} | {total[round(0.99 * (len(total) - 1))]:.1f}"
              f" | {statistics.median(t for t, _ in plot):.2f} "
              f"({statistics.median(s for _, s in plot):.2f}) |")


if __name__ == "__main__":
    sys.exit(main())

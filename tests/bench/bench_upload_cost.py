"""What one member's upload costs the bot process, all its threads, with no search beside it.

    .venv/bin/python tests/bench/bench_upload_cost.py [--uploads 20] [--stories 2000] [--root TREE]
    valgrind --tool=cachegrind --cache-sim=no .venv/bin/python \\
        tests/bench/bench_upload_cost.py --uploads N   # instruction counts: run with two N
        # (5 and 25); the bot process's instructions per upload are the difference / 20

The real StoryBot and the Discord stand-in in one process (as bench_recommend.py runs them)
beside a small generated catalog: `/recommend add` of bench_recommend.py's generated stories,
one at a time, each waited for until the shelf in service holds it and the member has their
answer (the card). Everything the bot process does for an upload is counted: the command, the
fetch, the worker's answer taken in, the state's writes, the shelf's change, the card, and the
stand-in's side of the HTTP (the same per upload in any tree). The upload worker is another
process (valgrind does not follow it). Prints the process's CPU time per upload. The searches
of bench_recommend.py share this process's one GIL with all of this: what it costs is what an
upload takes from them. `--root` imports `bot` and `cogs` from another tree (an older commit's
files), so the same uploads measure both. Also printed: each thread's CPU per upload (by
name: the loop's, the search pool's, the state's), and the parts of a shelf change on the pool
thread by their own thread's CPU (the build, its write, the engine's open and its vocabulary,
`carry`, the last engine's close).
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import gc
import os
import random
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parents[2]
FILES = 50  # story files made in every run (the uploads take the first ones)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uploads", type=int, default=20)
    parser.add_argument("--stories", type=int, default=2000)
    parser.add_argument("--root", type=Path, default=HERE)
    parser.add_argument("--dir", type=Path,
                        default=Path(tempfile.gettempdir()) / "storybot-bench-search")
    args = parser.parse_args()
    sys.path.insert(0, str(args.root.resolve()))
    sys.path.insert(1, str(HERE))
    return asyncio.run(bench(args))


PARTS = {"GuildShelves._open": "a shelf build (GuildShelves._open)",
         "GuildShelves._write": "  its file (written in the worker, or here)",
         "GuildShelves._in_catalog": "  uploads the catalog holds too",
         "Engine.open": "  the engine's open",
         "Vocabulary.load": "    its vocabulary",
         "Engine.carry": "  carry",
         "Engine.close": "the last engine's close"}


def timed_parts(spent: dict[str, float]) -> None:
    """Each of PARTS, wrapped: its own thread's CPU added to `spent` (nested parts counted in
    their callers' too)."""
    from bot.search import engine, shelves, vocab
    owners = {"GuildShelves": shelves.GuildShelves, "Engine": engine.Engine,
              "Vocabulary": vocab.Vocabulary}
    for name in PARTS:
        owner, method = name.split(".")
        cls = owners[owner]
        found = cls.__dict__[method]
        inner = found.__func__ if isinstance(found, classmethod) else found

        def timed(*a: Any, _f: Callable[..., Any] = inner, _n: str = name, **k: Any) -> Any:
            start = time.thread_time()
            try:
                return _f(*a, **k)
            finally:
                spent[_n] += time.thread_time() - start
        setattr(cls, method, classmethod(timed) if isinstance(found, classmethod) else timed)


def thread_cpu() -> dict[str, float]:
    """This process's threads' CPU (s), by their name less its number (the kernel's clock)."""
    names = {t.native_id: t.name for t in threading.enumerate()}
    tick = os.sysconf("SC_CLK_TCK")
    out: dict[str, float] = collections.defaultdict(float)
    for tid in os.listdir("/proc/self/task"):
        try:
            with open(f"/proc/self/task/{tid}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        name = names.get(int(tid), "other").split(" (")[0].rstrip("0123456789_-")
        out[name or "other"] += (int(fields[11]) + int(fields[12])) / tick
    return out


async def bench(args: argparse.Namespace) -> int:
    from bot.config import Settings
    from bot.discord_app.bot import StoryBot
    from tests.bench.bench_recommend import story_file
    from tests.bench.bench_search import kept_catalog
    from tests.discord_double.model import Attachment
    from tests.discord_double.server import DiscordDouble
    from tests.discord_double.testing import connected, pointed_at
    from tests.e2e.bot_harness import add_readers

    catalog = kept_catalog(args.dir, args.stories)
    spent: dict[str, float] = collections.defaultdict(float)
    timed_parts(spent)
    rng = random.Random(16)
    # the same work whatever --uploads is: the runs' difference is the uploads' alone
    files = [story_file(rng, n) for n in range(max(args.uploads, FILES))][:args.uploads]
    double = DiscordDouble(validate=False)
    await double.start()
    home = Path(tempfile.mkdtemp(prefix="storybot-bench-upload-cost-"))
    settings = Settings(catalog_path=catalog, state_path=home / "state.db", home=home,
                        watch_catalog=False)
    bot = StoryBot(settings, extensions=("cogs.recommendations",))
    guild = double.guild
    readers = add_readers(double, args.uploads)
    try:
        with pointed_at(double):
            async with connected(double, bot, within=600):
                await bot.tree.sync()
                await bot.uploads.ready()
                shelves = bot.search.shelves
                assert shelves is not None
                gc_time, passes = [0.0], [0, 0, 0]
                started = [0.0]

                def timed_gc(phase: str, info: dict) -> None:
                    if phase == "start":
                        started[0] = time.thread_time()
                    else:
                        gc_time[0] += time.thread_time() - started[0]
                        passes[info["generation"]] += 1

                gc.callbacks.append(timed_gc)
                spent.clear()
                threads0 = thread_cpu()
                cpu0 = time.process_time()
                for n, (reader, (_title, data)) in enumerate(zip(readers, files, strict=True)):
                    asked = await double.slash(guild, "library", reader, "recommend add",
                                               file=Attachment(f"upload-{n}.txt", data))
                    answer = await asked.message(within=600)
                    assert answer.content.startswith("Thanks!"), answer.content
                    # the card answered: the shelf in service holds the upload
                    assert len((await shelves.get(guild.id)).ids) == n + 1
                cpu = time.process_time() - cpu0
                threads = thread_cpu()
                gc.callbacks.remove(timed_gc)
    finally:
        await double.stop()
        shutil.rmtree(home, ignore_errors=True)
    print(f"{args.uploads} uploads beside a {args.stories:,}-story catalog: the bot process's "
          f"CPU {cpu / max(1, args.uploads) * 1000:.1f} ms per upload, of which the cyclic "
          f"garbage collector's {gc_time[0] / max(1, args.uploads) * 1000:.2f} ms (passes of "
          f"generation 0/1/2: {'/'.join(map(str, passes))})")
    per = 1000 / max(1, args.uploads)
    print("by thread, ms per upload: " + ", ".join(
        f"{name} {(cpu_s - threads0.get(name, 0.0)) * per:.2f}"
        for name, cpu_s in sorted(threads.items(), key=lambda t: -t[1] + threads0.get(t[0], 0))
        if cpu_s > threads0.get(name, 0.0)))
    for name, label in PARTS.items():
        print(f"{label}: {spent[name] * per:.2f} ms per upload")
    return 0


if __name__ == "__main__":
    sys.exit(main())

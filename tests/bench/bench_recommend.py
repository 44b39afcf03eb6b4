"""Recommendation benchmark: members upload stories to a server beside a 100,000-story catalog.

    .venv/bin/python tests/bench/bench_recommend.py [--stories 100000] [--uploads 50] [--dir DIR]
        [--worker-niceness N] [--confirm-beside] [--gc-sample SECONDS] [--asyncio]

The real StoryBot (its /recommend, /rec and /settings cogs) against the Discord stand-in, with
the catalog bench_search.py generates (kept in --dir for the next run). One upload at a time,
each by its own member (per-member cooldowns), each a new ~2,000-word story: the time from
sending `/recommend add` to the story being the top answer of a search in that server (the same
SearchService call /rec makes, once the shelf in service holds it; that search takes its
turn with the measured ones, as the bench's probe is no work of the bot's; `--confirm-beside`
runs it beside them as before 16g), p50/p99. Meanwhile searches
run without pause (a generated request each, in that server, so every one merges the catalog's
answer with the shelf's; each request asked once before the uploads, as the no-upload row
asks each again and again): their latency p99; and a task on the event loop measures its worst
block. Also the process's CPU time and its upload worker's, and the bot's CPU per upload beyond
the searches (which a busy machine inflates far less than wall time). Then the same searches
and loop watch with no upload (--baseline seconds, with their CPU time; the shelf then holds
the uploads, so each search is the same work), to read the figures against the machine's: the
table's second row. Figures to reach (issue 16): loop worst block <= 20 ms, search p99 during
uploads <= 25 ms. The stand-in runs on the same loop (its work counts in the block); on a busy
machine the figures vary: report them with the load. Where each row's searches spent their
time is printed last (`Split`): the search's own CPU, waiting for a core (the kernel's run
queue: the machine's load), other waits (mostly while the bot's other threads held the GIL:
the uploads' work in the bot process; a read from disk), and the hops to the search thread
and back. Then every pass of the cyclic garbage collector in each row (`gc.callbacks`): its
generation, its CPU time with the GIL held, and whether it ran inside a measured search, on
the loop's thread or elsewhere; what the oldest generation (what a full pass walks) held as
each row began; and, the bot closed, how much of what was frozen had died in cycles (garbage
a freeze kept). `--gc-sample`: that count every SECONDS in both rows (each count frees it,
and walks every object: the loop stalls 130-200 ms then), per full pass of the bot's.
It runs on the bot's own event loop (`eventloop.run`: uvloop where it is installed, as the bot
runs); `--asyncio`: on asyncio's default loop, as before 16u.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import contextlib
import contextvars
import gc
import os
import random
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bot.config import Settings
from bot.discord_app import eventloop
from bot.discord_app.bot import StoryBot
from bot.search.model import Filters
from tests.bench.bench_search import WORDS, _current, generate, requests_for
from tests.discord_double.model import Attachment
from tests.discord_double.server import DiscordDouble
from tests.discord_double.testing import connected, pointed_at
from tests.e2e.bot_harness import add_readers


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def cpu_seconds(pid: int) -> float:
    """A live process's user + system CPU time, from /proc (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


SEARCHABLE_WITHIN = 60  # seconds: an upload never found is a failure, not a hang


def run_queue_seconds() -> float | None:
    """Time this thread has spent runnable but not running (waiting for a core), from the
    kernel's scheduler statistics; None where they are not kept."""
    try:
        return int(Path("/proc/thread-self/schedstat").read_text().split()[1]) / 1e9
    except (OSError, IndexError, ValueError):
        return None


# the measured search a call on the search pool belongs to (set by search_forever)
MEASURED: contextvars.ContextVar[dict[str, float] | None] = contextvars.ContextVar(
    "MEASURED", default=None)


# threads running a measured search's call on the search pool now (set by SplitPool)
IN_SEARCH: set[int] = set()


class GcLog:
    """Every pass of the cyclic garbage collector (gc.callbacks): its generation, its time
    (the thread's CPU and wall: the GIL is held throughout), and where it ran: inside a
    measured search's call on the search pool, on the event loop's thread, or in another
    thread (an upload's, a shelf's) while a measured search was under way or not."""

    def __init__(self, loop_thread: int) -> None:
        self.loop_thread = loop_thread
        self.phase = "setup"
        self.passes: list[tuple[str, int, float, float, str]] = []
        self._started: dict[int, tuple[float, float]] = {}
        # objects in the oldest generation and frozen ones as each phase began
        self.old: dict[str, tuple[int, int]] = {}
        self.kinds: dict[str, list[tuple[str, int]]] = {}
        self.kept = (0, 0)  # garbage cycles' objects found once unfrozen at the end; frozen
        self.sampling = False  # the sampler's own passes (`sample_frozen_garbage`) not logged

    def begin(self, phase: str) -> None:
        self.phase = phase
        old = gc.get_objects(2)
        self.old[phase] = (len(old), gc.get_freeze_count())
        # what they are, by where they were made (the type's module) and type
        self.kinds[phase] = collections.Counter(
            f"{type(o).__module__}.{type(o).__qualname__}" for o in old).most_common(8)
        del old

    def __call__(self, phase: str, info: dict[str, int]) -> None:
        if self.sampling:
            return
        me = threading.get_ident()
        if phase == "start":
            self._started[me] = (time.thread_time(), time.perf_counter())
            return
        cpu, wall = self._started.pop(me, (time.thread_time(), time.perf_counter()))
        where = ("search" if me in IN_SEARCH else "loop" if me == self.loop_thread
                 else "other, beside a search" if IN_SEARCH else "other")
        self.passes.append((self.phase, info["generation"],
                            (time.thread_time() - cpu) * 1000,
                            (time.perf_counter() - wall) * 1000, where))

    def lines(self, phase: str) -> list[str]:
        rows = [p for p in self.passes if p[0] == phase]
        old, frozen = self.old[phase]
        out = [f"  at the start: {old:,} objects in the oldest generation, {frozen:,} frozen; "
               "most: " + ", ".join(f"{kind} {n:,}" for kind, n in self.kinds[phase])]
        for gen in (0, 1, 2):
            mine = [p for p in rows if p[1] == gen]
            if not mine:
                out.append(f"  generation {gen}: none")
                continue
            places = {w: sum(1 for p in mine if p[4] == w)
                      for w in ("search", "loop", "other, beside a search", "other")}
            out.append(
                f"  generation {gen}: {len(mine)} passes, CPU total {sum(p[2] for p in mine):.1f}"
                f" ms, max {max(p[2] for p in mine):.2f} ms (wall max "
                f"{max(p[3] for p in mine):.2f}); in a measured search {places['search']}, on "
                f"the loop {places['loop']}, other threads {places['other, beside a search']}"
                f" beside a search / {places['other']} not")
        return out


class SplitPool:
    """The bot's search pool as the service submits to it, each call of a measured search
    timed in its thread: wall (`run`), the thread's CPU, its run-queue wait. The calls run on
    the same threads as ever; other calls (the shelves', the uploads') pass untouched."""

    def __init__(self, pool: Any) -> None:
        self.pool = pool

    def submit(self, fn: Any, *args: Any) -> Any:
        split = MEASURED.get()  # read on the loop, in the searching task's context
        if split is None:
            return self.pool.submit(fn, *args)

        def timed() -> Any:
            queued, cpu, wall = run_queue_seconds(), time.thread_time(), time.perf_counter()
            IN_SEARCH.add(threading.get_ident())
            try:
                return fn(*args)
            finally:
                IN_SEARCH.discard(threading.get_ident())
                split["run"] += time.perf_counter() - wall
                split["cpu"] += time.thread_time() - cpu
                now = run_queue_seconds()
                if queued is None or now is None:
                    split["queue_unknown"] = 1.0
                else:
                    split["queue"] += now - queued

        return self.pool.submit(timed)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.pool, name)


def story_file(rng: random.Random, n: int) -> tuple[str, bytes]:
    title = f"Upload {n} {rng.choice(WORDS).title()} {rng.choice(WORDS).title()} Zq{n}x"
    body = "\n\n".join(" ".join(rng.choices(WORDS, k=100)).capitalize() + "."
                       for _ in range(20))
    text = (f"Title: {title}\nAuthor: Bench Writer {n}\nRating: Teen\n"
            f"Fandom: Buffy the Vampire Slayer\nPairing: Buffy Summers/Spike\n\n{body}\n")
    return title, text.encode()


async def watch_loop(stop: asyncio.Event, worst: list[float]) -> None:
    """The event loop's longest stall: how late a 5 ms sleep wakes (worst[0]); and the loop
    thread's own CPU time in its worst interval (worst[1]), which a busy machine does not
    inflate: a stall with little CPU was the machine's (the loop was not scheduled), not
    work on the loop."""
    loop = asyncio.get_running_loop()
    while not stop.is_set():
        start, cpu = loop.time(), time.thread_time()
        await asyncio.sleep(0.005)
        worst[0] = max(worst[0], (loop.time() - start - 0.005) * 1000)
        worst[1] = max(worst[1], (time.thread_time() - cpu) * 1000)


async def sample_frozen_garbage(stop: asyncio.Event, every: float, log: GcLog,
                                rows: list[tuple[str, float, int, int, int, float]]) -> None:
    """Every `every` seconds, the garbage the freezes kept since the last sample: a full pass
    first frees the garbage the collector can reach, then the frozen objects are unfrozen and
    a second pass counts (and frees) those that had died in cycles. A row: the bench's row,
    seconds, the bot's full passes so far (not the sampler's), objects frozen before the
    sample, garbage found, the second pass's CPU (ms: what one pass over all costs)."""
    loop = asyncio.get_running_loop()
    started = loop.time()
    while not stop.is_set():
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), every)
        log.sampling = True
        try:
            gc.collect()
            frozen = gc.get_freeze_count()
            gc.unfreeze()
            cpu = time.thread_time()
            kept = gc.collect()
            cpu = (time.thread_time() - cpu) * 1000
            gc.freeze()  # as the bot's own full pass leaves it
        finally:
            log.sampling = False
        full = sum(1 for p in log.passes if p[0] == log.phase and p[1] == 2)
        rows.append((log.phase, loop.time() - started, full, frozen, kept, cpu))


async def search_forever(bot: StoryBot, guild_id: int, requests: list[str],
                         stop: asyncio.Event, splits: list[dict[str, float]],
                         turn: asyncio.Lock) -> None:
    """Search without pause: each search's wall time (s) and where it went (SplitPool's
    figures for its calls on the search pool). Each search holds `turn`: the bench's own
    searches that look for an upload take turns with these (see `--confirm-beside`)."""
    filters = Filters(rating_max="teen", guild=guild_id)
    i = 0
    while not stop.is_set():
        split = dict.fromkeys(("run", "cpu", "queue"), 0.0)
        async with turn:
            MEASURED.set(split)
            start = time.perf_counter()
            await bot.search.recommend(requests[i % len(requests)], filters=filters, limit=5)
            split["wall"] = time.perf_counter() - start
        splits.append(split)
        i += 1


def split_line(name: str, splits: list[dict[str, float]]) -> str:
    """Where the searches' time went: each part's p50 / p99 (ms), and the slowest 1%
    searches' mean parts (which add up to their mean wall)."""
    def parts(s: dict[str, float]) -> dict[str, float]:
        known = "queue_unknown" not in s
        # the kernel updates its counters at other moments than the CPU clock: a few tenths
        # of a millisecond below 0 read as 0
        waited = max(0.0, s["run"] - s["cpu"] - (s["queue"] if known else 0.0))
        return {"wall": s["wall"], "own CPU": s["cpu"],
                "waiting for a core": s["queue"] if known else float("nan"),
                "other waits (the GIL, disk)": waited,
                "hops": s["wall"] - s["run"]}

    rows = [parts(s) for s in splits]
    slowest = sorted(rows, key=lambda r: r["wall"])[-max(1, len(rows) // 100):]
    return f"{name} (n={len(rows)}): " + "; ".join(
        f"{part} {pct([r[part] * 1000 for r in rows], 50):.1f} / "
        f"{pct([r[part] * 1000 for r in rows], 99):.1f}"
        f" (slowest 1%: {statistics.mean(r[part] for r in slowest) * 1000:.1f})"
        for part in rows[0])


async def bench(args: argparse.Namespace, catalog: Path) -> dict:
    rng = random.Random(16)
    double = DiscordDouble(validate=False)
    await double.start()
    home = Path(tempfile.mkdtemp(prefix="storybot-bench-recommend-"))
    settings = Settings(catalog_path=catalog, state_path=home / "state.db", home=home,
                        watch_catalog=False, worker_niceness=args.worker_niceness)
    bot = StoryBot(settings, extensions=("cogs.recommendations", "cogs.recommend",
                                         "cogs.settings"))
    gc_log = GcLog(threading.get_ident())
    gc.callbacks.append(gc_log)
    guild = double.guild
    readers = add_readers(double, args.uploads)
    try:
        with pointed_at(double):
            async with connected(double, bot, within=120):
                await bot.tree.sync()
                await bot.uploads.ready()
                bot.search.executor = SplitPool(bot.search.executor)  # type: ignore[assignment]
                await bot.search.recommend("warm up", filters=Filters(guild=guild.id))
                requests = requests_for(bot.search.holder.engine, rng, 200)
                for request in requests:  # the catalog's caches as warm as in the no-upload
                    # row, which repeats these: the rows then differ by the uploads alone
                    await bot.search.recommend(request, filters=Filters(rating_max="teen",
                                                                        guild=guild.id))
                stop = asyncio.Event()
                worst = [0.0, 0.0]
                splits: list[dict[str, float]] = []
                watcher = asyncio.create_task(watch_loop(stop, worst))
                turn = asyncio.Lock()  # the measured searches' (theirs alone: no confirm)
                samples: list[tuple[str, float, int, int, int, float]] = []
                sampler = asyncio.create_task(sample_frozen_garbage(
                    stop, args.gc_sample, gc_log, samples)) if args.gc_sample else None
                searcher = asyncio.create_task(
                    search_forever(bot, guild.id, requests, stop, splits, turn))
                # the search that finds an upload is the bench's probe, not the bot's work:
                # it waits for the measured search under way (else it ran beside one, two
                # searches sharing the GIL, and that search's time was the probe's as much
                # as the upload's); --confirm-beside: beside it, as before
                confirm_turn = asyncio.Lock() if args.confirm_beside else turn
                # the files made before the clock starts: the bench's work is not the bot's
                files = [story_file(rng, n) for n in range(len(readers))]
                gc_log.begin("uploads")
                cpu0 = time.process_time()
                wall0 = time.perf_counter()
                latencies = []
                confirms = 0  # the searches that found each upload (not in `searches`)
                shelves = bot.search.shelves
                assert shelves is not None  # the bot serves servers' shelves
                for n, (reader, (title, data)) in enumerate(zip(readers, files, strict=True)):
                    start = time.perf_counter()
                    asked = await double.slash(guild, "library", reader, "recommend add",
                                               file=Attachment(f"upload-{n}.txt", data))
                    while True:
                        # searched for once the shelf in service holds one more story (asking
                        # that is cheap): searching again and again meanwhile would add its
                        # load to the searches measured
                        served = await shelves.get(guild.id)
                        if len(served.ids) > n:
                            confirms += 1
                            async with confirm_turn:
                                found = await bot.search.recommend(
                                    title, filters=Filters(rating_max="teen",
                                                           guild=guild.id), limit=1)
                            if found.matches and found.matches[0].card.title == title:
                                break
                        if time.perf_counter() - start > SEARCHABLE_WITHIN:
                            raise SystemExit(f"{title!r} not found by its title within "
                                             f"{SEARCHABLE_WITHIN} s")
                        await asyncio.sleep(0.002)
                    latencies.append((time.perf_counter() - start) * 1000)
                    answer = await asked.message(within=60)
                    assert answer.content.startswith("Thanks!"), answer.content
                stop.set()
                await asyncio.gather(watcher, searcher, *[sampler] if sampler else [])
                wall = time.perf_counter() - wall0
                cpu = time.process_time() - cpu0
                worker_cpu = sum(cpu_seconds(pid) for pid in bot.uploads.worker_pids())
                # then the same searches and loop watch with no upload, the shelf holding the
                # uploads (each search is the same work): the machine's own figures, to compare
                # with (a busy machine's are far from an idle one's)
                base_stop, base_worst = asyncio.Event(), [0.0, 0.0]
                base_splits: list[dict[str, float]] = []
                tasks = [asyncio.create_task(watch_loop(base_stop, base_worst)),
                         asyncio.create_task(search_forever(bot, guild.id, requests,
                                                            base_stop, base_splits,
                                                            asyncio.Lock()))]
                if args.gc_sample:
                    tasks.append(asyncio.create_task(sample_frozen_garbage(
                        base_stop, args.gc_sample, gc_log, samples)))
                gc_log.begin("no upload")
                base_cpu0, base_wall0 = time.process_time(), time.perf_counter()
                await asyncio.sleep(args.baseline)
                base_stop.set()
                await asyncio.gather(*tasks)
                gc_log.begin("after")
                base_cpu = time.process_time() - base_cpu0
                base_wall = time.perf_counter() - base_wall0
    finally:
        gc.callbacks.remove(gc_log)
        await double.stop()
        shutil.rmtree(home, ignore_errors=True)
    # garbage cycles the freezes kept: objects frozen alive that died in a cycle since
    frozen = gc.get_freeze_count()
    gc.unfreeze()
    gc_log.kept = (gc.collect(), frozen)
    searches = [split["wall"] * 1000 for split in splits]  # ms
    base = [split["wall"] * 1000 for split in base_splits]
    return {"uploads": len(latencies), "p50": pct(latencies, 50), "p99": pct(latencies, 99),
            "worst": worst[0], "worst_cpu": worst[1], "search_n": len(searches),
            "confirms": confirms,
            "search50": pct(searches, 50),
            "search99": pct(searches, 99), "wall": wall, "cpu": cpu,
            "worker_cpu": worker_cpu,
            "load": os.getloadavg()[0], "mean": statistics.mean(latencies),
            "base_worst": base_worst[0], "base_worst_cpu": base_worst[1],
            "base50": pct(base, 50), "base99": pct(base, 99),
            "base_n": len(base), "base_cpu": base_cpu, "base_wall": base_wall,
            "splits": splits, "base_splits": base_splits, "gc": gc_log, "samples": samples,
            "loop": type(asyncio.get_running_loop()).__module__}


def upload_cpu(r: dict) -> float:
    """The bot's CPU time per upload (ms) beyond the searches that ran meanwhile (those that
    found the uploads too), counted at the no-upload run's CPU per search: CPU time, unlike
    wall time, is the work done."""
    searches = (r["search_n"] + r["confirms"]) * r["base_cpu"] / max(1, r["base_n"])
    return 1000 * (r["cpu"] - searches) / max(1, r["uploads"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=100_000)
    parser.add_argument("--uploads", type=int, default=50)
    parser.add_argument("--baseline", type=float, default=30.0,
                        help="seconds of searches with no upload after, for comparison")
    parser.add_argument("--worker-niceness", type=int, default=Settings().worker_niceness,
                        help="the upload worker's steps of OS priority below the bot "
                        "(STORYBOT_WORKER_NICENESS; 0: the same priority)")
    parser.add_argument("--confirm-beside", action="store_true",
                        help="the bench's search that finds each upload runs beside the "
                        "measured searches (before 16g), not in turn with them")
    parser.add_argument("--gc-sample", type=float, default=0.0,
                        help="seconds between counts of the garbage the freezes kept, in the "
                        "no-upload row (each count frees it: 0, none)")
    parser.add_argument("--asyncio", action="store_true",
                        help="asyncio's default event loop, not the bot's (eventloop.run)")
    parser.add_argument("--dir", type=Path,
                        default=Path(tempfile.gettempdir()) / "storybot-bench-search")
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    catalog = args.dir / f"catalog-{args.stories}.db"
    if not catalog.exists() or not _current(catalog):
        started = time.perf_counter()
        building = catalog.with_suffix(".tmp")
        building.unlink(missing_ok=True)
        generate(building, args.stories)
        building.rename(catalog)
        print(f"generated {args.stories:,} stories in {time.perf_counter() - started:.0f} s",
              file=sys.stderr)
    r = (asyncio.run if args.asyncio else eventloop.run)(bench(args, catalog))
    print(f"event loop: {r['loop']}; upload worker niceness {args.worker_niceness} below "
          "the bot's; the search "
          f"finding each upload {'beside' if args.confirm_beside else 'in turn with'} "
          "the measured searches")
    print("| catalog | uploads | command→searchable p50 / p99 (ms) | loop worst block (ms) | "
          "searches during uploads, p50 / p99 (ms) | CPU: bot / upload worker (s) | wall (s) "
          "| load avg |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    print(f"| {args.stories:,} | {r['uploads']} | {r['p50']:.0f} / {r['p99']:.0f} | "
          f"{r['worst']:.1f} | {r['search50']:.1f} / {r['search99']:.1f} (n={r['search_n']}) | "
          f"{r['cpu']:.1f} / {r['worker_cpu']:.1f} | {r['wall']:.1f} | {r['load']:.1f} |")
    print(f"| {args.stories:,} | no upload | | {r['base_worst']:.1f} | {r['base50']:.1f} / "
          f"{r['base99']:.1f} (n={r['base_n']}) | {r['base_cpu']:.1f} / | "
          f"{r['base_wall']:.1f} | |")
    print(f"\nLoop worst block: {r['worst']:.1f} ms during uploads, {r['base_worst']:.1f} ms "
          f"with no upload (target <= 20 ms); the loop thread's CPU in its worst interval: "
          f"{r['worst_cpu']:.1f} / {r['base_worst_cpu']:.1f} ms. Bot CPU per wall second: "
          f"{r['cpu'] / r['wall']:.2f} during uploads, {r['base_cpu'] / r['base_wall']:.2f} "
          f"with no upload; CPU per search {1000 * r['cpu'] / max(1, r['search_n']):.1f} / "
          f"{1000 * r['base_cpu'] / max(1, r['base_n']):.1f} ms (the uploads' own work "
          f"included in the first); the bot's CPU per upload beyond its searches (at the "
          f"no-upload CPU per search): {upload_cpu(r):.0f} ms.")
    print("\nSplit of the searches' time, p50 / p99 ms (the slowest 1%'s mean parts):")
    print(split_line("during uploads", r["splits"]))
    print(split_line("no upload", r["base_splits"]))
    print(f"\nThe cyclic garbage collector's passes (thresholds {gc.get_threshold()}):")
    for phase in ("uploads", "no upload"):
        print(f"{phase}:")
        print("\n".join(r["gc"].lines(phase)))
    if r["samples"]:
        print("\nGarbage the freezes kept, counted and freed at each sample (--gc-sample):")
        print("| row | s | bot's full passes so far | frozen | garbage kept since the last "
              "sample | the count's pass over all (ms CPU) |")
        print("|---|---:|---:|---:|---:|---:|")
        for phase, at, full, frozen, kept, cpu in r["samples"]:
            print(f"| {phase} | {at:.0f} | {full} | {frozen:,} | {kept:,} | {cpu:.0f} |")
        for phase in ("uploads", "no upload"):
            rows = [row for row in r["samples"] if row[0] == phase]
            if rows:
                at, full = rows[-1][1:3]
                total = sum(row[4] for row in rows)
                print(f"{phase}: {total:,} objects in {at:.0f} s, {60 * total / at:.0f} a "
                      f"minute, {total / max(1, full):.2f} per full pass of the bot's ({full})")
    kept, frozen = r["gc"].kept
    print(f"At the end, bot closed: {frozen:,} objects frozen, of which {kept:,} were garbage "
          "(dead in reference cycles since their freeze: never collected while frozen)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

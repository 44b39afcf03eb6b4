"""Recommendation benchmark: members upload stories to a server beside a 100,000-story catalog.

    .venv/bin/python tests/bench/bench_recommend.py [--stories 100000] [--uploads 50] [--dir DIR]
        [--worker-niceness N] [--confirm-beside] [--gc-sample SECONDS]
        [--asyncio] [--switch-interval MS] [--profile FILE]

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

Per search (16v), what the slowest are made of: each measured search's call on the search
pool is recorded with its own CPU (split between the catalog's engine and the shelf's), its
run-queue wait, its other waits, its switches off a core and moves between cores
(/proc/thread-self/sched), the collector passes inside it, and what the rest of the process
did meanwhile: the loop thread's CPU (its CPU clock), the other threads' (the process's less
those two), the upload worker's (its schedstat), and the overlap with each shelf build
(`GuildShelves._open`, its file's write, the engine's open, `carry`), swap, engine close and
upload read (wrappers around the same calls); and how many searches ran since the last swap.
Printed for each row: every search of the slowest 1%, and the own CPU beyond the same
request's median with no upload grouped by what ran beside the search (the extra own CPU of
a search with another bot thread running Python is the cost of sharing the interpreter with
it). `--profile FILE`: py-spy samples the thread holding the GIL during the uploads row
(install py-spy beside the bench, not a project dependency), and its shares are printed:
the loop's (the stand-in's, the bot's, uvloop's), the searches', the shelf builds'.
`--switch-interval`: a trial of another interpreter switch interval than the bot's 1 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import contextlib
import contextvars
import gc
import itertools
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
from tests.bench.bench_search import WORDS, kept_catalog, requests_for
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


GC_LOG: list[GcLog] = []  # the bench's collector log (set in bench)


# threads running a measured search's call on the search pool now (set by SplitPool)
IN_SEARCH: set[int] = set()

# what else happened in the bot process, for the per-search records: (kind, start, end,
# CPU ms of the thread it ran on), perf_counter seconds; kinds: "open" (a shelf build on a
# pool thread: `GuildShelves._open`), "write" (its file, in the worker or on that thread),
# "engine open", "carry" (the last engine's answers kept), "swap" (an instant), "close" (a
# retired engine closed), "read" (an upload parsed in the worker: the loop awaits it), "gc"
# (a collector pass on another thread than a measured search's)
EVENTS: list[tuple[str, float, float, float]] = []
LOOP_THREAD: list[int] = []  # the event loop thread's id, for its CPU clock


def thread_cpu(ident: int) -> float:
    """Another thread's CPU time (s), by its pthread id."""
    try:
        return time.clock_gettime(time.pthread_getcpuclockid(ident))
    except (OSError, AttributeError):
        return float("nan")


SCHED_FIELDS = ("se.nr_migrations", "nr_voluntary_switches", "nr_involuntary_switches")


def sched_counts() -> tuple[int, ...]:
    """This thread's moves between cores and switches off its core (voluntary: it waited,
    for the GIL or a read; not: preempted), from /proc/thread-self/sched; zeros where the
    kernel keeps none."""
    found = dict.fromkeys(SCHED_FIELDS, 0)
    try:
        with open("/proc/thread-self/sched") as f:
            for line in itertools.islice(f, 10):
                name, _, value = line.partition(":")
                if name.strip() in found:
                    found[name.strip()] = int(float(value))
    except (OSError, ValueError):
        pass
    return tuple(found.values())


def process_cpu() -> float:
    return time.clock_gettime(time.CLOCK_PROCESS_CPUTIME_ID)


def task_cpu(pid: int) -> float:
    """A process's main thread's CPU time (s), from the scheduler's statistics (ns)."""
    try:
        return int(Path(f"/proc/{pid}/schedstat").read_text().split()[0]) / 1e9
    except (OSError, IndexError, ValueError):
        return float("nan")


WORKERS: list[int] = []  # the upload worker's pid(s)


@contextlib.contextmanager
def event(kind: str) -> Any:
    start, cpu = time.perf_counter(), time.thread_time()
    try:
        yield
    finally:
        EVENTS.append((kind, start, time.perf_counter(), (time.thread_time() - cpu) * 1000))


def timed_calls(kind: str, fn: Any) -> Any:
    def call(*args: Any, **kwargs: Any) -> Any:
        with event(kind):
            return fn(*args, **kwargs)
    return call


def timed_awaits(kind: str, fn: Any) -> Any:
    async def call(*args: Any, **kwargs: Any) -> Any:
        with event(kind):
            return await fn(*args, **kwargs)
    return call


def instrument(bot: StoryBot) -> None:
    """Record the bot's shelf builds, swaps, engine opens and closes and upload reads as
    EVENTS (wrappers around the same calls: the work is unchanged)."""
    from bot.search.engine import Engine
    shelves = bot.search.shelves
    assert shelves is not None
    shelves._open = timed_calls("open", shelves._open)  # type: ignore[method-assign]
    shelves._write = timed_calls("write", shelves._write)  # type: ignore[method-assign]
    shelves.opener = timed_calls("engine open", shelves.opener)
    swap = shelves._swap

    def swapped(guild_id: int, served: Any) -> None:
        now = time.perf_counter()
        EVENTS.append(("swap", now, now, 0.0))
        swap(guild_id, served)

    shelves._swap = swapped  # type: ignore[method-assign]
    Engine.carry = timed_calls("carry", Engine.carry)  # type: ignore[method-assign]
    Engine.close = timed_calls("close", Engine.close)  # type: ignore[method-assign]
    bot.uploads.read = timed_awaits("read", bot.uploads.read)  # type: ignore[method-assign]
    # a measured search's own CPU in each engine: the catalog's and the shelf's
    catalog = bot.search.holder
    recommend = Engine.recommend

    def parts(engine: Engine, *args: Any, **kwargs: Any) -> Any:
        split = GC_LOG[0].in_search.get(threading.get_ident())
        if split is None:
            return recommend(engine, *args, **kwargs)
        cpu = time.thread_time()
        try:
            return recommend(engine, *args, **kwargs)
        finally:
            part = "cpu_catalog" if engine is catalog.engine else "cpu_shelf"
            split[part] = split.get(part, 0.0) + time.thread_time() - cpu

    Engine.recommend = parts  # type: ignore[method-assign, assignment]


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
        self.in_search: dict[int, dict[str, float]] = {}  # thread -> its measured search
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
        spent = (time.thread_time() - cpu) * 1000
        if where == "search" and (split := self.in_search.get(me)) is not None:
            split["gc_ms"] = split.get("gc_ms", 0.0) + spent
            split[f"gc{info['generation']}"] = split.get(f"gc{info['generation']}", 0) + 1
        else:
            EVENTS.append(("gc" if where != "loop" else "gc on the loop", wall,
                           time.perf_counter(), spent))
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
            me = threading.get_ident()
            worker = [task_cpu(pid) for pid in WORKERS]
            sched0 = sched_counts()
            loop0, proc0 = thread_cpu(LOOP_THREAD[0]), process_cpu()
            queued, cpu, wall = run_queue_seconds(), time.thread_time(), time.perf_counter()
            IN_SEARCH.add(me)
            GC_LOG[0].in_search[me] = split
            try:
                return fn(*args)
            finally:
                IN_SEARCH.discard(me)
                GC_LOG[0].in_search.pop(me, None)
                end, own = time.perf_counter(), time.thread_time() - cpu
                split["run"] += end - wall
                split["cpu"] += own
                split["t0"], split["t1"] = wall, end
                loop = thread_cpu(LOOP_THREAD[0]) - loop0
                split["loop_cpu"] = split.get("loop_cpu", 0.0) + loop
                split["others_cpu"] = split.get("others_cpu", 0.0) + (
                    process_cpu() - proc0 - own - loop)
                split["worker_cpu"] = split.get("worker_cpu", 0.0) + sum(
                    task_cpu(pid) - before for pid, before in zip(WORKERS, worker, strict=True))
                for name, after, before in zip(("migr", "vol", "invol"), sched_counts(), sched0,
                                               strict=True):
                    split[name] = split.get(name, 0) + after - before
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
        split["request"] = i % len(requests)
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
    GC_LOG[:] = [gc_log]
    LOOP_THREAD[:] = [threading.get_ident()]
    EVENTS.clear()
    guild = double.guild
    readers = add_readers(double, args.uploads)
    try:
        with pointed_at(double):
            async with connected(double, bot, within=120):
                await bot.tree.sync()
                await bot.uploads.ready()
                WORKERS[:] = bot.uploads.worker_pids()
                if args.switch_interval:
                    sys.setswitchinterval(args.switch_interval / 1000)
                instrument(bot)
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
                EVENTS.clear()
                profiler = profile(args.profile)
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
                events = list(EVENTS)
                stop_profile(profiler)
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
                EVENTS.clear()
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
            "events": events, "base_events": list(EVENTS), "requests": requests,
            "loop": type(asyncio.get_running_loop()).__module__}


KINDS = ("open", "write", "engine open", "carry", "close", "read", "gc", "gc on the loop")


def records(splits: list[dict[str, float]], events: list[tuple[str, float, float, float]],
            typical: dict[int, float],
            typicals: dict[str, dict[int, float]]) -> list[dict[str, Any]]:
    """Each measured search with what happened in the bot process during its call on the
    search pool: the overlap (ms) with each kind of EVENTS, swaps during it, searches since
    the last swap (0: the first on a new shelf engine), and its own CPU beyond its request's
    median with no upload (`extra`, ms)."""
    swaps = sorted(e[1] for e in events if e[0] == "swap")
    timed = [e for e in events if e[0] != "swap"]
    out = []
    since = -1  # no swap seen yet
    next_swap = 0
    for split in splits:
        if "t0" not in split:
            continue
        t0, t1 = split["t0"], split["t1"]
        while next_swap < len(swaps) and swaps[next_swap] <= t0:
            next_swap, since = next_swap + 1, 0
        row: dict[str, Any] = {k: v * 1000 for k, v in split.items()
                               if k in ("wall", "run", "cpu", "queue", "loop_cpu",
                                        "others_cpu", "worker_cpu", "cpu_catalog",
                                        "cpu_shelf")}
        row["waits"] = max(0.0, row["run"] - row["cpu"] - row["queue"])
        row["hops"] = row["wall"] - row["run"]
        row["gc_ms"] = split.get("gc_ms", 0.0)
        row["young"] = int(split.get("gc0", 0) + split.get("gc1", 0))
        row["full"] = int(split.get("gc2", 0))
        row["since"] = since
        for name in ("migr", "vol", "invol"):
            row[name] = int(split.get(name, 0))
        row["swaps"] = sum(1 for t in swaps if t0 < t <= t1)
        req = int(split["request"])
        row["extra"] = row["cpu"] - typical.get(req, row["cpu"])
        for part in ("cpu_catalog", "cpu_shelf"):
            row.setdefault(part, 0.0)
            row[f"extra_{part}"] = row[part] - typicals.get(part, {}).get(req, row[part])
        row["request"] = int(split["request"])
        for kind in KINDS:
            row[kind] = sum(max(0.0, min(t1, e) - max(t0, b)) for k, b, e, _c in timed
                            if k == kind and b < t1 and e > t0) * 1000
        out.append(row)
        if since >= 0:
            since += 1
    return out


def typical_cpu(splits: list[dict[str, float]], part: str = "cpu") -> dict[int, float]:
    """Each request's median own CPU (ms) in a row (`part`: in one engine)."""
    by: dict[int, list[float]] = collections.defaultdict(list)
    for split in splits:
        by[int(split["request"])].append(split.get(part, 0.0) * 1000)
    return {req: statistics.median(v) for req, v in by.items()}


def attribution(r: dict) -> list[str]:
    """What the slowest searches are made of, each row: every search of its slowest 1%, and
    the own CPU beyond the request's no-upload median grouped by what ran beside it."""
    typical = typical_cpu(r["base_splits"])
    typicals = {part: typical_cpu(r["base_splits"], part) for part in ("cpu_catalog",
                                                                      "cpu_shelf")}
    events = [e for e in r["events"] if e[0] not in ("swap", "read", "write")]
    shares = []
    for kind in sorted({e[0] for e in events}):
        mine = [e[3] for e in events if e[0] == kind]
        shares.append(f"{kind} {len(mine)}x, total {sum(mine):.0f}, mean "
                      f"{statistics.mean(mine):.2f}, max {max(mine):.1f}")
    heavy = sorted(typical, key=typical.__getitem__)[-max(1, len(typical) // 50):]
    out = [
        "The bot's own work during the uploads row, on its threads (CPU of the thread it ran on,"
        " ms; `open` holds the others but close and the collector): " + "; ".join(shares),
        f"The heaviest 2% of the {len(typical)} requests, own CPU median with no upload: "
        + "; ".join(f"{r['requests'][req]!r} {typical[req]:.1f} ms" for req in heavy)
        + f" (all requests' median {statistics.median(typical.values()):.1f} ms)"]
    for name, splits, events in (("during uploads", r["splits"], r["events"]),
                                 ("no upload", r["base_splits"], r["base_events"])):
        rows = records(splits, events, typical, typicals)
        if not rows:
            continue
        tail = sorted(rows, key=lambda x: x["wall"])[-max(1, len(rows) // 100):]
        out.append(f"\n{name}: the slowest 1% ({len(tail)} of {len(rows)}), ms; beside it: "
                   "the loop thread's CPU, the bot's other threads' CPU, the upload worker's "
                   "CPU, and the overlap with each event of the bot's")
        out.append("| wall | own CPU (request's median) | of it catalog / shelf | core wait | "
                   "other waits | hops | gc in it (young/full) | loop CPU | other threads | "
                   "worker | switches off a core, voluntary / not (moves between cores) | "
                   "since swap | events beside it (ms) |")
        out.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
        for x in reversed(tail):
            beside = ", ".join(f"{k} {x[k]:.1f}" for k in KINDS if x[k] > 0.05) or "none"
            if x["swaps"]:
                beside += f", {x['swaps']} swap"
            out.append(
                f"| {x['wall']:.1f} | {x['cpu']:.1f} ({x['cpu'] - x['extra']:.1f}) | "
                f"{x['cpu_catalog']:.1f} / {x['cpu_shelf']:.1f} | "
                f"{x['queue']:.1f} | {x['waits']:.1f} | {x['hops']:.1f} | {x['gc_ms']:.1f} "
                f"({x['young']}/{x['full']}) | {x['loop_cpu']:.1f} | {x['others_cpu']:.1f} | "
                f"{x['worker_cpu']:.1f} | {x['vol']} / {x['invol']} ({x['migr']}) | "
                f"{x['since']} | {beside} |")
        means = {k: statistics.mean(x[k] for x in tail) for k in (
            "wall", "cpu", "extra", "cpu_catalog", "extra_cpu_catalog", "cpu_shelf",
            "extra_cpu_shelf", "queue", "waits", "hops", "gc_ms", "loop_cpu",
            "others_cpu", "worker_cpu")}
        out.append("slowest 1% mean: " + ", ".join(f"{k} {v:.1f}" for k, v in means.items()))
        asked = collections.Counter(x["request"] for x in tail)
        out.append("their requests (times in the slowest 1%; the request's own CPU median with "
                   "no upload, ms): " + "; ".join(
                       f"{r['requests'][req]!r} ({n}; {typical.get(req, 0):.1f})"
                       for req, n in asked.most_common(6)))
        groups: list[tuple[str, Any]] = [
            ("all", lambda x: True),
            ("a shelf engine opened beside it", lambda x: x["engine open"] > 0),
            ("a shelf build's write beside it", lambda x: x["write"] > 0),
            ("carry beside it", lambda x: x["carry"] > 0),
            ("an engine closed beside it", lambda x: x["close"] > 0),
            ("an upload read in the worker beside it", lambda x: x["read"] > 0),
            ("the worker ran > 1 ms beside it", lambda x: x["worker_cpu"] > 1),
            ("a collector pass in it", lambda x: x["gc_ms"] > 0),
            ("a full collector pass in it", lambda x: x["full"] > 0),
            ("first search on a new shelf engine", lambda x: x["since"] == 0),
            ("2nd on it", lambda x: x["since"] == 1),
            ("3rd-5th on it", lambda x: 2 <= x["since"] <= 4),
            ("6th or later on it", lambda x: x["since"] >= 5),
            ("loop CPU > 30% of its run", lambda x: x["loop_cpu"] > 0.3 * x["run"]),
            ("loop CPU 5-30% of its run",
             lambda x: 0.05 * x["run"] < x["loop_cpu"] <= 0.3 * x["run"]),
            ("loop CPU <= 5% of its run", lambda x: x["loop_cpu"] <= 0.05 * x["run"]),
            ("other threads > 1 ms", lambda x: x["others_cpu"] > 1),
            ("off its core 0-1 times", lambda x: x["vol"] + x["invol"] <= 1),
            ("off its core 2-5 times", lambda x: 2 <= x["vol"] + x["invol"] <= 5),
            ("off its core 6-15 times", lambda x: 6 <= x["vol"] + x["invol"] <= 15),
            ("off its core > 15 times", lambda x: x["vol"] + x["invol"] > 15),
            ("moved between cores", lambda x: x["migr"] > 0),
            ("never moved", lambda x: x["migr"] == 0),
            ("none of: open, write, close, read, collector, loop CPU > 5%, first 5 on an "
             "engine", lambda x: not (x["engine open"] or x["write"] or x["close"] or x["read"]
                                      or x["gc_ms"] or x["loop_cpu"] > 0.05 * x["run"]
                                      or 0 <= x["since"] <= 4)),
        ]
        out.append(f"{name}: own CPU beyond the request's no-upload median (ms), by what ran "
                   "beside the search")
        out.append("| searches | n | in the slowest 1% | extra mean | extra p50 / p90 | "
                   "extra in the catalog's engine / the shelf's, mean | own CPU p99 | "
                   "core wait mean / p99 | other waits mean / p99 | wall p99 |")
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        slow = {id(x) for x in tail}
        for label, test in groups:
            mine = [x for x in rows if test(x)]
            if not mine:
                continue
            extra = [x["extra"] for x in mine]
            out.append(
                f"| {label} | {len(mine)} | {sum(1 for x in mine if id(x) in slow)} | "
                f"{statistics.mean(extra):.2f} | {pct(extra, 50):.2f} / {pct(extra, 90):.2f} | "
                f"{statistics.mean(x['extra_cpu_catalog'] for x in mine):.2f} / "
                f"{statistics.mean(x['extra_cpu_shelf'] for x in mine):.2f} | "
                f"{pct([x['cpu'] for x in mine], 99):.1f} | "
                f"{statistics.mean(x['queue'] for x in mine):.2f} / "
                f"{pct([x['queue'] for x in mine], 99):.1f} | "
                f"{statistics.mean(x['waits'] for x in mine):.2f} / "
                f"{pct([x['waits'] for x in mine], 99):.1f} | "
                f"{pct([x['wall'] for x in mine], 99):.1f} |")
    return out


def profile(out: Path | None) -> Any:
    """py-spy sampling this process while the uploads row runs (`--profile FILE`): each
    sample the stack of the thread holding the GIL, so the loop's share (the stand-in's and
    the bot's) and the other threads' are read from it (`profile_shares`). py-spy is no
    dependency of the project: install it beside the bench (`pip install py-spy`)."""
    if out is None:
        return None
    import subprocess
    spy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    return subprocess.Popen([spy, "record", "--pid", str(os.getpid()), "--threads", "--gil",
                             "--nonblocking", "-r", "250", "-f", "raw", "-o", str(out)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def stop_profile(profiler: Any) -> None:
    if profiler is not None:
        import signal
        profiler.send_signal(signal.SIGINT)
        profiler.wait(30)


def profile_shares(path: Path) -> list[str]:
    """py-spy's raw samples (one stack a line, its count last) as shares of the GIL held, by
    thread and work: the loop's (the stand-in's: tests/discord_double and aiohttp's server
    side; the bench's own; uvloop's with no Python frame above the runner; the bot's: the
    rest), the search pool's (the measured searches, shelf builds, the bench's probes), the
    server state's SQLite thread, other threads."""
    kinds: collections.Counter[str] = collections.Counter()
    total = 0
    for line in path.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        n = int(count)
        total += n
        thread, _, frames = stack.partition(";")
        name = thread.rpartition(":")[2].strip()
        if name == "MainThread":
            if "discord_double" in frames or "aiohttp/web_" in frames:
                kind = "loop: the stand-in (Discord's side)"
            elif any(f in frames for f in ("search_forever", "watch_loop", "sample_frozen",
                                           "bench (bench_recommend", "SplitPool")):
                kind = "loop: the bench (its searches' hops, loop watch, upload driver)"
            elif frames.rsplit(";", 1)[-1].startswith(("Runner.run", "run (")):
                kind = "loop: uvloop/asyncio in C (I/O, callbacks; either side)"
            else:
                kind = "loop: the bot (discord.py, aiohttp client, cogs, bot/)"
        elif name.startswith("search_"):
            if "SplitPool.submit.<locals>.timed" in frames:
                kind = "search pool: a measured search"
            elif "GuildShelves._open" in frames:
                kind = "search pool: a shelf build (GuildShelves._open)"
            elif "_WorkItem.run" in frames:
                kind = "search pool: other work (the bench's probe searches, closes)"
            else:
                kind = "search pool: between calls"
        elif "_connection_worker_thread" in name:
            kind = "the server state's SQLite thread (aiosqlite)"
        else:
            kind = f"other threads ({name.split(' ')[0]})"
        kinds[kind] += n
    return [f"  {kind}: {100 * n / max(1, total):.1f}%" for kind, n in kinds.most_common()] + [
        f"  ({total} samples of the thread holding the GIL, 250 a second)"]


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
    parser.add_argument("--switch-interval", type=float, default=0.0,
                        help="(trial) the interpreter's switch interval, ms (the bot: 1)")
    parser.add_argument("--profile", type=Path, default=None,
                        help="py-spy's samples of the GIL's holder during the uploads row "
                        "to this file (raw), and the shares they give")
    parser.add_argument("--dir", type=Path,
                        default=Path(tempfile.gettempdir()) / "storybot-bench-search")
    args = parser.parse_args()
    catalog = kept_catalog(args.dir, args.stories)
    r = (asyncio.run if args.asyncio else eventloop.run)(bench(args, catalog))
    print(f"event loop: {r['loop']}; upload worker niceness {args.worker_niceness} below "
          f"the bot's; switch interval {sys.getswitchinterval() * 1000:g} ms; the search "
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
    print("\n".join(attribution(r)))
    if args.profile is not None and args.profile.exists():
        print(f"\nWho held the GIL during the uploads row (py-spy, {args.profile}):")
        print("\n".join(profile_shares(args.profile)))
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

"""Search benchmark: generated catalogs of 10k, 100k and 1M stories, measured in one process.

    .venv/bin/python tests/bench/bench_search.py [--sizes 10000,100000,1000000] [--dir DIR]

Catalogs are generated straight into SQLite with the real schema (bot.catalog.schema.migrate
and writer.refresh_vocabulary) and kept in --dir for the next run. The spread is meant to look
like a big archive: ~300 fandoms of very different size, tens of thousands of characters,
Zipf-like pairing popularity, many authors, tags and title words, short bodies.
Measured per size: time from start to ready (open + first answer), RSS, request latency p50/p99
(`Engine.recommend`; wall and this thread's CPU, the figure a busy machine does not inflate),
the same requests with a realistic server's and member's exclusions (issue 15, from a teen
channel), autocomplete p50/p99 (with and without those exclusions), the event loop's worst
block while requests run via asyncio.to_thread and autocomplete runs on the loop, and the
naive approach (rapidfuzz process.extract with WRatio over every story's title+tags) side by
side. Prints Markdown tables.
Figures to reach at 1M (issue 4): request p99 <= 25 ms, autocomplete p99 <= 5 ms,
RSS <= 400 MB, ready <= 3 s, loop never blocked > 20 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import math
import random
import sqlite3
import statistics
import sys
import tempfile
import time
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from rapidfuzz import fuzz, process

from bot.catalog import writer
from bot.catalog.chunks import rowid
from bot.catalog.schema import SCHEMA_VERSION, migrate
from bot.catalog.stored import MOOD_INDEX_FLOOR, pack_moods, pack_passages
from bot.search.engine import Engine
from bot.search.model import Filters
from bot.story import Passage
from bot.vocabulary import MOODS

SYLLABLES = ("an ar bel cor da el fa gor ha is ka la mir nor o pa quin ra sel ta ul vin wen "
             "xa yor zel bri cas dru fen gil hal jor kel lor mal ner or pel rin sam tor").split()
WORDS = ("night door window light dark rain heart hand eyes voice quiet small long river stars "
         "cold warm tea coffee morning kitchen library road city winter summer garden ghost "
         "letter song fire ash glass salt silver paper wolf crown storm harbor lantern bridge "
         "orchard thread mirror ember feather compass island candle tide cellar chapel").split()
TAG_STEMS = ("Fluff Angst Hurt/Comfort Humor Romance Friendship Horror Alternate Universe "
             "Coffee Shop Slow Burn Fix-It Canon Divergence Established Relationship Pining "
             "Mutual Pining Enemies to Lovers Found Family Road Trip Holidays Domestic").split()


def _name(rng: random.Random, parts: int) -> str:
    return " ".join("".join(rng.choices(SYLLABLES, k=rng.randint(2, 3))).capitalize()
                    for _ in range(parts))


def _zipf(rng: random.Random, n: int, s: float = 1.1) -> int:
    """An index 0..n-1 with Zipf-like popularity (cheap inverse-CDF approximation)."""
    while True:
        value = int(rng.paretovariate(s - 0.0) - 1)
        if value < n:
            return value


def generate(path: Path, stories: int, seed: int = 4) -> None:
    rng = random.Random(seed)
    fandoms = [f"{_name(rng, 2)} ({i})" for i in range(300)]
    casts = [[_name(rng, 2) for _ in range(rng.randint(20, 200))] for _ in fandoms]
    authors = [_name(rng, 1).lower() + str(rng.randint(1, 99)) for _ in range(max(50,
                                                                              stories // 8))]
    tags = [f"{rng.choice(TAG_STEMS)} {_name(rng, 1)}" for _ in range(6000)] + TAG_STEMS
    title_words = WORDS + [_name(rng, 1).lower() for _ in range(6000)]
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    migrate(conn)
    conn.execute("BEGIN")
    batch: dict[str, list] = {k: [] for k in ("stories", "authors", "fandoms", "characters",
                                              "relationships", "tags", "moods", "understanding",
                                              "bodies", "fts", "body_fts", "title_fts", "docs",
                                              "files")}

    def flush() -> None:
        sql = {
            "stories": "INSERT INTO stories (n, id, format, title, summary, url, rating, status,"
                       " chapters_posted, chapters_total, words, richness, body_hash) VALUES "
                       "(?, ?, 'plain', ?, ?, NULL, ?, ?, 1, 1, ?, ?, '')",
            "authors": "INSERT INTO authors VALUES (?, ?, ?)",
            "fandoms": "INSERT INTO fandoms VALUES (?, ?, ?)",
            "characters": "INSERT OR IGNORE INTO characters VALUES (?, ?, ?, ?, ?)",
            "relationships": "INSERT OR IGNORE INTO relationships VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            "tags": "INSERT INTO tags (story, kind, ord, tag) VALUES (?, ?, ?, ?)",
            "moods": "INSERT INTO moods VALUES (?, ?, ?)",
            "understanding": "INSERT INTO understanding VALUES (?, ?, ?)",
            "bodies": "INSERT INTO bodies VALUES (?, ?)",
            "fts": "INSERT INTO story_fts (rowid, title, summary, tags) VALUES (?, ?, ?, ?)",
            "body_fts": "INSERT INTO body_fts (rowid, text) VALUES (?, ?)",
            "title_fts": "INSERT INTO title_fts (rowid, title) VALUES (?, ?)",
            "docs": "INSERT INTO body_fts_docs VALUES (?, 1)",
            "files": "INSERT INTO files VALUES (?, ?, ?, '', 0)",
        }
        for table, rows in batch.items():
            conn.executemany(sql[table], rows)
            rows.clear()

    for n in range(1, stories + 1):
        f = _zipf(rng, len(fandoms), 1.05)
        cast = casts[f]
        a = cast[_zipf(rng, len(cast), 1.2)]
        b = cast[_zipf(rng, len(cast), 1.2)]
        if a == b:
            b = cast[(cast.index(a) + 1) % len(cast)]
        members = sorted([a, b], key=str.casefold)
        kind = "romantic" if rng.random() < 0.8 else "platonic"
        key = ("/" if kind == "romantic" else " & ").join(members)
        title = " ".join(rng.choices(title_words, k=rng.randint(1, 4))).title()
        story_tags = list(dict.fromkeys(tags[_zipf(rng, len(tags), 1.1)]
                                        for _ in range(rng.randint(1, 5))))
        words = rng.choices(WORDS, k=60)
        words[::9] = [a.split()[0]] * len(words[::9])
        body = " ".join(words).capitalize() + "."
        summary = " ".join(rng.choices(WORDS, k=12))
        extra = rng.sample(cast, min(3, len(cast)))
        stated = rng.random() < 0.7
        batch["stories"].append((n, f"id{n:07d}", title, summary,
                                 rng.choice(("general", "teen", "mature", "explicit",
                                             "not-rated")),
                                 rng.choice(("complete", "in-progress")), 60,
                                 rng.randint(0, 8)))
        batch["authors"].append((n, 0, authors[_zipf(rng, len(authors), 1.3)]))
        batch["fandoms"].append((n, 0, fandoms[f]))
        for i, c in enumerate([a, b, *extra]):
            batch["characters"].append((n, c, 1, 10 - i, round(max(0.05, 1 - i * 0.3), 2)))
        batch["relationships"].append((n, key, kind, json.dumps(members), int(stated), None,
                                       1.0 if stated else 0.6, 0))
        for i, t in enumerate(story_tags):
            batch["tags"].append((n, "tag", i, t))
        scores = {mood: round(rng.random(), 3) for mood in rng.sample(MOODS, 3)}
        batch["moods"].extend((n, mood, score) for mood, score in scores.items()
                              if score >= MOOD_INDEX_FLOOR)
        passage = Passage(body[:300], tuple(members), None, 0.5, 0, len(body[:300]))
        batch["understanding"].append((n, pack_moods(scores), pack_passages([passage])))
        batch["bodies"].append((n, zlib.compress(body.encode(), 1)))
        batch["fts"].append((n, title, summary, " ".join([*story_tags, fandoms[f], key])))
        batch["body_fts"].append((rowid(n, 0), body))
        batch["title_fts"].append((n, title))
        batch["docs"].append((n,))
        batch["files"].append((f"/bench/{n}", f"bench/{n}.txt", n))
        if n % 20000 == 0:
            flush()
    flush()
    conn.execute("COMMIT")
    writer.refresh_vocabulary(conn)
    conn.execute("INSERT INTO meta VALUES ('bench_catalog', ?)", (str(BENCH_CATALOG),))
    conn.close()


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _typo(rng: random.Random, word: str) -> str:
    if len(word) < 5:
        return word
    i = rng.randrange(1, len(word) - 2)
    return word[:i] + word[i + 1] + word[i] + word[i + 2:]


def requests_for(engine: Engine, rng: random.Random, count: int) -> list[str]:
    counts = engine.vocab.counts
    pairings = sorted(counts["relationship"], key=lambda k: -counts["relationship"][k])
    characters = sorted(counts["character"], key=lambda k: -counts["character"][k])
    fandoms = sorted(counts["fandom"], key=lambda k: -counts["fandom"][k])
    authors = list(counts["author"])
    out = []
    for i in range(count):
        pair = pairings[_zipf(rng, len(pairings))]
        a, b = pair.replace(" & ", "/").split("/")
        char = characters[_zipf(rng, len(characters))]
        kind = i % 10
        out.append([
            f"{a.split()[0]}/{b.split()[0]}",
            f"{_typo(rng, b.split()[0])} x {_typo(rng, a.split()[0])}",
            f"sad {a} and {b}",
            char.split()[0],
            f"something funny in {fandoms[_zipf(rng, len(fandoms))].split(' (')[0]}",
            f"{char.split()[-1]} bittersweet no major character death",
            rng.choice(WORDS) + " " + rng.choice(WORDS),
            _typo(rng, rng.choice(authors)),
            "the one where they " + " ".join(rng.choices(WORDS, k=3)),
            rng.choice(("cozy", "make me cry", "h/c", "creepy", "fluff", "angst")),
        ][kind])
    return out


# The kinds of `requests_for`, in its order (request i is of kind i % 10).
KINDS = ("pairing", "pairing typed x", "sad pairing", "character", "funny in fandom",
         "name + tag words", "two words", "author typo", "plot: the one where they",
         "one mood")


def by_kind(cpu: list[float]) -> str:
    """CPU p50 / p99 / max of each kind of `requests_for`, the dearest first."""
    kinds: dict[str, list[float]] = {}
    for i, ms in enumerate(cpu):
        kinds.setdefault(KINDS[i % len(KINDS)], []).append(ms)
    rows = sorted(kinds.items(), key=lambda kv: -_pct(kv[1], 0.99))
    return "; ".join(f"{kind} {statistics.median(v):.1f} / {_pct(v, 0.99):.1f} / {max(v):.1f}"
                     for kind, v in rows)


def everyday_for(engine: Engine, rng: random.Random, count: int) -> list[str]:
    """Everyday requests (issue 14): categories, status, lengths, rating words, negations,
    orderings and plain words around names, asked from an ordinary (teen) channel, where a
    request nothing shown meets in full also counts the stories above the ceiling."""
    counts = engine.vocab.counts
    pairings = sorted(counts["relationship"], key=lambda k: -counts["relationship"][k])
    characters = sorted(counts["character"], key=lambda k: -counts["character"][k])
    fandoms = sorted(counts["fandom"], key=lambda k: -counts["fandom"][k])
    out = []
    for i in range(count):
        pair = pairings[_zipf(rng, len(pairings))].replace(" & ", "/")
        char = characters[_zipf(rng, len(characters))].split()[0]
        fandom = fandoms[_zipf(rng, len(fandoms))].split(" (")[0]
        word = rng.choice(WORDS)
        out.append([
            f"{pair} but not {char}",
            f"funny and short {fandom}",
            f"m/m {word} wip",
            f"{char} under 5000 words, complete",
            f"anything but {pair}",
            f"{char} fluff, nothing explicit",
            f"the longest {fandom} fic",
            f"dark but not too dark {char}",
            f"stuck in a {word} with {char}, one-shot",
            f"gen {fandom} no romance in 5 minutes",
        ][i % 10])
    return out


def partials_for(engine: Engine, rng: random.Random, count: int) -> list[tuple[str, str]]:
    counts = engine.vocab.counts
    pool = {"pairing": list(counts["relationship"]), "character": list(counts["character"]),
            "fandom": list(counts["fandom"]), "mood": list(MOODS),
            "title": [w.title() for w in WORDS]}
    out = []
    for i in range(count):
        kind = ("pairing", "character", "fandom", "mood", "title")[i % 5]
        label = rng.choice(pool[kind])
        word = rng.choice(label.replace("/", " ").split())
        out.append((kind, word[:rng.randint(1, min(8, len(word)))]))
    return out


def exclusion_rules(engine: Engine, rng: random.Random) -> list[tuple[str, str]]:
    """A realistic set of a server's and a member's exclusions (issue 15), as typed: tag
    families, a popular character, every ship with another, one pairing, a fandom, works."""
    counts = engine.vocab.counts
    characters = sorted(counts["character"], key=lambda k: -counts["character"][k])
    pairings = sorted(counts["relationship"], key=lambda k: -counts["relationship"][k])
    fandoms = sorted(counts["fandom"], key=lambda k: -counts["fandom"][k])
    server = [("tag", "horror"), ("tag", "mcd"), ("tag", "noncon"),
              ("fandom", fandoms[rng.randrange(5, 30)]),
              ("ship", f"*/{characters[rng.randrange(0, 20)]}")]
    member = [("tag", "angst"), ("character", characters[rng.randrange(0, 50)]),
              ("ship", pairings[rng.randrange(0, 50)]),
              *(("story", f"id{rng.randint(1, engine.total):07d}") for _ in range(20))]
    return server + member


async def _loop_lag(engine: Engine, requests: list[str], partials) -> tuple[float, float]:
    """Worst overshoot of a 1 ms sleep while requests run in threads and autocomplete runs
    on the loop itself; also the worst single autocomplete call on the loop."""
    worst = 0.0
    stop = False

    async def probe() -> None:
        nonlocal worst
        while not stop:
            t = time.perf_counter()
            await asyncio.sleep(0.001)
            worst = max(worst, time.perf_counter() - t - 0.001)

    probe_task = asyncio.create_task(probe())
    sem = asyncio.Semaphore(2)
    worst_ac = 0.0

    async def one(text: str) -> None:
        async with sem:
            await asyncio.to_thread(engine.recommend, text)

    async def typing() -> None:
        nonlocal worst_ac
        for i, (kind, partial) in enumerate(partials):
            t = time.perf_counter()
            engine.autocomplete(kind, partial, PLACES[i % 2])
            worst_ac = max(worst_ac, time.perf_counter() - t)
            await asyncio.sleep(0.002)

    await asyncio.gather(*(one(r) for r in requests), typing())
    stop = True
    await probe_task
    return worst * 1000, worst_ac * 1000


def naive(path: Path, queries: list[str]) -> tuple[float, float]:
    """The naive approach: WRatio over every story's title+tags string."""
    conn = sqlite3.connect(path)
    t = time.perf_counter()
    choices = [f"{title} {tags or ''}" for title, tags in conn.execute(
        "SELECT s.title, (SELECT group_concat(tag, ' ') FROM tags WHERE story = s.n) "
        "FROM stories s")]
    load = time.perf_counter() - t
    conn.close()
    times = []
    for q in queries:
        t = time.perf_counter()
        process.extract(q, choices, scorer=fuzz.WRatio, limit=5)
        times.append((time.perf_counter() - t) * 1000)
    del choices
    gc.collect()
    return statistics.median(times), load


def _timed(items: list, call) -> tuple[list[float], list[float]]:
    """Wall and CPU milliseconds of `call` on each item (CPU of this thread: what one request
    costs, whatever else the machine is doing)."""
    wall, cpu = [], []
    for item in items:
        t, c = time.perf_counter(), time.thread_time()
        call(item)
        cpu.append((time.thread_time() - c) * 1000)
        wall.append((time.perf_counter() - t) * 1000)
    return wall, cpu


def bench(path: Path, stories: int, rng: random.Random, with_naive: bool = True) -> dict:
    gc.collect()
    rss_before = _rss_mb()
    t = time.perf_counter()
    engine = Engine.open(path)
    engine.recommend("sad fluff")
    ready = time.perf_counter() - t
    requests = requests_for(engine, rng, 400)
    partials = partials_for(engine, rng, 2000)
    for text in requests[:20]:
        engine.recommend(text)
    latencies, cpu = _timed(requests, lambda text: engine.recommend(text, filters=Filters()))
    slowest = sorted(zip(latencies, requests), reverse=True)[:5]
    print("slowest requests: " + "; ".join(f"{ms:.0f} ms {text!r}" for ms, text in slowest),
          file=sys.stderr)
    print("request CPU by kind, p50 / p99 / max (ms): " + by_kind(cpu), file=sys.stderr)
    plot = [ms for i, ms in enumerate(cpu) if KINDS[i % len(KINDS)].startswith("plot")]
    teen = Filters(rating_max="teen")
    everyday, day_cpu = _timed(everyday_for(engine, rng, 400),
                               lambda text: engine.recommend(text, filters=teen))
    # a server's and a member's exclusions, resolved as the cogs do, from a teen channel
    t = time.perf_counter()
    excluded = engine.exclusions(exclusion_rules(engine, rng)).narrow(teen)
    resolve = (time.perf_counter() - t) * 1000
    guarded, guarded_cpu = _timed(requests, lambda text: engine.recommend(text,
                                                                          filters=excluded))
    ac, ac_cpu = _timed(list(enumerate(partials)),
                        lambda item: engine.autocomplete(*item[1], PLACES[item[0] % 2]))
    ac_ex, _ = _timed(partials, lambda item: engine.autocomplete(*item, excluded))
    lag, worst_ac = asyncio.run(_loop_lag(engine, requests[:200], partials[:400]))
    rss = _rss_mb()
    engine.close()
    naive_p50, naive_load = naive(path, requests[:12]) if with_naive else (float("nan"), 0.0)
    return {"stories": stories, "ready": ready, "rss": rss, "rss_delta": rss - rss_before,
            "req50": statistics.median(latencies), "req99": _pct(latencies, 0.99),
            "req_cpu50": statistics.median(cpu), "req_cpu99": _pct(cpu, 0.99),
            "req_cpu_mean": statistics.fmean(cpu),
            "plot_cpu50": statistics.median(plot), "plot_cpu99": _pct(plot, 0.99),
            "day50": statistics.median(everyday), "day99": _pct(everyday, 0.99),
            "day_cpu50": statistics.median(day_cpu), "day_cpu99": _pct(day_cpu, 0.99),
            "ex50": statistics.median(guarded), "ex99": _pct(guarded, 0.99),
            "ex_cpu50": statistics.median(guarded_cpu), "ex_cpu99": _pct(guarded_cpu, 0.99),
            "ex_resolve_ms": resolve, "ac_ex50": statistics.median(ac_ex),
            "ac_ex99": _pct(ac_ex, 0.99), "ac_cpu99": _pct(ac_cpu, 0.99),
            "ac50": statistics.median(ac), "ac99": _pct(ac, 0.99), "lag": lag,
            "worst_ac": worst_ac, "naive50": naive_p50, "naive_load": naive_load}


# Autocomplete is asked from age-restricted channels (every name) and others (names of stories
# that are not explicit), alternately.
PLACES = (Filters(), Filters(rating_max="mature"))


# Bumped when the generated catalog changes (not only its schema): a kept one is then rebuilt.
BENCH_CATALOG = 2


def _naive_cells(r: dict) -> str:
    if math.isnan(r["naive50"]):  # skipped (--no-naive)
        return "— | —"
    return f"{r['naive50']:.0f} | {r['naive50'] / r['req50']:.0f}×"


def _current(path: Path) -> bool:
    """A kept catalog of this schema, made by this generator."""
    conn = sqlite3.connect(path)
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        made = conn.execute("SELECT value FROM meta WHERE key = 'bench_catalog'").fetchone()
        return version == SCHEMA_VERSION and made == (str(BENCH_CATALOG),)
    except sqlite3.Error:
        return False
    finally:
        conn.close()


def kept_catalog(folder: Path, stories: int) -> Path:
    """The generated catalog of `stories` kept in `folder`, made (into a temporary file, then
    renamed: never a half-written one) when missing or from an older build."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"catalog-{stories}.db"
    if not path.exists() or not _current(path):
        t = time.perf_counter()
        tmp = path.with_suffix(".tmp")
        tmp.unlink(missing_ok=True)
        generate(tmp, stories)
        tmp.rename(path)
        print(f"generated {stories:,} stories in {time.perf_counter() - t:.0f} s "
              f"({path.stat().st_size / 1e6:.0f} MB)", file=sys.stderr)
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--no-naive", action="store_true", help="skip the naive comparison "
                        "(it reads every story: minutes at 1M)")
    parser.add_argument("--dir", type=Path,
                        default=Path(tempfile.gettempdir()) / "storybot-bench-search")
    args = parser.parse_args()
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        path = kept_catalog(args.dir, size)
        rows.append(bench(path, size, random.Random(size), not args.no_naive))
        r = rows[-1]
        print(f"{size:,}: {r}", file=sys.stderr)
    print("| stories | ready (s) | RSS (MB) | request p50 / p99 (ms) | everyday, teen channel "
          "p50 / p99 (ms) | with exclusions p50 / p99 (ms) | autocomplete p50 / p99 "
          "(ms) | autocomplete, exclusions p50 / p99 (ms) | loop worst block (ms) "
          "| naive WRatio p50 (ms) | naive ÷ ours (p50) |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['stories']:,} | {r['ready']:.2f} | {r['rss']:.0f} | "
              f"{r['req50']:.1f} / {r['req99']:.1f} | {r['day50']:.1f} / {r['day99']:.1f} | "
              f"{r['ex50']:.1f} / {r['ex99']:.1f} | "
              f"{r['ac50']:.2f} / {r['ac99']:.2f} | {r['ac_ex50']:.2f} / {r['ac_ex99']:.2f} | "
              f"{r['lag']:.1f} | {_naive_cells(r)} |")
    print("\nCPU per call (this thread's time, ms), p50 / p99:\n")
    print("| stories | request | plot requests | everyday, teen channel | with exclusions "
          "| autocomplete p99 |")
    print("|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['stories']:,} | {r['req_cpu50']:.1f} / {r['req_cpu99']:.1f} | "
              f"{r['plot_cpu50']:.1f} / {r['plot_cpu99']:.1f} | "
              f"{r['day_cpu50']:.1f} / {r['day_cpu99']:.1f} | "
              f"{r['ex_cpu50']:.1f} / {r['ex_cpu99']:.1f} | {r['ac_cpu99']:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Ingest benchmark: a generated catalog of N stories of ~3,000 words in mixed formats.

    .venv/bin/python tests/bench/bench_ingest.py [--stories 10000] [--words 3000] [--workers 0]
    .venv/bin/python tests/bench/bench_ingest.py --stages [--stories 1000]
    .venv/bin/python tests/bench/bench_ingest.py --unknown-fandoms [--stories 20000]

Prints stories/s and MB/s for a fresh ingest and the time of a re-ingest with nothing changed.
Figures to reach (issue 2): >= 20 MB of story text per second; unchanged re-ingest < 5 s.

`--stages` runs the worker's steps in this one process and prints the CPU time
(time.process_time) each stage costs per story: a figure other load on the machine barely moves,
unlike the wall-clock ingest figure.

`--unknown-fandoms` ingests small stories in fandoms the knowledge files lack (a fifth state
their cast, the rest only name it; tests/support/unknown_fandoms.py) with parallel workers and
counts, across the worker processes, how many times a story was parsed and understood: the
catalog learns each fandom's cast and applies it without reading a story twice.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bot.catalog import analyse
from bot.catalog.ingest import ingest
from bot.knowledge import Knowledge
from bot.parsers import parse_bytes

CAST = {
    "Buffy the Vampire Slayer": ["Buffy", "Spike", "Willow", "Xander", "Giles", "Tara", "Dawn"],
    "Supernatural": ["Dean", "Sam", "Castiel", "Bobby", "Crowley"],
    "Harry Potter": ["Harry", "Hermione", "Ron", "Draco", "Luna", "Remus", "Sirius"],
    "Sherlock": ["Sherlock", "John", "Mycroft", "Lestrade", "Molly"],
    "Star Trek: The Original Series": ["Kirk", "Spock", "McCoy", "Uhura", "Scotty"],
}
# Sentence frames with a slot for a character: prose reads like fiction (names are ~3% of
# words, dialogue, punctuation), so parsing and text analysis do realistic work.
FRAMES = [
    "{a} looked at the door for a long time before {pronoun} finally opened it.",
    "\"You came back,\" {a} said quietly, and the rain kept falling on the window.",
    "Nobody in the kitchen said anything while the kettle worked itself up to a whistle.",
    "It had been three days since the fight, and the city still smelled of smoke and rain.",
    "{a} laughed, surprised at the sound of it, and {b} smiled without looking up.",
    "The road out of town was empty, the stars were cold, and the radio only played static.",
    "\"I'm sorry,\" {b} whispered. \"I should have told you about the letter.\"",
    "Somewhere down the hall a clock struck midnight, slow and patient, like it had all night.",
    "They walked the long way home past the river, talking about nothing in particular.",
    "{a} remembered the first winter, the borrowed coat, the tea that was always too sweet.",
    "Morning came grey and quiet, and with it the small ordinary courage of getting up.",
    "\"Tomorrow,\" {a} promised, and for once {pronoun} meant it.",
]
MOOD_TAGS = ["Fluff", "Angst", "Hurt/Comfort", "Humor", "Romance", "Friendship", "Horror"]


def _body(rng: random.Random, cast: list[str], words: int) -> str:
    paragraphs, count = [], 0
    while count < words:
        sentences = []
        for _ in range(rng.randint(3, 7)):
            a, b = rng.sample(cast, 2)
            sentence = rng.choice(FRAMES).format(a=a, b=b, pronoun=rng.choice(["she", "he"]))
            sentences.append(sentence)
            count += len(sentence.split())
        paragraphs.append(" ".join(sentences))
    return "\n\n".join(paragraphs)


def _story(i: int, rng: random.Random, words: int) -> tuple[str, str]:
    fandom = rng.choice(list(CAST))
    cast = CAST[fandom]
    a, b = rng.sample(cast, 2)
    title = f"Story {i}: {rng.choice(['Rain', 'Embers', 'Tea', 'Roads', 'Winter'])} and "\
        f"{rng.choice(['Letters', 'Stars', 'Clocks', 'Rivers', 'Smoke'])}"
    author = f"writer{rng.randint(1, 3000)}"
    body = _body(rng, cast, words)
    tags = ", ".join(rng.sample(MOOD_TAGS, 2))
    kind = i % 5
    if kind == 0:
        return f"{i:05d}.txt", (
            f"Title: {title}\nAuthor: {author}\nFandom: {fandom}\nPairing: {a}/{b}\n"
            f"Rating: PG-13\nWord Count: {words}\nSummary: {a} and {b}.\n\n{body}\n\nThe End\n")
    if kind == 1:
        return f"{i:05d}.md", (
            f"---\ntitle: \"{title}\"\nauthor: {author}\nfandom: \"{fandom}\"\n"
            f"pairing: \"{a}/{b}\"\nrating: teen\ntags: [{tags}]\ncomplete: true\n---\n\n"
            f"{body}\n")
    if kind == 2:
        return f"{i:05d}.txt", (
            f"Author's note: thanks for reading!\n\nDisclaimer: I don't own them.\n\n-----\n\n"
            f"{title}\n\nby {author}\n\n{body}\n\nTBC\n")
    if kind == 3:
        tag_line = " ".join(f"#{t.lower()}" for t in (a, b, "fluff"))
        return f"{i:05d}.txt", f"prompt: {a} and {b} at midnight\n\n{body}\n\n{tag_line}\n"
    return f"{i:05d}.txt", f"{title}\n\n{body}\n\nFin\n"


def generate(folder: Path, stories: int, words: int, seed: int = 7) -> int:
    rng = random.Random(seed)
    total = 0
    for i in range(stories):
        name, text = _story(i, rng, words)
        data = text.encode("utf-8")
        (folder / name).write_bytes(data)
        total += len(data)
    return total


STAGES = ("read+decode+parse", "normalize_story", "understand", "compress+fingerprint")


def measure_stages(corpus: Path, understanding: bool = True) -> tuple[dict[str, float], int, int]:
    """CPU seconds per stage over every file of `corpus`, the story count and the bytes read.

    Runs the same steps as an ingest worker (bot.catalog.analyse), one story at a time.
    """
    knowledge = Knowledge.default()
    spent = dict.fromkeys(STAGES, 0.0)
    clock = time.process_time
    stories = size = 0
    files = sorted(corpus.iterdir())
    for path in files[:20]:  # warm the caches (name tables) as a running worker has them
        knowledge.normalize_story(parse_bytes(path.read_bytes(), path.name))
    for path in files:
        t0 = clock()
        data = path.read_bytes()
        story = parse_bytes(data, path.name)
        t1 = clock()
        knowledge.normalize_story(story)
        t2 = clock()
        if understanding:
            analyse.understand(story, knowledge)
        t3 = clock()
        analyse.pack(analyse.Analysed(key=str(path), path=path.name, sha256="", size=len(data)),
                     story)
        t4 = clock()
        for stage, cost in zip(STAGES, (t1 - t0, t2 - t1, t3 - t2, t4 - t3), strict=True):
            spent[stage] += cost
        stories += 1
        size += len(data)
    return spent, stories, size


def print_stages(spent: dict[str, float], stories: int, size: int) -> None:
    total = sum(spent.values())
    print(f"CPU time per story, one process ({stories} stories, "
          f"{size / max(stories, 1) / 1e3:.1f} kB each):")
    for stage, seconds in spent.items():
        share = seconds / total * 100 if total else 0.0
        print(f"  {stage:<22} {seconds / stories * 1e6:8.0f} µs  {share:5.1f} %")
    rest = total - spent["understand"]
    extra = spent["understand"] / rest * 100 if rest else 0.0
    print(f"  {'total':<22} {total / stories * 1e6:8.0f} µs  = {size / 1e6 / total:.1f} MB/s "
          f"per core (understand adds {extra:.0f} % to the rest)")


def unknown_fandoms(stories: int, workers: int) -> None:
    """Ingest `stories` small stories of unknown fandoms; print time and analyses per story."""
    import multiprocessing

    from tests.support.unknown_fandoms import write_stories

    parses, analyses = multiprocessing.Value("i", 0), multiprocessing.Value("i", 0)
    parse, understand = analyse.parse_bytes, analyse.understand

    def counting_parse(*args, **kwargs):
        with parses.get_lock():
            parses.value += 1
        return parse(*args, **kwargs)

    def counting_understand(*args, **kwargs):
        with analyses.get_lock():
            analyses.value += 1
        return understand(*args, **kwargs)

    analyse.parse_bytes, analyse.understand = counting_parse, counting_understand  # forked
    with tempfile.TemporaryDirectory(prefix="storybot-bench-") as work:
        corpus = Path(work) / "stories"
        size = write_stories(corpus, stories, max(1, stories // 10))
        t0 = time.perf_counter()
        report = ingest([str(corpus)], Path(work) / "catalog.db", workers=workers)
        seconds = time.perf_counter() - t0
    print(f"{report.stories} stories of {max(1, stories // 10)} unknown fandoms, "
          f"{size / 1e6:.1f} MB: ingested in {seconds:.1f} s ({stories / seconds:.0f} stories/s, "
          f"{len(report.failures)} failed)")
    print(f"parsed {parses.value} times, understood {analyses.value} times: "
          f"{analyses.value / max(report.stories, 1):.2f} analyses per story")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=10_000)
    parser.add_argument("--words", type=int, default=3_000)
    parser.add_argument("--workers", type=int, default=0)
    parser.add_argument("--keep", action="store_true", help="keep the generated files")
    parser.add_argument("--no-understanding", action="store_true",
                        help="skip the story-understanding stage (the catalog-only baseline)")
    parser.add_argument("--stages", action="store_true",
                        help="CPU time per stage in one process instead of a timed ingest")
    parser.add_argument("--unknown-fandoms", action="store_true",
                        help="small stories of fandoms the knowledge lacks: analyses counted")
    args = parser.parse_args()
    if args.unknown_fandoms:
        unknown_fandoms(args.stories, args.workers)
        return
    if args.stages:
        with tempfile.TemporaryDirectory(prefix="storybot-bench-") as work:
            corpus = Path(work)
            generate(corpus, args.stories, args.words)
            print_stages(*measure_stages(corpus, not args.no_understanding))
        return
    if args.no_understanding:  # workers are forked, so they inherit the switch
        import bot.catalog.analyse as analyse

        analyse.understand = lambda story, knowledge: None
    work = Path(tempfile.mkdtemp(prefix="storybot-bench-"))
    try:
        corpus = work / "stories"
        corpus.mkdir()
        t0 = time.perf_counter()
        size = generate(corpus, args.stories, args.words)
        print(f"generated {args.stories} stories, {size / 1e6:.1f} MB "
              f"in {time.perf_counter() - t0:.1f} s")
        db = work / "catalog.db"
        t0 = time.perf_counter()
        report = ingest([str(corpus)], db, workers=args.workers)
        fresh = time.perf_counter() - t0
        print(f"fresh ingest: {report.stories} stories in {fresh:.1f} s = "
              f"{args.stories / fresh:.0f} stories/s, {size / 1e6 / fresh:.1f} MB/s "
              f"({len(report.failures)} failed)")
        t0 = time.perf_counter()
        again = ingest([str(corpus)], db, workers=args.workers)
        print(f"re-ingest, nothing changed: {time.perf_counter() - t0:.2f} s "
              f"(unchanged {again.unchanged}, rebuilt {again.rebuilt})")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"kept {work}")


if __name__ == "__main__":
    main()

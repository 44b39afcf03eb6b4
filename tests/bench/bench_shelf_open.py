"""What a server shelf's change costs the bot process in Python: the new engine's open, `carry`
from the last engine, the last one's close (16w). No file writing, no search.

    .venv/bin/python tests/bench/bench_shelf_open.py --shelf 200 --prepare   # the files, once
    valgrind --tool=cachegrind --cache-sim=no .venv/bin/python tests/bench/bench_shelf_open.py \\
        --shelf 200 --changes 10 [--part change|open|load]
        # and again with --changes 0: (with - without) / 10 is one change's instructions

A shelf of --shelf of bench_recommend.py's generated uploads, then a series of files each one
change from the last (an upload added; every third change one removed instead, as
`GuildShelves._write` builds them), written by --prepare into --dir and kept. A measured run
opens the first file's engine, then for each change: `--part change` (default) the next file's
engine opened as the bot opens a shelf's, `carry` from the last engine, the last one closed;
`--part open`: the same without carry; `--part load`: only `Vocabulary.load` of the next file
(with the last one's vocabulary where this tree takes it over). Prints each change's CPU ms.
"""

from __future__ import annotations

import argparse
import inspect
import random
import sqlite3
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parents[2]
MAX_CHANGES = 10


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shelf", type=int, default=200)
    parser.add_argument("--changes", type=int, default=10)
    parser.add_argument("--part", choices=("change", "open", "load"), default="change")
    parser.add_argument("--prepare", action="store_true")
    parser.add_argument("--dir", type=Path, default=Path("/tmp/storybot-shelf-open"))
    parser.add_argument("--root", type=Path, default=HERE, help="import bot from this tree")
    args = parser.parse_args()
    sys.path.insert(0, str(args.root.resolve()))
    sys.path.insert(1, str(HERE))
    folder = args.dir / str(args.shelf)
    if args.prepare:
        prepare(folder, args.shelf)
        return 0
    return measure(folder, args)


def changes(shelf: int) -> list[tuple[list[int], list[int]]]:
    """Each change's (added, removed) uploads, by number: one added, every third one removed."""
    out = []
    for i in range(MAX_CHANGES):
        out.append(([], [i]) if i % 3 == 2 else ([shelf + i], []))
    return out


def prepare(folder: Path, shelf: int) -> None:
    from bot.catalog.shelf import build_shelf
    from bot.catalog.uploads import analyse_upload
    from bot.parsers import Limits
    from tests.bench.bench_recommend import story_file
    rng = random.Random(16)
    stories = []
    for n in range(shelf + MAX_CHANGES):
        _title, data = story_file(rng, n)
        stories.append((f"upload-{n}", analyse_upload(data, f"upload-{n}.txt", Limits())))
    folder.mkdir(parents=True, exist_ok=True)
    build_shelf(folder / "0.sqlite", stories[:shelf])
    for i, (added, removed) in enumerate(changes(shelf), 1):
        build_shelf(folder / f"{i}.sqlite", [stories[n] for n in added],
                    base=folder / f"{i - 1}.sqlite", remove=[f"upload-{n}" for n in removed])


def measure(folder: Path, args: argparse.Namespace) -> int:
    from bot.knowledge import Knowledge
    from bot.search.engine import Engine
    from bot.search.vocab import Vocabulary, known_names
    knowledge = Knowledge.default()
    known = known_names(knowledge)
    opener = Engine.open
    options = {"suggestions": False, "one_connection": True, "freeze": False}
    taking = "previous" in inspect.signature(Engine.open).parameters  # this tree takes over
    engine = opener(folder / "0.sqlite", knowledge, **options)  # type: ignore[arg-type]
    vocab = engine.vocab
    cpu = []
    ids = {n for n, in engine.conn().execute("SELECT id FROM stories")}
    for i in range(1, args.changes + 1):
        path = folder / f"{i}.sqlite"
        start = time.process_time()
        if args.part == "load":
            conn = sqlite3.connect(path)
            vocab = (Vocabulary.load(conn, known, previous=vocab) if taking
                     else Vocabulary.load(conn, known))
            conn.close()
        else:
            kw = dict(options)
            if taking and args.part == "change":
                kw["previous"] = engine
            new = opener(path, knowledge, **kw)  # type: ignore[arg-type]
            if args.part == "change":
                now = {n for n, in new.conn().execute("SELECT id FROM stories")}
                new.carry(engine, ids & now)
                ids = now
            engine.close()
            engine = new
        cpu.append(time.process_time() - start)
    if cpu:
        print(f"shelf {args.shelf}, {args.changes} changes, part {args.part}: CPU ms a change "
              f"median {statistics.median(cpu) * 1000:.2f}, each "
              + " ".join(f"{c * 1000:.1f}" for c in cpu))
    return 0


if __name__ == "__main__":
    sys.exit(main())

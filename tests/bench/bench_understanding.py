"""Understanding's CPU per story on real-shaped text, against any other tree of this project.

    .venv/bin/python tests/bench/bench_understanding.py [--root TREE] [--passes 3] [--generated N]
    valgrind --tool=cachegrind --cache-sim=no .venv/bin/python tests/bench/bench_understanding.py \\
        --passes 1 [--parse-only]     # instruction counts: run with --passes 1 and 2, with and
                                      # without --parse-only; a pass is the differences
    .venv/bin/python tests/bench/bench_understanding.py --phases [--passes 5]
                                      # where a pass goes: CPU ms per step of understand()
    ... --worker-gc                   # the cyclic collector as an ingest worker sets it

Reads the labelled stories (tests/data/understanding_dev, tests/data/long_dev and, when there,
../shared/real-stories, read in place) and N stories generated like bench_ingest.py's
(known fandoms, ~3,000 words), parses them and understands each once to warm the caches (name
tables), then times `passes` passes of understand() alone with time.process_time and prints
the best per story, for the labelled and the generated stories apart. `--root` imports `bot`
from another tree (a `git worktree` of an older commit) so the same stories measure both.
`--phases` times each step understand() calls instead (time.process_time per call, the best
pass of all the stories; a step a tree lacks is left out): which reading a redesign must cut.
`--worker-gc` sets the cyclic collector up as an ingest worker does once its knowledge is
loaded (bot.catalog.analyse.collect_rarely: the knowledge frozen, full passes rare); without
it Python's defaults run a full pass about once a pass of the stories, walking the name and
guessing tables (~8% of the instructions a pass of understanding is counted at, 13cpu).
Figures: README, Performance.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parents[2]


def _labelled() -> list[Path]:
    data = HERE / "tests" / "data"
    files = sorted((data / "understanding_dev").glob("*.txt"))
    files += sorted((data / "long_dev").glob("*.txt"))
    real = HERE.parent / "shared" / "real-stories" / "stories"
    if real.is_dir():
        files += sorted(real.iterdir())
    return files


def _generated(folder: Path, count: int) -> list[Path]:
    """bench_ingest.py's stories, written by this tree in another process (its import of `bot`
    must not be the one --root asks for)."""
    code = ("import sys; from pathlib import Path; from bench_ingest import generate; "
            f"generate(Path({str(folder)!r}), {count}, 3000)")
    subprocess.run([sys.executable, "-c", code], cwd=HERE / "tests" / "bench", check=True)
    return sorted(folder.iterdir())


def main(work: Path) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=HERE, help="the tree whose bot to import")
    parser.add_argument("--passes", type=int, default=3)
    parser.add_argument("--generated", type=int, default=200)
    parser.add_argument("--parse-only", action="store_true",
                        help="parse and normalise only (the part to subtract)")
    parser.add_argument("--phases", action="store_true",
                        help="CPU time per step of understand(), all stories together")
    parser.add_argument("--worker-gc", action="store_true",
                        help="the cyclic collector set up as an ingest worker sets it")
    args = parser.parse_args()
    generated = _generated(work, args.generated) if args.generated else []
    sys.path.insert(0, str(args.root.resolve()))
    from bot.knowledge import Knowledge
    from bot.parsers import parse_bytes
    from bot.understanding import understand

    sets = {"labelled": [(p.name, p.read_bytes()) for p in _labelled()],
            "generated": [(p.name, p.read_bytes()) for p in generated]}
    knowledge = Knowledge.default()
    if args.worker_gc:
        _collect_rarely()

    def parsed(datas):
        out = []
        for name, data in datas:
            story = parse_bytes(data, name)
            knowledge.normalize_story(story)
            out.append(story)
        return out

    if args.parse_only:
        for _ in range(args.passes):
            for datas in sets.values():
                parsed(datas)
        return
    for datas in sets.values():
        for story in parsed(datas):
            understand(story, knowledge)
    if args.phases:
        _phases([d for datas in sets.values() for d in datas], parsed, knowledge, args.passes)
        return
    for label, datas in sets.items():
        best = None
        for _ in range(args.passes):
            stories = parsed(datas)
            start = time.process_time()
            for story in stories:
                understand(story, knowledge)
            spent = time.process_time() - start
            best = spent if best is None else min(best, spent)
        print(f"{label:10} {len(datas):4d} stories  {best / max(len(datas), 1) * 1e6:7.0f} µs "
              f"per story (best of {args.passes}, {args.root.resolve().name})")


def _collect_rarely() -> None:
    """What an ingest worker does to the collector once its knowledge is loaded; a tree from
    before the step had a name (13cpu) did the same two calls in init_worker."""
    try:
        from bot.catalog.analyse import collect_rarely
    except ImportError:
        import gc

        gc.freeze()
        gc.set_threshold(50_000, 20, 20)
    else:
        collect_rarely()


# The steps --phases times, as (module, name looked up there, label); an indented label is
# part of the step above it (discover also runs inside _with_people).
STEPS = [
    ("bot.understanding", "read", "blocks.read (sample, cut blocks)"),
    ("bot.understanding", "tokenise", "blocks.tokenise"),
    ("bot.understanding", "_guess_fandoms", "_guess_fandoms"),
    ("bot.understanding.people", "discover", "people.discover (every call)"),
    ("bot.understanding", "_with_people", "_with_people (with its discover)"),
    ("bot.understanding.characters", "count_names", "characters.count_names"),
    ("bot.understanding.characters", "apply_characters", "characters.apply_characters"),
    ("bot.understanding.relationships", "infer", "relationships.infer"),
    ("bot.understanding.relationships", "gather", "  relationships.gather"),
    ("bot.understanding.events", "read_acts", "    events.read_acts"),
    ("bot.understanding.relationships", "find_narrator", "  narrator.find"),
    ("bot.understanding.moods", "vectors", "moods.vectors"),
    ("bot.understanding.moods", "score", "moods.score"),
    ("bot.understanding.passages", "choose", "passages.choose"),
]


def _phases(datas, parsed, knowledge, passes: int) -> None:
    """CPU ms per pass of each step (the best of `passes`), and its share of understand()."""
    import importlib

    import bot.understanding as package

    spent: dict[str, int] = {}

    def timed(function, label):
        def run(*args, **kwargs):
            start = time.process_time_ns()
            try:
                return function(*args, **kwargs)
            finally:
                spent[label] = spent.get(label, 0) + time.process_time_ns() - start
        return run

    for module_name, name, label in STEPS:
        module = importlib.import_module(module_name)
        if hasattr(module, name):
            setattr(module, name, timed(getattr(module, name), label))
    total = "understand()"
    understand = timed(package.understand, total)
    best: dict[str, int] = {}
    for _ in range(passes):
        stories = parsed(datas)
        spent.clear()
        for story in stories:
            understand(story, knowledge)
        if not best or spent[total] < best[total]:
            best = dict(spent)
    print(f"{len(datas)} stories, best of {passes} passes (CPU ms per pass, share)")
    for label in [total] + [label for _m, _n, label in STEPS if label in best]:
        print(f"  {best[label] / 1e6:8.2f} ms  {100 * best[label] / best[total]:5.1f} %  {label}")


if __name__ == "__main__":
    with tempfile.TemporaryDirectory(prefix="storybot-bench-") as folder:
        main(Path(folder))

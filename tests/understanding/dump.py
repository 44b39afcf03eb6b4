"""Everything understanding writes on a story, for every story of some folders, as JSON: the
check that a change meant to cost less (issue 13's CPU work) changes no label.

    .venv/bin/python -m tests.understanding.dump OUT.jsonl [--root TREE] [FOLDER ...]
    # e.g. dump before.jsonl --root /tmp/old (a worktree of the old commit), dump after.jsonl,
    # then: diff before.jsonl after.jsonl

With no FOLDER it reads every labelled folder (tests/data/understanding_*), long_dev,
long_heldout, data/stories, ../shared/real-stories/stories (read in place) and 50
stories generated like bench_ingest.py's. Each story is parsed, normalised with the bundled
knowledge and understood, as an ingest worker does; the whole Story is written (fields
sorted), one story per line, so `diff` shows which story and field moved. `--root` imports `bot`
from another tree (a `git worktree` of an older commit) so the same files measure both.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parents[2]
# every labelled folder, in the order they were written (dev, final, final2 … final11 …)
FOLDERS = [
    *sorted((HERE / "tests" / "data").glob("understanding_*"), key=lambda p: (len(p.name), p.name)),
    HERE / "tests" / "data" / "long_dev", HERE / "tests" / "data" / "long_heldout",
    HERE / "data" / "stories", HERE.parent / "shared" / "real-stories" / "stories"]


def _files(folders: list[Path]) -> list[Path]:
    files: list[Path] = []
    for folder in folders:
        if folder.is_dir():
            files += sorted(p for p in folder.iterdir()
                            if p.is_file() and p.suffix.lower() != ".toml"
                            and not p.name.startswith("INDEX"))  # a set's table of contents
    return files


def _generated(folder: Path, count: int) -> list[Path]:
    """bench_ingest.py's stories, written by this tree in another process."""
    code = ("from pathlib import Path; from bench_ingest import generate; "
            f"generate(Path({str(folder)!r}), {count}, 3000)")
    subprocess.run([sys.executable, "-c", code], cwd=HERE / "tests" / "bench", check=True)
    return sorted(folder.iterdir())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="the JSON lines file to write")
    parser.add_argument("folders", nargs="*", type=Path, help="folders of stories")
    parser.add_argument("--root", type=Path, default=HERE, help="the tree whose bot to import")
    parser.add_argument("--generated", type=int, default=50)
    args = parser.parse_intermixed_args(argv)  # FOLDERs before or after --root
    with tempfile.TemporaryDirectory(prefix="storybot-dump-") as work:
        files = _files(args.folders or FOLDERS)
        if not args.folders and args.generated:
            files += _generated(Path(work), args.generated)
        sys.path.insert(0, str(args.root.resolve()))
        from bot.knowledge import Knowledge
        from bot.parsers import parse_bytes
        from bot.understanding import understand

        knowledge = Knowledge.default()
        with args.out.open("w", encoding="utf-8") as out:
            for path in files:
                story = parse_bytes(path.read_bytes(), path.name)
                knowledge.normalize_story(story)
                understand(story, knowledge)
                fields = dataclasses.asdict(story)
                folder = path.parent.name if path.parent.name != Path(work).name else "generated"
                label = f"{folder}/{path.name}"
                out.write(json.dumps({"file": label, **fields}, sort_keys=True, default=str,
                                     ensure_ascii=False) + "\n")
    print(f"{len(files)} stories -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

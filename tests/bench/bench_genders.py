"""The genders the relationship pass reads with, and the couples an untold one may be behind.

    .venv/bin/python tests/bench/bench_genders.py [FOLDER ...] [--all]

FOLDERs default to the development folders (a check folder is refused). For every
story whose text is read for romance: its cast, how many of them have a gender (the name
table's, a title's or the pronouns' read by `genders`), and of the untold, what the pronouns
after their names gave (`genders.counts`: none, one, or both genders; "not read" when no cue
block names them). Then the labelled unstated couples, found and missed, and the false ones,
by what their members' genders are: both told, one untold, both untold, a member outside
the cast (the character lane's). The labels hold no genders: judge a gender read wrong from
the text.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "bench"))

from bench_romance_misses import _missed, _names, dev_folders  # noqa: E402

from bot.knowledge import Knowledge  # noqa: E402
from bot.understanding import genders, relationships  # noqa: E402
from tests.understanding import evaluate  # noqa: E402


def _reads(case, knowledge):
    """The story, the genders and cast its relationship pass gathered with (None when it
    gathered nothing), and the pronoun counts `genders.counts` read for its untold."""
    seen: dict = {}
    counted: dict[str, list[int]] = {}
    gather, count = relationships.gather, genders.counts

    def kept(*args, **kwargs):
        seen.setdefault("genders", dict(args[1]))
        seen.setdefault("cast", list(args[2] or []))
        return gather(*args, **kwargs)

    def counts(*args, **kwargs):
        found = count(*args, **kwargs)
        counted.update(found)
        return found

    relationships.gather, genders.counts = kept, counts
    try:
        story = evaluate.read_story(case.path, knowledge)
    finally:
        relationships.gather, genders.counts = gather, count
    return story, seen.get("genders"), seen.get("cast", []), counted


def _state(sides: list[list[str | None]]) -> str:
    if not all(sides):
        return "outside cast"
    told = [any(side) for side in sides]
    return "both told" if all(told) else "both untold" if not any(told) else "one untold"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path)
    parser.add_argument("--all", action="store_true", help="every couple, not three a group")
    args = parser.parse_args(argv)
    folders = dev_folders(parser, args.folders)
    knowledge = Knowledge.default()
    cast_total, untold = 0, Counter()
    couples: dict[str, list[str]] = {}
    for folder in folders:
        for case in evaluate.load_folder(folder):
            story, told, cast, counted = _reads(case, knowledge)
            if told is None:
                continue
            cast_total += len(cast)
            for name in cast:
                if told.get(name) is None:
                    he, she = counted.get(name, (-1, -1))
                    untold["not read" if he < 0 else "no pronoun" if he + she == 0 else
                           "both genders" if he and she else "one gender"] += 1
            missed = {id(p) for p in _missed(case, story, knowledge)}
            for p in case.relationships:
                if p.kind == "romantic" and not p.stated:
                    sides = [[told.get(n) for n in _names(case, m, cast, knowledge)] or []
                             for m in p.members[:2]]
                    key = f"{'missed' if id(p) in missed else 'found'} {_state(sides)}"
                    couples.setdefault(key, []).append(
                        f"{case.path.name}: {'/'.join(p.members)} {sides}")
            for r in story.relationships:
                if r.kind == "romantic" and not r.stated and \
                        evaluate._group_of(case, r.members, "romantic", knowledge) is None:
                    sides = [[told.get(m)] for m in r.members]
                    couples.setdefault(f"false {_state(sides)}", []).append(
                        f"{case.path.name}: {'/'.join(r.members)} {sides}")
    print(f"cast read for romance: {cast_total}, untold {sum(untold.values())} ("
          + ", ".join(f"{why} {n}" for why, n in untold.most_common()) + ")")
    for key, found in sorted(couples.items()):
        print(f"  {key:20} {len(found):3}")
        for line in found if args.all else found[:3]:
            print(f"      {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Why each inferred pair the labels do not hold is read: the false couples and friendships.

    .venv/bin/python tests/bench/bench_false_pairs.py [FOLDER ...]

FOLDERs default to the development folders (a check folder is refused: read only
its pooled summary). Every unstated pairing the understanding infers that no labelled pairing
of its kind holds (evaluate's "inferred ... not labelled") is sorted by the first of these
that holds, and printed with its evidence sentence:
- `other kind`: the labels hold the two under the other kind (a couple read as friends, or
  friends or kin read as a couple);
- `unlabelled name`: one of the two is nobody the labels list (a place, a nickname read as a
  second person, the narrator under another name, one person split in two);
- a couple: `named` when its evidence sentence names both, `one named` when it names one (the
  other placed by a pronoun or by being the one of a gender around), `pronouns` when it names
  neither;
- a friendship: `kin` (the pass read them as family, or one surname), `friend words` (friend
  words in their blocks), `scenes only` (the story's top pair by shared scenes alone) or
  `third lead`.
A crossover story (labelled with two fandoms or more) is marked.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bot.knowledge import Knowledge  # noqa: E402
from bot.understanding import relationships  # noqa: E402
from tests.bench.bench_romance_misses import dev_folders  # noqa: E402
from tests.understanding import evaluate  # noqa: E402


def _reads(case, knowledge):
    """The story understood, and the evidence its friendship pass weighed: per pair of
    leads, (top pair, family, friend words)."""
    seen: dict = {}
    platonic = relationships._platonic

    def kept(ev, leads, known, romantic):
        top = relationships._pair(*leads[:2]) if leads else None
        for key in relationships._lead_pairs(leads):
            seen[key] = (key == top, key in ev.family or relationships._one_surname(key),
                         ev.friendly.get(key, 0.0))
        return platonic(ev, leads, known, romantic)

    relationships._platonic = kept
    try:
        story = evaluate.read_story(case.path, knowledge)
    finally:
        relationships._platonic = platonic
    return story, seen


def _why(case, rel, knowledge, seen) -> str:
    other = "platonic" if rel.kind == "romantic" else "romantic"
    if evaluate._group_of(case, rel.members, other, knowledge) is not None:
        return "other kind"
    if any(case.person(m, knowledge) is None and evaluate._absent(case, m, knowledge) is None
           for m in rel.members):
        return "unlabelled name"
    if rel.kind == "romantic":
        sentence = rel.evidence or ""
        named = sum(any(word in sentence for word in m.split()) for m in rel.members)
        return ("pronouns", "one named", "named")[named]
    top, kin, friendly = seen.get(relationships._pair(*rel.members), (False, False, 0.0))
    return "kin" if kin else "friend words" if friendly else \
        "scenes only" if top else "third lead"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path)
    args = parser.parse_args(argv)
    folders = dev_folders(parser, args.folders)
    knowledge = Knowledge.default()
    groups: Counter[tuple[str, str]] = Counter()
    for folder in folders:
        for case in evaluate.load_folder(folder):
            story, seen = _reads(case, knowledge)
            crossover = " (crossover)" if len(case.fandoms) > 1 else ""
            for rel in story.relationships:
                if rel.stated or evaluate._group_of(case, rel.members, rel.kind,
                                                    knowledge) is not None:
                    continue
                why = _why(case, rel, knowledge, seen)
                groups[rel.kind, why] += 1
                print(f"{folder.name}/{case.path.name}: {rel.key.label} ({rel.kind}) — {why}"
                      f"{crossover}\n    {(rel.evidence or '')[:160]!r}")
    print()
    for (kind, why), count in sorted(groups.items()):
        print(f"{kind:9} {why:16} {count}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

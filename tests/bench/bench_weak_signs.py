"""Weak signs that add up: every pair of the cast by the weak cue kinds placed on it and the
scenes and blocks they stand in, and the precision of rules over them (measured for task
19weak).

    .venv/bin/python tests/bench/bench_weak_signs.py [FOLDER ...]

FOLDERs default to the development folders (a check folder is refused). A weak cue is
one `relationships._Evidence.cue` records as not strong (a hand held, a blush, "married" alone,
a collar straightened), as placed by the pair search; and, as `near`, the weak kinds of
events._ACTS/_LINES a block holds while both are named in its narration (--wide: present by
any means or in the scene; --duo: only blocks holding exactly those two). For each rule (and
the same rule kept to the story's two leads), the pairs it would ADD (not already read as a
couple, not family), right when the pair is a labelled unstated romance of the story, wrong
when it is no labelled romance (labelled stated: left out), per folder. `--pairs` lists every
pair with a weak sign. Measured in round 19 (task 19weak): no rule reaches 0.2 precision;
the "two kinds placed" rule `_Evidence.score` already applies finds every pair it can.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bot.knowledge import Knowledge  # noqa: E402
from bot.understanding import events, relationships  # noqa: E402
from tests.bench.bench_romance_misses import _strong, dev_folders  # noqa: E402
from tests.understanding import evaluate  # noqa: E402

DUO = False  # `near`: only blocks with exactly two people in them
WIDE = False  # `near`: anyone present or in the scene, not only those named in narration


def _reads(case, knowledge):
    """The story, its evidence, and per pair the weak cues placed: (kind, scene, block)."""
    seen: dict = {"placed": defaultdict(list), "near": defaultdict(list)}
    gather, romance, cue = relationships.gather, relationships._romance, \
        relationships._Evidence.cue
    state: dict = {"block": None, "n": 0}

    def kept(*args, **kwargs):
        seen["ev"] = gather(*args, **kwargs)
        return seen["ev"]

    def rom(block, words, people, present, *rest, **kw):
        state["block"], state["n"] = block, state["n"] + 1
        lower = block.text.lower()
        kinds = {m.lastgroup or "" for rx in (events._ACTS, events._LINES)
                 for m in rx.finditer(lower)}
        weak = {k for k in kinds if k and not _strong(k)}
        here = sorted(set(present) | set(rest[0])) if WIDE else \
            sorted(p for p, w in present.items() if w >= 1.0)
        if DUO and len(here) != 2:
            here = []
        for i, a in enumerate(here):
            for b in here[i + 1:]:
                for k in weak:
                    seen["near"][relationships._pair(a, b)].append((k, block.scene, state["n"]))
        return romance(block, words, people, present, *rest, **kw)

    def placed(self, pair, weight, strong, sentence, kind="", before=False):
        if not strong and state["block"] is not None:
            seen["placed"][relationships._pair(*pair)].append(
                (kind, state["block"].scene, state["n"]))
        return cue(self, pair, weight, strong, sentence, kind, before)

    relationships.gather, relationships._romance = kept, rom
    relationships._Evidence.cue = placed
    try:
        story = evaluate.read_story(case.path, knowledge)
    finally:
        relationships.gather, relationships._romance = gather, romance
        relationships._Evidence.cue = cue
    return story, seen.get("ev"), seen["placed"], seen["near"]


def _kinds(cues) -> int:
    return len({kind for kind, _, _ in cues})


def _scenes(cues) -> int:
    return len({scene for _, scene, _ in cues})


def _blocks(cues) -> int:
    return len({block for _, _, block in cues})


RULES = {
    "placed >=2 kinds": lambda p, n: _kinds(p) >= 2,
    "placed >=2 scenes": lambda p, n: _scenes(p) >= 2,
    "placed >=2 blocks": lambda p, n: _blocks(p) >= 2,
    "placed >=3 blocks": lambda p, n: _blocks(p) >= 3,
    "placed >=2 kinds and >=2 blocks": lambda p, n: _kinds(p) >= 2 and _blocks(p) >= 2,
    "placed 1 kind >=2 blocks": lambda p, n: _kinds(p) == 1 and _blocks(p) >= 2,
    "placed + near >=2 kinds": lambda p, n: _kinds(p + n) >= 2,
    "near >=2 kinds": lambda p, n: _kinds(n) >= 2,
    "near >=2 scenes": lambda p, n: _scenes(n) >= 2,
    "near >=2 blocks": lambda p, n: _blocks(n) >= 2,
    "near >=3 blocks": lambda p, n: _blocks(n) >= 3,
    "near >=2 kinds and >=2 blocks": lambda p, n: _kinds(n) >= 2 and _blocks(n) >= 2,
    "placed any + near >=2 blocks": lambda p, n: bool(p) and _blocks(p + n) >= 2,
}
RULES.update({rule + ", top leads": test for rule, test in list(RULES.items())})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path)
    parser.add_argument("--pairs", action="store_true", help="list every pair with weak signs")
    parser.add_argument("--wide", action="store_true",
                        help="near: anyone present (a pronoun, dialogue) or in the scene")
    parser.add_argument("--duo", action="store_true",
                        help="near: only blocks that hold exactly two people")
    args = parser.parse_args(argv)
    global WIDE, DUO
    WIDE, DUO = args.wide, args.duo
    folders = dev_folders(parser, args.folders)
    knowledge = Knowledge.default()
    tally: dict = defaultdict(lambda: defaultdict(lambda: [0, 0]))  # rule -> folder -> [r, w]
    hits: dict = defaultdict(list)
    for folder in folders:
        for case in evaluate.load_folder(folder):
            story, ev, placed, near = _reads(case, knowledge)
            if ev is None:
                continue  # a stated romance: the text is read only for partner nouns
            found = {frozenset(r.members) for r in story.relationships if r.kind == "romantic"}
            for pair in set(placed) | set(near):
                if frozenset(pair) in found or pair in ev.family or pair in ev.kin:
                    continue
                group = evaluate._group_of(case, pair, "romantic", knowledge)
                right = group is not None and not group.stated
                if group is not None and group.stated:
                    continue  # labelled stated: neither right nor wrong here
                p, n = placed.get(pair, []), near.get(pair, [])
                if args.pairs:
                    kinds = sorted({k for k, _, _ in p}), sorted({k for k, _, _ in n})
                    print(f"{'RIGHT' if right else 'wrong':5} {folder.name[14:] or 'dev'}"
                          f"/{case.path.name}: {pair[0]}/{pair[1]} placed {kinds[0]} "
                          f"{len({b for _, _, b in p})}b {len({s for _, s, _ in p})}s; "
                          f"near {kinds[1]} {len({b for _, _, b in n})}b "
                          f"{len({s for _, s, _ in n})}s")
                top = frozenset(relationships._leads(story)[:2]) == frozenset(pair)
                for rule, test in RULES.items():
                    if rule.endswith(", top leads") and not top:
                        continue
                    if test(p, n):
                        tally[rule][folder.name][0 if right else 1] += 1
                        if right:
                            hits[rule].append(f"{case.path.name}: {'/'.join(pair)}")
    names = [f.name for f in folders]
    short = [n.replace("understanding_", "").replace("final", "f") or "dev" for n in names]
    print(f"{'rule':34} {'right/wrong P':>14}  writers' folders with a right one | "
          + " ".join(f"{s:>6}" for s in short))
    for rule in RULES:
        r = sum(v[0] for v in tally[rule].values())
        w = sum(v[1] for v in tally[rule].values())
        folders_right = sum(1 for v in tally[rule].values() if v[0])
        prec = f"{r / (r + w):.2f}" if r + w else "-"
        cells = " ".join(f"{tally[rule][n][0]:>2}/{tally[rule][n][1]:<3}" for n in names)
        print(f"{rule:34} {r:>4}/{w:<4} {prec:>4}  {folders_right:>3} | {cells}")
    for rule in ("placed >=2 blocks", "near >=2 kinds and >=2 blocks"):
        print(rule + ": " + "; ".join(hits[rule]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

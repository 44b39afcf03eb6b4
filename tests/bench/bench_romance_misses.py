"""Why each missed unstated couple is missed, and what two story-level priors would find.

    .venv/bin/python tests/bench/bench_romance_misses.py [FOLDER ...] [--real]

FOLDERs default to the development folders (a check folder is refused: read only
its pooled summary). For every labelled unstated romantic pairing the understanding misses
whose two members are both in the story's character list, one reason, the first that holds:
- `stated`: the file states a romance, so its text is read only for partner nouns
  (`relationships._spouses_beside`);
- `elsewhere`: a member is given another partner (or the pair is found under another name);
- `cast`: a member is outside the cast the relationship pass reads cues among;
- `weak alone`: the pair holds only weak cues of one kind (a blush, a hand, "married"), which
  the score does not count alone (`_Evidence.score`): the gate;
- `unplaced`: the text holds a romantic act or line of a kind strong alone (events._ACTS,
  events._LINES, their weights), none placed on the pair (a pronoun given to someone else,
  dialogue, or the cue is another pair's); the kinds they hold are counted (kiss, wed...);
- `weak only`: the text's acts and lines are all of kinds weak alone (a blush, a hand, a
  collar straightened): placed right, they would still not make a couple;
- `no cue`: no act or line at all (pining, looks, a shared life, what others say).
Then the precision of two priors over stories where no romance was read (measured, not
kept): the two leads when the story's romance mood ranks high, and a ship the fandom
knowledge knows between two of the cast.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bot.knowledge import Knowledge  # noqa: E402
from bot.understanding import events, relationships  # noqa: E402
from tests.understanding import evaluate  # noqa: E402

DEV = [evaluate.DEV, evaluate.FINAL, evaluate.FINAL2, evaluate.FINAL3, evaluate.FINAL4,
       evaluate.FINAL5, evaluate.FINAL6, evaluate.FINAL7, evaluate.FINAL12, evaluate.FINAL13,
       evaluate.FINAL14, evaluate.FINAL15, evaluate.FINAL16, evaluate.FINAL17,
       evaluate.FINAL18, evaluate.FINAL19, evaluate.FINAL20]
CHECK = {p.name for p in (evaluate.FINAL8, evaluate.FINAL9, evaluate.FINAL10, evaluate.FINAL11)}


def dev_folders(parser: argparse.ArgumentParser, folders: list[Path]) -> list[Path]:
    """The folders asked for, or the development ones; a check folder ends the run with an error
    (it is read only through its pooled summary)."""
    if any(folder.resolve().name in CHECK for folder in folders):
        parser.error("a check folder is read only through its pooled summary")
    return folders or DEV


def _reads(case, knowledge):
    """The story understood, and the cue evidence its relationship pass gathered (None when
    the file states a romance) with the cast it gathered among."""
    seen: dict = {}
    gather = relationships.gather

    def kept(*args, **kwargs):
        seen["ev"], seen["cast"] = gather(*args, **kwargs), list(args[2] or [])
        return seen["ev"]

    relationships.gather = kept
    try:
        story = evaluate.read_story(case.path, knowledge)
    finally:
        relationships.gather = gather
    return story, seen.get("ev"), seen.get("cast", [])


def _names(case, member, names, knowledge):
    person = next((p for p in case.characters if p.name == member), None)
    forms = person.forms() if person else {evaluate.fold(member)}
    return [n for n in names if evaluate.found_forms(n, knowledge) & forms]


def _reason(case, story, ev, cast, pairing, knowledge) -> str | None:
    listed = story.character_names
    a, b = (_names(case, m, listed, knowledge) for m in pairing.members[:2])
    if not (a and b):
        return None  # a member not listed: the cast lane's
    if ev is None or any(r.stated and r.kind == "romantic" for r in story.relationships):
        return "stated"
    ours = set(a) | set(b)
    if any(ours & set(r.members) for r in story.relationships
           if r.kind == "romantic" and not r.stated):
        return "elsewhere"
    a, b = (_names(case, member, cast, knowledge) for member in pairing.members[:2])
    if not (a and b):
        return "cast"
    if any(relationships._pair(x, y) in ev.weak for x in a for y in b):
        return "weak alone"
    kinds = _kinds(case)
    return "unplaced" if any(map(_strong, kinds)) else "weak only" if kinds else "no cue"


def _strong(kind: str) -> bool:
    """Whether a cue of this kind counts alone (its weight's strength)."""
    return (events._ACT_WEIGHTS.get(kind) or events._LINE_WEIGHTS[kind])[1]


def _kinds(case) -> set[str]:
    """The kinds of romantic act or line the text holds (past its header)."""
    lower = case.path.read_text(encoding="utf-8").lower()
    return {match.lastgroup or "" for regex in (events._ACTS, events._LINES)
            for match in regex.finditer(lower, 200)}


def _missed(case, story, knowledge):
    found = set()
    for rel in story.relationships:
        if rel.kind == "romantic" and not rel.stated:
            group = evaluate._group_of(case, rel.members, "romantic", knowledge)
            if group is not None:
                found.add(id(group))
    return [p for p in case.relationships
            if p.kind == "romantic" and not p.stated and id(p) not in found]


def _verdict(case, pair, knowledge) -> str:
    group = evaluate._group_of(case, pair, "romantic", knowledge)
    return "right" if group is not None and not group.stated else \
        "stated" if group is not None else "wrong"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path)
    parser.add_argument("--real", action="store_true", help="the real stories' priors too")
    parser.add_argument("--all", action="store_true", help="every miss, not three a reason")
    args = parser.parse_args(argv)
    folders = dev_folders(parser, args.folders)
    knowledge = Knowledge.default()
    cases = [case for folder in folders for case in evaluate.load_folder(folder)]
    if args.real:
        cases += evaluate.load_real(evaluate.REAL, knowledge)
    reasons: dict[str, list[str]] = {}
    by_modifier: Counter = Counter()
    leads_prior: Counter = Counter()
    ship_prior: Counter = Counter()
    families: Counter = Counter()  # the kinds of cue the `unplaced` misses' texts hold
    for case in cases:
        story, ev, cast = _reads(case, knowledge)
        if case.path.parent != evaluate.REAL:
            for pairing in _missed(case, story, knowledge):
                why = _reason(case, story, ev, cast, pairing, knowledge)
                if why is not None:
                    reasons.setdefault(why, []).append(
                        f"{case.path.name}: {'/'.join(pairing.members)}")
                    by_modifier[why, pairing.modifier or "none"] += 1
                    if why == "unplaced":
                        families.update(_kinds(case))
        if ev is None or any(r.kind == "romantic" for r in story.relationships):
            continue
        ranked = sorted(story.moods, key=lambda m: -story.moods[m])
        rank = ranked.index("romance") if "romance" in ranked else len(ranked)
        leads = relationships._leads(story)
        if len(leads) >= 2 and rank <= 1:
            leads_prior[_verdict(case, leads[:2], knowledge)] += 1
        for a, b in combinations(cast, 2):
            if b in knowledge.partners_of(a) or a in knowledge.partners_of(b):
                ship_prior[_verdict(case, (a, b), knowledge)] += 1
    total = sum(len(v) for v in reasons.values())
    print(f"missed couples with both members listed: {total}")
    for why, misses in sorted(reasons.items(), key=lambda kv: -len(kv[1])):
        mods = ", ".join(f"{m} {n}" for (w, m), n in sorted(by_modifier.items()) if w == why)
        print(f"  {why:10} {len(misses):3}  ({mods})")
        for miss in misses if args.all else misses[:3]:
            print(f"      {miss}")
    print("  unplaced, by the kinds of cue their texts hold (a text may hold several): "
          + ", ".join(f"{kind} {n}" for kind, n in families.most_common()))
    for title, counts in (("the two leads, romance mood first or second", leads_prior),
                          ("a known ship among the cast", ship_prior)):
        print(f"prior: {title}: right {counts['right']}, wrong {counts['wrong']}"
              f" (stated {counts['stated']})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

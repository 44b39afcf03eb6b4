"""Story understanding measured on labelled folders nobody tuned the code to.

    .venv/bin/python -m tests.understanding.evaluate FOLDER [--misses]
    .venv/bin/python -m tests.understanding.evaluate --real ../shared/real-stories [--misses]
    .venv/bin/python -m tests.understanding.evaluate FOLDER [FOLDER ...] [--real ...] --moods
    .venv/bin/python -m tests.understanding.evaluate FOLDER [FOLDER ...] --modifiers
    # several FOLDERs: each one's figures, then theirs together (the real files apart)
    # --modifiers: unstated romance recall per labelled modifier (none, implied, past...)

FOLDER holds stories with a `<file>.toml` beside each (the schema of
tests/data/understanding_dev: fandoms, fandom_stated, known_fandom and a [truth] table with
characters {name, aliases, original}, relationships {members, kind, modifier, stated}, moods,
stated_tags). `--real` reads ../shared/real-stories (labels-real.json), read in place and never
copied. Every story is parsed, normalised with the bundled fandom knowledge and understood, as
one ingest worker does, then compared with its labels:

- unstated romance: precision and recall of the romantic pairings the understanding infers
  against the romantic pairings the labels say the file does not state (an inferred pairing
  the file or the labels state counts neither way);
- friendship: precision (and recall) of inferred platonic pairings; a pair inside a labelled
  group ("Kirk & Spock & McCoy") is right;
- characters: recall of the labelled characters in the story's character list, split by
  whether the knowledge base knows every fandom of the story; and the precision of the
  characters the understanding adds (not stated by the file): the share that are labelled
  (labels list the story's people, so a listed name that is no one's is a false find);
- fandom: accuracy of the fandoms found for stories whose file states none;
- moods: top-1, the highest-scored mood being one of the labelled moods.

A name matches a labelled character when it equals (casefolded) its name or one of its
aliases, each side of a "|" in either standing for it, and a form with an honorific written
on ("Kita-chan") standing for the bare name, as the understanding reads them. real-stories
labels carry no aliases: each canonical name's own words stand for it ("Arthur" for "Arthur
Pendragon", "Wash" for 'Hoban "Wash" Washburne'), and so does the name without a bracketed
disambiguator.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from bot.knowledge import Knowledge
from bot.parsers import parse_bytes
from bot.story import Story
from bot.understanding import understand
from bot.understanding.characters import HONORIFICS
from bot.vocabulary import MOODS

ROOT = Path(__file__).resolve().parents[2]
DEV = ROOT / "tests" / "data" / "understanding_dev"
FINAL = ROOT / "tests" / "data" / "understanding_final"  # held out: measured once, then kept
FINAL2 = ROOT / "tests" / "data" / "understanding_final2"  # the second held-out set, likewise
FINAL3 = ROOT / "tests" / "data" / "understanding_final3"  # the third (two writers), likewise
FINAL4 = ROOT / "tests" / "data" / "understanding_final4"  # the fourth (two writers), likewise
FINAL5 = ROOT / "tests" / "data" / "understanding_final5"  # the fifth (two writers), likewise
FINAL6 = ROOT / "tests" / "data" / "understanding_final6"  # the sixth (two writers), likewise
FINAL7 = ROOT / "tests" / "data" / "understanding_final7"  # the seventh (two writers), likewise
FINAL8 = ROOT / "tests" / "data" / "understanding_final8"  # the eighth (two writers), likewise
FINAL9 = ROOT / "tests" / "data" / "understanding_final9"  # the ninth (two writers), likewise
FINAL10 = ROOT / "tests" / "data" / "understanding_final10"  # the tenth (two writers), likewise
FINAL11 = ROOT / "tests" / "data" / "understanding_final11"  # the eleventh (two writers), likewise
FINAL12 = ROOT / "tests" / "data" / "understanding_final12"  # the twelfth (two writers), likewise
FINAL13 = ROOT / "tests" / "data" / "understanding_final13"  # the thirteenth, likewise
FINAL14 = ROOT / "tests" / "data" / "understanding_final14"  # the fourteenth, likewise
FINAL15 = ROOT / "tests" / "data" / "understanding_final15"  # the fifteenth, likewise
FINAL16 = ROOT / "tests" / "data" / "understanding_final16"  # the sixteenth, likewise
FINAL17 = ROOT / "tests" / "data" / "understanding_final17"  # the seventeenth, likewise
FINAL18 = ROOT / "tests" / "data" / "understanding_final18"  # the eighteenth, likewise
FINAL19 = ROOT / "tests" / "data" / "understanding_final19"  # the nineteenth, likewise
FINAL20 = ROOT / "tests" / "data" / "understanding_final20"  # the twentieth, likewise
LABELLED = (DEV, FINAL, FINAL2, FINAL3, FINAL4, FINAL5, FINAL6, FINAL7, FINAL8, FINAL9,
            FINAL10, FINAL11, FINAL12, FINAL13, FINAL14, FINAL15, FINAL16, FINAL17,
            FINAL18, FINAL19, FINAL20)  # in order
REAL = ROOT.parent / "shared" / "real-stories"

# Words of a canonical name that never stand for the character alone.
_NOT_A_NAME = frozenset("the of de von van der du la le and mr mrs ms miss dr duke lord lady "
                        "sir first".split())


_QUOTES = str.maketrans({q: '"' for q in "'\u2018\u2019\u201c\u201d"})


def fold(name: str) -> str:
    """A name as two writers may both mean it: case and quote style aside (Jeff 'Joker' Moreau
    is Jeff "Joker" Moreau)."""
    return name.casefold().translate(_QUOTES)


_HONORIFIC = re.compile(rf"-(?:{'|'.join(HONORIFICS)})$", re.IGNORECASE)


def variants(name: str) -> set[str]:
    """The forms a name stands for as the understanding reads names: itself, each side of
    "Kageyama Shigeo | Mob", and without an honorific written on ("Kita-chan" is Kita)."""
    forms = {name, *(part.strip() for part in name.split("|"))}
    forms |= {_HONORIFIC.sub("", f) for f in forms}
    return {fold(f) for f in forms if f}


@dataclass(slots=True)
class Person:
    name: str
    aliases: tuple[str, ...] = ()
    original: bool = False

    def forms(self) -> set[str]:
        return variants(self.name).union(*map(variants, self.aliases))


@dataclass(slots=True)
class Pairing:
    members: tuple[str, ...]
    kind: str  # romantic / platonic
    stated: bool = False
    modifier: str = ""


@dataclass(slots=True)
class Case:
    path: Path
    fandoms: list[str]
    fandom_stated: bool
    known: bool
    characters: list[Person]
    relationships: list[Pairing]
    moods: list[str]
    characters_stated: bool = False

    def person(self, name: str, knowledge: Knowledge | None = None) -> Person | None:
        """The labelled character a name found in the story stands for."""
        forms = found_forms(name, knowledge)
        return next((p for p in self.characters if forms & p.forms()), None)


@dataclass(slots=True)
class Figures:
    romance_tp: int = 0
    romance_fp: int = 0
    romance_fn: int = 0
    friend_tp: int = 0
    friend_fp: int = 0
    friend_fn: int = 0
    chars: dict[str, list[int]] = field(default_factory=lambda: {"known": [0, 0],
                                                                 "unknown": [0, 0]})
    unstated_chars: list[int] = field(default_factory=lambda: [0, 0])
    inferred_chars: list[int] = field(default_factory=lambda: [0, 0])  # [labelled, listed]
    fandom_right: int = 0
    fandom_wrong: int = 0  # a fandom guessed that is not the story's
    fandom_total: int = 0
    mood_hits: int = 0
    stories: int = 0
    misses: list[str] = field(default_factory=list)
    # unstated romance recall per labelled modifier ("none", "past"...): [found, labelled]
    romance_by_modifier: dict[str, list[int]] = field(default_factory=dict)
    # found unstated romances by labelled modifier: [given the labelled modifier, found]
    # (recall counts a couple found whatever modifier it was given)
    modifier_right: dict[str, list[int]] = field(default_factory=dict)
    moods: list[tuple[tuple[str, ...], str | None]] = field(default_factory=list)  # (labelled, top)
    mood_why: Counter[str] = field(default_factory=Counter)  # the misses by miss_reason

    def add(self, other: Figures) -> None:
        """Another set's figures summed into these (the folders measured together)."""
        for name in ("romance_tp", "romance_fp", "romance_fn", "friend_tp", "friend_fp",
                     "friend_fn", "fandom_right", "fandom_wrong", "fandom_total", "mood_hits",
                     "stories"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for side in ("known", "unknown"):
            self.chars[side] = [a + b for a, b in zip(self.chars[side], other.chars[side])]
        self.unstated_chars = [a + b for a, b in zip(self.unstated_chars, other.unstated_chars)]
        self.inferred_chars = [a + b for a, b in zip(self.inferred_chars, other.inferred_chars)]
        self.moods += other.moods
        self.mood_why += other.mood_why
        for modifier, (found, labelled) in other.romance_by_modifier.items():
            mine = self.romance_by_modifier.setdefault(modifier, [0, 0])
            mine[0], mine[1] = mine[0] + found, mine[1] + labelled
        for modifier, (right, found) in other.modifier_right.items():
            mine = self.modifier_right.setdefault(modifier, [0, 0])
            mine[0], mine[1] = mine[0] + right, mine[1] + found

    def as_dict(self) -> dict[str, float]:
        def ratio(a: int, b: int) -> float:
            return a / b if b else 1.0
        known, unknown = self.chars["known"], self.chars["unknown"]
        return {
            "stories": self.stories,
            "unstated_romance_precision": ratio(self.romance_tp, self.romance_tp
                                                + self.romance_fp),
            "unstated_romance_recall": ratio(self.romance_tp, self.romance_tp + self.romance_fn),
            "friendship_precision": ratio(self.friend_tp, self.friend_tp + self.friend_fp),
            "friendship_recall": ratio(self.friend_tp, self.friend_tp + self.friend_fn),
            "character_recall_known": ratio(known[0], known[1]),
            "character_recall_unknown": ratio(unknown[0], unknown[1]),
            "character_recall_unstated": ratio(*self.unstated_chars),
            "character_precision_inferred": ratio(*self.inferred_chars),
            "fandom_accuracy_unstated": ratio(self.fandom_right, self.fandom_total),
            "mood_top1": ratio(self.mood_hits, self.stories),
        }


def found_forms(name: str, knowledge: Knowledge | None = None) -> set[str]:
    """A name the understanding gives, as a labelled name may write it: itself, without a
    bracketed disambiguator ("Crowley (Good Omens)"), each side of "Geralt z Rivii | Geralt of
    Rivia", and the knowledge base's aliases of that character ("Mrs. Hudson" for "Martha
    Hudson")."""
    forms = {name, re.sub(r"\s*\([^)]*\)\s*$", "", name)}
    info = knowledge.character(name) if knowledge is not None else None
    if info is not None:
        forms.update(info.aliases)
    return set().union(*map(variants, forms))


# --- loading ---------------------------------------------------------------------------------

def load_folder(folder: Path) -> list[Case]:
    """The labelled stories of a folder in the understanding_dev schema."""
    cases = []
    for label in sorted(Path(folder).glob("*.toml")):
        data = tomllib.loads(label.read_text(encoding="utf-8"))
        truth = data["truth"]
        people = [Person(c["name"], tuple(c.get("aliases", ())), bool(c.get("original")))
                  for c in truth.get("characters", [])]
        pairs = [Pairing(tuple(r["members"]), r["kind"], bool(r.get("stated")),
                         r.get("modifier", "") or "") for r in truth.get("relationships", [])]
        cases.append(Case(label.parent / data["file"], list(data["fandoms"]),
                          bool(data.get("fandom_stated")), bool(data.get("known_fandom")),
                          people, pairs, list(truth.get("moods", []))))
    return cases


def _real_aliases(name: str) -> tuple[str, ...]:
    quoted = re.findall(r'"([^"]+)"', name)
    plain = re.sub(r'\s*"[^"]+"\s*', " ", name).strip()
    plain = re.sub(r"\s*\([^)]*\)\s*$", "", plain).strip()
    words = [w for w in plain.split() if w.casefold() not in _NOT_A_NAME and len(w) > 1]
    return tuple(dict.fromkeys([plain, *quoted, *words]))


def load_real(folder: Path, knowledge: Knowledge) -> list[Case]:
    """The real-stories set (labels-real.json), read in place."""
    labels = json.loads((Path(folder) / "labels-real.json").read_text(encoding="utf-8"))
    cases = []
    for _key, label in sorted(labels.items()):
        stated = set(label.get("stated_in_header", []))
        people = [Person(n, _real_aliases(n)) for n in label["characters"]]
        pairs = [Pairing(tuple(p), "romantic", "pairings" in stated)
                 for p in label["pairings"]]
        pairs += [Pairing(tuple(p), "platonic", "pairings" in stated)
                  for p in label["friendships"]]
        known = all(knowledge.canonical_fandom(f) in knowledge.fandoms
                    for f in label["fandoms"])
        cases.append(Case(Path(folder) / label["file"], list(label["fandoms"]),
                          "fandoms" in stated, known, people, pairs, list(label["moods"]),
                          "characters" in stated))
    return cases


# --- measuring -------------------------------------------------------------------------------

def read_story(path: Path, knowledge: Knowledge) -> Story:
    """A story as an ingest worker leaves it: parsed, normalised, understood."""
    story = parse_bytes(path.read_bytes(), path.name)
    knowledge.normalize_story(story)
    understand(story, knowledge)
    return story


def _group_of(case: Case, members: tuple[str, ...], kind: str,
              knowledge: Knowledge) -> Pairing | None:
    """The labelled relationship of this kind holding every one of `members`."""
    people = [case.person(m, knowledge) or _absent(case, m, knowledge) for m in members]
    if any(p is None for p in people):
        return None
    names = {p.name for p in people if p is not None}
    for pairing in case.relationships:
        if pairing.kind != kind:
            continue
        group = {(case.person(m) or Person(m)).name for m in pairing.members}
        if names <= group and (kind == "platonic" or names == group):
            return pairing
    return None


def _absent(case: Case, name: str, knowledge: Knowledge) -> Person | None:
    """The member of a labelled pairing who is not among the labelled characters (a dead
    wife named once: "My wife," he said. "Karen.") that a found name stands for: the member's
    name or one of its own words, as real-stories labels are matched."""
    forms = found_forms(name, knowledge)
    listed = {p.name for p in case.characters}
    for pairing in case.relationships:
        for member in pairing.members:
            if member not in listed and case.person(member) is None and \
                    forms & Person(member, _real_aliases(member)).forms():
                return Person(member)
    return None


def _canonical_fandoms(names, knowledge: Knowledge) -> set[str]:
    return {knowledge.canonical_fandom(n) or n for n in names}


def measure(cases: list[Case], knowledge: Knowledge) -> Figures:
    figures = Figures()
    for case in cases:
        story = read_story(case.path, knowledge)
        _score(case, story, knowledge, figures)
    return figures


def _score(case: Case, story: Story, knowledge: Knowledge, figures: Figures) -> None:
    name = case.path.name
    figures.stories += 1
    _score_pairings(case, story, figures, "romantic", knowledge)
    _score_pairings(case, story, figures, "platonic", knowledge)
    found = [found_forms(n, knowledge) for n in story.character_names]
    side = "known" if case.known else "unknown"
    for person in case.characters:
        hit = any(forms & person.forms() for forms in found)
        figures.chars[side][1] += 1
        figures.chars[side][0] += hit
        if not case.characters_stated:
            figures.unstated_chars[1] += 1
            figures.unstated_chars[0] += hit
        if not hit:
            figures.misses.append(f"{name}: character {person.name!r} not found ({side})")
    labelled = set().union(*(person.forms() for person in case.characters))
    for character in story.characters:
        if character.stated:
            continue
        right = bool(found_forms(character.name, knowledge) & labelled)
        figures.inferred_chars[1] += 1
        figures.inferred_chars[0] += right
        if not right:
            figures.misses.append(f"{name}: character {character.name!r} listed, not labelled")
    if not case.fandom_stated:
        figures.fandom_total += 1
        want = _canonical_fandoms(case.fandoms, knowledge)
        got = _canonical_fandoms(story.fandoms, knowledge)
        if got == want:
            figures.fandom_right += 1
        else:
            figures.fandom_wrong += bool(got - want)
            figures.misses.append(f"{name}: fandoms {sorted(got)}, truth {sorted(want)}")
    top = max(story.moods, key=lambda m: story.moods[m]) if story.moods else None
    figures.moods.append((tuple(case.moods), top))
    if top in case.moods:
        figures.mood_hits += 1
    else:
        figures.misses.append(f"{name}: top mood {top!r}, truth {case.moods}")
        why = miss_reason(case.moods, story.moods, top, story.stated_moods)
        if why:
            figures.mood_why[why] += 1


def _score_pairings(case: Case, story: Story, figures: Figures, kind: str,
                    knowledge: Knowledge) -> None:
    name = case.path.name
    wanted = [p for p in case.relationships if p.kind == kind and not p.stated]
    found: set[int] = set()
    given: dict[int, str] = {}  # a found couple's modifier as the understanding gave it
    for rel in story.relationships:
        if rel.stated or rel.kind != kind:
            continue
        group = _group_of(case, rel.members, kind, knowledge)
        if group is not None and group.stated:
            continue  # the file states it: nothing to infer, right or wrong
        if group is None:
            if kind == "romantic":
                figures.romance_fp += 1
            else:
                figures.friend_fp += 1
            figures.misses.append(f"{name}: inferred {rel.key.label!r} ({kind}), not labelled")
            continue
        if kind == "romantic":
            figures.romance_tp += id(group) not in found
        else:
            figures.friend_tp += id(group) not in found
        found.add(id(group))
        given.setdefault(id(group), rel.modifier or "none")
    for pairing in wanted:
        if kind == "romantic":
            counts = figures.romance_by_modifier.setdefault(pairing.modifier or "none", [0, 0])
            counts[0] += id(pairing) in found
            counts[1] += 1
            if id(pairing) in found:
                right = figures.modifier_right.setdefault(pairing.modifier or "none", [0, 0])
                right[0] += given[id(pairing)] == (pairing.modifier or "none")
                right[1] += 1
        if id(pairing) not in found:
            if kind == "romantic":
                figures.romance_fn += 1
            else:
                figures.friend_fn += 1
            joiner = "/" if kind == "romantic" else " & "
            figures.misses.append(f"{name}: missed {joiner.join(pairing.members)!r} ({kind})")


def report(title: str, figures: Figures, misses: bool = False) -> str:
    lines = [f"{title}: {figures.stories} stories"]
    values = figures.as_dict()
    counts = {
        "unstated_romance_precision": (figures.romance_tp, figures.romance_tp
                                       + figures.romance_fp),
        "unstated_romance_recall": (figures.romance_tp, figures.romance_tp + figures.romance_fn),
        "friendship_precision": (figures.friend_tp, figures.friend_tp + figures.friend_fp),
        "friendship_recall": (figures.friend_tp, figures.friend_tp + figures.friend_fn),
        "character_recall_known": tuple(figures.chars["known"]),
        "character_recall_unknown": tuple(figures.chars["unknown"]),
        "character_recall_unstated": tuple(figures.unstated_chars),
        "character_precision_inferred": tuple(figures.inferred_chars),
        "fandom_accuracy_unstated": (figures.fandom_right, figures.fandom_total),
        "mood_top1": (figures.mood_hits, figures.stories),
    }
    for key, (a, b) in counts.items():
        lines.append(f"  {key:28} {values[key]:.3f}  ({a}/{b})")
    lines.append(f"  {'fandoms guessed wrong':28} {figures.fandom_wrong}")
    if misses:
        lines += [f"  - {m}" for m in figures.misses]
    return "\n".join(lines)


def modifier_table(figures: Figures) -> str:
    """Unstated romance recall per labelled modifier: a romance the text acts out ("none")
    apart from the implied, one-sided and past ones."""
    lines = ["unstated romance recall by modifier (and of those found, how many were given"
             " the labelled modifier):"]
    for modifier, (found, labelled) in sorted(figures.romance_by_modifier.items()):
        right, of = figures.modifier_right.get(modifier, (0, 0))
        lines.append(f"  {modifier:14} {found / labelled if labelled else 1.0:.3f}  "
                     f"({found}/{labelled}), modifier right {right}/{of}")
    return "\n".join(lines)


def mood_table(pairs: list[tuple[tuple[str, ...], str | None]]) -> str:
    """Per mood, over (labelled moods, top mood) pairs: how often it is the top mood, how often
    rightly, how often it wins wrongly, and how often a story labelled with it is missed; then
    the wrong wins by the story's first labelled mood ("angst -> humor: 3"), most first."""
    top = Counter(t for _labels, t in pairs)
    right = Counter(t for labels, t in pairs if t in labels)
    lost = Counter(m for labels, t in pairs if t not in labels for m in labels)
    labelled = Counter(m for labels, _t in pairs for m in labels)
    wrong = Counter((labels[0] if labels else None, t) for labels, t in pairs if t not in labels)
    hits = sum(right.values())
    lines = [f"moods over {len(pairs)} stories: top-1 {hits / len(pairs) if pairs else 1.0:.3f}",
             f"  {'mood':14}{'top':>6}{'right':>7}{'wrong':>7}{'labelled':>10}{'missed':>8}"]
    for mood in MOODS:
        lines.append(f"  {mood:14}{top[mood]:>6}{right[mood]:>7}{top[mood] - right[mood]:>7}"
                     f"{labelled[mood]:>10}{lost[mood]:>8}")
    lines.append("  wrong wins (first labelled mood -> top mood):")
    lines += [f"    {first} -> {won}: {count}"
              for (first, won), count in sorted(wrong.items(), key=lambda x: (-x[1], str(x[0])))]
    return "\n".join(lines)


# A labelled mood scoring at least this share of the top mood's score lost by a near tie.
NEAR_TIE = 0.9


def miss_reason(labelled: list[str], scores: dict[str, float], top: str | None,
                stated: list[str]) -> str | None:
    """Why a story's labelled moods lost to `top` (None when one of them is top): the tags
    state a mood ("stated tags"), the text gave none of them a score ("no evidence"), the best
    of them came within NEAR_TIE of the top ("near tie") or further behind ("outweighed")."""
    if top in labelled:
        return None
    if stated:
        return "stated tags"
    best = max((scores.get(m, 0.0) for m in labelled), default=0.0)
    if not best:
        return "no evidence"
    return "near tie" if best >= NEAR_TIE * scores.get(top or "", 0.0) else "outweighed"


def mood_confusion(pairs: list[tuple[tuple[str, ...], str | None]]) -> str:
    """The stories' first (dominant) labelled mood, one row each, against the top mood, one
    column each (names cut to five letters; "." for none). A top mood among a story's other
    labels is right, so off-diagonal cells are not all misses."""
    counts = Counter((labels[0], top) for labels, top in pairs if labels)
    lines = [f"confusion over {sum(counts.values())} labelled stories (rows: first labelled "
             "mood, columns: top mood)",
             f"  {'':14}" + "".join(f"{m[:5]:>6}" for m in MOODS)]
    for truth in MOODS:
        lines.append(f"  {truth:14}" + "".join(f"{counts[(truth, m)] or '.':>6}"
                                             for m in MOODS))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path, help="folders of labelled stories")
    parser.add_argument("--real", type=Path, help="the real-stories folder (labels-real.json)")
    parser.add_argument("--misses", action="store_true", help="list every miss")
    parser.add_argument("--modifiers", action="store_true",
                        help="unstated romance recall per labelled modifier, every set measured")
    parser.add_argument("--moods", action="store_true",
                        help="which moods win wrongly, over every set measured")
    args = parser.parse_args(argv)
    if not args.folders and args.real is None:
        parser.error("give a FOLDER, --real FOLDER, or both")
    for folder in (*args.folders, *([args.real] if args.real else [])):
        if not folder.is_dir():
            parser.error(f"{folder} is not a folder")
    knowledge = Knowledge.default()
    pairs = []
    sets = [(str(f), load_folder(f)) for f in args.folders]
    if args.real is not None:
        sets.append((str(args.real), load_real(args.real, knowledge)))
    together = Figures()
    measured = []
    for title, cases in sets:
        figures = measure(cases, knowledge)
        measured.append((title, figures))
        pairs += figures.moods
        print(report(title, figures, args.misses))
        if title != str(args.real):
            together.add(figures)
    if len(args.folders) > 1:
        print(report(f"the {len(args.folders)} folders together", together))
    if args.modifiers:
        print(modifier_table(together if args.folders else figures))
    if args.moods:
        print(mood_table(pairs))
        print(mood_confusion(pairs))
        why = Counter[str]()
        for _title, figures in measured:
            why += figures.mood_why
        print("  misses by why: " + ", ".join(f"{k} {v}" for k, v in why.most_common()))
    return 0


if __name__ == "__main__":
    sys.exit(main())

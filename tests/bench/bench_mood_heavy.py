"""Why a heavy mood tops a story its readers call lighter, and readings of it measured.

    .venv/bin/python tests/bench/bench_mood_heavy.py [--variants]

Over the 17 development folders and real-stories (never the check folders; task 20mood3):
every story whose top mood is hurt-comfort, angst or bittersweet, none of its labels, while a
lighter mood (friendship, adventure, romance, fluff, humor) is one. For each, the heavy mood's
score; what put it on top: a stated tag, the readings of `moods.score` that raise it (`_arc`,
`_scenes`, `_late_loss`, `_looking_back`, `_pining`; "!" when it would not top without that
one) or its words alone; its words by weight with the blocks holding them; and the best
lighter labelled mood's score and words.

`--variants`: readings measured and not kept, each as stories right (development folders,
real-stories) and the stories it gains and loses; each is a change to the blocks' packed
vectors read from the block's text:
- `gone`: "gone" after a form of have ("had gone pale", "has gone to bed": the verb go, someone
  went or became) is no loss;
- `used to`: "used to" after a form of be or get ("got used to the cold": accustomed) is no look
  back on a change;
- `loss denied`: a loss word with a negation or a supposition just before it ("no one died",
  "this is not goodbye", "he would miss her") makes no loss-and-memory scene;
- `feeling denied`: an angst feeling with a negation just before it ("she was not lonely") is not
  counted;
- `time phrases`: bittersweet's "once", "last" and "ago" in phrases of the moment ("at once",
  "once more", "at last", "last night", "days ago") are not counted.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bot.knowledge import Knowledge  # noqa: E402
from bot.understanding import moods  # noqa: E402
from bot.understanding.lexicon import LEXICON, SCENES  # noqa: E402
from bot.vocabulary import MOODS  # noqa: E402
from tests.bench.bench_romance_misses import DEV  # noqa: E402
from tests.understanding import evaluate  # noqa: E402

HEAVY = ("hurt-comfort", "angst", "bittersweet")
LIGHT = ("friendship", "adventure", "romance", "fluff", "humor")
READINGS = ("_arc", "_scenes", "_late_loss", "_looking_back", "_pining")


class Row:
    """One labelled story's mood inputs as `moods.score` saw them."""

    def __init__(self, folder: str, name: str, labels: list[str], seen: dict) -> None:
        self.folder, self.name, self.labels = folder, name, set(labels)
        self.story, self.vectors, self.words, self.marks = seen["args"]
        self.blocks: list[tuple[frozenset[str], str]] = seen["blocks"]
        self.moods = moods.score(self.story, self.vectors, self.words, self.marks)

    def top(self, vectors: list[int] | None = None) -> str:
        scores = moods.score(self.story, self.vectors if vectors is None else vectors,
                             self.words, self.marks)
        return max(scores, key=scores.__getitem__)


def collect(knowledge: Knowledge) -> list[Row]:
    """Every development and real story's mood inputs."""
    seen: dict = {}
    score, vectors = moods.score, moods.vectors

    def seen_score(story, vecs, words, marks=0.0):
        seen["args"] = (story, list(vecs), words, marks)
        return score(story, vecs, words, marks)

    def seen_vectors(blocks):
        seen["blocks"] = [(frozenset(moods._LOWER[w].decode()
                                     for w in moods._LEXICON_FORMS.intersection(b.hits)), b.text)
                          if b.narrative and not b.cue else (frozenset(), "") for b in blocks]
        return vectors(blocks)

    sets = [(folder.name.removeprefix("understanding_"), evaluate.load_folder(folder))
            for folder in DEV]
    if evaluate.REAL.is_dir():
        sets.append(("real", evaluate.load_real(evaluate.REAL, knowledge)))
    moods.score, moods.vectors = seen_score, seen_vectors
    rows = []
    try:
        for name, cases in sets:
            for case in cases:
                evaluate.read_story(case.path, knowledge)
                rows.append((name, case.path.name, list(case.moods), dict(seen)))
    finally:
        moods.score, moods.vectors = score, vectors
    return [Row(*row) for row in rows]


def _why(row: Row, top: str) -> list[str]:
    """What put the heavy mood on top: a stated tag, or the readings that raise it ("!" when
    it would not top without that one), or its words alone."""
    if top in moods.stated_moods(row.story):
        return ["stated tag"]
    found = []
    for name in READINGS:
        reading = getattr(moods, name)
        setattr(moods, name, lambda *_args, **_kw: None)
        try:
            scores = moods.score(row.story, row.vectors, row.words, row.marks)
        finally:
            setattr(moods, name, reading)
        if scores[top] < row.moods[top]:
            alone = max(scores, key=scores.__getitem__) != top
            found.append(name.lstrip("_") + ("!" if alone else ""))
    return found or ["words alone"]


def _words(row: Row, mood: str, many: int = 8) -> str:
    index = MOODS.index(mood)
    weight: Counter[str] = Counter()
    where: dict[str, list[int]] = {}
    for number, (words, _text) in enumerate(row.blocks):
        for word in words:
            for i, w in LEXICON.get(word.encode(), ()):
                if i == index:
                    weight[word] += w
                    where.setdefault(word, []).append(number)
    return ", ".join(f"{w} {v:.1f}{where[w]}" for w, v in weight.most_common(many))


def table(rows: list[Row]) -> None:
    why: Counter[str] = Counter()
    for row in rows:
        top = max(row.moods, key=row.moods.__getitem__)
        light = [m for m in LIGHT if m in row.labels]
        if top not in HEAVY or top in row.labels or not light:
            continue
        best = max(light, key=row.moods.__getitem__)
        reasons = _why(row, top)
        why.update(reasons)
        print(f"{row.folder}/{row.name}: {top} {row.moods[top]:.3f} over {best} "
              f"{row.moods[best]:.3f} (labels {sorted(row.labels)}); by {', '.join(reasons)}")
        print(f"    {top}: {_words(row, top)}")
        print(f"    {best}: {_words(row, best) or '-'}")
    print("what put the heavy mood on top:", dict(why.most_common()))


_HAVE = re.compile(r"(?i)\b(?:had|has|have|having)\s+(?:[a-z]+ly\s+)?gone\b|'[dv]e?\s+gone\b")
_GONE = re.compile(r"(?i)\bgone\b")
_USED = re.compile(r"\b[Uu]sed to\b")
_ACCUSTOMED = re.compile(r"(?i)(?:\b(?:get|gets|got|getting|gotten|be|is|am|are|was|were|been|"
                         r"being|become|became)|'m|'re|'s)\s+(?:[a-z]+ly\s+|not\s+|never\s+)?$")
_OTHER_CHANGE = re.compile(r"\b(?:[Aa]nymore|[Nn]o longer)\b")
_DENIED = re.compile(r"(?i)(?:\bnot|n't|\bnever|\bno|\bnobody|'d|\bwould|\bmight)\s+"
                     r"(?:[\w']+\s+){0,2}$")
_LOSS_WORDS = frozenset(SCENES["bittersweet"][0].split())
_FEELINGS = frozenset("sad lonely alone hopeless miserable heartbroken guilty empty broken "
                      "worthless pathetic numb crying cry cried".split())
_LOSS_SCENE = next(first for mood, _, first, _ in moods._SCENE_FIELDS if mood == "bittersweet")


def _each(text: str, word: str, before: re.Pattern[str]) -> bool:
    """Whether every `word` of a text has `before` matching just before it."""
    found = list(re.finditer(rf"(?i)\b{word}\b", text))
    return bool(found) and all(before.search(text, max(0, m.start() - 40), m.start())
                               for m in found)


def _gone(words: frozenset[str], text: str, vector: int) -> int:
    if "gone" in words and len(_HAVE.findall(text)) == len(_GONE.findall(text)):
        return vector - moods._PACKED[b"gone"]
    return vector


def _used_to(words: frozenset[str], text: str, vector: int) -> int:
    if (vector >> moods._CHANGED) & moods.FIELD_MASK and not _OTHER_CHANGE.search(text) and \
            all(_ACCUSTOMED.search(text, max(0, m.start() - 30), m.start())
                for m in _USED.finditer(text)):
        return vector - (1 << moods._CHANGED)
    return vector


def _loss_denied(words: frozenset[str], text: str, vector: int) -> int:
    losses = words & _LOSS_WORDS
    if losses and all(_each(text, w, _DENIED) for w in losses):
        return vector - (((vector >> _LOSS_SCENE) & moods.FIELD_MASK) << _LOSS_SCENE)
    return vector


def _feeling_denied(words: frozenset[str], text: str, vector: int) -> int:
    for word in words & _FEELINGS:
        if _each(text, word, _DENIED):
            vector -= moods._PACKED[word.encode()]
    return vector


_MOMENT = {
    "once": re.compile(r"(?i)\b(?:at|all at)\s+once\b|\bonce\s+(?:more|again|or twice)\b"),
    "last": re.compile(r"(?i)\bat\s+last\b|\bthe\s+last\s+of\s+the\b|"
                       r"\blast\s+(?:night|week|weekend|month|minute|second|moment|time|year)\b"),
    "ago": re.compile(r"(?i)\b(?:minutes?|hours?|days?|weeks?|moments?|seconds?)\s+ago\b")}


def _moment(words: frozenset[str], text: str, vector: int) -> int:
    for word, phrase in _MOMENT.items():
        if word in words and \
                len(phrase.findall(text)) >= len(re.findall(rf"(?i)\b{word}\b", text)):
            vector -= moods._PACKED[word.encode()]
    return vector


VARIANTS: dict[str, Callable[[frozenset[str], str, int], int]] = {
    "gone": _gone, "used to": _used_to, "loss denied": _loss_denied,
    "feeling denied": _feeling_denied, "time phrases": _moment}


def variants(rows: list[Row]) -> None:
    for name, change in VARIANTS.items():
        right, gained, lost = Counter[str](), [], []
        for row in rows:
            before = max(row.moods, key=row.moods.__getitem__)
            after = row.top([change(words, text, v)
                             for v, (words, text) in zip(row.vectors, row.blocks, strict=True)])
            right["dev" if row.folder != "real" else "real"] += after in row.labels
            right["dev before" if row.folder != "real" else "real before"] += \
                before in row.labels
            if (after in row.labels) != (before in row.labels):
                (gained if after in row.labels else lost).append(
                    f"{row.folder}/{row.name} {before} -> {after}")
        print(f"{name}: dev {right['dev before']} -> {right['dev']}, "
              f"real {right['real before']} -> {right['real']}")
        for line in gained:
            print(f"   + {line}")
        for line in lost:
            print(f"   - {line}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variants", action="store_true")
    args = parser.parse_args(argv)
    rows = collect(Knowledge.default())
    table(rows)
    if args.variants:
        variants(rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

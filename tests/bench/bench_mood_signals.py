"""Two more mood signals, measured against what ships on every labelled set (mood top-1).

    .venv/bin/pip install empath   # not a dependency of storybot: measured, not kept
    .venv/bin/python tests/bench/bench_mood_signals.py

- `empath`: Empath's categories (Fast et al. 2016, MIT licence; word lists grown from 1.8
  billion words of fiction, so they hold what happens as well as what is felt: "casket",
  "bandage", "skitter"), mapped to our moods (CATEGORIES) and added to each block's lexicon
  vector at several weights: a story whose moods are shown by events finds words the
  hand-written lexicon lacks.
- `negation`: grim narration says what is not ("didn't", "never", "nothing"): negations per
  100 words (fiction's median about 2) raise angst, hurt-comfort, bittersweet and dark and
  lower humor, fluff and adventure by the ratio to the median, like the banter reading.
Weight 0 is what ships. The set figures come from bench_mood_vader's `_figures`.
"""

from __future__ import annotations

import importlib.resources
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bot.knowledge import Knowledge  # noqa: E402
from bot.understanding import moods  # noqa: E402
from bot.understanding.blocks import spellings  # noqa: E402
from bot.vocabulary import MOODS  # noqa: E402
from tests.bench.bench_mood_vader import _FOLDERS, _figures  # noqa: E402

CATEGORIES = {
    "angst": {"sadness": 1, "suffering": 1, "death": 0.7, "shame": 0.6, "torment": 0.6,
              "disappointment": 0.8, "neglect": 0.6},
    "hurt-comfort": {"injury": 1, "medical_emergency": 1, "healing": 1, "pain": 0.7,
                     "sympathy": 0.8, "health": 0.5},
    "fluff": {"cooking": 0.8, "pet": 0.8, "warmth": 0.8, "contentment": 1, "sleep": 0.5,
              "home": 0.5, "toy": 0.6, "celebration": 0.5},
    "humor": {"fun": 1, "childish": 1, "ridicule": 0.8, "play": 0.6, "party": 0.5,
              "exasperation": 0.6},
    "romance": {"love": 1, "lust": 0.8, "wedding": 1, "affection": 0.8, "attractive": 0.6,
                "sexual": 0.5},
    "dark": {"violence": 1, "kill": 1, "crime": 0.7, "weapon": 0.6, "war": 0.6, "prison": 0.7,
             "aggression": 0.7, "hate": 0.7, "rage": 0.5},
    "horror": {"horror": 1, "fear": 1, "monster": 0.7, "nervousness": 0.5, "ugliness": 0.5,
               "disgust": 0.6},
    "adventure": {"traveling": 1, "vehicle": 0.6, "fight": 0.7, "sailing": 0.8, "hiking": 0.8,
                  "heroic": 0.7, "legend": 0.6, "ship": 0.6, "ocean": 0.5, "air_travel": 0.6},
    "friendship": {"friends": 1, "trust": 0.5},
}
EMPATH_WEIGHTS = (0.0, 0.1, 0.2, 0.3)
NEGATION = re.compile(r"\b(?:not|no|never|nothing|nobody|nowhere|none)\b|n't\b", re.IGNORECASE)
NEGATION_MEDIAN = 2.0
NEGATION_POWERS = (0.0, 0.5, 1.0)
GRIM = ("angst", "hurt-comfort", "bittersweet", "dark")
LIGHT = ("humor", "fluff", "adventure")


def _empath(weight: float) -> dict[bytes, int]:
    """Every spelling of the mapped categories' words -> its packed vector at `weight`."""
    text = importlib.resources.files("empath").joinpath("data/categories.tsv").read_text()
    lists = {fields[0]: fields[1:] for fields in (line.split("\t") for line in
                                                  text.splitlines())}
    words: dict[bytes, dict[int, float]] = {}
    for mood, categories in CATEGORIES.items():
        index = MOODS.index(mood)
        for category, strength in categories.items():
            for word in lists[category]:
                if word.isalpha():
                    entry = words.setdefault(word.encode(), {})
                    entry[index] = max(entry.get(index, 0.0), strength * weight)
    packed = {w: sum(round(v * 100) << (moods.FIELD_BITS * i) for i, v in e.items())
              for w, e in words.items()}
    return {form: packed[word] for form, word in spellings(packed).items()}


def _with_empath(original, table: dict[bytes, int]):
    forms = frozenset(table)

    def vectors(blocks):
        out = original(blocks)
        for index, block in enumerate(blocks):
            if block.narrative and not block.cue:
                out[index] += sum(map(table.__getitem__, forms.intersection(block.tokens)))
        return out
    return vectors


def _with_negation(original, power: float, current: dict):
    def banter(text, marks):
        blocks = [b for b in current["blocks"] if b.narrative and not b.cue]
        words = max(50, sum(b.size for b in blocks))
        found = sum(len(NEGATION.findall(b.text)) for b in blocks)
        factor = min(max((100 * found / words / NEGATION_MEDIAN) ** power, 0.5), 2.0)
        for mood in GRIM:
            text[mood] = min(1.0, text[mood] * factor)
        for mood in LIGHT:
            text[mood] /= factor
        original(text, marks)
    return banter


def main() -> None:
    knowledge = Knowledge.default()
    names = (*(folder.name.removeprefix("understanding_") for folder in _FOLDERS),
             "real-stories", "sample", "long_dev", "long_heldout")
    print(f"{'variant':<14}" + "".join(f"{name:>13}" for name in names))
    shipped_vectors, shipped_banter = moods.vectors, moods._banter
    current: dict = {}

    def remembered(blocks):  # the blocks the scores are computed from
        current["blocks"] = blocks
        return shipped_vectors(blocks)
    variants = [(f"empath {w}", "vectors", _with_empath(remembered, _empath(w)))
                for w in EMPATH_WEIGHTS]
    variants += [(f"negation {p}", "_banter", _with_negation(shipped_banter, p, current))
                 for p in NEGATION_POWERS]
    for name, attribute, patched in variants:
        moods.vectors = remembered
        setattr(moods, attribute, patched)
        try:
            figures = _figures(knowledge)
        finally:
            moods.vectors, moods._banter = shipped_vectors, shipped_banter
        print(f"{name:<14}" + "".join(f"{value:>13.3f}" for value in figures.values()))


if __name__ == "__main__":
    main()

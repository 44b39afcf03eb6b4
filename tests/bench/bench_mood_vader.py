"""VADER as a mood signal, measured against the mood lexicon alone (what ships).

    .venv/bin/pip install vaderSentiment   # not a dependency of storybot: measured, not kept
    .venv/bin/python tests/bench/bench_mood_vader.py

VADER (vaderSentiment, MIT licence) rates words from -4 to +4. Two ways of using it are
measured, each at several weights, on every labelled set (mood top-1):
- `lexicon`: the mean valence of the rated words of the text read (one set intersection per
  block: cheap enough for ingest), centred on fiction's usual +0.3 and scaled;
- `full`: VADER's own rule engine (negation, boosters), the mean compound score of every
  sentence read (several times the whole understanding stage's cost).
The valence scales the moods that have a sign: light ones (fluff, humor, romance,
friendship) up and grim ones (angst, dark, horror) down for a positive story, the other way
for a negative one; a mood the tags state is left alone. Weight 0 is what ships.
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
from tests.understanding import evaluate, test_evaluation  # noqa: E402

LIGHT = ("fluff", "humor", "romance", "friendship")
GRIM = ("angst", "dark", "horror")
WEIGHTS = (0.0, 0.3, 0.6, 1.0)


def _lexicon() -> dict[bytes, float]:
    text = importlib.resources.files("vaderSentiment").joinpath(
        "vader_lexicon.txt").read_text(encoding="utf-8")
    words = {}
    for line in text.splitlines():
        fields = line.split("\t")
        if len(fields) >= 2 and fields[0].isalpha() and fields[0].islower():
            words[fields[0].encode()] = float(fields[1])
    return {form: words[word] for form, word in spellings(words).items()}


def lexicon_valence(blocks, rated=None) -> float:
    rated = rated if rated is not None else _RATED
    total, count = 0.0, 0
    for block in blocks:
        if block.narrative and not block.cue:
            found = rated.keys() & set(block.tokens)
            total += sum(rated[w] for w in found)
            count += len(found)
    return max(-1.0, min(1.0, (total / count - 0.3) / 0.5)) if count else 0.0


def full_valence(blocks) -> float:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    analyser = _ANALYSER.setdefault("sia", SentimentIntensityAnalyzer())
    scores = [analyser.polarity_scores(sentence)["compound"]
              for block in blocks if block.narrative and not block.cue
              for sentence in re.split(r"(?<=[.!?])\s+", block.text) if sentence.strip()]
    return max(-1.0, min(1.0, (sum(scores) / len(scores) - 0.05) / 0.2)) if scores else 0.0


_RATED: dict[bytes, float] = {}
_ANALYSER: dict[str, object] = {}


def _patched(valence_of, weight):
    original = moods.score

    def score(story, vectors, words, *more):
        scores = original(story, vectors, words, *more)
        value = valence_of(_BLOCKS["current"])
        for mood in LIGHT + GRIM:
            if mood not in story.stated_moods:
                sign = 1 if mood in LIGHT else -1
                scores[mood] = round(min(1.0, scores[mood] * max(0.0, 1 + sign * weight * value)),
                                     3)
        return scores
    return original, score


_BLOCKS: dict[str, list] = {}
# Every labelled folder (all development sets now: each blind set was measured once, then kept).
_FOLDERS = evaluate.LABELLED


def _figures(knowledge) -> dict[str, float]:
    out = {folder.name: evaluate.measure(evaluate.load_folder(folder), knowledge)
           .as_dict()["mood_top1"] for folder in _FOLDERS}
    out["real-stories"] = (evaluate.measure(evaluate.load_real(evaluate.REAL, knowledge),
                                            knowledge).as_dict()["mood_top1"]
                           if evaluate.REAL.is_dir() else float("nan"))
    sample, _ = test_evaluation.evaluate(test_evaluation._cases(), knowledge)
    out["sample"] = sample["mood_top1"]
    for name in ("long_dev", "long_heldout"):
        figures, _ = test_evaluation.evaluate(
            test_evaluation._long_cases(ROOT / "tests" / "data" / name), knowledge)
        out[name] = figures["mood_top1"]
    return out


def main() -> None:
    import bot.understanding as understanding

    _RATED.update(_lexicon())
    knowledge = Knowledge.default()
    original_moods_vectors = understanding.moods.vectors

    def vectors(blocks):  # remember the blocks the scores are computed from
        _BLOCKS["current"] = blocks
        return original_moods_vectors(blocks)
    understanding.moods.vectors = vectors
    names = (*(folder.name.removeprefix("understanding_") for folder in _FOLDERS),
             "real-stories", "sample", "long_dev", "long_heldout")
    print(f"{'variant':<14}" + "".join(f"{name:>13}" for name in names))
    for name, valence_of in (("lexicon", lexicon_valence), ("full", full_valence)):
        for weight in WEIGHTS:
            original, patched = _patched(valence_of, weight)
            moods.score = patched
            try:
                figures = _figures(knowledge)
            finally:
                moods.score = original
            print(f"{name + ' ' + str(weight):<14}" +
                  "".join(f"{value:>13.3f}" for value in figures.values()))


if __name__ == "__main__":
    main()

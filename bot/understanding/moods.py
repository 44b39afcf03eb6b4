"""Mood scores 0..1 for all ten moods: stated tags first, then the text's own words.

The text signal counts lexicon words once per block (so one repeated word cannot carry a
story), scales by story length and maps the density to 0..1. A mood the file states (a tag,
genre or warning) dominates: it scores at least 0.7 and the text only orders stated moods among
themselves. A story's romantic pairing nudges romance, as readers expect.
"""

from __future__ import annotations

import math
import re

from bot.story import Story
from bot.understanding.blocks import Block
from bot.understanding.lexicon import LEXICON, LEXICON_WORDS, MOODS, TAG_MOODS

_NON_WORD = re.compile(r"[^a-z]+")
# Per-mood density (weighted hits per 100 words) at which the text signal reaches ~0.63.
_SCALE = {"angst": 1.6, "fluff": 1.6, "hurt-comfort": 1.6, "humor": 1.4, "romance": 2.2,
          "dark": 1.6, "horror": 1.4, "adventure": 1.8, "bittersweet": 1.8, "friendship": 1.6}
_SINGLE_WORD_TAGS = {k: v for k, v in TAG_MOODS.items() if " " not in k}


# Lexicon weights in hundredths: integer sums do not depend on the order words are added in
# (float sums do, and set order depends on the hash seed), so no sorting is needed.
_WEIGHTS = {word: tuple((index, round(weight * 100)) for index, weight in entries)
            for word, entries in LEXICON.items()}


def block_vector(block: Block) -> list[int]:
    """Lexicon hits of one block in hundredths, one slot per mood (words counted once)."""
    vector = [0] * len(MOODS)
    for word in LEXICON_WORDS.intersection(block.wordset):
        for index, weight in _WEIGHTS[word]:
            vector[index] += weight
    return vector


def tag_moods(labels: list[str]) -> dict[str, float]:
    """Moods the stated tags, genres and warnings name, with their strength."""
    stated: dict[str, float] = {}
    for label in labels:
        key = _NON_WORD.sub(" ", label.casefold()).strip()
        moods = TAG_MOODS.get(key)
        if moods is None:
            moods = {}
            for word in key.split():
                for mood, strength in _SINGLE_WORD_TAGS.get(word, {}).items():
                    moods[mood] = max(moods.get(mood, 0.0), strength * 0.8)
        for mood, strength in moods.items():
            stated[mood] = max(stated.get(mood, 0.0), strength)
    return stated


def score(story: Story, vectors: list[list[int]], words: int) -> dict[str, float]:
    """Mood scores from the blocks' lexicon vectors (hundredths) and the words read."""
    totals = [sum(column) / 100 for column in zip(*vectors)] if vectors else [0.0] * len(MOODS)
    per100 = max(words, 50) / 100
    text = {mood: 1 - math.exp(-totals[i] / per100 / _SCALE[mood]) for i, mood in
            enumerate(MOODS)}
    if any(r.kind == "romantic" and not r.modifier for r in story.relationships):
        text["romance"] = min(1.0, text["romance"] + 0.1)
    stated = tag_moods([*story.tags, *story.warnings])
    result = {}
    for mood in MOODS:
        value = text[mood]
        if mood in stated:
            value = 0.7 + 0.2 * stated[mood] + 0.1 * value
        else:
            value = min(value, 0.69) if stated else value
        result[mood] = round(value, 3)
    return result

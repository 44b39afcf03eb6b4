"""Mood scores 0..1 for all ten moods: stated tags first, then the text's own words.

The text signal counts lexicon words once per block and spelling (so one repeated word cannot
carry a story), scales by story length and maps the density to 0..1. A mood the file states (a tag,
genre or warning) dominates: it scores at least 0.7 and the text only orders stated moods among
themselves. A story's romantic pairing nudges romance, as readers expect.
"""

from __future__ import annotations

import math
import re
from collections.abc import Set

from bot.story import Story
from bot.understanding.blocks import Block, spellings
from bot.understanding.lexicon import LEXICON, MOODS, TAG_MOODS

_NON_WORD = re.compile(r"[^a-z]+")
# Per-mood density (weighted hits per 100 words) at which the text signal reaches ~0.63.
_SCALE = {"angst": 1.6, "fluff": 1.6, "hurt-comfort": 1.6, "humor": 1.4, "romance": 2.2,
          "dark": 1.6, "horror": 1.4, "adventure": 1.8, "bittersweet": 1.8, "friendship": 1.6}
_SINGLE_WORD_TAGS = {k: v for k, v in TAG_MOODS.items() if " " not in k}


# A block's lexicon hits as one integer: each mood's weight in hundredths sits in its own
# FIELD_BITS-bit field (mood i at bits i*FIELD_BITS on), so adding integers adds every mood at
# once and a block's vector is one C-level sum. Integer sums also do not depend on the order
# words are added in (float sums do, and set order depends on the hash seed). A field holds
# far more than any story reaches (a block has at most a few hundred lexicon words).
FIELD_BITS = 32
FIELD_MASK = (1 << FIELD_BITS) - 1
_PACKED = {word: sum(round(weight * 100) << (FIELD_BITS * index) for index, weight in entries)
           for word, entries in LEXICON.items()}
_LOWER = spellings(LEXICON)  # every spelling -> the lexicon word
_PACKED.update((form, _PACKED[word]) for form, word in _LOWER.items())
_LEXICON_FORMS = frozenset(_LOWER)
_RESPELLED = frozenset(form for form, word in _LOWER.items() if form != word)


def vectors(blocks: list[Block]) -> list[int]:
    """Each block's lexicon hits, packed (see FIELD_BITS); each word counted once per block
    however it is spelled. Blocks that are not narrative (notes, headers) carry no mood."""
    out = []
    for block in blocks:
        if not block.narrative or block.cue:
            out.append(0)
            continue
        hits: Set[bytes] = _LEXICON_FORMS.intersection(block.hits)
        cased = _RESPELLED.intersection(hits)
        if cased:  # "Alone" beside "alone" is one word
            words = {_LOWER[w] for w in cased}
            if len(words) < len(cased) or not words.isdisjoint(hits):
                hits = {_LOWER[w] for w in hits}
        out.append(sum(map(_PACKED.__getitem__, hits)))
    return out


def weight(vector: int, index: int) -> int:
    """One mood's weight (hundredths) in a packed vector."""
    return (vector >> (FIELD_BITS * index)) & FIELD_MASK


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


# Per mood: the bit offset of its field and its density scale. A packed total t (hundredths)
# over w words is t / w hits per 100 words.
_FIELDS = tuple((mood, FIELD_BITS * index, _SCALE[mood]) for index, mood in enumerate(MOODS))
_TAGS: dict[tuple[str, ...], dict[str, float]] = {}  # tag_moods by label list (tags repeat)


def score(story: Story, vectors: list[int], words: int) -> dict[str, float]:
    """Mood scores from the blocks' packed lexicon vectors and the words read."""
    packed = sum(vectors)
    words = max(words, 50)
    exp = math.exp
    text = {}
    for mood, shift, scale in _FIELDS:
        hits = (packed >> shift) & FIELD_MASK
        text[mood] = 1 - exp(-hits / words / scale) if hits else 0.0
    for r in story.relationships:
        if r.kind == "romantic" and not r.modifier:
            text["romance"] = min(1.0, text["romance"] + 0.1)
            break
    if story.tags or story.warnings:
        labels = (*story.tags, *story.warnings)
        stated = _TAGS.get(labels)
        if stated is None:
            if len(_TAGS) >= 4096:
                _TAGS.clear()
            stated = _TAGS[labels] = tag_moods(list(labels))
        if stated:
            return {mood: round(0.7 + 0.2 * stated[mood] + 0.1 * value if mood in stated
                                else min(value, 0.69), 3)
                    for mood, value in text.items()}
    return {mood: round(value, 3) if value else 0.0 for mood, value in text.items()}

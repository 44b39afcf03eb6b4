"""Candidate excerpts: passages of whole sentences (200-600 characters) that read well alone.

Candidates are the narrative blocks. The chosen set covers, in this order: for each mood the
story really has, the block that carries it most densely; a passage for each main character;
then the best block of every scene not yet covered, so the text a fan remembers ("the one where
they drive away in a Winnebago") sits in some passage.
"""

from __future__ import annotations

import re

from bot.story import Passage
from bot.understanding.blocks import BLOCK_MAX, BLOCK_MIN, Block
from bot.understanding.lexicon import MOODS

MAX_PASSAGES = 8
MOOD_FLOOR = 0.3

_SENTENCE_END = re.compile(r'(?<=[.!?])["\']?\s+(?=["\'A-Z])|\n')


def _trim(text: str) -> str:
    """Whole sentences, at most BLOCK_MAX characters."""
    if len(text) <= BLOCK_MAX:
        return text
    out = ""
    start = 0
    for match in _SENTENCE_END.finditer(text):
        piece = text[start:match.end()].rstrip()
        if len(piece) > BLOCK_MAX:
            break
        out = piece
        if len(out) >= BLOCK_MIN * 1.5:
            break
    if not out:
        cut = text.rfind(" ", 0, BLOCK_MAX - 1)
        out = text[:cut].rstrip(",;:") + "…"
    return out


def _quality(block: Block, mains: list[str]) -> float:
    score = 1.0 + 0.4 * sum(1 for name in mains if name in block.names)
    if '"' in block.text:
        score += 0.2
    if len(block.text) < BLOCK_MIN:
        score -= 0.5
    return score


def choose(blocks: list[Block], vectors: list[list[int]], moods: dict[str, float],
           mains: list[str]) -> list[Passage]:
    candidates = [i for i, b in enumerate(blocks)
                  if b.narrative and len(b.text) >= BLOCK_MIN * 0.9]
    if not candidates:
        return []
    quality = {i: _quality(blocks[i], mains) for i in candidates}
    sizes = {i: max(blocks[i].size, 40) * 100 for i in candidates}
    chosen: dict[int, str | None] = {}

    for mood in sorted(moods, key=lambda m: -moods[m]):
        if moods[mood] < MOOD_FLOOR or len(chosen) >= MAX_PASSAGES // 2:
            break
        m = MOODS.index(mood)
        best = max(candidates, key=lambda i: vectors[i][m] / sizes[i] + 0.01 * quality[i])
        if vectors[best][m] > 0 and best not in chosen:
            chosen[best] = mood
    for name in mains[:4]:
        if len(chosen) >= MAX_PASSAGES or any(name in blocks[i].names for i in chosen):
            continue
        with_name = [i for i in candidates if name in blocks[i].names and i not in chosen]
        if with_name:
            chosen[max(with_name, key=lambda i: (blocks[i].names[name], quality[i]))] = None
    scenes = sorted({blocks[i].scene for i in candidates})
    for scene in scenes:
        if len(chosen) >= MAX_PASSAGES:
            break
        if any(blocks[i].scene == scene for i in chosen):
            continue
        in_scene = [i for i in candidates if blocks[i].scene == scene]
        chosen[max(in_scene, key=lambda i: quality[i])] = None
    for i in sorted(candidates, key=lambda i: -quality[i]):  # fill up to a handful
        if len(chosen) >= min(MAX_PASSAGES, 4):
            break
        chosen.setdefault(i, None)

    passages = []
    for i in sorted(chosen):
        block = blocks[i]
        mood = chosen[i]
        strength = moods.get(mood, 0.0) if mood else 0.0
        passages.append(Passage(text=_trim(block.text), characters=tuple(block.order),
                                mood=mood, score=round(quality[i] + strength, 3)))
    return passages

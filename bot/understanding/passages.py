"""Candidate excerpts: passages of whole sentences (200-600 characters) that read well alone.

Candidates are the narrative blocks. The chosen set covers, in this order: for each mood the
story really has, the block that carries it most densely; a passage for each main character;
then the best block of every scene not yet covered, so the text a fan remembers ("the one where
they drive away in a Winnebago") sits in some passage.

A passage is the body's own text (curly quotes, paragraph breaks) between two offsets, which is
all the catalog stores of it: the text is already there, compressed, in the story's body.
"""

from __future__ import annotations

import re
from operator import itemgetter

from bot.story import Passage
from bot.understanding.blocks import BLOCK_MAX, BLOCK_MIN, Block
from bot.understanding.lexicon import MOODS
from bot.understanding.moods import FIELD_BITS, FIELD_MASK

MAX_PASSAGES = 8
MOOD_FLOOR = 0.3

# A sentence ends at . ! ? or … (then maybe a closing quote), before a capital or an opening
# quote; a line break ends one too. Passages are cut from the body as written, so curly quotes.
_SENTENCE_END = re.compile(r'(?<=[.!?…])["\'”’]?\s+(?=["\'“‘A-Z])|\n')


def _trim(text: str) -> tuple[int, bool]:
    """How much of `text` makes whole sentences of at most BLOCK_MAX characters, and whether
    it had to stop mid-sentence (then shown with "…")."""
    out = 0
    start = 0
    for match in _SENTENCE_END.finditer(text):
        piece = len(text[start:match.end()].rstrip())
        if piece > BLOCK_MAX:
            break
        out = piece
        if out >= BLOCK_MIN * 1.5:
            break
    if out:
        return out, False
    cut = text.rfind(" ", 0, BLOCK_MAX - 1)
    return len(text[:cut if cut > 0 else BLOCK_MAX - 1].rstrip(",;:")), True


def choose(body: str, blocks: list[Block], vectors: list[int], moods: dict[str, float],
           mains: list[str]) -> list[Passage]:
    """Up to MAX_PASSAGES passages from the scored blocks: a block per strong mood, one per main
    character not yet shown, the best block of each scene not yet covered, then the best
    blocks up to a handful. Only the chosen blocks are trimmed to sentences."""
    quality = _quality(blocks, mains)
    candidates = list(quality)
    if not candidates:
        return []
    # chosen block -> the mood it was chosen for (None: chosen for a character, scene or rank)
    chosen: dict[int, str | None] = {}
    _choose_for_moods(chosen, blocks, vectors, moods, candidates, quality)
    _choose_for_characters(chosen, blocks, mains, candidates, quality)
    if len(chosen) < MAX_PASSAGES:
        _choose_for_scenes(chosen, blocks, candidates, quality)
    handful = min(MAX_PASSAGES, 4)
    if len(chosen) < handful:
        for i in sorted(candidates, key=quality.__getitem__, reverse=True):
            if len(chosen) >= handful:
                break
            chosen.setdefault(i, None)
    return [_passage(body, blocks[i], chosen[i], quality[i], moods) for i in sorted(chosen)]


def _quality(blocks: list[Block], mains: list[str]) -> dict[int, float]:
    """Candidate block (index, in order) -> quality: the main characters a block shows,
    dialogue, not a short block. Notes, headers and blocks well under BLOCK_MIN are no
    candidates."""
    floor = BLOCK_MIN * 0.9
    leads = set(mains)
    quality: dict[int, float] = {}
    for i, block in enumerate(blocks):
        text = block.text
        size = len(text)
        if size < floor or not block.narrative:
            continue
        value = 1.0 + 0.4 * len(leads.intersection(block.names)) if leads else 1.0
        if '"' in text:
            value += 0.2
        if size < BLOCK_MIN:
            value -= 0.5
        quality[i] = value
    return quality


def _choose_for_moods(chosen: dict[int, str | None], blocks: list[Block], vectors: list[int],
                      moods: dict[str, float], candidates: list[int],
                      quality: dict[int, float]) -> None:
    """For each strong mood, strongest first, the block densest in its words (up to half of
    MAX_PASSAGES)."""
    strong = [mood for mood, value in sorted(moods.items(), key=itemgetter(1), reverse=True)
              if value >= MOOD_FLOOR]
    if not strong:
        return
    carried = sum(vectors[i] for i in candidates)  # a mood no candidate carries: skipped
    rows = None
    for mood in strong:
        if len(chosen) >= MAX_PASSAGES // 2:
            break
        shift = FIELD_BITS * MOODS.index(mood)
        if not (carried >> shift) & FIELD_MASK:
            continue
        if rows is None:
            rows = [(vectors[i], max(blocks[i].size, 40) * 100, 0.01 * quality[i])
                    for i in candidates]
        # density of the mood's words (hundredths per word), quality breaking near-ties
        scores = [((vector >> shift) & FIELD_MASK) / size + rank
                  for vector, size, rank in rows]
        best = scores.index(max(scores))
        if (rows[best][0] >> shift) & FIELD_MASK and candidates[best] not in chosen:
            chosen[candidates[best]] = mood


def _choose_for_characters(chosen: dict[int, str | None], blocks: list[Block], mains: list[str],
                           candidates: list[int], quality: dict[int, float]) -> None:
    """For each of the first four main characters no chosen block shows, the block that names
    them most."""
    for name in mains[:4]:
        if len(chosen) >= MAX_PASSAGES or any(name in blocks[i].names for i in chosen):
            continue
        with_name = [(blocks[i].names[name], quality[i], -i) for i in candidates
                     if name in blocks[i].names and i not in chosen]
        if with_name:
            chosen[-max(with_name)[2]] = None


def _choose_for_scenes(chosen: dict[int, str | None], blocks: list[Block],
                       candidates: list[int], quality: dict[int, float]) -> None:
    """The best block of each scene no chosen block comes from, in scene order."""
    covered = {blocks[i].scene for i in chosen}
    best_of: dict[int, int] = {}
    for i in candidates:
        scene = blocks[i].scene
        if scene not in covered and (scene not in best_of
                                     or quality[i] > quality[best_of[scene]]):
            best_of[scene] = i
    for scene in sorted(best_of):
        if len(chosen) >= MAX_PASSAGES:
            break
        chosen[best_of[scene]] = None


def _passage(body: str, block: Block, mood: str | None, quality: float,
             moods: dict[str, float]) -> Passage:
    """A chosen block as written in the body, trimmed to sentences when it is long."""
    text = body[block.start:block.end]  # as written: the reader sees the author's text
    # measured as read (the body's blank lines between paragraphs do not count)
    size, cut = (len(text), False) if len(block.text) <= BLOCK_MAX else _trim(text)
    return Passage(text[:size] + "…" if cut else text[:size], tuple(sorted(block.names)), mood,
                   round(quality + moods[mood] if mood else quality, 3),
                   block.start, block.start + size)

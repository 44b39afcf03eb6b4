"""A story body cut into scenes and blocks: the one pass every other step reads from.

A block is a run of paragraphs inside one scene, grouped until it holds a few sentences
(about 200-600 characters); a paragraph longer than that is a block on its own. Blocks are the
unit for co-occurrence, mood counting and candidate excerpts.

Cutting is cheap (a line loop); reading a block is not, so a long story is read through a
sample (`sample`): its first blocks, evenly spaced blocks across the middle and its last
blocks, a bounded amount of text. Why: understanding runs in the ingest workers and must cost
a fraction of parsing; a long story's mood, leads and pairings are clear from a part of it,
and the opening, the middle and the ending are where a reader meets them. Only
the sampled blocks are tokenised (`tokenise`), once, as lower-case bytes (the bytes methods run
in C, several times faster than a regex pass); a block's word set keeps only the lexicon and
cue words later steps look up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.parsers.common import is_scene_break
from bot.understanding.cues import CUE_WORDS
from bot.understanding.lexicon import LEXICON_WORDS

BLOCK_MIN = 200
BLOCK_MAX = 600

# Punctuation that separates words; apostrophes and hyphens stay inside words.
_SEPARATORS = b'.,;:!?"()[]{}*_~/\\<>|=+#@&%$^`'
_TO_SPACE = bytes.maketrans(_SEPARATORS, b" " * len(_SEPARATORS))
# str.replace runs in C; str.translate with a dict is a Python-speed loop per character.
_QUOTES = (("“", '"'), ("”", '"'), ("„", '"'), ("’", "'"), ("‘", "'"), ("—", " - "),
           ("–", " - "), ("…", "... "))

# Lines that are scaffolding rather than story: chapter headers, notes, calls for reviews.
_SCAFFOLD = re.compile(
    r"(?:chapter\s+\w+\b.{0,60}|part\s+\d+.{0,40}|a/n\b.*|author'?s'?\s+notes?\b.*|"
    r"disclaimer\b.*|notes?:.*|beta(?:'d| read| thanks)?\b.*|please review.*|review please.*|"
    r"tbc\.?|to be continued.*|the end\.?|end\.?|fin\.?|#+\s.*|summary:.*)$",
    re.IGNORECASE)


@dataclass(slots=True)
class Block:
    text: str  # paragraphs joined by "\n", quotes normalised to straight ones
    scene: int
    words: list[bytes] = field(default_factory=list)  # lower-case tokens, once tokenised
    # the tokens any later step looks up (lexicon and cue words) only
    wordset: frozenset[bytes] = frozenset()
    narrative: bool = True  # False for chapter headers and notes left in the body
    # Filled by the character pass: name -> mentions, and the names in narration (not dialogue)
    names: dict[str, int] = field(default_factory=dict)
    narrated: set[str] = field(default_factory=set)
    order: list[str] = field(default_factory=list)  # names in order of first mention


# Words some step reads from a block's word set; keeping only these makes the set small.
VOCABULARY = LEXICON_WORDS | CUE_WORDS


def tokens(text: str) -> list[bytes]:
    """Lower-case word tokens of already quote-normalised text."""
    return text.encode("utf-8", "replace").lower().translate(_TO_SPACE).split()


def normalise(body: str) -> str:
    if body.isascii():
        return body
    for old, new in _QUOTES:
        if old in body:
            body = body.replace(old, new)
    return body


def cut_blocks(body: str) -> list[Block]:
    """Scenes split at scene-break lines; paragraphs grouped into blocks (not yet tokenised)."""
    blocks: list[Block] = []
    scene = 0
    pending: list[str] = []
    size = 0

    def flush() -> None:
        nonlocal pending, size
        if pending:
            text = "\n".join(pending)
            last = blocks[-1] if blocks else None
            if (size < BLOCK_MIN and last is not None and last.scene == scene
                    and len(last.text) + size <= BLOCK_MAX + BLOCK_MIN):
                last.text += "\n" + text  # a short tail joins the block before it
            else:
                blocks.append(Block(text, scene))
        pending, size = [], 0

    for raw in normalise(body).split("\n"):
        line = raw.strip()
        if not line:
            continue
        if len(line) <= 40 and (is_scene_break(line) or _SCAFFOLD.match(line)):
            flush()
            if is_scene_break(line):
                scene += 1
            continue
        if len(line) > BLOCK_MAX:
            flush()
            pending, size = [line], len(line)
            flush()
            continue
        if size and size + len(line) > BLOCK_MAX:
            flush()
        pending.append(line)
        size += len(line) + 1
        if size >= BLOCK_MIN * 1.5:
            flush()
    flush()
    for block in blocks:
        if len(block.text) < 300 and _SCAFFOLD.match(block.text.split("\n", 1)[0]):
            block.narrative = False
    return blocks


# Text a story is read through. Stories up to READ_WHOLE_CHARS are read whole; beyond that the
# sample shrinks with the length (so cost never jumps as a story grows) down to SAMPLE_CHARS
# from twice READ_WHOLE_CHARS - SAMPLE_CHARS on. The sample is shared between the opening (who
# the story is about, how it sets out), the ending (how it resolves: the mood a reader leaves
# with) and evenly spaced blocks between them.
READ_WHOLE_CHARS = 8000
SAMPLE_CHARS = 4000
_HEAD_SHARE, _TAIL_SHARE = 0.35, 0.2


def sample(blocks: list[Block], budget: int | None = None) -> list[Block]:
    """The blocks a story is read through, in story order: all of them when they fit the
    budget, else the first and last blocks and evenly spaced ones across the middle."""
    total = sum(len(b.text) for b in blocks)
    if budget is None:
        budget = max(SAMPLE_CHARS, 2 * READ_WHOLE_CHARS - total)
    if total <= budget:
        return blocks
    head_end, used = 0, 0
    while head_end < len(blocks) and used < budget * _HEAD_SHARE:
        used += len(blocks[head_end].text)
        head_end += 1
    tail_start, used = len(blocks), 0
    while tail_start > head_end and used < budget * _TAIL_SHARE:
        tail_start -= 1
        used += len(blocks[tail_start].text)
    middle = blocks[head_end:tail_start]
    chosen = blocks[:head_end]
    if middle:
        average = sum(len(b.text) for b in middle) / len(middle)
        room = budget * (1 - _HEAD_SHARE - _TAIL_SHARE)
        count = min(len(middle), max(1, round(room / max(average, 1.0))))
        step = len(middle) / count
        chosen += [middle[int((k + 0.5) * step)] for k in range(count)]
    return chosen + blocks[tail_start:]


def tokenise(blocks: list[Block]) -> None:
    """Fill each block's words and word set (the one tokenising pass over the sample)."""
    for block in blocks:
        block.words = words = tokens(block.text)
        block.wordset = VOCABULARY.intersection(words)


def split_blocks(body: str) -> list[Block]:
    """Every block of the body, tokenised."""
    blocks = cut_blocks(body)
    tokenise(blocks)
    return blocks

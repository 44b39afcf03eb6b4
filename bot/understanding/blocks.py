"""A story body cut into scenes and blocks: the unit every other step reads.

A block is a run of paragraphs inside one scene, grouped until it holds a few sentences
(about 200-600 characters); a paragraph longer than that is a block on its own. Blocks are the
unit for co-occurrence, mood counting and candidate excerpts.

A long story is read through a sample (`read`): its opening, evenly spaced windows across the
middle and its ending, a bounded amount of text. Why: understanding runs in the ingest workers
and must cost a fraction of parsing; a long story's mood, leads and pairings are clear from a
part of it, and the opening, the middle and the ending are where a reader meets them. The
windows are found with string searches (C speed) and only their text is cut into blocks, so
the cost does not grow with the story; one regex search over the whole body finds the scene
breaks, which number the scenes.

Each block is tokenised once (`tokenise`): its words as bytes, case kept (bytes methods run in
C, several times faster than a regex pass), and the tokens some later step looks up, found
with one set intersection: lexicon and cue words (kept lower-case in `wordset`) and name
tokens (kept as written in `hits`).
"""

from __future__ import annotations

import re
from bisect import bisect_left
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

# Candidate scene-break lines (each is confirmed with is_scene_break). Starting with a literal
# newline lets the regex engine jump from line to line instead of trying every character.
_BREAK_LINE = re.compile(
    r"\n[ \t]*(?:(?:[-*~=_#+.•·oOxX0][ \t]*){3,}|<[hH][rR][ \t]*/?>|~+)[ \t]*(?=\n|\Z)")


@dataclass(slots=True)
class Block:
    text: str  # paragraphs joined by "\n", quotes normalised to straight ones
    scene: int
    tokens: list[bytes] = field(default_factory=list)  # word tokens, case kept
    size: int = 0  # number of word tokens
    hits: frozenset[bytes] = frozenset()  # tokens in the looked-up set (names and words)
    # lexicon and cue words present, lower-case (the only words any later step asks about)
    wordset: frozenset[bytes] = frozenset()
    narrative: bool = True  # False for chapter headers and notes left in the body
    # Filled by the character pass: name -> mentions, and the names in narration (not dialogue)
    names: dict[str, int] = field(default_factory=dict)
    narrated: set[str] = field(default_factory=set)
    order: list[str] = field(default_factory=list)  # names in order of first mention


# Words some step reads from a block's word set.
VOCABULARY = LEXICON_WORDS | CUE_WORDS
# Spelling as found in text -> the lower-case vocabulary word ("Alone" at a sentence start,
# "LOVE" shouted).
VOCABULARY_FORMS: dict[bytes, bytes] = {
    form: word for word in VOCABULARY for form in (word, word.capitalize(), word.upper())}


def tokens(text: str) -> list[bytes]:
    """Word tokens of already quote-normalised text, case kept."""
    data = text.encode("utf-8", "replace")
    if b"--" in data:
        data = data.replace(b"--", b"  ")
    return data.translate(_TO_SPACE).split()


def normalise(body: str) -> str:
    if body.isascii():
        return body
    for old, new in _QUOTES:
        if old in body:
            body = body.replace(old, new)
    return body


def _cut(text: str, scene: int, blocks: list[Block]) -> int:
    """Cut one stretch of text into blocks appended to `blocks`; returns the scene number the
    stretch ends in. A short tail joins the block before it only within the stretch."""
    first = len(blocks)
    pending: list[str] = []
    size = 0

    def flush() -> None:
        nonlocal pending, size
        if pending:
            text = "\n".join(pending)
            last = blocks[-1] if len(blocks) > first else None
            if (size < BLOCK_MIN and last is not None and last.scene == scene
                    and len(last.text) + size <= BLOCK_MAX + BLOCK_MIN):
                last.text += "\n" + text  # a short tail joins the block before it
            else:
                blocks.append(Block(text, scene))
        pending, size = [], 0

    for raw in text.split("\n"):
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
    for block in blocks[first:]:
        if len(block.text) < 300 and _SCAFFOLD.match(block.text.split("\n", 1)[0]):
            block.narrative = False
    return scene


def cut_blocks(body: str) -> list[Block]:
    """The whole body: scenes split at scene-break lines, paragraphs grouped into blocks."""
    blocks: list[Block] = []
    _cut(normalise(body), 0, blocks)
    return blocks


# Text a story is read through. Stories up to READ_WHOLE_CHARS are read whole; beyond that the
# sample shrinks with the length (so cost never jumps as a story grows) down to SAMPLE_CHARS
# from twice READ_WHOLE_CHARS - SAMPLE_CHARS on. The sample is shared between the opening (who
# the story is about, how it sets out), the ending (how it resolves: the mood a reader leaves
# with) and evenly spaced windows of about WINDOW_CHARS between them.
READ_WHOLE_CHARS = 8000
SAMPLE_CHARS = 4000
WINDOW_CHARS = 450
_HEAD_SHARE, _TAIL_SHARE = 0.35, 0.2
# How far a window edge may move to reach a line end; past that it stops at a sentence end.
_SNAP = 1500


def _forward(body: str, pos: int) -> int:
    """The first place at or after `pos` where a line (else a sentence, else a word) starts."""
    if pos <= 0 or body[pos - 1] == "\n":
        return max(pos, 0)
    limit = min(len(body), pos + _SNAP)
    for mark in ("\n", ". ", " "):
        found = body.find(mark, pos, limit)
        if found >= 0:
            return found + len(mark)
    return limit


def _backward(body: str, pos: int) -> int:
    """The last place at or before `pos` where a line (else a sentence, else a word) starts."""
    if pos <= 0 or body[pos - 1] == "\n":
        return max(pos, 0)
    low = max(0, pos - _SNAP)
    for mark in ("\n", ". ", " "):
        found = body.rfind(mark, low, pos)
        if found >= 0:
            return found + len(mark)
    return low


def _nearest(body: str, start: int, target: int) -> int:
    """The line boundary nearest to `target` after `start` (so a window keeps its size)."""
    after = _forward(body, target)
    before = _backward(body, target)
    if before > start and target - before <= after - target:
        return before
    return after


def spans(body: str, budget: int) -> list[tuple[int, int]]:
    """(start, end) of the stretches a story longer than `budget` is read through."""
    total = len(body)
    head_end = _nearest(body, 0, int(budget * _HEAD_SHARE))
    tail_start = _nearest(body, head_end, total - int(budget * _TAIL_SHARE))
    if tail_start <= head_end:
        return [(0, total)]
    chosen = [(0, head_end)]
    room = budget * (1 - _HEAD_SHARE - _TAIL_SHARE)
    count = max(1, round(room / WINDOW_CHARS))
    size = room / count
    step = (tail_start - head_end) / count
    end = head_end
    for k in range(count):
        start = _forward(body, max(end, int(head_end + (k + 0.5) * step - size / 2)))
        if start >= tail_start:
            break
        end = min(tail_start, _nearest(body, start, int(start + size)))
        if end > start:
            chosen.append((start, end))
    chosen.append((tail_start, total))
    return chosen


def read(body: str, budget: int | None = None) -> tuple[list[Block], float]:
    """The blocks a story is read through, in story order, and how many times more text the
    whole body holds (1.0 when it is read whole)."""
    total = len(body)
    if budget is None:
        budget = max(SAMPLE_CHARS, 2 * READ_WHOLE_CHARS - total)
    if total <= budget:
        return cut_blocks(body), 1.0
    stretches = spans(body, budget)
    breaks = [m.start() + 1 for m in _BREAK_LINE.finditer(body)
              if is_scene_break(body[m.start() + 1:m.end()].strip())]
    if is_scene_break(body[:body.find("\n")].strip()):
        breaks.insert(0, 0)
    blocks: list[Block] = []
    for start, end in stretches:
        _cut(normalise(body[start:end]), bisect_left(breaks, start), blocks)
    read_chars = sum(end - start for start, end in stretches)
    return blocks, total / max(1, read_chars)


def tokenise(blocks: list[Block], wanted: frozenset[bytes] | set[bytes]) -> None:
    """Fill each block's tokens, size, hits (tokens in `wanted`) and lower-case word set."""
    forms = VOCABULARY_FORMS
    for block in blocks:
        block.tokens = found = tokens(block.text)
        block.size = len(found)
        block.hits = hits = wanted.intersection(found)
        block.wordset = frozenset(map(forms.get, hits)) - {None}


def split_blocks(body: str) -> list[Block]:
    """Every block of the body, tokenised."""
    blocks = cut_blocks(body)
    tokenise(blocks, frozenset(VOCABULARY_FORMS))
    return blocks

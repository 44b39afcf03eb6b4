"""A story body cut into scenes and blocks: the unit every other step reads.

A block is a run of paragraphs inside one scene, grouped until it holds a few sentences
(about 200-600 characters); a paragraph longer than that is a block on its own. Blocks are the
unit for co-occurrence, mood counting and candidate excerpts.

A long story is read through a sample (`read`): its opening, evenly spaced windows across the
middle and its ending, a bounded amount of text. Why: understanding runs in the ingest workers
and must cost a fraction of parsing; a long story's mood, leads and pairings are clear from a
part of it, and the opening, the middle and the ending are where a reader meets them. The
windows are found with string searches (C speed) and only their text is cut into blocks, so
the cost does not grow with the story; scenes are numbered by the breaks read (see `read`).

The blocks are tokenised once (`tokenise`): their words as bytes, case kept (bytes methods run
in C, several times faster than a regex pass), and the tokens some later step looks up, found
with one set intersection per block: names, lexicon and cue words, in every spelling they
take (`spellings`), so no token needs lower-casing.
"""

from __future__ import annotations

import math
import re
from collections.abc import KeysView, Set
from itertools import accumulate, compress

from bot.parsers.common import is_scene_break
from bot.understanding.cues import CUE_WORDS
from bot.understanding.lexicon import LEXICON_WORDS

BLOCK_MIN = 200
BLOCK_MAX = 600
_GROUP = BLOCK_MIN * 1.5  # a block is emitted once it holds this much

# Capital letters a name can start with (Latin-1 ones too: "Éowyn", "Ørsted").
UPPER = "A-ZÀ-ÖØ-Þ"

# Punctuation that separates words (and NUL, never part of one); apostrophes and hyphens stay
# inside words.
_SEPARATORS = b'.,;:!?"()[]{}*_~/\\<>|=+#@&%$^`\x00'
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

# The first characters a scene break or a scaffolding line can have (case-blind, as their
# regexes read): most short lines are dialogue or narration that no regex needs to try.
_LINE_HEADS = frozenset("-*~=_#+.•·oOxX0<" "cpadnbrtefsCPADNBRTEFSſ")


def in_dialogue(text: str, at: int) -> bool:
    """Whether position `at` of a block's text is inside a line of dialogue: an odd number of
    double quotes before it on its line (block texts hold straight quotes only, `_QUOTES`)."""
    return text.count('"', text.rfind("\n", 0, at) + 1, at) % 2 == 1


class Block:
    """One block and what the steps find in it."""

    __slots__ = ("also", "cue", "data", "end", "hits", "names", "narrated", "narration",
                 "narrative", "part", "scene", "size", "spaced", "start", "text", "tokens",
                 "written")

    def __init__(self, text: str, scene: int, start: int, end: int, part: int = 0) -> None:
        self.text = text  # paragraphs joined by "\n", quotes normalised to straight ones
        self.scene = scene
        # where the block sits in the story body, as written: a passage is stored as these
        # offsets and shown from the body (original quotes and paragraph breaks)
        self.start, self.end = start, end
        self.part = part  # which stretch of a sampled story the block comes from
        self.narrative = True  # False for chapter headers and notes left in the body
        self.cue = False  # read for a romance cue (`cue_windows`): not part of the mood sample
        self.data = b""  # the text as the tokeniser splits it (bytes, separators as spaces)
        self.tokens: list[bytes] = []  # word tokens, case kept
        self.size = 0  # number of word tokens
        self.spaced: bytes | None = None  # the tokens one space apart (see `token_count`)
        # the block's tokens in the looked-up set: names, lexicon and cue words, as written
        self.hits: frozenset[bytes] = frozenset()
        # Filled by the character pass: name -> mentions, name -> the token it is written as
        self.names: dict[str, int] = {}
        self.written: dict[str, str] = {}
        # name -> the other tokens the block writes it as ("Bones" in talk, "McCoy" in the
        # tag after it): rare, filled only when a name has two
        self.also: dict[str, set[str]] = {}
        # names used in narration, not only dialogue (filled lazily)
        self.narrated: Set[str] | None = None
        self.narration: str | None = None  # the text outside dialogue (`narration`)


def narration_of(text: str) -> str:
    """A text without its dialogue (what is inside double quotes), the pieces joined by NUL."""
    return text if '"' not in text else "\x00".join(text.split('"')[::2])


def narrated_text(block: Block) -> str:
    """The block's text without its dialogue (`narration_of`), worked out once: the person,
    the tense, the narrator and the names narrated are each read from it."""
    if block.narration is None:
        block.narration = narration_of(block.text)
    return block.narration


# Words some step looks up in a block.
VOCABULARY = LEXICON_WORDS | CUE_WORDS


def spellings(words) -> dict[bytes, bytes]:
    """Each lower-case word as text may write it ("alone", "Alone" at a sentence start, "ALONE"
    shouted) -> the word. Steps look spellings up directly, so no token is lower-cased."""
    return {form: word for word in words for form in (word, word.capitalize(), word.upper())}


VOCABULARY_FORMS = spellings(VOCABULARY)


def normalise(body: str) -> str:
    if body.isascii():
        return body
    for old, new in _QUOTES:
        if old in body:
            body = body.replace(old, new)
    return body


def _emit(blocks: list[Block], first: int, pending: list[str], size: int, scene: int,
          part: int, start: int, end: int) -> None:
    """A block from the pending lines (at body offsets start..end); a short tail joins the
    block before it when that one is from index `first` on (the same stretch, and no header
    or note line between them: a block is one span of the body) and of the same scene."""
    text = "\n".join(pending)
    if size < BLOCK_MIN and len(blocks) > first:
        last = blocks[-1]
        if last.scene == scene and len(last.text) + size <= BLOCK_MAX + BLOCK_MIN:
            last.text += "\n" + text
            last.end = end
            return
    blocks.append(Block(text, scene, start, end, part))


def _cut(raw: str, offset: int, scene: int, blocks: list[Block], marks: set[str] | None = None,
         part: int = 0) -> int:
    """Cut one stretch of the body (`raw`, starting at body offset `offset`) into blocks
    appended to `blocks`; returns the scene number the stretch ends in. The scene-break lines
    met are added to `marks` (each after a newline, as a line start).

    Lines are read normalised (`normalise` never adds or removes a line), and each block keeps
    the body offsets of its first and last line as written."""
    first = joinable = len(blocks)  # this stretch's blocks; those a tail may join
    pending: list[str] = []
    size = 0
    start = end = 0  # body offsets of the pending lines
    raw_lines = raw.split("\n")
    text = normalise(raw)
    stripped = list(map(str.strip, raw_lines if text is raw else text.split("\n")))
    # each line's body offset: the lengths before it, plus a newline each (summed in C)
    lengths = list(accumulate(map(len, raw_lines), initial=offset))
    # the lines holding text, picked in C: blank lines (about half) cost nothing
    for index in compress(range(len(stripped)), stripped):
        line = stripped[index]
        length = len(line)
        at = lengths[index] + index
        if length <= 40 and line[0] in _LINE_HEADS and (is_scene_break(line)
                                                        or _SCAFFOLD.match(line)):
            if pending:
                _emit(blocks, joinable, pending, size, scene, part, start, end)
                pending, size = [], 0
            joinable = len(blocks)
            if is_scene_break(line):
                scene += 1
                if marks is not None:  # as written, to be counted in the body
                    marks.add("\n" + raw_lines[index].strip())
            continue
        written = raw_lines[index]
        if written == line:  # nothing to strip or normalise (most lines): no re-stripping
            line_start, line_end = at, at + length
        else:
            line_start = at + len(written) - len(written.lstrip())
            line_end = at + len(written.rstrip())
        if length > BLOCK_MAX:
            if pending:
                _emit(blocks, joinable, pending, size, scene, part, start, end)
                pending, size = [], 0
            _emit(blocks, joinable, [line], length, scene, part, line_start, line_end)
            continue
        if size and size + length > BLOCK_MAX:
            _emit(blocks, joinable, pending, size, scene, part, start, end)
            pending, size = [], 0
        if not pending:
            start = line_start
        end = line_end
        pending.append(line)
        size += length + 1
        if size >= _GROUP:
            _emit(blocks, joinable, pending, size, scene, part, start, end)
            pending, size = [], 0
    if pending:
        _emit(blocks, joinable, pending, size, scene, part, start, end)
    for block in blocks[first:]:  # (a first character no scaffolding opens with: no regex)
        if len(block.text) < 300 and block.text[:1] in _LINE_HEADS and \
                _SCAFFOLD.match(block.text.split("\n", 1)[0]):
            block.narrative = False
    return scene


def cut_blocks(body: str) -> list[Block]:
    """The whole body: scenes split at scene-break lines, paragraphs grouped into blocks."""
    blocks: list[Block] = []
    _cut(body, 0, 0, blocks)
    return blocks


# Text a story is read through. Stories up to READ_WHOLE_CHARS are read whole; beyond that the
# sample shrinks with the length (so cost never jumps as a story grows) down to SAMPLE_CHARS
# from twice READ_WHOLE_CHARS - SAMPLE_CHARS on. The sample is shared between the opening (who
# the story is about, how it sets out), the ending (how it resolves: the mood a reader leaves
# with) and evenly spaced windows of about WINDOW_CHARS between them. Sizes chosen on the
# long development stories (tests/data/long_dev): many small windows find characters who only
# appear mid-story that two large ones miss, and 3,000 chars did as well as 4,000 there.
READ_WHOLE_CHARS = 8000
SAMPLE_CHARS = 3000
WINDOW_CHARS = 350
_HEAD_SHARE, _TAIL_SHARE = 0.25, 0.15
# How far a window edge may move to reach a line end; past that it stops at a sentence end.
_SNAP = 1500


def _forward(body: str, pos: int) -> int:
    """The first place at or after `pos` where a sentence (else a word) starts."""
    limit = min(len(body), pos + _SNAP)
    for mark in (". ", " "):
        found = body.find(mark, pos, limit)
        if found >= 0:
            return found + len(mark)
    return limit


def _edge(body: str, pos: int, floor: int) -> int:
    """The line start nearest to `pos` and after `floor` (a sentence start when no line ends
    nearby): stretches keep about their planned size."""
    after = body.find("\n", pos, pos + _SNAP)
    before = body.rfind("\n", max(floor, pos - _SNAP), pos)
    if before >= 0 and (after < 0 or pos - before <= after - pos):
        return before + 1
    return after + 1 if after >= 0 else _forward(body, pos)


def spans(body: str, budget: int) -> list[tuple[int, int]]:
    """(start, end) of the stretches a story longer than `budget` is read through."""
    total = len(body)
    head_end = _edge(body, int(budget * _HEAD_SHARE), 0)
    tail_start = _edge(body, total - int(budget * _TAIL_SHARE), head_end)
    if tail_start <= head_end:
        return [(0, total)]
    chosen = [(0, head_end)]
    room = budget * (1 - _HEAD_SHARE - _TAIL_SHARE)
    count = max(1, round(room / WINDOW_CHARS))
    size = int(room / count)
    step = (tail_start - head_end) / count
    end = head_end
    for k in range(count):
        start = _edge(body, max(end, int(head_end + (k + 0.5) * step - size / 2)), end)
        if start >= tail_start:
            break
        end = min(tail_start, _edge(body, start + size, start))
        if end > start:
            chosen.append((start, end))
    chosen.append((tail_start, total))
    return chosen


# Past this length the sample grows with the logarithm of the length (a novel's cast and
# couples are not in 3,000 characters of it; the cost stays far below its parsing's).
LONG_CHARS = 32000


def sample_budget(total: int) -> int:
    """How much of a story of `total` characters is read."""
    if total > LONG_CHARS:
        return int(SAMPLE_CHARS * (1 + math.log2(total / LONG_CHARS)))
    return max(SAMPLE_CHARS, 2 * READ_WHOLE_CHARS - total)


def read(body: str, budget: int | None = None) -> tuple[list[Block], float]:
    """The blocks a story is read through, in story order, and how many times more text the
    whole body holds (1.0 when it is read whole).

    Scenes are numbered by the breaks in the text read. The text skipped between stretches is
    searched only for the break lines read somewhere (a story keeps one style: "* * *"), so the
    numbers still tell scenes apart without reading the whole body; each stretch also starts
    a new `part`, so pronouns never carry across skipped text."""
    total = len(body)
    if budget is None:
        budget = sample_budget(total)
    if total <= budget:
        return cut_blocks(body), 1.0
    stretches = spans(body, budget)
    cues = cue_windows(body, stretches)
    if cues:
        stretches = sorted(stretches + cues)
    blocks: list[Block] = []
    marks: set[str] = set()
    firsts, inside = [], []  # per stretch: its first block, the breaks it holds
    for part, (start, end) in enumerate(stretches):
        firsts.append(len(blocks))
        inside.append(_cut(body[start:end], start, 0, blocks, marks, part))
        if cues and (start, end) in cues:
            for block in blocks[firsts[-1]:]:
                block.cue = True
    firsts.append(len(blocks))
    # Scene numbers across stretches, once every break style read anywhere is known. Readers
    # only compare them (same scene or not, which first), so a gap holding any break is one
    # step: found, not counted (a count reads every gap of a novel to its end).
    scene, gap = 0, 0
    for part, (start, end) in enumerate(stretches):
        if part and marks and any(body.find(mark, gap, start) >= 0 for mark in marks):
            scene += 1
        if scene:
            for block in blocks[firsts[part]:firsts[part + 1]]:
                block.scene += scene
        scene += inside[part]
        gap = end
    return blocks, total / sum(end - start for start, end in stretches)


# Words whose scene a sample must not miss: one kiss, or one "her husband" or "I married him",
# can be all that shows a couple (a married one is shown by ordinary life, seldom by a kiss),
# and a sample of a long story holds a few percent of it; the marriage words are looked for
# when fewer kisses than CUE_WINDOWS were found. Each is found with str.find
# (C speed) outside the stretches read; the paragraph around up to CUE_WINDOWS of them is
# read too (for people and pairings, not for moods: the sample stays a fair one for those).
CUE_FINDS = ("kiss", "husband", "wife", "married")
CUE_WINDOWS = 3


def cue_windows(body: str, stretches: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """(start, end) of paragraphs holding a kiss or a marriage outside the stretches read, spread
    across the story (at most CUE_WINDOWS, a stretch apart)."""
    found: list[tuple[int, int]] = []
    taken = list(stretches)
    for word in CUE_FINDS:
        at = 0
        while len(found) < CUE_WINDOWS and (i := body.find(word, at)) >= 0:
            inside = next(((a, b) for a, b in taken if a <= i < b), None)
            if inside is not None:
                at = inside[1]
                continue
            start = max(body.rfind("\n", 0, i) + 1, i - WINDOW_CHARS)
            end = body.find("\n", i)
            end = min(len(body) if end < 0 else end, i + WINDOW_CHARS)
            start = _forward(body, start) if start > body.rfind("\n", 0, i) + 1 else start
            end = max(end, i + len(word))
            for a, b in taken:  # never overlap a stretch
                if a < end and start < b:
                    start, end = (b, end) if a <= start else (start, a)
            if start < end:
                found.append((start, end))
                taken.append((start, end))
            at = i + len(body) // (CUE_WINDOWS + 1)
        if len(found) >= CUE_WINDOWS:
            break
    return found


def tokenise(blocks: list[Block], wanted: KeysView[bytes] | Set[bytes]) -> None:
    """Fill each block's tokens, size and hits (its tokens in `wanted`, a set or a dict's keys:
    `characters.name_tokens` says why tables are kept as keys): each block's text is encoded,
    its separators mapped to spaces and split, all in C."""
    keys = wanted if isinstance(wanted, KeysView) else dict.fromkeys(wanted).keys()
    for block in blocks:
        data = block.text.encode("utf-8", "replace")
        if b"--" in data:
            data = data.replace(b"--", b"  ")
        block.data = data = data.translate(_TO_SPACE)
        block.tokens = words = data.split()
        block.size = len(words)
        # (a dict's keys & a list: each token looked up in the dict, as set.intersection does)
        block.hits = frozenset(keys & words)


def token_count(block: Block, form: bytes) -> int:
    """How many of the block's tokens are `form`, one of its hits, counted in C: its bytes
    first (at least as many as the tokens: one is exactly one), else " form " in the tokens
    written one space apart, which is exact unless two uses stand side by side (sharing a
    space, they count once: then the token list is compared one by one)."""
    count = block.data.count(form)
    if count < 2:
        return count
    spaced = block.spaced
    if spaced is None:
        spaced = block.spaced = b" " + b" ".join(block.tokens) + b" "
    alone = b" " + form + b" "
    if alone + form + b" " in spaced:
        return block.tokens.count(form)
    return spaced.count(alone)


def split_blocks(body: str) -> list[Block]:
    """Every block of the body, tokenised."""
    blocks = cut_blocks(body)
    tokenise(blocks, VOCABULARY_FORMS.keys())
    return blocks

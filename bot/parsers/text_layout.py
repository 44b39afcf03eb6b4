"""The shape of story text: head lines with offsets, titles, by-lines, notes and the tail.

Every helper looks at a bounded head or tail of the text, so a parser's cost stays linear in
the file size even when the body is one huge line.
"""

from __future__ import annotations

import bisect
import functools
import operator
import re
from itertools import accumulate
from typing import NamedTuple

from bot.parsers import common
from bot.story import Story

HEAD_CHARS = 16384  # header blocks, notes and title pages live in the first 16 KB
DETECT_CHARS = 4096  # detect() looks at this much of the head
MAX_HEAD_LINE = 4000  # longer lines are prose, never a label or a title


class Line(NamedTuple):
    """One head line. A named tuple: detectors build thousands, and a tuple is made in C."""

    start: int  # offset of the line's first character in the text
    end: int  # offset of the line's "\n" (or the text's end)
    text: str  # the line, cut to MAX_HEAD_LINE characters

    @property
    def after(self) -> int:
        """Offset of the next line."""
        return self.end + 1

    @property
    def blank(self) -> bool:
        return not self.text.strip()


def head_lines(text: str, limit: int = HEAD_CHARS) -> list[Line]:
    """Lines that start within the first `limit` characters, with their offsets.

    Every family's detector asks for a head of the same text, so the lines are scanned once
    per text (as far as the largest limit asked for) and each call takes a prefix.
    """
    scan = _scan_of(text)
    lines = scan.extend(limit)
    return lines[:bisect.bisect_left(scan.starts, limit)]


class _Scan:
    """Lines of one text found so far, and where the scan stopped."""

    __slots__ = ("lines", "pos", "starts", "text")

    def __init__(self, text: str) -> None:
        self.text, self.pos = text, 0
        self.lines: list[Line] = []
        self.starts: list[int] = []

    def extend(self, limit: int) -> list[Line]:
        text, pos, size = self.text, self.pos, len(self.text)
        stop = min(limit, size)
        if pos >= stop:
            return self.lines
        # Split the new stretch in C and build the lines with map/zip: no Python loop per line.
        pieces = text[pos:stop].split("\n")
        if text[stop - 1] == "\n":
            pieces.pop()  # ("" after the last "\n": the next line starts at `stop`, not before)
        starts = list(accumulate(map(_PLUS_ONE, map(len, pieces)), initial=pos))
        ends = list(map(_MINUS_ONE, starts[1:]))  # each line's "\n"
        del starts[-1]
        last = text.find("\n", ends[-1])  # the last line may run on past `stop`
        ends[-1] = size if last < 0 else last
        texts = list(map(_HEAD_CUT, pieces))
        texts[-1] = text[starts[-1]:min(ends[-1], starts[-1] + MAX_HEAD_LINE)]
        self.lines.extend(map(_new_line, zip(starts, ends, texts)))
        self.starts.extend(starts)
        self.pos = ends[-1] + 1
        return self.lines


_PLUS_ONE, _MINUS_ONE = (1).__add__, (-1).__add__
_HEAD_CUT = operator.itemgetter(slice(MAX_HEAD_LINE))
_new_line = functools.partial(tuple.__new__, Line)  # Line(*args) runs Python code per line


@functools.lru_cache(maxsize=8)
def _scan_of(text: str) -> _Scan:
    return _Scan(text)


def next_filled(lines: list[Line], i: int) -> int:
    """Index of the first non-blank line at or after i (len(lines) if none)."""
    while i < len(lines) and lines[i].blank:
        i += 1
    return i


def tail_lines(text: str, count: int = 8, window: int = 4096) -> list[str]:
    """The last `count` non-blank lines, stripped (from the last `window` characters)."""
    return [ln.strip() for ln in text[-window:].split("\n") if ln.strip()][-count:]


_BY_LINE = re.compile(r"^\s*(?:written\s+)?by\s*:?\s+(\S.{0,79}?)\s*$", re.IGNORECASE)
_QUOTES = "\"'“”‘’"
_DEDICATION = re.compile(r"\s+(?:for|in|as\s+part\s+of)\s+")


def by_line(line: str) -> str | None:
    """'by alltherealice' / 'By: Kat Lee' -> the author, if the line is only a by-line."""
    m = _BY_LINE.match(line)
    if not m:
        return None
    # "by astolat for the ontd_ai kink meme": the author ends where the dedication starts
    name = _DEDICATION.split(m.group(1), maxsplit=1)[0]
    name = name.strip("*_ ").rstrip(".")
    if not name or len(name.split()) > 6 or name[-1:] in "!?,;:" or name[:1] in _QUOTES:
        return None
    return name


def looks_like_title(line: str) -> bool:
    """A short line with no final period that is not a label, marker or dialogue."""
    s = line.strip().strip("*_").strip()
    if not s or len(s) > 100 or len(s.split()) > 14:
        return False
    if s[-1] in ".,;:" and not s.endswith("..."):
        return False
    if s[0] in _QUOTES and s[-1] in _QUOTES and len(s) > 2:
        return False
    if s.startswith(("#", "@", "<", "http")) or common.is_scene_break(s):
        return False
    if common.end_marker(s) or common.label_line(s) or by_line(s):
        return False
    return any(ch.isalpha() for ch in s)


# --- notes -----------------------------------------------------------------------------------

_APOS = "['’]?"
_NOTE_START = re.compile(
    r"^\s*[\[(*_]*\s*(?:a/n|a\.n\.|an\s*:|author" + _APOS + r"s" + _APOS + r"\s+notes?"
    r"|authors?\s+notes?|notes?\s*:|disclaimer|dedication|dedicated\s+to|beta" + _APOS
    + r"(?:e?d)?\b|(?:with\s+)?(?:(?:many|much|special|big|huge|all\s+my|lots\s+of"
    r"|heaps\s+(?:and\s+heaps\s+)?of)\s+)*thanks?\s+(?:you\s+)?(?:to|go)\b|summary\s*:"
    r"|warnings?\s*:|spoilers?\s*:)", re.IGNORECASE)
_NOTE_PHRASE = re.compile(
    r"\bi\s+(?:do\s+not|don" + _APOS + r"t|dont)\s+own\b|\bnot\s+mine\b|\bno\s+(?:copyright\s+)?"
    r"infringement|\b(?:making|make)\s+no\s+(?:money|profit)|\bno\s+(?:money|profit)\s+is"
    r"|\b(?:characters|they|everything)\s+(?:all\s+)?belongs?\s+to\b|\bstill\s+belongs?\s+to\b"
    r"|\ball\s+(?:rights|characters)\b.{0,40}\bbelong|\bbeta" + _APOS + r"e?d\b|\bmy\s+beta\b"
    r"|\bbeta[\s-]+read|\b(?:is|are)\s+(?:the\s+)?(?:sole\s+)?property\s+of\b", re.IGNORECASE)
# Each alternative of _NOTE_PHRASE contains one of these: a cheap test before the regex
# ("own" after a space, a tab or a newline: not every "down" and "known" runs the regex).
_NOTE_PHRASE_WORDS = (" own", "\town", "\nown", "mine", "infringement", "money", "profit",
                      "belong", "beta", "property")
_TRAIL_NOTE = re.compile(
    r"^\s*[\[(*_]*\s*(?:a/n|a\.n\.|an\s*:|author" + _APOS + r"s" + _APOS + r"\s+notes?"
    r"|authors?\s+notes?|end\s+notes?|notes?\s*:|disclaimer\s*:)", re.IGNORECASE)


def is_note(paragraph: str) -> bool:
    """An author's note, disclaimer or beta thanks (explicitly marked or unmistakable)."""
    p = paragraph.strip()
    if not p or len(p) > 3000:
        return False
    if _NOTE_START.match(p):
        return True
    head = p[:1500]
    if head.isascii():  # every phrase holds one of these words; non-ASCII case folds vary
        lower = head.lower()
        if not any(map(lower.__contains__, _NOTE_PHRASE_WORDS)):
            return False
    return bool(_NOTE_PHRASE.search(head))


def trim_end(story: Story, notes: list[str]) -> None:
    """Cut end markers, review requests and trailing author's notes off the body.

    A stated status wins; otherwise an end marker ("TBC", "The End") sets it.
    """
    body = story.body
    trailing: list[str] = []
    for _ in range(8):
        body, marker, _cut = common.split_end_matter(body)
        if marker and story.status == "unknown":
            story.status = marker
        cut = body.rfind("\n\n")
        last = body[cut + 2:] if cut >= 0 else ""
        if last and len(last) <= 3000 and _TRAIL_NOTE.match(last):
            trailing.append(last.strip())
            body = body[:cut]
            continue
        break
    notes.extend(reversed(trailing))
    story.body = body

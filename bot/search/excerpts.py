"""Picking the passage that fits a request: a body chunk for "about" words, else a stored one.

An engine keeps what it read for the stored passages (`Kept`): a story's passage places, and
the excerpt cut from each place, depend on the story alone, and the catalog never changes
under its engine; a card's excerpt then costs no row, no decompression and no trimming when
that story was shown before, whatever request found it.
"""

from __future__ import annotations

import re
import sqlite3
import threading
import zlib
from collections.abc import Set as AbstractSet

from bot.catalog.chunks import chunks
from bot.catalog.stored import passage_places, unpack_passages
from bot.search.text import fold
from bot.story import Passage

EXCERPT_CHARS = 450
KEPT_STORIES = 5000  # stories whose passages and excerpts an engine keeps (a few MB)
_SENTENCE = re.compile(r"(?<=[.!?…\"”])\s+")


def body_text(conn: sqlite3.Connection, n: int, chars: int | None = None) -> str:
    """The story's body, or (with `chars`) its first `chars` characters, decompressing no more
    of it than that takes (a passage near the start of a long story reads a little)."""
    row = conn.execute("SELECT body FROM bodies WHERE story = ?", (n,)).fetchone()
    if not row:
        return ""
    if chars is None:
        return zlib.decompress(row[0]).decode("utf-8")
    data = zlib.decompressobj().decompress(row[0], 4 * chars)  # a character is <= 4 bytes
    return data.decode("utf-8", "ignore")[:chars]


def trim(text: str, limit: int = EXCERPT_CHARS) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit - 1)
    return text[:cut if cut > 0 else limit - 1].rstrip(",;:") + "…"


def window(text: str, words: list[str], limit: int = EXCERPT_CHARS) -> str:
    """The run of sentences around the first sentence holding most of the words."""
    sentences = [s for s in _SENTENCE.split(" ".join(text.split())) if s]
    if not sentences:
        return ""
    stems = [w[:5] for w in words if len(w) > 2]

    def hits(sentence: str) -> int:
        folded = fold(sentence)
        return sum(1 for s in stems if s in folded)

    best = max(range(len(sentences)), key=lambda i: (hits(sentences[i]), -i))
    start, end = best, best + 1
    while end < len(sentences) and len(" ".join(sentences[start:end + 1])) <= limit:
        end += 1
    while start > 0 and len(" ".join(sentences[start - 1:end])) <= limit:
        start -= 1
    return trim(" ".join(sentences[start:end]), limit)


def from_chunk(conn: sqlite3.Connection, n: int, chunk: int, words: list[str]) -> str:
    pieces = chunks(body_text(conn, n))
    return window(pieces[chunk], words) if 0 <= chunk < len(pieces) else ""


class Kept:
    """Stories' stored passages (the packed row and its places) and the excerpts cut from
    them, by story: what `from_passages` reads of a story that does not depend on the
    request. Cleared whole past `limit` stories (like the engine's cards)."""

    def __init__(self, limit: int = KEPT_STORIES) -> None:
        self.limit = limit
        self._places: dict[int, tuple[str | None, list[Passage]]] = {}
        self._excerpts: dict[tuple[int, int], str] = {}
        self._lock = threading.Lock()

    def places(self, conn: sqlite3.Connection, n: int) -> tuple[str | None, list[Passage]]:
        found = self._places.get(n)
        if found is None:
            found = _places(conn, n)
            with self._lock:
                if len(self._places) >= self.limit:
                    self._places.clear()
                    self._excerpts.clear()
                self._places[n] = found
        return found

    def excerpt(self, n: int, place: int) -> str | None:
        return self._excerpts.get((n, place))

    def keep(self, n: int, place: int, text: str) -> None:
        with self._lock:
            self._excerpts[(n, place)] = text

    def carry(self, other: Kept, numbers: AbstractSet[int]) -> None:
        """`other`'s passages and excerpts of these stories, kept here (Engine.carry)."""
        with other._lock:
            places = [(n, other._places[n]) for n in numbers if n in other._places]
            cut = [(key, text) for key, text in other._excerpts.items() if key[0] in numbers]
        with self._lock:
            if len(self._places) + len(places) > self.limit:
                return
            self._places.update(places)
            self._excerpts.update(cut)


def _places(conn: sqlite3.Connection, n: int) -> tuple[str | None, list[Passage]]:
    """A story's packed passages and their places (without their text)."""
    row = conn.execute("SELECT passages FROM understanding WHERE story = ?", (n,)).fetchone()
    packed = row[0] if row else None
    return packed, passage_places(packed)


def from_passages(conn: sqlite3.Connection, n: int, characters: set[str], moods: set[str],
                  words: list[str], kept: Kept | None = None) -> str:
    """The stored passage that fits the request best: its characters and mood, its score, and
    (for "about" words) the words it holds. The body is read only as far as needed; `kept`
    keeps a story's places and, without words, the excerpt of the place chosen."""
    packed, places = kept.places(conn, n) if kept is not None else _places(conn, n)
    stems = [w[:5] for w in words if len(w) > 2]
    if stems:  # every passage's text is needed to look for the words
        body = body_text(conn, n)
        places = unpack_passages(packed, body)
        return _best_of(conn, n, places, characters, moods, stems, words)
    chosen = _choose(places, characters, moods, stems)
    known = kept.excerpt(n, chosen) if kept is not None else None
    if known is None:
        known = _placed(conn, n, places[chosen] if chosen >= 0 else None)
        if kept is not None:
            kept.keep(n, chosen, known)
    return known


def _choose(places: list[Passage], characters: set[str], moods: set[str],
            stems: list[str]) -> int:
    """The index of the place that fits best (-1: there is none)."""
    best, best_score = -1, -1.0
    for i, passage in enumerate(places):
        folded = fold(passage.text) if stems else ""
        value = (2.0 * len(characters.intersection(passage.characters))
                 + 2.5 * (passage.mood in moods) + passage.score
                 + sum(1.5 for s in stems if s in folded))
        if value > best_score:
            best, best_score = i, value
    return best


def _placed(conn: sqlite3.Connection, n: int, best: Passage | None) -> str:
    """The excerpt at a place chosen without words: the body read up to its end (the
    opening when there is no place, or it points past the body)."""
    if best is not None:
        text = body_text(conn, n, best.end)
        if len(text) == best.end:
            return trim(text[best.start:] + best.text)
    return _opening(conn, n, [])


def _best_of(conn: sqlite3.Connection, n: int, places: list[Passage], characters: set[str],
             moods: set[str], stems: list[str], words: list[str]) -> str:
    """With words: the passage (its text read) that fits best, else the opening around them."""
    chosen = _choose(places, characters, moods, stems)
    if chosen >= 0:
        return trim(places[chosen].text)
    return _opening(conn, n, words)


def _opening(conn: sqlite3.Connection, n: int, words: list[str]) -> str:
    """The run of sentences near the story's start that holds most of the words."""
    body = body_text(conn, n)
    return window(body[:3000], words) if body else ""

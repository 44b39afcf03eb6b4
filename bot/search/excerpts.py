"""Picking the passage that fits a request: a body chunk for "about" words, else a stored one."""

from __future__ import annotations

import re
import sqlite3
import zlib

from bot.catalog.chunks import chunks
from bot.catalog.stored import passage_places, unpack_passages
from bot.search.text import fold

EXCERPT_CHARS = 450
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


def from_passages(conn: sqlite3.Connection, n: int, characters: set[str], moods: set[str],
                  words: list[str]) -> str:
    """The stored passage that fits the request best: its characters and mood, its score, and
    (for "about" words) the words it holds. The body is read only as far as needed."""
    row = conn.execute("SELECT passages FROM understanding WHERE story = ?", (n,)).fetchone()
    places = passage_places(row[0] if row else None)
    stems = [w[:5] for w in words if len(w) > 2]
    if stems:  # every passage's text is needed to look for the words
        body = body_text(conn, n)
        places = unpack_passages(row[0] if row else None, body)
    best, best_score = None, -1.0
    for passage in places:
        folded = fold(passage.text) if stems else ""
        value = (2.0 * len(characters.intersection(passage.characters))
                 + 2.5 * (passage.mood in moods) + passage.score
                 + sum(1.5 for s in stems if s in folded))
        if value > best_score:
            best, best_score = passage, value
    if best is not None and not stems:
        text = body_text(conn, n, best.end)
        if len(text) == best.end:
            return trim(text[best.start:] + best.text)
        best = None  # it points past the body: fall back on the opening
    if best is not None:
        return trim(best.text)
    body = body_text(conn, n)
    return window(body[:3000], words) if body else ""

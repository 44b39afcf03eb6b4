"""The ranked title query's first rows, made from each word's own rows kept by the engine.

A request's rare words find titles through an OR of one phrase per word, best first by FTS5's
bm25, of which the first 100 are read. FTS5 scores every title holding any of the words for
that, reading each one's size row by row (4-12 ms at a million stories, most of the slowest
requests' title lookup). A title's bm25 for an OR of phrases is a sum, phrase by phrase, of
what that phrase alone gives it: the phrase's weight (from how many titles hold it) times a
share from the title's own size, zero where the title lacks the phrase. Each is fixed by the
catalog, which never changes under its engine: a word's titles with its share are read once
(the phrase alone, ranked by FTS5 itself), and a request adds the shares in the phrases' order
(the same floating-point sum FTS5 makes) and orders them as FTS5 does: best first, ties by
row id.
"""

from __future__ import annotations

import heapq
import sqlite3
import threading
from array import array

WORD_ROWS = 5000  # a word held by more titles is not kept (the query then runs in SQLite)
KEPT_ROWS = 300_000  # rows kept per engine, all words together (16 bytes each)
_UNREAD = (array("q"), array("d"))  # a phrase not read yet (None: read, too common to keep)


class TitleRanks:
    """Each title phrase's rows and bm25 shares, by phrase (bounded: cleared when full)."""

    def __init__(self, limit: int = KEPT_ROWS) -> None:
        self.limit = limit
        self._kept: dict[str, tuple[array, array] | None] = {}
        self._rows = 0
        self._lock = threading.Lock()

    def rows(self) -> int:
        return self._rows

    def first(self, conn: sqlite3.Connection, phrases: list[str],
              limit: int) -> list[int] | None:
        """The row ids `SELECT rowid FROM title_fts WHERE title_fts MATCH <the phrases OR'ed>
        ORDER BY rank LIMIT limit` gives, in its order; None when a phrase is too common to
        keep (the caller asks SQLite)."""
        score: dict[int, float] = {}
        for phrase in phrases:
            found = self._phrase(conn, phrase)
            if found is None:
                return None
            ids, shares = found
            for n, share in zip(ids, shares):
                score[n] = score.get(n, 0.0) + share
        # rank = -1.0 * score, ascending; equal ranks come out by row id
        return heapq.nsmallest(limit, score, key=lambda n: (-score[n], n))

    def _phrase(self, conn: sqlite3.Connection, phrase: str) -> tuple[array, array] | None:
        kept = self._kept.get(phrase, _UNREAD)  # (one look-up: another thread may clear)
        if kept is not _UNREAD:
            return kept
        ids, shares = array("q"), array("d")
        for n, rank in conn.execute("SELECT rowid, bm25(title_fts) FROM title_fts WHERE "
                                    "title_fts MATCH ? LIMIT ?", (phrase, WORD_ROWS + 1)):
            ids.append(n)
            shares.append(-rank)  # the phrase's share: bm25 alone is -1.0 * (0.0 + share)
        found = (ids, shares) if len(ids) <= WORD_ROWS else None
        rows = len(ids) if found else 0
        with self._lock:
            if self._rows + rows > self.limit:
                self._kept.clear()
                self._rows = 0
            self._kept[phrase] = found
            self._rows += rows
        return found

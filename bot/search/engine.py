"""The search core's API: one Engine per catalog file, safe across threads.

Vocabularies load once at `open` (small: names with counts, never every story); each thread
gets its own read-only SQLite connection. An Engine keeps working after a newer one replaces
it; `close` only stops new connections from being handed out once callers are done.
"""

from __future__ import annotations

import gc
import random
import sqlite3
import threading
import time
from pathlib import Path

from rapidfuzz import fuzz

from bot.catalog.export import open_readonly
from bot.knowledge import Knowledge
from bot.knowledge.view import from_knowledge
from bot.search import excerpts, lookups
from bot.search.autocomplete import Autocomplete
from bot.search.cards import load_cards
from bot.search.model import (
    AUTOCOMPLETE_KINDS,
    CatalogStats,
    CharacterReport,
    Filters,
    Match,
    PairingReport,
    SearchResult,
    StoryCard,
    Understood,
)
from bot.search.rank import Ranker, text_matches
from bot.search.request import Parsed, parse
from bot.search.text import fold
from bot.search.vocab import Vocabulary

ANY = Filters()  # the default: every rating, nothing excluded
CARD_CACHE = 5000  # cards kept in memory per engine (a few MB)

__all__ = ["ANY", "CatalogStats", "CharacterReport", "Engine", "Filters", "Match", "PairingReport",
           "SearchResult", "StoryCard", "Understood"]

class Engine:
    def __init__(self, catalog: Path, vocab: Vocabulary, total: int) -> None:
        self.catalog = Path(catalog)
        self.vocab = vocab
        self.total = total
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._closed = False
        self._autocomplete = Autocomplete(vocab, None)
        self._card_cache: dict[int, StoryCard] = {}

    @classmethod
    def open(cls, catalog: Path, knowledge: Knowledge | None = None) -> Engine:
        """Open a catalog (CatalogMissing / CatalogVersionError when it cannot be read) with
        the fandom knowledge its names come from (the bundled files unless given)."""
        if knowledge is None:
            knowledge = Knowledge.default()
        conn = open_readonly(Path(catalog))
        try:
            vocab = Vocabulary.load(conn, from_knowledge(knowledge))
            total = conn.execute("SELECT COUNT(*) FROM stories").fetchone()[0]
        finally:
            conn.close()
        engine = cls(Path(catalog), vocab, total)
        # The vocabularies are a few hundred thousand long-lived objects: a full cyclic GC pass
        # over them takes tens of milliseconds with the GIL held, which would stall the event
        # loop. Freezing moves them out of the collector's reach; they are still freed by
        # reference counting when an old Engine is dropped (they hold no cycles).
        gc.freeze()
        return engine

    def close(self) -> None:
        with self._lock:
            self._closed = True
            for conn in self._connections:
                conn.close()
            self._connections.clear()

    def _cards(self, conn: sqlite3.Connection, numbers: list[int]) -> dict[int, StoryCard]:
        """Cards by row id, from memory when shown before (a catalog never changes under its
        engine); the rest in one batch."""
        with self._lock:
            found = {n: self._card_cache[n] for n in numbers if n in self._card_cache}
        missing = [n for n in numbers if n not in found]
        if missing:
            loaded = load_cards(conn, missing)
            with self._lock:
                if len(self._card_cache) + len(loaded) > CARD_CACHE:
                    self._card_cache.clear()
                self._card_cache.update(loaded)
            found.update(loaded)
        return found

    def conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None or getattr(self._local, "closed_seen", False) != self._closed:
            conn = open_readonly(self.catalog)
            # A larger page cache per reader (16 MB): index pages stay hot between requests.
            conn.execute("PRAGMA cache_size = -16384")
            with self._lock:
                self._connections.append(conn)
            self._local.conn = conn
            self._local.closed_seen = self._closed
        return conn

    # -- recommendations ------------------------------------------------------------------
    def understand(self, request: str) -> Parsed:
        return parse(request, self.vocab)

    def recommend(self, request: str = "", *, pairing: str | None = None,
                  character: str | None = None, mood: str | None = None,
                  fandom: str | None = None, filters: Filters = ANY, limit: int = 5,
                  seed: int | None = None) -> SearchResult:
        started = time.perf_counter()
        extra = " ".join(p for p in (pairing, character, mood) if p)
        text = " ".join(p for p in (request or "", extra) if p)
        parsed = parse(text, self.vocab, self._is_text_word)
        for a, b in parsed.missing_members:  # no such pairing: stories with both of them
            parsed.characters += [(a, 0.8), (b, 0.8)]
        if fandom:
            for name, confidence in parse(f"in {fandom}", self.vocab).fandoms:
                if name not in [f for f, _c in parsed.fandoms]:
                    parsed.fandoms.append((name, confidence))
        conn = self.conn()
        titles = self._titles(conn, parsed)
        text_scores = (text_matches(conn, parsed.free_words, self.total)
                       if parsed.free_words else {})
        hard_fandoms = tuple(f for f, c in parsed.fandoms if c >= 0.85)
        effective = Filters(
            rating_max=filters.rating_max,
            complete_only=filters.complete_only or parsed.complete_only,
            min_words=filters.min_words, max_words=filters.max_words,
            fandoms=filters.fandoms or hard_fandoms,
            exclude_tags=filters.exclude_tags, exclude_characters=filters.exclude_characters,
            exclude_ids=filters.exclude_ids)
        ranker = Ranker(conn, parsed, effective, seed, self.total)
        ranker.counts = self.vocab.counts.get("fandom", {})
        ranker.gather(titles, text_scores)
        ranker.score()
        ranker.exclude(effective.exclude_ids, list(effective.exclude_characters),
                       [*effective.exclude_tags, *parsed.exclude_tags], parsed.exclude_moods,
                       parsed.exclude_relationships, parsed.exclude_characters)
        top = ranker.ranked(max(1, min(limit, 50)))
        cards = self._cards(conn, [c.n for c in top])
        wanted_chars = parsed.named_characters()
        moods = {m for m, _c in parsed.moods}
        matches = []
        for cand in top:
            card = cards.get(cand.n)
            if card is None:
                continue
            excerpt = ""
            if cand.chunk is not None:
                excerpt = excerpts.from_chunk(conn, cand.n, cand.chunk, parsed.free_words)
            if not excerpt:
                excerpt = excerpts.from_passages(conn, cand.n, wanted_chars, moods,
                                                 parsed.free_words)
            matches.append(Match(card, round(cand.score, 3), tuple(cand.reasons), excerpt))
        understood = self._understood(parsed, titles, cards)
        alternatives = (lookups.alternatives(conn, self.vocab, parsed, effective, understood)
                        if not matches or parsed.missing_members else ())
        return SearchResult(text, understood, tuple(matches), tuple(alternatives),
                            round((time.perf_counter() - started) * 1000, 3))

    def _titles(self, conn: sqlite3.Connection, parsed: Parsed) -> dict[int, float]:
        """Stories whose title the request spells (typos allowed), with a similarity 0..1."""
        out = lookups.title_scores(conn, parsed.title_words, " ".join(fold(parsed.text).split()),
                                   vocab=self.vocab)
        if out:  # title words are the title, not "about" words
            title_words = [w for n in out for w in fold(self._title(conn, n)).split()]
            parsed.free_words = [w for w in parsed.free_words
                                 if not any(fuzz.ratio(w, t) >= 75 for t in title_words)]
        return out

    @staticmethod
    def _title(conn: sqlite3.Connection, n: int) -> str:
        row = conn.execute("SELECT title FROM stories WHERE n = ?", (n,)).fetchone()
        return (row[0] or "") if row else ""

    @staticmethod
    def _understood(parsed: Parsed, titles: dict[int, float],
                    cards: dict[int, StoryCard]) -> Understood:
        title_items = tuple((cards[n].title or "", s) for n, s in
                            sorted(titles.items(), key=lambda t: -t[1]) if n in cards)
        return Understood(
            relationships=tuple((k, c) for k, c, _kind in parsed.relationships),
            characters=tuple(parsed.characters), moods=tuple(parsed.moods),
            fandoms=tuple(parsed.fandoms), titles=title_items[:3],
            authors=tuple(parsed.authors), free_text=parsed.free_text,
            exclusions=tuple(parsed.exclusions))

    def _is_text_word(self, word: str) -> bool:
        """Whether a word occurs in any story's text (then it is no typo of a name)."""
        query = '"' + word.replace('"', '""') + '"'
        conn = self.conn()
        return any(conn.execute(f"SELECT 1 FROM {table} WHERE {table} MATCH ? LIMIT 1",
                                (query,)).fetchone() for table in ("body_fts", "story_fts"))

    # -- lookups --------------------------------------------------------------------------
    def pairing(self, text: str, filters: Filters = ANY, offset: int = 0,
                limit: int = 10) -> PairingReport:
        return lookups.pairing(self.conn(), self.vocab, text, filters, offset, limit)

    def character(self, text: str, filters: Filters = ANY, offset: int = 0,
                  limit: int = 10) -> CharacterReport:
        return lookups.character(self.conn(), self.vocab, text, filters, offset, limit)

    def by_mood(self, mood: str, filters: Filters = ANY, offset: int = 0,
                limit: int = 10) -> tuple[int, tuple[StoryCard, ...]]:
        return lookups.by_mood(self.conn(), self.vocab, mood, filters, offset, limit)

    def random(self, filters: Filters = ANY, *, fandom: str | None = None,
               mood: str | None = None, rng: random.Random | None = None) -> StoryCard | None:
        return lookups.random_pick(self.conn(), self.vocab, filters, fandom, mood,
                                   rng or random.Random())

    def story(self, story_id: str) -> StoryCard | None:
        conn = self.conn()
        row = conn.execute("SELECT n FROM stories WHERE id = ?", (story_id,)).fetchone()
        return load_cards(conn, [row[0]]).get(row[0]) if row else None

    def find_title(self, text: str, filters: Filters = ANY) -> StoryCard | None:
        return lookups.find_title(self.conn(), self.vocab, text, filters)

    def excerpt(self, story_id: str, request: str = "") -> str:
        conn = self.conn()
        row = conn.execute("SELECT n FROM stories WHERE id = ?", (story_id,)).fetchone()
        if row is None:
            return ""
        parsed = parse(request, self.vocab)
        chars = parsed.named_characters()
        return excerpts.from_passages(conn, row[0], chars, {m for m, _c in parsed.moods},
                                      parsed.free_words)

    def body(self, story_id: str) -> str:
        conn = self.conn()
        row = conn.execute("SELECT n FROM stories WHERE id = ?", (story_id,)).fetchone()
        return excerpts.body_text(conn, row[0]) if row else ""

    def autocomplete(self, kind: str, partial: str, filters: Filters = ANY,
                     limit: int = 25) -> list[tuple[str, str]]:
        if kind not in AUTOCOMPLETE_KINDS:
            return []
        if kind == "title":
            return lookups.title_suggestions(self.conn(), self.vocab, partial, filters,
                                             max(1, min(limit, 25)))
        return self._autocomplete.suggest(kind, partial, limit,
                                          safe=filters.rating_max != "explicit")

    def eligible_ids(self, filters: Filters) -> list[str]:
        return lookups.eligible_ids(self.conn(), filters)

    def stats(self) -> CatalogStats:
        return lookups.stats(self.conn(), self.vocab)

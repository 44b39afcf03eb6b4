"""The search core's API: one Engine per catalog file, safe across threads.

Vocabularies load once at `open` (small: names with counts, never every story); each thread
gets its own read-only SQLite connection. An Engine keeps working after a newer one replaces
it; `close` only stops new connections from being handed out once callers are done.
"""

from __future__ import annotations

import functools
import gc
import json
import random
import sqlite3
import threading
import time
from collections.abc import Collection, Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from rapidfuzz import fuzz

from bot.catalog.export import CatalogDamaged, CatalogMissing, open_readonly
from bot.catalog.schema import CatalogVersionError
from bot.knowledge import Knowledge
from bot.search import collector, excerpts, lookups
from bot.search.autocomplete import Autocomplete
from bot.search.cards import load_cards
from bot.search.exclusions import Covered, Excluded, Resolver
from bot.search.facts import FactCache
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
from bot.search.parts import Part
from bot.search.rank import (
    Candidate,
    Ranker,
    Sources,
    category_keys,
    filter_sql,
    ranked_places,
)
from bot.search.request import Parsed, parse
from bot.search.text import fold
from bot.search.titlerank import TitleRanks
from bot.search.vocab import Vocabulary, known_names
from bot.search.wordsearch import Probes, WordHits, searched, word_matches
from bot.vocabulary import allowed, rating_level

ANY = Filters()  # the default: every rating, nothing excluded
HIDDEN_PER_SOURCE = 40  # counting the stories above a ceiling reads less than answering
CARD_CACHE = 5000  # cards kept in memory per engine (a few MB)
TITLES_KEPT = 20000  # titles kept from the title lookups (a few MB), then read afresh
FILTERS_KEPT = 256  # filters whose SQL is kept per engine
# the full-text tables a search reads: each is set up on a connection's first statement on it
FULL_TEXT = ("story_fts", "title_fts", "body_fts")

__all__ = ["ANY", "CatalogStats", "CharacterReport", "Engine", "Filters", "Match", "PairingReport",
           "SearchResult", "StoryCard", "Understood"]

def _since(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 3)


def _where(filters: Filters) -> tuple[str, tuple]:
    """The filters' WHERE fragment and its parameters (a tuple: kept and shared)."""
    where, params = filter_sql(filters)
    return where, tuple(params)


def _above(filters: Filters) -> Filters:
    return replace(filters, above=True)


def _set_up_full_text(conn: sqlite3.Connection) -> None:
    """Set up each full-text table on the connection now: SQLite does it on a connection's
    first statement on the table (FTS5 reads its configuration and index structure), which
    cost the first search on a server's new shelf engine ~0.5 ms (a third of what a shelf
    change added to it, 16aa). Done where the engine opens (a shelf's build, off the
    searches), with a look-up of a word no story holds (it reads the index's structure)."""
    for table in FULL_TEXT:
        conn.execute(f"SELECT rowid FROM {table} WHERE {table} MATCH 'qqzx' LIMIT 1").fetchall()


def _inode(path: Path) -> tuple[int, int] | None:
    """Which file is at `path` now (None: none)."""
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_dev, st.st_ino)


class _Rules:
    """Exclusion rules resolved against a catalog's vocabulary, the resolver made on first use.
    Apart from the Engine, so that the engine's cache of what each rule covers holds no
    reference back to it: that cycle kept every retired engine (a server's shelf retires one
    on each change) alive until the collector's next pass over its generation, and each pass
    until then walked its vocabulary (tens of thousands of entries, the GIL held)."""

    def __init__(self, vocab: Vocabulary) -> None:
        self.vocab = vocab
        self._lock = threading.Lock()
        self._resolver: Resolver | None = None

    def resolver(self) -> Resolver:
        with self._lock:
            if self._resolver is None:
                self._resolver = Resolver(self.vocab)
            return self._resolver

    def covered(self, kind: str, text: str) -> Covered:
        return self.resolver().resolve(kind, text)


class Engine:
    def __init__(self, catalog: Path, vocab: Vocabulary, total: int,
                 anchor: sqlite3.Connection, inode: tuple[int, int] | None, *,
                 suggestions: bool = True, one_connection: bool = False) -> None:
        self.catalog = Path(catalog)
        self.vocab = vocab
        self.total = total
        self._local = threading.local()
        # The file this engine loaded, held open: each thread reads through a connection of
        # its own, opened by path while the path still holds that file; once another file was
        # moved over it (a rebuild, or a bad copy), threads share this one (SQLite serializes
        # it), so every request reads the catalog the vocabularies came from.
        self._anchor = anchor
        self._inode = inode
        self._connections: list[sqlite3.Connection] = [anchor]
        self._one_connection = one_connection  # every thread reads through the anchor
        self._lock = threading.Lock()
        self._closed = False
        # names suggested from memory on the event loop: built here, never during a call
        self._autocomplete = Autocomplete(vocab, None) if suggestions else None
        self._categories: dict[str, list[str]] | None = None  # made on first use
        self._card_cache: dict[int, StoryCard] = {}
        self._facts = FactCache()  # candidates' fact rows, by story (the catalog is fixed)
        self._probes = Probes()  # the word probes' answers, by query
        self._sources = Sources()  # the candidate sources' stories, by query
        # each rare title word's titles and bm25 shares; none for a small catalog opened often
        # (a server's shelf): FTS5 ranks its few hundred titles at once, where this cache,
        # lost on each change, cost the first search after it a query per rare word (16aa)
        self._title_ranks = None if one_connection else TitleRanks()
        self._title_text: dict[int, str] = {}  # titles the title lookup read, by story
        self._kept = excerpts.Kept()  # stories' passages and their excerpts, as cut
        self._rules = _Rules(vocab)  # its resolver made on the first exclusion
        # what each rule covers in this catalog: rules are few and shared by many people
        self.covered = functools.lru_cache(maxsize=4096)(self._rules.covered)
        # Made once per filters, not per request: a place's filters repeat request after
        # request (its ceiling, its exclusions), and their SQL and the "above the ceiling"
        # variant depend on nothing else. Bounded: a member's seen stories make new ones.
        self._where = functools.lru_cache(maxsize=FILTERS_KEPT)(_where)
        self._above = functools.lru_cache(maxsize=FILTERS_KEPT)(_above)

    @classmethod
    def open(cls, catalog: Path, knowledge: Knowledge | None = None, *,
             suggestions: bool = True, one_connection: bool = False,
             freeze: bool = True, previous: Engine | None = None,
             change: Mapping[str, Mapping[str, int | None]] | None = None) -> Engine:
        """Open a catalog (CatalogMissing / CatalogVersionError when it cannot be read) with
        the fandom knowledge its names come from (the bundled files unless given).
        `suggestions=False` for a catalog names are not suggested from (a server's shelf:
        the main catalog's are): its suggestion index is then built only if ever asked.
        `one_connection` for a small catalog opened often (a server's shelf, on each change):
        every thread reads through the connection it was opened with (SQLite serializes them),
        so a new engine's first search on each thread opens no connection and reads no schema.
        `freeze=False` for a small catalog opened often (a server's shelf): its few objects
        need no freeze, and a freeze would also make permanent whatever other threads hold at
        that moment (a search's garbage cycles, never collected then). `previous`: the engine
        of an earlier file of the same catalog (a server's shelf before its change), whose
        vocabulary is taken over and completed with what changed (`Vocabulary.load`); `change`:
        the vocabulary rows this file's writer changed from `previous`'s file (a shelf's build,
        bot.catalog.shelf), so that none is read to find them."""
        if knowledge is None:
            knowledge = Knowledge.default()
        inode = _inode(Path(catalog))
        conn = open_readonly(Path(catalog))
        try:
            if _inode(Path(catalog)) != inode:
                raise CatalogDamaged(f"{catalog} was replaced while it was being opened")
            vocab = Vocabulary.load(conn, known_names(knowledge),
                                    previous.vocab if previous is not None else None,
                                    change if previous is not None else None)
            total = conn.execute("SELECT COUNT(*) FROM stories").fetchone()[0]
        except sqlite3.DatabaseError as exc:  # a header that reads, pages that do not
            conn.close()
            raise CatalogDamaged(f"{catalog} is damaged ({exc})") from None
        except BaseException:
            conn.close()
            raise
        engine = cls(Path(catalog), vocab, total, conn, inode, suggestions=suggestions,
                     one_connection=one_connection)
        if one_connection:
            _set_up_full_text(conn)
        # The vocabularies are a few hundred thousand long-lived objects: a full cyclic GC pass
        # over them takes tens of milliseconds with the GIL held, which would stall the event
        # loop. Freezing moves them out of the collector's reach; they are still freed by
        # reference counting when an old Engine is dropped (they hold no cycles).
        if freeze:
            gc.freeze()
            collector.rare_full_passes()
        return engine

    def close(self) -> None:
        with self._lock:
            self._closed = True
            for conn in self._connections:
                conn.close()
            self._connections.clear()

    def carry(self, previous: Engine, story_ids: Collection[str]) -> None:
        """Keep what `previous` read of these stories (cards, fact rows, passages, excerpts,
        titles, word probes' answers) as if read here. Only for stories whose rows in this
        engine's file are a copy of theirs in `previous`'s, row ids included (a server's
        shelf built from its last build plus a change): a new shelf's first searches then
        read only what changed."""
        wanted = list(story_ids)
        numbers = {n for n, in self.conn().execute(
            "SELECT n FROM stories WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps(wanted),))}
        if not numbers:
            return
        # the probes' answers too, each completed on use by probing the stories not copied
        self._probes.carry(previous._probes, numbers,
                           {n for n, in self.conn().execute("SELECT n FROM stories")})
        with previous._lock:
            cards = [(n, card) for n, card in previous._card_cache.items() if n in numbers]
        with self._lock:
            if len(self._card_cache) + len(cards) <= CARD_CACHE:
                self._card_cache.update(cards)
        self._facts.carry(previous._facts, numbers)
        self._kept.carry(previous._kept, numbers)
        titles = list(previous._title_text.items())  # one C call: no thread adds meanwhile
        self._title_text.update((n, title) for n, title in titles if n in numbers)

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
        if self._one_connection:
            return self._anchor
        conn = getattr(self._local, "conn", None)
        if conn is None or getattr(self._local, "closed_seen", False) != self._closed:
            conn = self._own_connection() or self._anchor
            self._local.conn = conn
            self._local.closed_seen = self._closed
        return conn

    def _own_connection(self) -> sqlite3.Connection | None:
        """A connection of this thread's to this engine's file; None once the path holds
        another file (checked after opening: the connection must be to the file loaded)."""
        if _inode(self.catalog) != self._inode:
            return None
        try:
            conn = open_readonly(self.catalog)
        except (CatalogMissing, CatalogVersionError):
            return None
        if _inode(self.catalog) != self._inode:
            conn.close()
            return None
        # A larger page cache per reader (16 MB): index pages stay hot between requests.
        conn.execute("PRAGMA cache_size = -16384")
        with self._lock:
            self._connections.append(conn)
        return conn

    # -- recommendations ------------------------------------------------------------------
    def understand(self, request: str) -> Parsed:
        return self._parse(request, with_text=False)

    def _parse(self, text: str, *, with_text: bool = True) -> Parsed:
        """A request read against the vocabulary, and "fandoms with vampires" against the
        catalog (the fandoms whose stories hold one)."""
        parsed = parse(text, self.vocab, self._is_text_word if with_text else None)
        if parsed.being_fandoms:
            lookups.being_fandoms(self.conn(), self.vocab, parsed)
        return parsed

    def recommend(self, request: str = "", *, pairing: str | None = None,
                  character: str | None = None, mood: str | None = None,
                  fandom: str | None = None, filters: Filters = ANY, limit: int = 5,
                  seed: int | None = None) -> SearchResult:
        started = time.perf_counter()
        extra = " ".join(p for p in (pairing, character, mood) if p)
        text = " ".join(p for p in (request or "", extra) if p)
        parsed = self._parse(text)
        conn = self.conn()
        if fandom:
            named = self._fandom_option(fandom)
            if named is None:
                return SearchResult(text, self._understood(parsed, {}, {}), (),
                                    (lookups.unknown_fandom(self.vocab, fandom),),
                                    _since(started), parts=(fandom,))
            if named not in [f for f, _c in parsed.fandoms]:
                parsed.fandoms.append((named, 1.0))
                parsed.note("fandom", named, False, 1000, fandom)
        unexplained = bool(parsed.free_words)
        titles = self._titles(conn, parsed)
        if unexplained and not fandom:
            parsed, titles = self._whole_title(conn, parsed, titles)
        parts = parsed.parts() + self._title_parts(conn, titles)
        hits = word_matches(conn, [p for p in parts if searched(p)], self.total, self._probes)
        effective = self._effective(filters, parsed)
        ranker = self._ranker(conn, parsed, parts, effective, seed)
        ranker.gather(titles, hits)  # the filters' exclusions apply to every source
        shown = max(1, min(limit, 50))
        ranker.check(ranked_places(shown))  # only `ranked` reads its candidates
        top = ranker.ranked(shown, settle=True)
        matches = self._matches(conn, parsed, top)
        hidden: tuple[tuple[str, int], ...] = ()
        if (not matches or matches[0].unmet) and parts and effective.rating_max != "explicit":
            hidden = self._hidden(ranker, effective, titles, hits,
                                  top[0].met_weight if top else 0.0)
        understood = self._understood(parsed, titles, {}, parts)
        missing = lookups.missing_parts(self.vocab, parsed, parts, hits)
        alternatives = []
        if not matches or parsed.missing_members:
            alternatives += lookups.alternatives(conn, self.vocab, parsed, effective, parts,
                                                 explained=bool(missing))
        alternatives[len(alternatives) and 1:1] = missing
        return SearchResult(text, understood, tuple(matches),
                            tuple(dict.fromkeys(alternatives)), _since(started),
                            parts=tuple(p.shown() for p in parts),
                            not_understood=tuple(p.label for p in parts
                                                 if p.kind == "word" and p.key in hits.absent
                                                 and not p.negated),
                            hidden=hidden)

    def parts_of(self, request: str) -> list[Part]:
        """A request's parts as `recommend` reads them (titles aside)."""
        return self._parse(request).parts()

    def _fandom_option(self, fandom: str) -> str | None:
        """The catalog's fandom a `fandom` option names, or None when it holds no such
        fandom (then the answer says so instead of ignoring the option)."""
        counts = self.vocab.counts.get("fandom", {})
        if fandom in counts:
            return fandom
        for name, _confidence in parse(f"in {fandom}", self.vocab).fandoms:
            if counts.get(name, 0) > 0:
                return name
        return None

    def _effective(self, filters: Filters, parsed: Parsed) -> Filters:
        """The caller's filters, narrowed by what the request itself says: a rating it will not
        go above ("nothing explicit"), a fandom it names surely. Where the caller shows
        not-rated stories, a ceiling that only leaves ratings out keeps those whose text reads
        within it ("isn't rated M" is no reason to hide a story that states no rating; "rated
        teen or lower" asks for a stated rating)."""
        hard_fandoms = tuple(f for f, c in parsed.fandoms if c >= 0.85)
        ceiling, not_rated = filters.rating_max, filters.not_rated
        if parsed.ceiling and not allowed(ceiling, parsed.ceiling):
            if parsed.ceiling_avoids and "not-rated" in filters.ratings():
                not_rated = "estimate"
            ceiling = parsed.ceiling
        if (ceiling == filters.rating_max and not_rated == filters.not_rated
                and (filters.fandoms or not hard_fandoms)):
            return filters  # the request narrows nothing (most): no copy made
        return replace(filters, rating_max=ceiling, not_rated=not_rated,
                       fandoms=filters.fandoms or hard_fandoms)

    def _ranker(self, conn: sqlite3.Connection, parsed: Parsed, parts: list[Part],
                filters: Filters, seed: int | None) -> Ranker:
        if self._categories is None and any(p.kind == "category" for p in parts):
            # made once, on a worker thread (a request's), never while the engine opens
            self._categories = category_keys(self.vocab.counts.get("relationship", {}),
                                             self.vocab.gender)
        ranker = Ranker(conn, parsed, parts, filters, seed, self.total, self.vocab.gender,
                        self._categories, self._facts, self._where(filters),
                        sources=self._sources)
        ranker.counts = self.vocab.counts.get("fandom", {})
        return ranker

    def _hidden(self, shown: Ranker, filters: Filters, titles: dict[int, float],
                hits: WordHits, shown_weight: float) -> tuple[tuple[str, int], ...]:
        """How many stories above the ceiling meet more of the request than anything shown
        (all of it, or more of it), by rating: never the stories themselves. Counted by a
        ranker of the same request (`shown`'s) over the filters above the ceiling."""
        above = self._above(filters)
        ranker = shown.over(above, self._where(above), HIDDEN_PER_SOURCE)
        ranker.gather(titles, hits)
        ranker.check()
        better = [c for c in ranker.candidates.values()
                  if c.meets_positive() and (not c.unmet or c.met_weight > shown_weight)]
        ranker.complete([c.n for c in better])
        counts: dict[str, int] = {}
        for cand in better:
            facts = ranker.facts[cand.n]
            rating = facts.rating
            if rating == "not-rated" and facts.estimate in {"mature", "explicit"}:
                rating = facts.estimate  # where it could be asked for, it reads as that
            counts[rating] = counts.get(rating, 0) + 1
        return tuple(sorted(counts.items(), key=lambda item: rating_level(item[0])))

    def _matches(self, conn: sqlite3.Connection, parsed: Parsed,
                 top: list[Candidate]) -> list[Match]:
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
                                                 parsed.free_words, self._kept)
            matches.append(Match(card, round(cand.score, 3), tuple(cand.reasons), excerpt,
                                 tuple(p.shown() for p in cand.met if p.kind != "order"),
                                 tuple(p.shown() for p in cand.unmet)))
        return matches

    def _title_parts(self, conn: sqlite3.Connection, titles: dict[int, float]) -> list[Part]:
        if not titles:
            return []
        title = self._title(conn, max(titles, key=lambda n: (titles[n], -n)))
        return [Part("title", title, title)]

    def _titles(self, conn: sqlite3.Connection, parsed: Parsed) -> dict[int, float]:
        """Stories whose title the request spells (typos allowed), with a similarity 0..1."""
        # a title of common words only ("What She Has") is looked for by all its words
        words = parsed.title_words
        if not words:
            common = [w for w in fold(parsed.text).split() if w.isalnum()]
            words = common if len(common) >= 2 and not parsed.has_parts() else []
        if len(self._title_text) > TITLES_KEPT:
            self._title_text.clear()
        out = lookups.title_scores(conn, words, fold(parsed.text), vocab=self.vocab,
                                   ranks=self._title_ranks, seen=self._title_text)
        if out:  # title words are the title, not "about" words
            title_words = [w for n in out for w in fold(self._title(conn, n)).split()]
            parsed.free_words = [w for w in parsed.free_words
                                 if not any(fuzz.ratio(w, t) >= 75 for t in title_words)]
        return out

    def _whole_title(self, conn: sqlite3.Connection, parsed: Parsed,
                     titles: dict[int, float]) -> tuple[Parsed, dict[int, float]]:
        """A request that is a story's whole title, with words its parts left unexplained
        ("Upload 10 Quiet Silver Zq10x"), asks for that story: its words are no mood or
        length, and a story whose title only lies inside it ("Silver") does not meet it."""
        wanted = fold(parsed.text)
        exact = {n: s for n, s in titles.items() if fold(self._title(conn, n)) == wanted}
        if not exact:
            return parsed, titles
        return Parsed(text=parsed.text), exact

    def _title(self, conn: sqlite3.Connection, n: int) -> str:
        """A story's title (from those the title lookup read, else from its row)."""
        title = self._title_text.get(n)
        if title is None:
            row = conn.execute("SELECT title FROM stories WHERE n = ?", (n,)).fetchone()
            title = (row[0] or "") if row else ""
        return title

    @staticmethod
    def _understood(parsed: Parsed, titles: dict[int, float],
                    cards: dict[int, StoryCard], parts: list[Part] | None = None) -> Understood:
        """`parts`: the request's parts when already made (they are made anew otherwise)."""
        title_items = tuple((cards[n].title or "", s) for n, s in
                            sorted(titles.items(), key=lambda t: -t[1]) if n in cards)
        return Understood(
            relationships=tuple((k, c) for k, c, _kind in parsed.relationships),
            characters=tuple(parsed.characters), moods=tuple(parsed.moods),
            fandoms=tuple(parsed.fandoms), titles=title_items[:3],
            authors=tuple(parsed.authors), free_text=parsed.free_text,
            exclusions=tuple(p.shown() for p in (parsed.parts() if parts is None else parts)
                             if p.negated))

    def _is_text_word(self, word: str) -> bool:
        """Whether a word occurs in any story's text (then it is no typo of a name)."""
        query = '"' + word.replace('"', '""') + '"'
        conn = self.conn()
        return any(conn.execute(f"SELECT 1 FROM {table} WHERE {table} MATCH ? LIMIT 1",
                                (query,)).fetchone() for table in ("body_fts", "story_fts"))

    # -- lookups --------------------------------------------------------------------------
    # `ranked`: see lookups._page (the lists of two engines merged into one)
    def pairing(self, text: str, filters: Filters = ANY, offset: int = 0,
                limit: int = 10, order: str = "best",
                ranked: lookups.Ranked | None = None) -> PairingReport:
        return lookups.pairing(self.conn(), self.vocab, text, filters, offset, limit, order,
                               ranked)

    def character(self, text: str, filters: Filters = ANY, offset: int = 0,
                  limit: int = 10, order: str = "best",
                  ranked: lookups.Ranked | None = None) -> CharacterReport:
        return lookups.character(self.conn(), self.vocab, text, filters, offset, limit, order,
                                 ranked)

    def by_mood(self, mood: str, filters: Filters = ANY, offset: int = 0,
                limit: int = 10, order: str = "best", ranked: lookups.Ranked | None = None
                ) -> tuple[int, tuple[StoryCard, ...]]:
        return lookups.by_mood(self.conn(), self.vocab, mood, filters, offset, limit, order,
                               ranked)

    def cards(self, numbers: list[int]) -> dict[int, StoryCard]:
        """Cards by row id (of a `ranked` list)."""
        return self._cards(self.conn(), numbers)

    def random(self, filters: Filters = ANY, *, fandom: str | None = None,
               mood: str | None = None, rng: random.Random | None = None) -> StoryCard | None:
        return lookups.random_pick(self.conn(), self.vocab, filters, fandom, mood,
                                   rng or random.Random())

    def story(self, story_id: str) -> StoryCard | None:
        conn = self.conn()
        row = conn.execute("SELECT n FROM stories WHERE id = ?", (story_id,)).fetchone()
        return load_cards(conn, [row[0]]).get(row[0]) if row else None

    def story_with_keys(self, keys: Sequence[str]) -> str | None:
        """The id of the story any of these identity keys names (ingest's "same story")."""
        conn = self.conn()
        for key in keys:
            row = conn.execute("SELECT s.id FROM story_keys k JOIN stories s ON s.n = k.story "
                               "WHERE k.key = ?", (key,)).fetchone()
            if row:
                return str(row[0])
        return None

    def find_title(self, text: str, filters: Filters = ANY) -> StoryCard | None:
        return lookups.find_title(self.conn(), self.vocab, text, filters, self._title_ranks)

    def excerpt(self, story_id: str, request: str = "") -> str:
        conn = self.conn()
        row = conn.execute("SELECT n FROM stories WHERE id = ?", (story_id,)).fetchone()
        if row is None:
            return ""
        parsed = parse(request, self.vocab)
        chars = parsed.named_characters()
        return excerpts.from_passages(conn, row[0], chars, {m for m, _c in parsed.moods},
                                      parsed.free_words, self._kept)

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
        safe = filters.rating_max != "explicit"
        if not (filters.exclude_characters or filters.exclude_pairings
                or filters.exclude_fandoms):
            return self._suggestions().suggest(kind, partial, limit, safe=safe)
        # names the filters exclude lead nowhere: not offered
        excluded = Excluded(characters=frozenset(filters.exclude_characters),
                            pairings=frozenset(filters.exclude_pairings),
                            fandoms=frozenset(filters.exclude_fandoms))
        found = self._suggestions().suggest(kind, partial, 25, safe=safe)
        return [(label, value) for label, value in found
                if not excluded.blocks_name(kind, value)][:limit]

    def _suggestions(self) -> Autocomplete:
        with self._lock:
            if self._autocomplete is None:
                self._autocomplete = Autocomplete(self.vocab, None)
            return self._autocomplete

    # -- exclusions -------------------------------------------------------------------------
    def tag_suggestions(self, partial: str, limit: int = 25) -> list[tuple[str, int]]:
        """Catalog tags (warnings too) for what is being typed, with their story counts."""
        counts = self.vocab.counts.get("tag", {})
        return [(tag, counts.get(tag, 0))
                for tag in self._rules.resolver().suggest_tags(partial[:100], limit)]

    def exclusions(self, rules: Sequence[tuple[str, str]]) -> Excluded:
        """Rules (kind, text as typed) as the concrete names the search filters out."""
        return Excluded.of(self.covered(kind, text) for kind, text in rules)

    def excluded_count(self, covered: Covered) -> int:
        """How many stories one rule keeps out (each through its name's index)."""
        conn = self.conn()
        counts = [("SELECT story FROM tags WHERE tag = ? COLLATE NOCASE", covered.tags),
                  ("SELECT story FROM characters WHERE name = ?", covered.characters),
                  ("SELECT story FROM relationships WHERE key = ?", covered.pairings),
                  ("SELECT story FROM fandoms WHERE name = ?", covered.fandoms),
                  ("SELECT n FROM stories WHERE id = ?", covered.stories)]
        found: set[int] = set()
        for sql, names in counts:
            for name in names:
                found.update(r[0] for r in conn.execute(sql, (name,)))
        return len(found)

    def eligible_ids(self, filters: Filters) -> list[str]:
        return lookups.eligible_ids(self.conn(), filters)

    def stats(self) -> CatalogStats:
        return lookups.stats(self.conn(), self.vocab)

"""Candidates from indexed SQL, checked against every part of the request, then ordered.

Each part of the request (pairing, character, mood, fandom, author, tag, title, words, and the
everyday ones: category, status, length, rating) fetches a bounded set of candidate stories
through its own index (never a sort over everything). Every candidate's facts are then loaded
in one query per table, and each candidate is checked against every part: what it meets and
what it does not. Results are ordered by what they meet (names before moods, lengths and
words; an excluded thing counts less than an asked one; a word only the body holds, or one
most stories hold, counts half), then by how well: stated beats inferred, main pairing beats
background, a prominent character beats a cameo, mood scores and word hits (a BM25 in small)
count, with quality signals and a small seeded jitter to break ties. The top is made diverse:
no two stories by one author, or with nearly the same tags, in the first five.
"""

from __future__ import annotations

import math
import random
import sqlite3
from collections import defaultdict
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace

from bot.search.cards import ids_json, row_range
from bot.search.facts import FactCache, add_tables, load_facts, tables_for
from bot.search.model import Filters
from bot.search.parts import (
    TITLE_MET,
    Facts,
    Part,
    either_values,
    holds_tag,
    meeting,
    only_in_body,
    reasons,
)
from bot.search.request import Parsed
from bot.search.wordsearch import (
    BODY_SHARE,
    PER_SOURCE,
    WordHits,
    best_stories,
    fts_phrase,
    searched,
    settle,
    stem_prefix,
)
from bot.vocabulary import RATINGS, STATUSES, RelationshipKey

__all__ = ["Candidate", "Ranker", "Sources", "exclusion_sql", "filter_sql", "fts_phrase",
           "ranked_places", "stem_prefix"]

MOOD_WINDOW = 400
FAMILY_SHARE = 4  # a mood's family (bot/vocabulary.py MOOD_FAMILY) sources a quarter as many
POOL = 600  # candidates whose facts are loaded and checked
SCAN = 20000  # rows a scan for something no index holds may read
MANY_CHARACTERS = 16  # excluded names beyond which a story's own characters are read
NEGATED_WEIGHT = 0.5  # an excluded thing avoided counts less than any asked thing met
_SOFT = {"past": 0.55, "background": 0.5, "mentioned": 0.45, "implied": 0.6, "future": 0.6,
         "one-sided": 0.7, "pre-slash": 0.85}
_SUB = "(SELECT value FROM json_each(?))"
# Everyday parts with sources of their own (`_everyday_sources`), read when nothing else found
# a story meeting the whole request.
_EVERYDAY_SOURCED = {"category", "status", "length", "chapters", "crossover", "sex", "otp"}
# Parts judged from the word hits and title scores alone: a request of only these reads a
# candidate's own row only when it can reach the top (`Ranker.complete`).
_ROWLESS = frozenset({"word", "title"})
_CATEGORY_TAGS = {"m/m": "M/M", "f/f": "F/F", "f/m": "F/M", "gen": "Gen", "multi": "Multi"}
# The tie-break jitter of unseeded searches: one generator for all of them (seeding a new one
# read 2.5 KB from os.urandom and filled its state at every request).
_UNSEEDED = random.Random()
SOURCES_KEPT = 512  # sources' stories kept per engine (`Sources`: ~150 stories each)
_NO_HITS: dict[str, str] = {}  # a candidate no word probe found


@dataclass(slots=True)
class Candidate:
    n: int
    score: float = 0.0
    met: list[Part] = field(default_factory=list)
    unmet: list[Part] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    chunk: int | None = None  # body chunk that matched the free text
    order: float = 0.0  # "the longest": its place in the asked order

    met_weight: float = 0.0  # what it meets, weighed (set with `met`)
    level: float = 0.0  # `met_weight` as results are ordered by it (rounded)
    positive: bool = False  # it meets something asked for, not only something avoided
    jitter: float = 0.0  # its seeded tie-break, drawn when it is checked
    scored: bool = False  # `score` made (only for candidates that can reach the top)

    def meets_positive(self) -> bool:
        return self.positive


def filter_sql(filters: Filters, alias: str = "s") -> tuple[str, list]:
    """A WHERE fragment over `stories AS alias` for the filters (ids are checked later)."""
    ratings = filters.ratings()
    marks = ", ".join("?" * len(ratings))
    params: list = list(ratings)
    clause = f"{alias}.rating IN ({marks})"
    if "not-rated" in ratings and "explicit" not in ratings:  # bot.vocabulary.shown_rating
        clause = (f"({clause} AND NOT ({alias}.rating = 'not-rated' AND "
                  f"coalesce({alias}.estimate, '') = 'explicit'))")
    estimated = filters.estimated_ratings()
    if filters.above:  # only what the ceiling keeps out: for "how many are hidden"
        clause = f"NOT ({clause})"
        if estimated:
            clause += (f" AND NOT ({alias}.rating = 'not-rated' AND {alias}.estimate IN "
                       f"({', '.join('?' * len(estimated))}))")
            params += list(estimated)
    elif estimated:
        clause = (f"({clause} OR ({alias}.rating = 'not-rated' AND {alias}.estimate IN "
                  f"({', '.join('?' * len(estimated))})))")
        params += list(estimated)
    clauses = [clause]
    if filters.complete_only:
        clauses.append(f"{alias}.status = 'complete'")
    if filters.min_words is not None:
        clauses.append(f"{alias}.words >= ?")
        params.append(filters.min_words)
    if filters.max_words is not None:
        clauses.append(f"{alias}.words <= ?")
        params.append(filters.max_words)
    if filters.fandoms:
        clauses.append(f"EXISTS (SELECT 1 FROM fandoms fx WHERE fx.story = {alias}.n AND "
                       f"fx.name IN ({', '.join('?' * len(filters.fandoms))}))")
        params.extend(filters.fandoms)
    more, extra = exclusion_sql(filters, alias)
    return " AND ".join(clauses + more), params + extra


def _marks(values) -> str:
    return ", ".join("?" * len(values))


def exclusion_sql(filters: Filters, alias: str = "s") -> tuple[list[str], list]:
    """What the filters exclude (a server's or a member's exclusions, the stories already
    seen), as clauses over `stories AS alias`: each a seek on the story's own rows, so every
    source of candidates and every list obeys them. SQLite checks them in this order and stops
    at the first that excludes: the cheapest first (the story's own id, then its one or two
    pairings and fandoms, its characters by seek), its tags last (several rows, each lowered
    and looked up). A source whose stories are mostly excluded (a popular character when
    every ship with her is) reads hundreds of rows, most of them left out before their tags."""
    clauses: list[str] = []
    params: list = []
    if filters.exclude_ids:
        clauses.append(f"{alias}.id NOT IN ({_marks(filters.exclude_ids)})")
        params += sorted(filters.exclude_ids)
    for table, column, values in (("relationships", "key", filters.exclude_pairings),
                                  ("fandoms", "name", filters.exclude_fandoms),
                                  ("characters", "name", filters.exclude_characters)):
        if values:
            # A story holds a few pairings and fandoms: its own rows are read and checked
            # against the list ("+": not a seek per excluded name; a rule for every ship of
            # a character is dozens of keys, and a popular character's stories were read at
            # several seeks each). Characters are many a story: a seek per name, unless the
            # names outnumber them.
            scan = "+" if table != "characters" or len(values) > MANY_CHARACTERS else ""
            clauses.append(f"NOT EXISTS (SELECT 1 FROM {table} ex WHERE ex.story = {alias}.n "
                           f"AND {scan}ex.{column} IN ({_marks(values)}))")
            params += list(values)
    if filters.exclude_tags:
        folded = sorted({t.casefold() for t in filters.exclude_tags})
        clauses.append(f"NOT EXISTS (SELECT 1 FROM tags tx WHERE tx.story = {alias}.n AND "
                       f"lower(tx.tag) IN ({_marks(folded)}))")
        params += folded
    return clauses, params


class Sources:
    """The stories each candidate source found, by its SQL and parameters (a mood's best
    stories, a pairing's, a character's, under one set of filters), kept per engine: its
    catalog never changes, and the same sources are read request after request (the moods
    a plot request's words read as: ~0.3 ms of SQL each). Each is kept as the set first read
    and handed out as it is (read-only: its order, which candidates follow, is the one a
    fresh read gives). Bounded: cleared when full."""

    def __init__(self, limit: int = SOURCES_KEPT) -> None:
        self.limit = limit
        self._found: dict[tuple[str, tuple], AbstractSet[int]] = {}

    def ids(self, conn: sqlite3.Connection, sql: str, params: Sequence) -> AbstractSet[int]:
        """The first column of `sql`'s rows, as a set."""
        key = (sql, tuple(params))
        found = self._found.get(key)
        if found is None:
            found = {r[0] for r in conn.execute(sql, params)}
            if len(self._found) >= self.limit:
                self._found.clear()
            self._found[key] = found
        return found


class Reading:
    """What checking and scoring candidates needs of a request, made once per request (they
    run for hundreds of candidates): a recount of the request over other filters (the stories
    above the ceiling, `Ranker.over`) reads it from here instead of making it again."""

    def __init__(self, parsed: Parsed, parts: list[Part]) -> None:
        self.parsed, self.parts = parsed, parts
        # each part's weight when met, whether it is asked for, its word probe's key, and
        # its test (`meets`, made once)
        self.judged = [(part, NEGATED_WEIGHT if part.negated else part.weight,
                        not part.negated and part.kind != "order",
                        part.key if searched(part) and not part.negated else None,
                        meeting(part))
                       for part in parts]
        self.orders = [part.value for part in parts if part.kind == "order"]
        asked = dict(parsed.moods)
        self.mood_weights = [(mood, 25 * asked.get(mood, 0.9)) for mood in {
            mood for part in parts if part.kind == "mood" and not part.negated
            for mood in either_values(part)}]
        self._tables: tuple[set[str], set[str], set[str], list[str],
                            dict[str, list[str]]] | None = None

    def tables(self) -> tuple[set[str], set[str], set[str], list[str], dict[str, list[str]]]:
        """The pairings' members, the fact tables read for every candidate, those only scoring
        reads, the characters that score, and the names and keys those reads narrow to (made
        when first asked: a request whose sources found no story never needs them)."""
        if self._tables is None:
            parsed, parts = self.parsed, self.parts
            kinds = {p.kind for p in parts}
            members = {m for k, _c, _k in parsed.relationships
                       for m in RelationshipKey.parse(k).members}
            members |= {m for pair in parsed.missing_members for m in pair}
            beings = {name for part in parts for name in part.beings}
            tables = tables_for(kinds, bool(members or beings))
            # a pairing's members only score (no part asks for them): read for the scored few
            for_score = tables & {"characters"} if "character" not in kinds \
                and not beings else set()
            names = {v for p in parts if p.kind == "character" for v in either_values(p)}
            names |= beings
            only = {"characters": sorted(names | members)}
            if not kinds & {"category", "otp"}:  # these read every pairing of a story
                only["relationships"] = sorted({v for p in parts if p.kind == "pairing"
                                                for v in either_values(p)})
            self._tables = (members, tables - for_score, for_score,
                            list(set(dict(parsed.characters)) | members), only)
        return self._tables


class Ranker:
    def __init__(self, conn: sqlite3.Connection, parsed: Parsed, parts: list[Part],
                 filters: Filters, seed: int | None, total_stories: int,
                 gender: dict[str, str] | None = None,
                 category_keys: dict[str, list[str]] | None = None,
                 fact_cache: FactCache | None = None,
                 where: tuple[str, Sequence] | None = None,
                 reading: Reading | None = None, sources: Sources | None = None) -> None:
        """`where`: `filter_sql(filters)` when the caller keeps it (it depends only on them);
        `reading`: the request's `Reading` when already made (of these `parsed` and `parts`)."""
        self.conn, self.parsed, self.parts, self.filters = conn, parsed, parts, filters
        self.fact_cache = fact_cache  # the engine's rows of its stories' facts
        # the engine's sources' stories, as read
        self.sources = Sources() if sources is None else sources
        self.rng = _UNSEEDED if seed is None else random.Random(seed)
        self.total = max(total_stories, 1)
        self.where, self.params = where or filter_sql(filters)
        self.gender = gender or {}
        self.category_keys = category_keys or {}
        self.candidates: dict[int, Candidate] = {}
        self.facts: dict[int, Facts] = {}
        self.title_scores: dict[int, float] = {}
        self.words = WordHits()
        self.counts: dict[str, int] = {}  # story counts of requested fandoms
        self.members: set[str] = set()  # of the pairings asked for
        self.per_source = PER_SOURCE  # stories each source may add
        self._loaded: set[str] = set()  # the fact tables read for every candidate
        self._rowless: set[int] = set()  # candidates judged before their facts were read
        self._for_score: set[str] = set()  # tables only scoring reads (for the scored few)
        self._only: dict[str, list[str]] = {}  # the names and keys those reads narrow to
        self._everyday_read = False  # the everyday parts' own sources were read
        # `check(places)` left out candidates that could not be among these first: `ranked`
        # may order no more than these
        self._places: int | None = None
        self.reading = reading or Reading(parsed, parts)
        self._judged = self.reading.judged
        self._orders = self.reading.orders
        self._scored_names: list[str] = []  # characters that score (set in `check`)
        self._mood_weights = self.reading.mood_weights

    def over(self, filters: Filters, where: tuple[str, Sequence], per_source: int) -> Ranker:
        """A ranker of the same request over other filters (`where`: their SQL), unseeded,
        each source adding `per_source` stories: it reads the request from this one's
        `Reading`."""
        ranker = Ranker(self.conn, self.parsed, self.parts, filters, None, self.total,
                        self.gender, self.category_keys, self.fact_cache, where, self.reading,
                        self.sources)
        ranker.per_source = per_source
        ranker.counts = self.counts
        return ranker

    # -- candidate sources ----------------------------------------------------------------
    def _ids(self, sql: str, params: list, limit: int | None = None) -> AbstractSet[int]:
        limit = min(limit or self.per_source, self.per_source)
        return self.sources.ids(self.conn, f"{sql} AND {self.where} LIMIT {int(limit)}",
                                [*params, *self.params])

    def _mood_shares(self) -> dict[str, int]:
        """The moods asked, each with the stories it may bring: a mood's family ("dark":
        horror) adds a few of its stories, not as many."""
        shares: dict[str, int] = {}
        for part in self.parts:
            if part.kind == "mood" and not part.negated:
                for mood in either_values(part):
                    share = self.per_source if mood == part.value or part.value not in \
                        part.forms else max(1, self.per_source // FAMILY_SHARE)
                    shares[mood] = max(shares.get(mood, 0), share)
        return shares

    def gather(self, titles: dict[int, float], words: WordHits) -> None:
        p = self.parsed
        found: set[int] = set()
        pairings, characters, fandoms, tags = self._sought()
        for key in pairings:
            found |= self._ids("SELECT r.story FROM relationships r JOIN stories s ON "
                               "s.n = r.story WHERE r.key = ?", [key])
        for name in characters:
            found |= self.sources.ids(
                self.conn, "SELECT c.story FROM characters c JOIN stories s ON s.n = c.story "
                f"WHERE c.name = ? AND {self.where} ORDER BY c.prominence DESC LIMIT ?",
                [name, *self.params, self.per_source])
        for mood, share in self._mood_shares().items():
            # With a fandom filter, only the mood's best MOOD_WINDOW stories are looked at
            # (a bounded read); the fandom's own stories are added below.
            window = MOOD_WINDOW if self.filters.fandoms else share
            found |= self.sources.ids(
                self.conn, "SELECT s.n FROM (SELECT story FROM moods WHERE mood = ? ORDER BY "
                f"score DESC LIMIT ?) m CROSS JOIN stories s ON s.n = m.story WHERE {self.where}"
                " LIMIT ?", [mood, window, *self.params, share])
        only_fandom = not (p.relationships or p.characters or p.authors)
        for fandom in fandoms:
            if only_fandom or self.filters.fandoms:
                found |= self._ids("SELECT f.story FROM fandoms f JOIN stories s ON "
                                   "s.n = f.story WHERE f.name = ?", [fandom])
        for author, _conf in p.authors:
            found |= self._ids("SELECT a.story FROM authors a JOIN stories s ON s.n = a.story "
                               "WHERE a.name = ? COLLATE NOCASE", [author])
        for tag in tags:
            found |= self._ids("SELECT t.story FROM tags t JOIN stories s ON s.n = t.story "
                               "WHERE t.tag = ? COLLATE NOCASE", [tag])
        self.title_scores = titles
        self.words = words
        # a word most stories hold says little of a story: it counts half when met
        self._judged = [(part, weight * BODY_SHARE if self.words.faint(part.key) else weight,
                         asked, key, met_by) for part, weight, asked, key, met_by in self._judged]
        asked = {part.key for part in self.parts if not part.negated}
        extra = set(titles) | set(best_stories(words, asked, self.per_source))
        if extra:
            found |= {r[0] for r in self.conn.execute(  # CROSS JOIN: look ids up
                f"SELECT s.n FROM json_each(?) j CROSS JOIN stories s ON s.n = j.value "
                f"WHERE {self.where}", [ids_json(extra), *self.params])}
        if not found:  # nothing named: the everyday parts find stories ("m/m", "short")
            found |= self._everyday_sources()
            self._everyday_read = True
        if not found and (any(part.negated for part in self.parts) or p.ceiling
                          or not p.text.strip()) and not any(
                not part.negated and part.kind != "order" for part in self.parts):
            # nothing to look things up by ("anything but spuffy", "teen rated", an empty
            # request): a run of stories from a random place (a sort of the whole catalog
            # would read it all)
            low, high = row_range(self.conn)
            if low is not None and high is not None:
                start = self.rng.randint(low, high)
                for first, last in ((start, start + SCAN), (low, start)):  # then wrap round
                    found |= {r[0] for r in self.conn.execute(
                        "SELECT s.n FROM (SELECT n FROM stories WHERE n BETWEEN ? AND ? "
                        f"LIMIT {SCAN}) x CROSS JOIN stories s ON s.n = x.n WHERE {self.where} "
                        "LIMIT 200", [first, last, *self.params])}
                    if len(found) >= 200:
                        break
        self.candidates = {n: Candidate(n) for n in list(found)[:POOL * 2]}

    def _sought(self) -> tuple[list[str], list[str], list[str], list[str]]:
        """The pairings, characters, fandoms and tags the request looks stories up by. A name
        the filters exclude finds nothing (every story holding it is excluded): its query
        would read all of them only to say so (seconds for a popular ship at 1M), so it is
        left out."""
        p, ruled_out = self.parsed, self.filters
        folded = {t.casefold() for t in ruled_out.exclude_tags}
        wanted = [n for n, _c in p.characters] + [m for pair in p.missing_members for m in pair]
        wanted += [name for part in self.parts if not part.negated for name in part.beings]
        return ([key for key, _c, _k in p.relationships if key not in ruled_out.exclude_pairings],
                [n for n in dict.fromkeys(wanted) if n not in ruled_out.exclude_characters],
                [f for f, _c in p.fandoms if f not in ruled_out.exclude_fandoms],
                # (SQLite lowers ASCII only: another tag is left to its query)
                [t for t, _c in p.tags if not (t.isascii() and t.casefold() in folded)])

    def _everyday_sources(self) -> set[int]:
        """Stories for the everyday parts, each through an index or a short bounded scan."""
        found: set[int] = set()
        for part in self.parts:
            if part.negated:
                continue
            if part.kind == "category":
                for value in either_values(part):  # "gay": m/m or f/f
                    found |= self._ids("SELECT t.story FROM tags t JOIN stories s ON "
                                       "s.n = t.story WHERE t.tag = ? COLLATE NOCASE",
                                       [_CATEGORY_TAGS.get(value, value)])
                    keys = self.category_keys.get(value, [])[:20]
                    if keys:
                        found |= self._ids(
                            "SELECT r.story FROM relationships r JOIN stories s ON "
                            f"s.n = r.story WHERE r.key IN ({', '.join('?' * len(keys))})",
                            keys)
            elif part.kind in {"status", "length", "chapters"}:
                found |= self._by_index(part)
            elif part.kind == "rating":
                found |= self._ids("SELECT s.n FROM stories s WHERE s.rating = ?",
                                   [part.value])
            elif part.kind == "sex":  # explicit stories, and not-rated ones that read so
                for rating in ("explicit", "not-rated"):
                    found |= self._ids("SELECT s.n FROM stories s WHERE s.rating = ? AND "
                                       "coalesce(s.estimate, 'explicit') = 'explicit'",
                                       [rating])
            elif part.kind == "crossover":
                found |= self._ids("SELECT f.story FROM (SELECT story FROM fandoms WHERE "
                                   f"ord = 1 LIMIT {SCAN}) f JOIN stories s ON s.n = f.story "
                                   "WHERE 1", [])
            elif part.kind == "otp":  # stories with a romance, from a bounded stretch
                found |= self._ids("SELECT r.story FROM (SELECT story FROM relationships WHERE "
                                   f"kind = 'romantic' LIMIT {SCAN}) r JOIN stories s ON "
                                   "s.n = r.story WHERE 1", [])
            elif part.kind == "order":
                found |= self._by_length(part.value)
        return found

    def _by_index(self, part: Part) -> set[int]:
        """Stories of a status or length through the (rating, status, words) index: one
        short range read per rating and status, never a scan of the catalog."""
        low, high = 0, 10**12
        statuses: tuple[str, ...] = STATUSES
        extra = ""
        if part.kind == "length":
            first, _, last = part.value.partition(":")
            low, high = int(first or 0), int(last or 10**12)
        elif part.value in STATUSES:
            statuses = (part.value,)
        elif part.value == "one-shot":
            statuses, extra = ("complete",), " AND coalesce(s.chapters_total, 1) = 1"
        elif part.value == "one-chapter":
            extra = " AND coalesce(s.chapters_posted, 1) = 1"
        elif part.kind == "chapters":  # a count, read from a bounded stretch
            first, _, last = part.value.partition(":")
            extra = (" AND s.n IN (SELECT n FROM stories WHERE coalesce(chapters_posted, "
                     f"chapters_total, 1) BETWEEN {int(first or 0)} AND {int(last or 10**6)} "
                     f"LIMIT {SCAN})")
        else:  # multi-chapter: more than one chapter, read from a bounded stretch
            extra = f" AND s.n IN (SELECT n FROM stories WHERE chapters_total > 1 LIMIT {SCAN})"
        found: set[int] = set()
        for rating in self.filters.ratings():
            for status in statuses:
                found |= self._ids("SELECT s.n FROM stories s WHERE s.rating = ? AND "
                                   f"s.status = ? AND s.words BETWEEN ? AND ?{extra}",
                                   [rating, status, low, high], limit=50)
        return found

    def _by_length(self, order: str) -> set[int]:
        """The longest (or shortest, or newest) stories, through the (rating, status, words)
        index: one short read per rating and status."""
        if order == "newest":
            return {r[0] for r in self.conn.execute(
                f"SELECT s.n FROM stories s WHERE {self.where} ORDER BY s.n DESC LIMIT 200",
                self.params)}
        direction = "ASC" if order == "shortest" else "DESC"
        rows: list[tuple[int, int]] = []
        for rating in RATINGS:
            for status in STATUSES:
                rows += self.conn.execute(
                    f"SELECT s.n, s.words FROM stories s WHERE s.rating = ? AND s.status = ? "
                    f"AND {self.where} ORDER BY s.words {direction} LIMIT 50",
                    [rating, status, *self.params]).fetchall()
        rows.sort(key=lambda r: r[1], reverse=direction == "DESC")
        return {n for n, _w in rows[:PER_SOURCE]}

    # -- checking and scoring -------------------------------------------------------------
    def check(self, places: int | None = None) -> None:
        """Load every candidate's facts and note what of the request each meets. Scoring
        waits for `ranked`: only the candidates whose met parts can reach the top are scored.
        `places`: the candidates `ranked` will order (`ranked_places` of its limit), when it
        is all this ranker is asked: then a candidate that cannot meet as much as those
        filling the places is never judged, its facts unread (`_check_reachable`)."""
        if not self.candidates:
            return
        (self.members, self._loaded, self._for_score, self._scored_names,
         self._only) = self.reading.tables()
        if places is not None and self._may_pass_over():
            self._check_reachable(list(self.candidates), places)
        else:
            self._check(list(self.candidates))
        self._widen()

    def _may_pass_over(self) -> bool:
        """Whether candidates may go unjudged: none is dropped for its tags (an avoided
        warning: it would draw no jitter), and `_widen` adds nothing whatever they meet."""
        reach = any(not p.negated and p.kind in _EVERYDAY_SOURCED for p in self.parts)
        return bool(self.parts) and (self._everyday_read or not reach) and not any(
            p.kind == "tag" and p.negated for p in self.parts)

    def _check_reachable(self, numbers: list[int], places: int) -> None:
        """`_check` of the candidates that can be among the first `places`, the most they
        can meet first: each candidate's most (`_most`, from the word hits and title scores
        alone) is known before its facts are read, and once the candidates judged fill the
        places down to a met level, one whose most stays below that level could only be
        ordered after them (results are ordered by what they meet first): it is dropped
        unjudged. "the one where they light heart tide": "light" reads as a mood, whose
        sources bring ~300 stories holding neither word; ~150 hold them and meet more.
        Exact: the floor of the judged is the floor of all (those passed over lie below it),
        and the jitters are drawn in candidate order as `_check` draws them."""
        jitters = {n: self.rng.random() for n in numbers}
        groups: dict[float, list[int]] = defaultdict(list)
        for n, most in zip(numbers, self._most(numbers), strict=True):
            groups[most].append(n)
        positive = any(not p.negated and p.kind != "order" for p in self.parts)
        levels: dict[float, int] = defaultdict(int)
        floor: float | None = None
        bounds = sorted(groups, reverse=True)
        for i, most in enumerate(bounds):
            if floor is not None and most < floor:
                for below in bounds[i:]:
                    for n in groups[below]:
                        del self.candidates[n]
                self._places = places
                return
            self._check(groups[most], jitters)
            for n in groups[most]:
                cand = self.candidates.get(n)
                if cand is not None and (cand.positive if positive else cand.met):
                    levels[cand.level] += 1
            floor = _floor(levels, places)

    def _most(self, numbers: list[int]) -> list[float]:
        """The most each candidate can meet (`Candidate.level` at most), before its facts are
        read: a word's part and a title's are met or not as the word hits and title scores
        say; any other part may be, at its full weight. Summed in the order `_judge` sums,
        each term at least its own, so never below the level `_judge` gives."""
        terms = []
        for part, weight, _asked, _key, _met_by in self._judged:
            if part.kind == "word" and not part.beings:
                terms.append((0, part.key, part.negated, weight))
            elif part.kind == "title":
                terms.append((1, part.key, part.negated, weight))
            else:
                terms.append((2, part.key, part.negated, weight))
        where, titles = self.words.where, self.title_scores
        out = []
        for n in numbers:
            hits = where.get(n, _NO_HITS)
            titled = titles.get(n, 0.0) >= TITLE_MET
            most = 0.0
            for kind, key, negated, weight in terms:
                if kind == 2 or ((key in hits) if kind == 0 else titled) != negated:
                    most += weight
            out.append(round(most, 3))
        return out

    def _check(self, numbers: list[int], jitters: dict[int, float] | None = None) -> None:
        """Load these candidates' facts and judge each against the request. When no part
        needs a story's row ("the one where they …": words and titles), the row is read
        later, only for the candidates that can reach the top."""
        if {p.kind for p in self.parts} <= _ROWLESS and not self._loaded:
            loaded = {n: Facts() for n in numbers}
            self._rowless.update(numbers)
        else:
            loaded = load_facts(self.conn, numbers, self.gender, self._loaded,
                                any(p.kind == "category" for p in self.parts), self._only,
                                self.fact_cache)
        self.facts.update(loaded)
        avoided = [p for p in self.parts if p.kind == "tag" and p.negated]
        for n in numbers:
            cand = self.candidates[n]
            facts = loaded.get(n)
            if facts is None:
                del self.candidates[n]
                continue
            if avoided and any(holds_tag(p, facts) for p in avoided):
                # "no character death" and the story is tagged with it: a warning a fan asked
                # to avoid is never offered, not even as a near miss
                del self.candidates[n]
                continue
            facts.title_similarity = self.title_scores.get(n, 0.0)
            facts.words_found = dict(self.words.where.get(n, {}))
            self._judge(cand, facts)
            # in candidate order, whichever are scored (`jitters`: drawn so already)
            cand.jitter = self.rng.random() if jitters is None else jitters[n]

    def complete(self, numbers: list[int]) -> None:
        """Read the facts of these candidates that were judged without them (`_check`)."""
        waiting = [n for n in numbers if n in self._rowless]
        if not waiting:
            return
        self._rowless.difference_update(waiting)
        read = load_facts(self.conn, waiting, self.gender, self._loaded, False, self._only,
                          self.fact_cache)
        for n, facts in read.items():
            judged = self.facts[n]
            facts.title_similarity, facts.words_found = judged.title_similarity, judged.words_found
            self.facts[n] = facts

    def _widen(self) -> None:
        """When no candidate meets the whole request, the stories of its everyday parts are
        candidates too: the names, moods and words found their own stories, and "wholesome
        gen" may have no gen story among the most wholesome (a category, a status or a length
        is no index a mood's stories can be narrowed by). Read only then, and only when
        those parts weigh as much as the best found meets (else a story found by them alone
        could never come first: "one-shot harry potter" has Harry's stories), through the
        same bounded sources as a request of everyday parts alone."""
        reach = sum(p.weight for p in self.parts
                    if not p.negated and p.kind in _EVERYDAY_SOURCED)
        if self._everyday_read or not reach or any(
                not c.unmet for c in self.candidates.values()) or reach < max(
                (c.met_weight for c in self.candidates.values()), default=0.0):
            return
        added = [n for n in self._everyday_sources() if n not in self.candidates]
        for n in added:
            self.candidates[n] = Candidate(n)
        self._check(added)

    def _score_contenders(self, pool: list[Candidate], size: int) -> None:
        """Score the candidates that can be among the first `size`: results are ordered by
        what they meet before their score, so a candidate below the met level that already
        fills `size` can never get there, and its score is not made."""
        levels: dict[float, int] = defaultdict(int)
        for cand in pool:
            levels[cand.level] += 1
        floor = _floor(levels, size)
        if floor is None:  # fewer than `size`: every level has its places
            floor = min(levels, default=0.0)
        wanted = [c for c in pool if not c.scored and c.level >= floor]
        if not wanted:
            return
        self.complete([c.n for c in wanted])
        if self._for_score:
            facts = {c.n: self.facts[c.n] for c in wanted}
            add_tables(self.conn, facts, self._for_score, self._only, self.fact_cache)
        for cand in wanted:
            cand.score = self._score(cand, self.facts[cand.n])
            cand.scored = True

    def _judge(self, cand: Candidate, facts: Facts) -> None:
        met: list[Part] = []
        unmet: list[Part] = []
        weight, positive = 0.0, False
        for part, part_weight, asked, searched_key, met_by in self._judged:
            if met_by(facts):
                met.append(part)
                # a word only the body holds is a mention: it counts half (the plot in a
                # summary beats a body holding more of its words)
                weight += part_weight * BODY_SHARE if searched_key is not None \
                    and facts.words_found.get(searched_key) == "body" \
                    and only_in_body(part, facts) else part_weight
                positive = positive or asked
            else:
                unmet.append(part)
        cand.met, cand.unmet = met, unmet
        cand.met_weight, cand.positive = weight, positive
        cand.level = round(weight, 3)
        for order in self._orders:
            cand.order = {"longest": facts.words, "shortest": -facts.words}.get(order, cand.n)

    def settle_common(self, pool: list[Candidate]) -> None:
        """Re-check the stories about to be shown for words too common to probe."""
        if not self.words.common or not pool:
            return
        self.complete([c.n for c in pool])
        facts = {c.n: self.facts[c.n] for c in pool}
        if "tags" not in self._loaded:
            add_tables(self.conn, facts, {"tags"}, cache=self.fact_cache)
            self._loaded = {*self._loaded, "tags"}
        summaries = dict(self.conn.execute(
            f"SELECT n, coalesce(summary, '') FROM stories WHERE n IN {_SUB}",
            (ids_json(facts),)).fetchall())
        settle(self.conn, self.parts, self.words, facts, summaries)
        for cand in pool:
            self._judge(cand, self.facts[cand.n])

    def _score(self, cand: Candidate, facts: Facts) -> float:
        """How well a candidate holds what it meets (orders candidates meeting as much)."""
        p = self.parsed
        score = 0.0
        for key, confidence, _kind in p.relationships:
            if key in facts.relationships:
                stated, sure, modifier = facts.relationships[key]
                value = 1.0 if stated else 0.45 + 0.4 * sure
                value *= _SOFT.get(modifier or "", 1.0)
                if stated and facts.relationship_order.get(key, 0) > 0:
                    value *= 0.85
                score += 50 * confidence * value
        if self._scored_names:
            score += self._character_score(facts)
        for mood, weight in self._mood_weights:
            score += weight * facts.moods.get(mood, 0.0)
        # (an empty sum adds exactly 0: skipped)
        if p.fandoms:
            score += sum(12 * c for f, c in p.fandoms if f in facts.fandoms)
        if p.authors:
            score += sum(45 * c for a, c in p.authors if a.casefold() in facts.authors)
        if p.tags:
            score += sum(15 * c for t, c in p.tags if t.casefold() in facts.tags)
        score += 60 * facts.title_similarity
        score += 35 * (self.words.score(cand.n) + self.words.passages(cand.n))
        cand.chunk = self.words.best_chunk(cand.n)
        return score + _quality(facts) + cand.jitter * 0.8

    def _character_score(self, facts: Facts) -> float:
        """The characters asked for, by prominence; a member of a pairing asked for gets a
        little credit where the pairing itself is missing."""
        conf = dict(self.parsed.characters)
        score = 0.0
        for name in self._scored_names:
            if name not in facts.characters:
                continue
            prominence = facts.characters[name]
            value = min(1.0, 0.35 + 0.65 * prominence + 0.1 * (name in facts.stated_characters))
            score += 35 * conf[name] * value if name in conf else 3 * value
        return score

    # -- order ----------------------------------------------------------------------------
    def ranked(self, limit: int, settle: bool = False) -> list[Candidate]:
        """The best `limit` candidates that meet something of the request (all of them for
        a request with no parts), most met first."""
        positive = any(not p.negated and p.kind != "order" for p in self.parts)
        pool = [c for c in self.candidates.values()
                if not self.parts or (c.meets_positive() if positive else c.met)]
        size = ranked_places(limit)
        if self._places is not None and size > self._places:
            raise ValueError(f"checked for {self._places} places, ranked for {size}")
        self._score_contenders(pool, size)
        pool.sort(key=_order)
        head = pool[:size]
        if settle:
            self.settle_common(head)
            head = [c for c in head if not self.parts
                    or (c.meets_positive() if positive else c.met)]
            head.sort(key=_order)
        return self._diverse(head, limit)

    def _diverse(self, pool: list[Candidate], limit: int) -> list[Candidate]:
        self.complete([c.n for c in pool])
        if len(pool) <= 1:
            return self._explained(pool[:limit], tagless=False)
        missing = {"authors", "tags"} - self._loaded
        if missing:  # diversity reads authors and tags: only for the few about to be shown
            few = {c.n: self.facts[c.n] for c in pool}
            add_tables(self.conn, few, missing, cache=self.fact_cache)
            self._loaded = {*self._loaded, *missing}
        authors = {c.n: self.facts[c.n].authors for c in pool}
        tags = {c.n: self.facts[c.n].tags for c in pool}
        picked: list[Candidate] = []
        later: list[Candidate] = []
        for cand in pool:
            clash = len(picked) < 5 and any(
                o.met_weight == cand.met_weight
                and (authors[cand.n] & authors[o.n] or _near(tags[cand.n], tags[o.n]))
                for o in picked)
            (later if clash else picked).append(cand)
        out = picked + later
        out.sort(key=lambda c: -c.level)  # stable: diversity within a level
        return self._explained(out[:limit], tagless="tags" in missing)

    def _explained(self, shown: list[Candidate], tagless: bool) -> list[Candidate]:
        """What the candidates shown meet, in words (only theirs: the pool is larger). The
        words read the tags as they were before diversity loaded them (`tagless`: none)."""
        for cand in shown:
            facts = self.facts[cand.n]
            cand.reasons = reasons(self.parts, replace(facts, tags=set()) if tagless else facts,
                                   cand.met)
        return shown


def ranked_places(limit: int) -> int:
    """How many candidates `Ranker.ranked` orders (scores, settles, makes diverse) for an
    answer of `limit`."""
    return max(limit * 6, 30)


def _floor(levels: dict[float, int], places: int) -> float | None:
    """The met level down to which candidates (`levels`: how many at each) fill `places`;
    None when they are fewer."""
    count = 0
    for level in sorted(levels, reverse=True):
        count += levels[level]
        if count >= places:
            return level
    return None


def _quality(facts: Facts) -> float:
    """What a story's own state adds to its score: complete, summarised, richly stated
    (richness is never below 0), long."""
    return (0.8 * (facts.status == "complete") + 0.5 * facts.has_summary
            + min(facts.richness, 10) * 0.08 + min(math.log10(max(facts.words, 1)), 5) * 0.15)


def _order(cand: Candidate) -> tuple[float, float, float]:
    return (-cand.level, -cand.order, -cand.score)


def _near(a: AbstractSet[str], b: AbstractSet[str]) -> bool:
    return len(a) >= 3 and len(b) >= 3 and len(a & b) / len(a | b) >= 0.9


def category_keys(counts: dict[str, int], gender: dict[str, str]) -> dict[str, list[str]]:
    """The catalog's romantic pairings by category (m/m, f/f, f/m), most stories first: where
    a category's stories are found when their tags do not state it."""
    out: dict[str, list[str]] = defaultdict(list)
    for key in sorted(counts, key=lambda k: -counts[k]):
        parsed = RelationshipKey.parse(key)
        if parsed.kind != "romantic" or len(parsed.members) != 2:
            continue
        genders = sorted(gender.get(m, "n") for m in parsed.members)
        if "n" in genders:
            continue
        out[{("m", "m"): "m/m", ("f", "f"): "f/f"}.get((genders[0], genders[1]), "f/m")].append(
            key)
    return dict(out)

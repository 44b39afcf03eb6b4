"""Candidates from indexed SQL, rescored in Python, then made diverse.

Each requested element (pairing, character, mood, fandom, author, tag, title, free text) fetches
a bounded set of candidate stories through its own index (never a sort over everything); the
union is then scored on every element: stated beats inferred, main pairing beats background, a
prominent character beats a cameo, mood scores count, with quality signals and a small seeded
jitter to break ties. The top is made diverse: no two stories by one author, or with nearly the
same tags, in the first five.
"""

from __future__ import annotations

import math
import random
import sqlite3
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.catalog.chunks import split_rowid
from bot.catalog.stored import unpack_moods
from bot.search.cards import ids_json
from bot.search.model import Filters
from bot.search.request import Parsed
from bot.search.text import fold
from bot.vocabulary import RelationshipKey

PER_SOURCE = 150
PROBE = 400
MOOD_WINDOW = 400
_SOFT = {"past": 0.55, "background": 0.5, "mentioned": 0.45, "implied": 0.6, "future": 0.6,
         "one-sided": 0.7, "pre-slash": 0.85}
_SUB = "(SELECT value FROM json_each(?))"


@dataclass(slots=True)
class Candidate:
    n: int
    score: float = 0.0
    reasons: list[str] = field(default_factory=list)
    matched: int = 0
    chunk: int | None = None  # body chunk that matched the free text


def filter_sql(filters: Filters, alias: str = "s") -> tuple[str, list]:
    """A WHERE fragment over `stories AS alias` for the filters (ids are checked later)."""
    ratings = filters.ratings()
    clauses = [f"{alias}.rating IN ({', '.join('?' * len(ratings))})"]
    params: list = list(ratings)
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
    return " AND ".join(clauses), params


_SUFFIXES = ("ing", "ed", "es", "s", "ly")


def stem_prefix(word: str) -> str:
    """An FTS5 query for a word's family ("walks" -> walk OR walks OR walked OR walking): the
    body index is not stemmed, so the search widens the word. Exact terms, never a prefix
    scan, so a LIMIT stops the read early however common the word is."""
    base = word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            base = word[:-len(suffix)]
            break
    forms = [word, base] + ([base + s for s in ("s", "ed", "ing", "es")] if len(base) >= 4
                            else [])
    return "(" + " OR ".join(fts_phrase([f]) for f in dict.fromkeys(forms)) + ")"


def fts_phrase(words: list[str]) -> str:
    """FTS5 query text from plain words: each quoted, so no word is ever an operator."""
    return " ".join('"' + w.replace('"', '""') + '"' for w in words if w)


class Ranker:
    def __init__(self, conn: sqlite3.Connection, parsed: Parsed, filters: Filters,
                 seed: int | None, total_stories: int) -> None:
        self.conn, self.parsed, self.filters = conn, parsed, filters
        self.rng = random.Random(seed)
        self.total = max(total_stories, 1)
        self.where, self.params = filter_sql(filters)
        self.candidates: dict[int, Candidate] = {}
        self.title_scores: dict[int, float] = {}
        self.text_scores: dict[int, tuple[float, int | None, list[str]]] = {}
        self.counts: dict[str, int] = {}  # story counts of requested fandoms

    # -- candidate sources ----------------------------------------------------------------
    def _source(self, sql: str, params: list, limit: int = PER_SOURCE) -> list[tuple]:
        return self.conn.execute(
            f"{sql} AND {self.where} LIMIT {int(limit)}", [*params, *self.params]).fetchall()

    def gather(self, titles: dict[int, float], text: dict[int, tuple[float, int | None,
                                                                        list[str]]]) -> None:
        p = self.parsed
        found: set[int] = set()
        for key, _conf, _kind in p.relationships:
            found.update(r[0] for r in self.conn.execute(
                "SELECT r.story FROM relationships r JOIN stories s ON s.n = r.story "
                f"WHERE r.key = ? AND {self.where} ORDER BY r.stated DESC, r.confidence DESC "
                "LIMIT ?", [key, *self.params, PER_SOURCE]))
        for name, _conf in p.characters:
            found.update(r[0] for r in self.conn.execute(
                "SELECT c.story FROM characters c JOIN stories s ON s.n = c.story "
                f"WHERE c.name = ? AND {self.where} ORDER BY c.prominence DESC LIMIT ?",
                [name, *self.params, PER_SOURCE]))
        for mood, _conf in p.moods:
            # With a fandom filter, only the mood's best MOOD_WINDOW stories are looked at
            # (a bounded read); the fandom's own stories are added below.
            window = MOOD_WINDOW if self.filters.fandoms else PER_SOURCE
            found.update(r[0] for r in self.conn.execute(
                "SELECT s.n FROM (SELECT story FROM moods WHERE mood = ? ORDER BY score DESC "
                f"LIMIT ?) m CROSS JOIN stories s ON s.n = m.story WHERE {self.where} LIMIT ?",
                [mood, window, *self.params, PER_SOURCE]))
        only_fandom = not (p.relationships or p.characters or p.authors)
        for fandom, _conf in p.fandoms:
            if only_fandom:
                found.update(r[0] for r in self._source(
                    "SELECT f.story FROM fandoms f JOIN stories s ON s.n = f.story "
                    "WHERE f.name = ?", [fandom]))
        for author, _conf in p.authors:
            found.update(r[0] for r in self._source(
                "SELECT a.story FROM authors a JOIN stories s ON s.n = a.story "
                "WHERE a.name = ? COLLATE NOCASE", [author]))
        for tag, _conf in p.tags:
            found.update(r[0] for r in self._source(
                "SELECT t.story FROM tags t JOIN stories s ON s.n = t.story "
                "WHERE t.tag = ? COLLATE NOCASE", [tag]))
        self.title_scores = titles
        self.text_scores = text
        extra = set(titles) | set(text)
        if extra:
            found.update(r[0] for r in self.conn.execute(  # CROSS JOIN: look ids up
                f"SELECT s.n FROM json_each(?) j CROSS JOIN stories s ON s.n = j.value "
                f"WHERE {self.where}", [ids_json(extra), *self.params]))
        if not found and not p.text.strip():  # an empty request: anything within filters
            found.update(r[0] for r in self.conn.execute(
                f"SELECT s.n FROM stories s WHERE {self.where} ORDER BY random() LIMIT 200",
                self.params))
        self.candidates = {n: Candidate(n) for n in found}

    # -- scoring --------------------------------------------------------------------------
    def _rows(self, sql: str, extra: list) -> list[tuple]:
        return self.conn.execute(sql, [ids_json(self.candidates), *extra]).fetchall()

    def score(self) -> None:
        """Credit each candidate for what of the request it holds, with its reasons."""
        if not self.candidates:
            return
        keys = [k for k, _c, _k in self.parsed.relationships]
        self._score_pairings(keys)
        self._score_characters(keys)
        self._score_moods()
        self._score_fandoms()
        self._score_authors()
        self._score_tags()
        self._score_title_and_text()
        self._quality_and_jitter()

    def _score_pairings(self, keys: list[str]) -> None:
        """The pairings asked for: stated ones (the main pairing most), then inferred ones."""
        if not keys:
            return
        cands = self.candidates
        conf = {k: c for k, c, _k in self.parsed.relationships}
        rows = self._rows(
            "SELECT story, key, stated, modifier, confidence, ord FROM relationships "
            f"WHERE story IN {_SUB} AND +key IN ({', '.join('?' * len(keys))})", keys)
        for story, key, stated, modifier, confidence, ord_ in rows:
            value = 1.0 if stated else 0.45 + 0.4 * confidence
            value *= _SOFT.get(modifier or "", 1.0)
            if stated and ord_ > 0:
                value *= 0.85
            c = cands[story]
            c.score += 50 * conf[key] * value
            c.matched += 1
            how = "stated" if stated else "inferred"
            c.reasons.append(f"pairing {key} ({modifier + ', ' if modifier else ''}{how})")

    def _score_characters(self, keys: list[str]) -> None:
        """The characters asked for, by prominence; a member of a pairing asked for gets a
        little credit where the pairing itself is missing."""
        cands = self.candidates
        members = {m for k in keys for m in RelationshipKey.parse(k).members}
        names = [n for n, _c in self.parsed.characters]
        wanted = list(dict.fromkeys(names + sorted(members)))
        if not wanted:
            return
        conf = dict(self.parsed.characters)
        rows = self._rows(
            "SELECT story, name, stated, prominence FROM characters "
            f"WHERE story IN {_SUB} AND +name IN ({', '.join('?' * len(wanted))})", wanted)
        for story, name, stated, prominence in rows:
            c = cands[story]
            value = min(1.0, 0.35 + 0.65 * prominence + 0.1 * stated)
            if name in conf:
                c.score += 35 * conf[name] * value
                c.matched += 1
                role = "main character" if prominence >= 0.5 else "appears"
                c.reasons.append(f"{name} ({role})")
            else:  # a pairing member present without the pairing: a little credit
                c.score += 3 * value

    def _score_moods(self) -> None:
        if not self.parsed.moods:
            return
        cands = self.candidates
        conf = dict(self.parsed.moods)
        # every score, low ones too (the moods table indexes only the higher ones)
        for story, packed in self._rows(
                f"SELECT story, moods FROM understanding WHERE story IN {_SUB}", []):
            scores = unpack_moods(packed)
            c = cands[story]
            for mood in sorted(conf):  # as the rows came: by mood
                value = scores.get(mood, 0.0)
                if value <= 0:
                    continue
                c.score += 25 * conf[mood] * value
                c.matched += value >= 0.3
                if value >= 0.3:
                    c.reasons.append(f"mood {mood} ({value:.2f})")

    def _score_fandoms(self) -> None:
        if not self.parsed.fandoms:
            return
        cands = self.candidates
        conf = dict(self.parsed.fandoms)
        rows = self._rows(f"SELECT story, name FROM fandoms WHERE story IN {_SUB} "
                          f"AND +name IN ({', '.join('?' * len(conf))})", list(conf))
        for story, name in rows:
            cands[story].score += 12 * conf[name]
            cands[story].matched += 1
            cands[story].reasons.append(f"fandom {name}")

    def _score_authors(self) -> None:
        if not self.parsed.authors:
            return
        cands = self.candidates
        conf = {fold(a): c for a, c in self.parsed.authors}
        for story, name in self._rows(
                f"SELECT story, name FROM authors WHERE story IN {_SUB}", []):
            if fold(name) in conf:
                cands[story].score += 45 * conf[fold(name)]
                cands[story].matched += 1
                cands[story].reasons.append(f"by {name}")

    def _score_tags(self) -> None:
        if not self.parsed.tags:
            return
        cands = self.candidates
        conf = {t.casefold(): c for t, c in self.parsed.tags}
        for story, tag in self._rows(
                f"SELECT story, tag FROM tags WHERE story IN {_SUB}", []):
            if tag.casefold() in conf:
                cands[story].score += 15 * conf[tag.casefold()]
                cands[story].matched += 1
                cands[story].reasons.append(f"tagged {tag}")

    def _score_title_and_text(self) -> None:
        """Title similarity and the request's words found in the story's text."""
        cands = self.candidates
        for n, similarity in self.title_scores.items():
            if n in cands:
                cands[n].score += 60 * similarity
                cands[n].matched += 1
                cands[n].reasons.append("title matches" if similarity >= 0.9
                                        else "title is close")
        # Half the words' weight makes a match; when no story holds that much of a long
        # description, the best partial matches still count rather than answering nothing.
        best = max((v for v, _, _ in self.text_scores.values()), default=0.0)
        enough = min(0.5, 0.7 * best)
        for n, (value, chunk, words) in self.text_scores.items():
            if n in cands:
                cands[n].score += 35 * value
                cands[n].matched += value >= enough
                cands[n].chunk = chunk
                cands[n].reasons.append("about: " + ", ".join(words[:4]))

    def _quality_and_jitter(self) -> None:
        rows = self._rows("SELECT n, status, words, richness, summary IS NOT NULL FROM stories "
                          f"WHERE n IN {_SUB}", [])
        for n, status, words, richness, has_summary in rows:
            quality = (0.8 * (status == "complete") + 0.5 * has_summary
                       + min(richness, 10) * 0.08 + min(math.log10(max(words, 1)), 5) * 0.15)
            self.candidates[n].score += quality + self.rng.random() * 0.8

    # -- exclusions and diversity ---------------------------------------------------------
    def exclude(self, exclude_ids: frozenset[str], characters: list[str], tags: list[str],
                moods: list[str], relationships: list[str],
                focus_characters: Sequence[str] = ()) -> None:
        """Drop excluded stories. `characters` go wherever they appear (a filter);
        `focus_characters` ("not Angel" in a request) only where they matter: a main
        character or one of the story's pairings."""
        if not self.candidates:
            return
        drop: set[int] = set()
        if exclude_ids:
            drop.update(n for n, sid in self._rows(
                f"SELECT n, id FROM stories WHERE n IN {_SUB}", []) if sid in exclude_ids)
        if characters:
            drop.update(r[0] for r in self._rows(
                f"SELECT story FROM characters WHERE story IN {_SUB} AND +name IN "
                f"({', '.join('?' * len(characters))})",
                characters))
        if focus_characters:
            marks = ", ".join("?" * len(focus_characters))
            drop.update(r[0] for r in self._rows(
                f"SELECT story FROM characters WHERE story IN {_SUB} AND +name IN ({marks}) "
                "AND prominence >= 0.4", list(focus_characters)))
            for story, members in self._rows(
                    f"SELECT story, members FROM relationships WHERE story IN {_SUB} "
                    "AND (modifier IS NULL OR modifier NOT IN ('mentioned', 'background'))", []):
                if any(name in members for name in focus_characters):
                    drop.add(story)
        if relationships:
            drop.update(r[0] for r in self._rows(
                f"SELECT story FROM relationships WHERE story IN {_SUB} AND +key IN "
                f"({', '.join('?' * len(relationships))})", relationships))
        if tags:
            folded = [t.casefold() for t in tags]
            drop.update(r[0] for r in self._rows(
                f"SELECT story FROM tags WHERE story IN {_SUB} AND lower(tag) IN "
                f"({', '.join('?' * len(folded))})", folded))
        if moods:
            drop.update(r[0] for r in self._rows(
                f"SELECT story FROM moods WHERE story IN {_SUB} AND +mood IN "
                f"({', '.join('?' * len(moods))}) AND score >= 0.5", moods))
        for n in drop:
            self.candidates.pop(n, None)

    def ranked(self, limit: int) -> list[Candidate]:
        wanted = self._elements()
        pool = [c for c in self.candidates.values() if not wanted or c.matched > 0]
        pool.sort(key=lambda c: -c.score)
        return self._diverse(pool[:max(limit * 6, 30)], limit)

    def _elements(self) -> int:
        p = self.parsed
        return (len(p.relationships) + len(p.characters) + len(p.moods) + len(p.fandoms)
                + len(p.authors) + len(p.tags) + bool(self.title_scores)
                + bool(self.text_scores))

    def _diverse(self, pool: list[Candidate], limit: int) -> list[Candidate]:
        if len(pool) <= 1:
            return pool[:limit]
        ids = ids_json(c.n for c in pool)
        authors: dict[int, set[str]] = defaultdict(set)
        tags: dict[int, set[str]] = defaultdict(set)
        for story, name in self.conn.execute(
                f"SELECT story, name FROM authors WHERE story IN {_SUB}", (ids,)):
            authors[story].add(name.casefold())
        for story, tag in self.conn.execute(
                f"SELECT story, tag FROM tags WHERE story IN {_SUB}", (ids,)):
            tags[story].add(tag.casefold())
        picked: list[Candidate] = []
        later: list[Candidate] = []
        for cand in pool:
            clash = any(authors[cand.n] & authors[o.n] or _near(tags[cand.n], tags[o.n])
                        for o in picked) and len(picked) < 5
            (later if clash else picked).append(cand)
        return (picked + later)[:limit]


def _near(a: set[str], b: set[str]) -> bool:
    return len(a) >= 3 and len(b) >= 3 and len(a & b) / len(a | b) >= 0.9


def text_matches(conn: sqlite3.Connection, words: list[str],
                 total: int) -> dict[int, tuple[float, int | None, list[str]]]:
    """Stories whose summary, tags or body hold the free-text words, scored 0..1 by rarity.

    Every read is capped: each word's hits are fetched up to PROBE rows from the two FTS5
    indexes (a word that fills the cap in a big catalog is common and weighs little), and the
    stories holding all the words come from one AND query. Scores are idf sums over matched
    words, so rare words ("winnebago") decide.
    """
    words = [w for w in dict.fromkeys(words) if len(w) > 1][:8]
    if not words:
        return {}
    found: dict[int, dict[str, float]] = defaultdict(dict)
    chunk_words: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    weights: dict[str, float] = {}
    hits: dict[str, tuple[list[int], list[int]]] = {}
    for word in words:
        query = fts_phrase([word])
        meta = [r[0] for r in conn.execute(
            "SELECT rowid FROM story_fts WHERE story_fts MATCH ? LIMIT ?", (query, PROBE))]
        body = [r[0] for r in conn.execute(
            "SELECT rowid FROM body_fts WHERE body_fts MATCH ? LIMIT ?",
            (stem_prefix(word), PROBE))]
        seen = len(set(meta) | {split_rowid(r)[0] for r in body})
        if not seen or (total >= 20 and seen > 0.3 * total):
            continue  # absent, or too common to tell stories apart ("said")
        common = len(meta) >= PROBE or len(body) >= PROBE
        weights[word] = 0.2 if common else math.log(1 + total / seen)
        hits[word] = (meta, body)
    if not weights:
        return {}
    if len(weights) > 1:  # stories holding every word, however common each one is
        both = fts_phrase(list(weights))
        both_body = " AND ".join(stem_prefix(w) for w in weights)
        hits["\0all"] = (
            [r[0] for r in conn.execute(
                "SELECT rowid FROM story_fts WHERE story_fts MATCH ? LIMIT ?", (both, PROBE))],
            [r[0] for r in conn.execute(
                "SELECT rowid FROM body_fts WHERE body_fts MATCH ? LIMIT ?",
                (both_body, PROBE))])
    for word, (meta, body) in hits.items():
        matched = list(weights) if word == "\0all" else [word]
        for w in matched:
            for n in meta:
                found[n][w] = weights[w] * 1.2
            for rowid in body:
                n, chunk = split_rowid(rowid)
                found[n].setdefault(w, weights[w])
        for rowid in body:
            n, chunk = split_rowid(rowid)
            chunk_words[n][chunk] += len(matched)
    whole = sum(weights.values())
    out: dict[int, tuple[float, int | None, list[str]]] = {}
    for n, matched_words in found.items():
        value = min(1.0, sum(matched_words.values()) / whole)
        chunks_hit = chunk_words.get(n)
        best_chunk = (max(chunks_hit, key=lambda c: (chunks_hit[c], -c)) if chunks_hit
                      else None)
        out[n] = (value, best_chunk, sorted(matched_words, key=lambda w: -matched_words[w]))
    if len(out) > PER_SOURCE:
        keep = sorted(out, key=lambda n: -out[n][0])[:PER_SOURCE]
        out = {n: out[n] for n in keep}
    return out

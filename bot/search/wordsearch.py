"""Plain words and trope phrases of a request, found in titles, summaries, tags and bodies.

Every read is capped: each part's hits come from the two FTS5 indexes up to PROBE rows (a part
that fills the cap in a big catalog is common and weighs little; whether a given story holds it
is then settled for the few stories shown, from their own text). A word also finds its family
("walks" -> walked, walking), its synonyms ("elevator" -> lift) and, a compound no story holds,
its head ("houseplant" -> plant). Where a word was found is kept: in the title, summary or tags
("meta") it can be a reason; only in the body, it is a mention and never the headline. Stories
are weighed as a small BM25 in two stages: rarity and where, for every story found; the body's
passages (repeats, words met in one scene) for the few that can be shown.
"""

from __future__ import annotations

import heapq
import math
import sqlite3
import threading
from collections import defaultdict
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

import Stemmer

from bot.catalog.chunks import INDEXED_CHARS, MAX_CHUNKS, split_rowid
from bot.search.excerpts import body_text
from bot.search.parts import Facts, Part
from bot.search.text import fold

PROBE = 400
PER_SOURCE = 150
PROBE_CACHE = 4096  # probes kept per engine (two lists of up to PROBE row ids each)
MAX_FRESH = 64  # stories a carried probe's answer may lack (probed on its use, a query a run)
BODY_SHARE = 0.5  # a word only the body holds is a mention: worth half a title/summary/tag hit
MAX_PARTS = 8  # searched parts probed per request (`chunks` codes a hit's part in its number)
# More passages (body chunks) holding a word count as BM25 counts a term's repeats (the body
# index keeps no counts within a chunk: passages are its term frequency), saturating: the
# share each passage after the first adds, tf * (K1 + 1) / (tf + K1) - 1 (BM25's k1 = 1.2)
K1 = 1.2
REPEATS = tuple(tf * (K1 + 1) / (tf + K1) - 1 for tf in range(17))
# Parts met in one passage tell of one scene ("wrote her name on her hand"): in the story's
# best passage, the weight of the others found beside the heaviest counts once more, by this
# share
NEAR = 0.5
COMMON = 0.2  # the weight of a part most stories hold
MIN_HALF = 4  # the shortest word a compound is split into ("houseplant": house + plant)
_ENDINGS = ("", "e", "s", "es", "ed", "d", "ing", "y", "ies", "ied")
_local = threading.local()  # a Snowball stemmer is not to be shared between threads


def _stem(word: str) -> str:
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = Stemmer.Stemmer("english")
    return stemmer.stemWord(word)


def porter_stem(word: str) -> str:
    """The word as the title index (FTS5's porter tokenizer) holds it: "stitches" ->
    "stitch"."""
    stemmer = getattr(_local, "porter", None)
    if stemmer is None:
        stemmer = _local.porter = Stemmer.Stemmer("porter")
    return stemmer.stemWord(word)


@lru_cache(maxsize=4096)
def family(word: str) -> tuple[str, ...]:
    """The word and the forms of it the text may hold ("driving" -> drive, drives, driven…):
    endings put on its Snowball stem, kept when they stem back to it."""
    if len(word) < 4 or not word.isalpha():
        return (word,)
    stem = _stem(word)
    bases = {word, stem, stem[:-1] if stem.endswith(("e", "i", "y")) else stem}
    if len(stem) >= 3 and stem[-1] not in "aeiouwy" and stem[-2] in "aeiou":
        bases.add(stem + stem[-1])  # stop -> stopping
    found = [word, *sorted({b + e for b in bases for e in _ENDINGS} - {word})]
    return tuple(f for f in found if f == word or _stem(f) == stem)[:16]


def fts_phrase(words: list[str]) -> str:
    """FTS5 query text from plain words: each quoted, so no word is ever an operator."""
    return " ".join('"' + w.replace('"', '""') + '"' for w in words if w)


def stem_prefix(word: str) -> str:
    """An FTS5 query for a word's family (`family`): the body index is not stemmed, so the
    search widens the word. Exact terms, never a prefix scan, so a LIMIT stops the read early
    however common the word is."""
    return "(" + " OR ".join(fts_phrase([f]) for f in family(word)) + ")"


def searched(part: Part) -> bool:
    """Parts looked for in the text: plain words, and tropes (in titles, summaries, tags)."""
    return part.kind in {"word", "tag"}


def _meta_query(part: Part) -> str:
    if part.kind == "tag":  # the phrase as one: "fake dating", "fix it"
        return fts_phrase([part.value.replace("-", " ")])
    query = " OR ".join(fts_phrase([f]) for f in (part.forms or (part.value,)))
    if part.beings:  # "vampire" in "Buffy the Vampire Slayer" puts no vampire in the story
        return f"{{title summary}} : ({query})"
    return query


def _body_query(part: Part) -> str | None:
    if part.kind == "tag":  # a tag's words anywhere in the text: a mention
        words = fold(part.value).split()
        return " AND ".join(stem_prefix(w) for w in words) if words else None
    return " OR ".join(stem_prefix(f) for f in (part.forms or (part.value,)))


@dataclass(slots=True)
class WordHits:
    where: dict[int, dict[str, str]] = field(default_factory=lambda: defaultdict(dict))
    # body chunks hit, as found: chunk * MAX_PARTS + the part's place in `placed`
    chunks: dict[int, list[int]] = field(default_factory=dict)
    placed: list[float] = field(default_factory=list)  # the weights of the parts found
    passage: dict[int, float] = field(default_factory=dict)  # made once, by `passages`
    # each story's body hits by chunk (`_scenes`), made once: `passages` and `best_chunk`
    # both read them for every candidate scored
    scenes: dict[int, tuple[dict[int, list[float]], dict[int, int]]] = field(
        default_factory=dict)
    weights: dict[str, float] = field(default_factory=dict)  # part key -> idf weight
    common: set[str] = field(default_factory=set)  # parts whose hits filled the probe
    absent: set[str] = field(default_factory=set)  # parts no story holds
    scores: dict[int, float] = field(default_factory=dict)  # made once, by `score`
    whole: float | None = None  # the sum of `weights`, made once by `score_many`
    worth: dict[tuple[str, str], float] = field(default_factory=dict)  # (key, where) -> weight
    # each story's `worth` summed as `word_matches` found it (the parts' order, as `where`
    # lists them): made there when no two parts share a key
    sums: dict[int, float] = field(default_factory=dict)
    # the best PER_SOURCE stories for the parts asked (`best_stories`), made once a request:
    # the count of what a ceiling hides gathers from the same hits again
    best: dict[frozenset[str], list[int]] = field(default_factory=dict)

    def score(self, n: int) -> float:
        """0..1: the weight of the parts this story holds (a title/tag hit counts more)."""
        if n not in self.where:
            return 0.0
        if n not in self.scores:
            self.score_many((n,))
        return self.scores[n]

    def score_many(self, numbers: Iterable[int]) -> dict[int, float]:
        """`score` for many stories in one loop (every story a probe found is scored to pick
        the candidates: a call per story cost more than the sums); fills `scores`. A BM25 in
        small, first stage: each part weighs by its rarity (`weights`), in the title, summary
        or tags in full, only in the body by BODY_SHARE; 1.0 is every part in the meta. What
        the passages add (`passages`) is reckoned only for the stories that can be shown."""
        if self.whole is None:  # the weights are complete once stories are scored
            self.whole = sum(self.weights.values())
            # found in the title, summary or tags: what the story is about; in the body only:
            # a mention (the products made once per request, not per story)
            self.worth = {(k, "meta"): w for k, w in self.weights.items()}
            self.worth.update({(k, "body"): w * BODY_SHARE for k, w in self.weights.items()})
        whole, worth, where, scores, sums = (self.whole, self.worth, self.where, self.scores,
                                             self.sums)
        for n in numbers:
            if n in scores:
                continue
            got = sums.get(n)
            if got is None:
                got = 0.0
                for found in where[n].items():
                    got += worth.get(found, 0.0)
            scores[n] = got / whole if whole else 0.0
        return scores

    def faint(self, key: str) -> bool:
        """Whether the part is one most stories hold ("said", "old")."""
        return self.weights.get(key, 1.0) <= COMMON

    def _scenes(self, n: int) -> tuple[dict[int, list[float]], dict[int, int]]:
        """A story's body hits: the weights of the parts each chunk holds, and how many
        chunks hold each part (by its place)."""
        made = self.scenes.get(n)
        if made is not None:
            return made
        scenes: dict[int, list[float]] = {}
        held: dict[int, int] = {}
        for code in self.chunks.get(n, ()):
            chunk, place = divmod(code, MAX_PARTS)
            held[place] = held.get(place, 0) + 1
            scenes.setdefault(chunk, []).append(self.placed[place])
        self.scenes[n] = scenes, held
        return scenes, held

    def passages(self, n: int) -> float:
        """The second stage of the BM25, for the few stories that can be shown, in `score`'s
        units: each passage after the first holding a part adds a saturating share
        (`REPEATS`), and the parts found beside the heaviest in the story's best passage count
        once more (`NEAR`)."""
        found = self.passage.get(n)
        if found is None:
            if n not in self.chunks:  # no body hit (a mood's story): nothing to add
                return 0.0
            scenes, held = self._scenes(n)
            repeats = sum(self.placed[place] * REPEATS[min(tf, 16)]
                          for place, tf in held.items())
            beside = max((sum(ws) - max(ws) for ws in scenes.values()), default=0.0)
            whole = sum(self.weights.values())
            found = self.passage[n] = BODY_SHARE * (repeats + NEAR * beside) / whole \
                if whole else 0.0
        return found

    def best_chunk(self, n: int) -> int | None:
        """The body chunk holding the most weight of the parts (the first, of equals)."""
        if n not in self.chunks:
            return None
        scenes, _held = self._scenes(n)
        if not scenes:
            return None
        return max(scenes, key=lambda c: (sum(scenes[c]), -c))


# a probe's answer: stories by title, summary or tags; (story, body chunk) by body
Probed = tuple[tuple[int, ...], tuple[tuple[int, int], ...]]


class Probes:
    """The answers of the word probes, kept per engine by query (its catalog never changes):
    the probes that cost (a common word fills both to PROBE rows) are the words asked often.
    Bounded: cleared when full. A server's shelf opens a new engine on each change: the last
    engine's answers are carried (`carry`) and completed on use by a probe of the few stories
    they lack, not read again whole (the searches right after an upload redid every probe)."""

    def __init__(self, limit: int = PROBE_CACHE) -> None:
        self.limit = limit
        self._kept: dict[tuple[str, str | None], Probed] = {}
        # answers of the last engine: right for the stories of its set, unknown past its cut
        self._carried: dict[tuple[str, str | None], tuple[Probed, frozenset[int]]] = {}
        self._stories: frozenset[int] = frozenset()  # this engine's stories (carried ones)
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._kept)

    def found(self, conn: sqlite3.Connection, part: Part) -> Probed:
        key = (_meta_query(part), _body_query(part))
        kept = self._kept.get(key)
        if kept is None:
            carried = self._carried.get(key)
            kept = (_completed(conn, *key, *carried, self._stories) if carried is not None
                    else None) or _probe(conn, *key)
            with self._lock:
                if len(self._kept) >= self.limit:
                    self._kept.clear()
                self._kept[key] = kept
        return kept

    def carry(self, other: Probes, copied: AbstractSet[int], stories: AbstractSet[int]) -> None:
        """`other`'s answers (its engine's file held the `copied` stories, row ids alike, and
        others), for this engine of `stories`: each is completed on first use by probing only
        the stories it does not cover (MAX_FRESH at most; else it is probed again whole)."""
        everything = frozenset(stories)
        with other._lock:
            kept = list(other._kept.items())
            carried = list(other._carried.items())
        kept_for = frozenset(copied)  # an answer of `other` covered all its stories
        covered: dict[int, frozenset[int]] = {}  # each older answer's set (shared) narrowed
        out: dict[tuple[str, str | None], tuple[Probed, frozenset[int]]] = {}
        for key, (answer, valid) in carried:
            narrowed = covered.get(id(valid))
            if narrowed is None:
                narrowed = covered[id(valid)] = valid & kept_for
            if len(everything) - len(narrowed) <= MAX_FRESH:
                out[key] = (answer, narrowed)
        for key, answer in kept:
            out[key] = (answer, kept_for)
        if len(everything) - len(kept_for) > MAX_FRESH:
            return
        with self._lock:
            self._stories = everything
            self._carried = dict(list(out.items())[-self.limit:])


def _probe(conn: sqlite3.Connection, meta_query: str, body_query: str | None) -> Probed:
    """Stories whose title, summary or tags hold the part; (story, chunk) whose body does."""
    meta = [r[0] for r in conn.execute(
        "SELECT rowid FROM story_fts WHERE story_fts MATCH ? LIMIT ?", (meta_query, PROBE))]
    body = [r[0] for r in conn.execute(
        "SELECT rowid FROM body_fts WHERE body_fts MATCH ? LIMIT ?",
        (body_query, PROBE))] if body_query else []
    return tuple(meta), tuple(split_rowid(r) for r in body)  # each row id split once


def _completed(conn: sqlite3.Connection, meta_query: str, body_query: str | None,
               answer: Probed, valid: frozenset[int], stories: frozenset[int]) -> Probed | None:
    """A carried answer made this engine's: its rows of the stories still here, and the other
    stories' rows probed alone, merged in row id order as `_probe` reads them (FTS5 answers by
    row id; a full answer needs no story past its last row: an upload's, mostly). None when
    that cannot be known without the whole probe (a full answer lost rows with stories
    gone)."""
    fresh = _runs(sorted(stories - valid))
    last = len(answer[0]) >= PROBE and answer[0][-1]  # a full answer read no row past it
    meta = _merged([n for n in answer[0] if n in valid], [
        r[0] for first, end in fresh if last is False or first <= last
        for r in conn.execute("SELECT rowid FROM story_fts WHERE story_fts MATCH ? AND "
                              "rowid >= ? AND rowid <= ? LIMIT ?",
                              (meta_query, first, end, PROBE))], last)
    body: list[tuple[int, int]] | None = []
    if body_query:
        cut = len(answer[1]) >= PROBE and answer[1][-1]
        body = _merged([r for r in answer[1] if r[0] in valid], [
            split_rowid(r[0]) for first, end in fresh if cut is False or (first, 0) <= cut
            for r in conn.execute(
                "SELECT rowid FROM body_fts WHERE body_fts MATCH ? AND rowid >= ? "
                "AND rowid < ? LIMIT ?", (body_query, first * MAX_CHUNKS,
                                          (end + 1) * MAX_CHUNKS, PROBE))], cut)
    if meta is None or body is None:
        return None
    return tuple(meta), tuple(body)


def _runs(numbers: list[int]) -> list[tuple[int, int]]:
    """Sorted numbers as runs of consecutive ones, (first, last): uploads added one after
    another are one run, probed by one query."""
    runs: list[tuple[int, int]] = []
    for n in numbers:
        if runs and runs[-1][1] == n - 1:
            runs[-1] = (runs[-1][0], n)
        else:
            runs.append((n, n))
    return runs


def _merged(kept: list[Any], fresh: list[Any], cut: Any) -> list[Any] | None:
    """The first PROBE rows of both in order; `cut`: the last row of a full answer (those
    past it were never read), else False."""
    rows = sorted((*kept, *fresh))
    if cut is not False:
        rows = [r for r in rows if r <= cut]
        if len(rows) < PROBE:
            return None
    return rows[:PROBE]


def _found(conn: sqlite3.Connection, part: Part, probes: Probes | None) -> Probed:
    """The part's probe; for a compound no story holds, its head's (`compound_head`)."""
    found = _probe(conn, _meta_query(part), _body_query(part)) if probes is None \
        else probes.found(conn, part)
    if not found[0] and not found[1] and (head := compound_head(conn, part)) is not None:
        return _found(conn, replace(part, value=head, forms=(head,)), probes)
    return found


def _holds_term(conn: sqlite3.Connection, word: str) -> bool:
    """Whether some story's title, summary, tags or text has the word as written."""
    return any(conn.execute(f"SELECT 1 FROM {table} WHERE {table} MATCH ? LIMIT 1",
                            (fts_phrase([word]),)).fetchone()
               for table in ("body_fts", "story_fts"))


def compound_head(conn: sqlite3.Connection, part: Part) -> str | None:
    """For a compound word no story holds ("houseplant", "spaceship"), its head: the last of
    the two words it is made of, both words of the catalog ("plant": a houseplant is a plant;
    English compounds are headed on the right). The longest such head; None if none."""
    word = part.value
    if part.kind != "word" or len(word) < 2 * MIN_HALF or not word.isalpha():
        return None
    for cut in range(MIN_HALF, len(word) - MIN_HALF + 1):
        head = word[cut:]
        if _holds_term(conn, head) and _holds_term(conn, word[:cut]):
            return head
    return None


def word_matches(conn: sqlite3.Connection, parts: list[Part], total: int,
                 probes: Probes | None = None) -> WordHits:
    """The stories holding each searched part, and where."""
    hits = WordHits()
    keyed = len({part.key for part in parts[:MAX_PARTS]}) == len(parts[:MAX_PARTS])
    sums = hits.sums  # (made when `keyed`: no two parts share a key)
    for part in parts[:MAX_PARTS]:
        meta, located = _found(conn, part, probes)
        stories = set(meta).union([n for n, _c in located])
        if not stories:
            hits.absent.add(part.key)
            continue
        if len(meta) >= PROBE or len(located) >= PROBE:
            hits.common.add(part.key)
        # A part most stories hold tells them apart little ("said"): it still counts as met.
        share = len(stories) / max(total, 1)
        hits.weights[part.key] = COMMON if part.key in hits.common or (
            total >= 20 and share > 0.3) else math.log(1 + total / len(stories))
        key, where, chunks = part.key, hits.where, hits.chunks
        meta_worth = hits.weights[key]
        body_worth = meta_worth * BODY_SHARE  # as `score_many` weighs a mention
        place = len(hits.placed)
        hits.placed.append(meta_worth)
        for n in meta:
            where[n][key] = "meta"
            if keyed:
                sums[n] = sums.get(n, 0.0) + meta_worth
        for n, chunk in located:
            found = where[n]
            if key not in found:
                found[key] = "body"
                if keyed:
                    sums[n] = sums.get(n, 0.0) + body_worth
            hit = chunks.get(n)
            if hit is None:
                chunks[n] = [chunk * MAX_PARTS + place]
            else:
                hit.append(chunk * MAX_PARTS + place)
    return hits


def best_stories(hits: WordHits, wanted: set[str], limit: int = PER_SOURCE) -> list[int]:
    """The stories holding the most of the searched parts asked for (`wanted` keys, not the
    avoided ones), as candidates. Ranked once per request and parts: a shorter list is the
    front of the longer one."""
    key = frozenset(wanted)
    ranked = hits.best.get(key)
    if ranked is None or (limit > len(ranked) and len(ranked) >= PER_SOURCE):
        holding = list(hits.where) if wanted.issuperset(hits.weights) else [
            n for n, found in hits.where.items() if wanted.intersection(found)]
        # the same as a stable sort by score, highest first, cut to the longer length
        ranked = heapq.nlargest(max(limit, PER_SOURCE), holding,
                                key=hits.score_many(holding).__getitem__)
        hits.best[key] = ranked
    return ranked[:limit]


def settle(conn: sqlite3.Connection, parts: list[Part], hits: WordHits,
           facts: dict[int, Facts], summaries: dict[int, str]) -> None:
    """Whether each story holds each common part, from its own text (for the few stories
    about to be shown: the probe could not tell for a word thousands of stories hold)."""
    common = [p for p in parts if p.key in hits.common]
    if not common:
        return
    # each part with its forms, made once (not per story)
    forms_of = [(p.key, set().union(*(family(f) for f in (p.forms or (p.value,)))))
                for p in common]
    for n, story in facts.items():
        missing = [(key, forms) for key, forms in forms_of if key not in story.words_found]
        if not missing:
            continue
        meta = set(fold(" ".join([story.title, summaries.get(n, ""), *story.tags])).split())
        body: set[str] | None = None
        for key, forms in missing:
            if forms & meta:
                story.words_found[key] = "meta"
                continue
            if body is None:
                body = set(fold(body_text(conn, n, INDEXED_CHARS)).split())
            if forms & body:
                story.words_found[key] = "body"

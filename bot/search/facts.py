"""What the ranker needs to know about its candidates, loaded for all of them at once: one
query per table over the candidates' row ids, never a query per story, and only the tables the
request's parts ask about (a request for a mood never reads the candidates' characters).

A `FactCache` keeps the rows read, by story: a catalog never changes under its engine, and the
same stories (a popular pairing's, a fandom's first) are candidates for request after request;
a row costs SQLite a few microseconds, a dictionary look-up a tenth of one.
"""

from __future__ import annotations

import sqlite3
import threading
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable
from collections.abc import Set as AbstractSet
from functools import lru_cache
from typing import Any

from bot.catalog.stored import unpack_moods
from bot.search.cards import ids_json
from bot.search.parts import Facts, categories_of
from bot.search.text import MOOD_WORDS, fold

_SUB = "(SELECT value FROM json_each(?))"
TABLES = ("tags", "fandoms", "authors", "characters", "relationships", "moods")
FACT_CACHE = 200_000  # rows kept per engine, counted per story and table (~25 MB)
_STORY = ("SELECT n, rating, status, words, chapters_posted, chapters_total, title, estimate, "
          f"richness, summary IS NOT NULL FROM stories WHERE n IN {_SUB}")


class FactCache:
    """Each story's rows of each fact table (a story's own row included), as read. Only
    whole reads are kept: a read narrowed to some names (`only`) is not a story's rows."""

    def __init__(self, limit: int = FACT_CACHE) -> None:
        self.limit = limit
        self._tables: dict[str, dict[int, Any]] = defaultdict(dict)
        self._size = 0
        self._lock = threading.Lock()

    def size(self) -> int:
        """Rows kept (a story's rows of one table count once)."""
        return self._size

    def rows(self, conn: sqlite3.Connection, table: str, sql: str, params: list,
             numbers: Iterable[int]) -> dict[int, Any]:
        """The stories' rows of `table` (without the story column), from memory when read
        before; the rest in one query (`sql` over the json ids, then `params`)."""
        kept = self._tables[table]
        found: dict[int, Any] = {}
        missing = []
        for n in numbers:
            rows = kept.get(n)
            if rows is None:
                missing.append(n)
            else:
                found[n] = rows
        if missing:
            read = _grouped(conn.execute(sql, [ids_json(missing), *params]), missing, table)
            found.update(read)
            with self._lock:
                if self._size + len(read) > self.limit:
                    self._tables.clear()
                    self._size = 0
                self._tables[table].update(read)
                self._size += len(read)
        return found

    def carry(self, other: FactCache, numbers: AbstractSet[int]) -> None:
        """`other`'s rows of these stories, kept here: stories whose rows in this engine's
        file are a copy of theirs in `other`'s (Engine.carry)."""
        with other._lock:
            taken = {table: [(n, rows[n]) for n in numbers if n in rows]
                     for table, rows in other._tables.items()}
        count = sum(len(rows) for rows in taken.values())
        with self._lock:
            if self._size + count > self.limit:
                return
            for table, rows in taken.items():
                self._tables[table].update(rows)
            self._size += count


def _casefolded(rows: Iterable[tuple]) -> frozenset[str]:
    return frozenset(value.casefold() for value, in rows)


def _values(rows: Iterable[tuple]) -> frozenset[str]:
    return frozenset(value for value, in rows)


# A story's tags, fandoms and authors as the ranker reads them (casefolded sets), made once
# when its rows are read: kept that way, no request folds them again.
_SHAPES: dict[str, Callable[[Iterable[tuple]], Any]] = {
    "tags": _casefolded, "fandoms": _values, "authors": _casefolded}


def _grouped(cursor: Iterable[tuple], numbers: list[int], table: str) -> dict[int, Any]:
    """Rows by their first column (a story), every story given (none: an empty tuple), in
    the table's shape (`_SHAPES`: a set of names; else the rows)."""
    out: dict[int, list[tuple]] = {n: [] for n in numbers}
    for row in cursor:
        out[row[0]].append(row[1:])
    shape = _SHAPES.get(table, tuple)
    return {n: shape(rows) for n, rows in out.items()}


def _read(conn: sqlite3.Connection, table: str, sql: str, params: list, numbers: list[int],
          cache: FactCache | None) -> dict[int, Any]:
    if cache is not None:
        return cache.rows(conn, table, sql, params, numbers)
    return _grouped(conn.execute(sql, [ids_json(numbers), *params]), numbers, table)


def load_facts(conn: sqlite3.Connection, numbers: list[int], gender: dict[str, str],
               tables: Collection[str] = TABLES, categories: bool = True,
               only: dict[str, list[str]] | None = None,
               cache: FactCache | None = None) -> dict[int, Facts]:
    """`only` narrows the characters and relationships read to the names and keys a request
    asks about (a candidate's other characters matter to nothing it asks)."""
    if not numbers:
        return {}
    out: dict[int, Facts] = {}
    for n, rows in _read(conn, "stories", _STORY, [], numbers, cache).items():
        if rows:
            (rating, status, words, posted, total, title, estimate, richness,
             summary), = rows
            out[n] = Facts(rating=rating, status=status, words=words, chapters_posted=posted,
                           chapters_total=total, title=title or "", estimate=estimate,
                           richness=richness, has_summary=bool(summary))
    add_tables(conn, out, tables, only, cache)
    for facts in out.values():
        if categories:
            facts.categories = categories_of(facts, gender)
        if "tags" in tables:
            facts.tag_moods = _tag_moods(facts.tags)
    return out


# A story's packed mood scores, unpacked once (only read from then on: every candidate's
# Facts of that story shares the one dictionary). Keyed by the packed text, which is the story's.
_moods = lru_cache(maxsize=16384)(unpack_moods)


@lru_cache(maxsize=65536)
def _tag_mood(tag: str) -> str | None:
    """The mood a tag names ("Humor", "hurt/comfort"), if any."""
    return MOOD_WORDS.get(fold(tag))


@lru_cache(maxsize=16384)
def _tag_moods(tags: AbstractSet[str]) -> frozenset[str]:
    """The moods a story's tags name: by its kept set of tags (a frozenset keeps its hash)."""
    return frozenset(m for m in map(_tag_mood, tags) if m)


def add_tables(conn: sqlite3.Connection, out: dict[int, Facts], tables: Collection[str],
               only: dict[str, list[str]] | None = None,
               cache: FactCache | None = None) -> None:
    """Tags, fandoms, authors, characters, pairings and moods of the stories in `out`."""
    numbers = list(out)
    rows: dict[str, dict[int, Any]] = {}
    for name, sql in _CHILD_QUERIES.items():
        if name not in tables or not numbers:
            continue
        params: list = []
        narrow = (only or {}).get(name)
        if narrow is not None and cache is not None:
            rows[name] = _narrowed(cache.rows(conn, name, sql, params, numbers), narrow)
            continue
        if narrow is not None:
            column = "name" if name == "characters" else "key"
            sql += f" AND +{column} IN ({', '.join('?' * len(narrow))})"
            params += narrow
        rows[name] = _read(conn, name, sql, params, numbers, cache if narrow is None else None)
    for story, found in rows.get("tags", {}).items():
        facts = out[story]
        facts.tags = found | facts.tags if facts.tags else found
    for story, found in rows.get("fandoms", {}).items():
        facts = out[story]
        facts.fandoms = found | facts.fandoms if facts.fandoms else found
    for story, found in rows.get("authors", {}).items():
        facts = out[story]
        facts.authors = found | facts.authors if facts.authors else found
    for story, found in rows.get("characters", {}).items():
        facts = out[story]
        for name, prominence, stated in found:
            facts.characters[name] = prominence
            if stated:
                facts.stated_characters.add(name)
    for story, found in rows.get("relationships", {}).items():
        facts = out[story]
        for key, stated, confidence, modifier, order in found:
            facts.relationships[key] = (bool(stated), confidence, modifier)
            facts.relationship_order[key] = order
    for story, found in rows.get("moods", {}).items():
        for packed, in found:
            out[story].moods = _moods(packed)


def _narrowed(found: dict[int, tuple], names: list[str]) -> dict[int, tuple]:
    """Stories' kept rows of characters or pairings narrowed to the names or keys asked (each
    row's first column), in their order: what a narrowed read returns, made from the story's
    whole rows, which are read once per catalog instead of per request."""
    wanted = set(names)
    return {n: tuple(row for row in rows if row[0] in wanted) for n, rows in found.items()}


_CHILD_QUERIES = {name: sql.format(sub=_SUB) for name, sql in {
    "tags": "SELECT story, tag FROM tags WHERE story IN {sub}",
    "fandoms": "SELECT story, name FROM fandoms WHERE story IN {sub}",
    "authors": "SELECT story, name FROM authors WHERE story IN {sub}",
    "characters": "SELECT story, name, prominence, stated FROM characters WHERE story IN {sub}",
    "relationships": "SELECT story, key, stated, confidence, modifier, ord FROM relationships "
                     "WHERE story IN {sub}",
    "moods": "SELECT story, moods FROM understanding WHERE story IN {sub}",
}.items()}


def tables_for(kinds: set[str], has_members: bool) -> set[str]:
    """The tables a request's part kinds read (`has_members`: it names a pairing, whose
    members count a little on their own)."""
    need = set()
    if kinds & {"category", "tag", "mood", "crossover"}:
        need.add("tags")
    if kinds & {"fandom", "crossover"}:
        need.add("fandoms")
    if "author" in kinds:
        need.add("authors")
    if kinds & {"character"} or has_members:
        need.add("characters")
    if kinds & {"pairing", "category", "otp"}:
        need.add("relationships")
    if kinds & {"mood", "mood-cap"}:
        need.add("moods")
    return need

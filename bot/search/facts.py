"""What the ranker needs to know about its candidates, loaded for all of them at once: one
query per table over the candidates' row ids, never a query per story, and only the tables the
request's parts ask about (a request for a mood never reads the candidates' characters)."""

from __future__ import annotations

import sqlite3
from collections.abc import Collection
from functools import lru_cache

from bot.catalog.stored import unpack_moods
from bot.search.cards import ids_json
from bot.search.parts import Facts, categories_of
from bot.search.text import MOOD_WORDS, fold

_SUB = "(SELECT value FROM json_each(?))"
TABLES = ("tags", "fandoms", "authors", "characters", "relationships", "moods")


def load_facts(conn: sqlite3.Connection, numbers: list[int], gender: dict[str, str],
               tables: Collection[str] = TABLES, categories: bool = True,
               only: dict[str, list[str]] | None = None) -> dict[int, Facts]:
    """`only` narrows the characters and relationships read to the names and keys a request
    asks about (a candidate's other characters matter to nothing it asks)."""
    if not numbers:
        return {}
    ids = ids_json(numbers)
    out: dict[int, Facts] = {}
    for (n, rating, status, words, posted, total, title, estimate, richness,
         summary) in conn.execute(
            "SELECT n, rating, status, words, chapters_posted, chapters_total, title, estimate, "
            f"richness, summary IS NOT NULL FROM stories WHERE n IN {_SUB}", (ids,)):
        out[n] = Facts(rating=rating, status=status, words=words, chapters_posted=posted,
                       chapters_total=total, title=title or "", estimate=estimate,
                       richness=richness, has_summary=bool(summary))
    add_tables(conn, ids, out, tables, only)
    for facts in out.values():
        if categories:
            facts.categories = categories_of(facts, gender)
        if "tags" in tables:
            facts.tag_moods = {m for m in map(_tag_mood, facts.tags) if m}
    return out


@lru_cache(maxsize=65536)
def _tag_mood(tag: str) -> str | None:
    """The mood a tag names ("Humor", "hurt/comfort"), if any."""
    return MOOD_WORDS.get(fold(tag))


def add_tables(conn: sqlite3.Connection, ids: str, out: dict[int, Facts],
               tables: Collection[str], only: dict[str, list[str]] | None = None) -> None:
    """Tags, fandoms, authors, characters, pairings and moods of the stories in `out`."""
    rows = {}
    for name, sql in _CHILD_QUERIES.items():
        if name not in tables:
            continue
        params: list = [ids]
        narrow = (only or {}).get(name)
        if narrow is not None:
            column = "name" if name == "characters" else "key"
            sql += f" AND +{column} IN ({', '.join('?' * len(narrow))})"
            params += narrow
        rows[name] = conn.execute(sql.format(sub=_SUB), params).fetchall()
    for story, tag in rows.get("tags", ()):
        out[story].tags.add(tag.casefold())
    for story, name in rows.get("fandoms", ()):
        out[story].fandoms.add(name)
    for story, name in rows.get("authors", ()):
        out[story].authors.add(name.casefold())
    for story, name, prominence, stated in rows.get("characters", ()):
        out[story].characters[name] = prominence
        if stated:
            out[story].stated_characters.add(name)
    for story, key, stated, confidence, modifier, order in rows.get("relationships", ()):
        out[story].relationships[key] = (bool(stated), confidence, modifier)
        out[story].relationship_order[key] = order
    for story, packed in rows.get("moods", ()):
        out[story].moods = unpack_moods(packed)


_CHILD_QUERIES = {
    "tags": "SELECT story, tag FROM tags WHERE story IN {sub}",
    "fandoms": "SELECT story, name FROM fandoms WHERE story IN {sub}",
    "authors": "SELECT story, name FROM authors WHERE story IN {sub}",
    "characters": "SELECT story, name, prominence, stated FROM characters WHERE story IN {sub}",
    "relationships": "SELECT story, key, stated, confidence, modifier, ord FROM relationships "
                     "WHERE story IN {sub}",
    "moods": "SELECT story, moods FROM understanding WHERE story IN {sub}",
}


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
    if kinds & {"pairing", "category"}:
        need.add("relationships")
    if kinds & {"mood", "mood-cap"}:
        need.add("moods")
    return need

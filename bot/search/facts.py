"""What the ranker needs to know about its candidates, loaded for all of them at once: one
query per table over the candidates' row ids, never a query per story."""

from __future__ import annotations

import sqlite3

from bot.catalog.stored import unpack_moods
from bot.search.cards import ids_json
from bot.search.parts import Facts, categories_of
from bot.search.text import MOOD_WORDS, fold

_SUB = "(SELECT value FROM json_each(?))"


def load_facts(conn: sqlite3.Connection, numbers: list[int],
               gender: dict[str, str]) -> dict[int, Facts]:
    if not numbers:
        return {}
    ids = ids_json(numbers)
    out: dict[int, Facts] = {}
    for (n, rating, status, words, posted, total, title, estimate) in conn.execute(
            "SELECT n, rating, status, words, chapters_posted, chapters_total, title, estimate "
            f"FROM stories WHERE n IN {_SUB}", (ids,)):
        out[n] = Facts(rating=rating, status=status, words=words, chapters_posted=posted,
                       chapters_total=total, title=title or "", estimate=estimate)
    _children(conn, ids, out)
    for facts in out.values():
        facts.categories = categories_of(facts, gender)
        facts.tag_moods = {MOOD_WORDS[f] for f in map(fold, facts.tags) if f in MOOD_WORDS}
    return out


def _children(conn: sqlite3.Connection, ids: str, out: dict[int, Facts]) -> None:
    """Tags, fandoms, authors, characters, pairings and moods of the stories in `out`."""
    rows = {name: [r for r in conn.execute(sql.format(sub=_SUB), (ids,)) if r[0] in out]
            for name, sql in _CHILD_QUERIES.items()}
    for story, tag in rows["tags"]:
        out[story].tags.add(tag.casefold())
    for story, name in rows["fandoms"]:
        out[story].fandoms.add(name)
    for story, name in rows["authors"]:
        out[story].authors.add(name.casefold())
    for story, name, prominence, stated in rows["characters"]:
        out[story].characters[name] = prominence
        if stated:
            out[story].stated_characters.add(name)
    for story, key, stated, confidence, modifier, order in rows["relationships"]:
        out[story].relationships[key] = (bool(stated), confidence, modifier)
        out[story].relationship_order[key] = order
    for story, packed in rows["moods"]:
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

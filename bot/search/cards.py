"""Story cards: batch-load everything a result shows for a handful of stories."""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from datetime import date

from bot.catalog.stored import ranked_moods
from bot.search.model import CardRelationship, StoryCard
from bot.vocabulary import RelationshipKey


def ids_json(numbers) -> str:
    return json.dumps([int(n) for n in numbers])


def row_range(conn: sqlite3.Connection) -> tuple[int | None, int | None]:
    """The lowest and highest story row ids: two index seeks (MIN and MAX in one statement
    would read the whole table)."""
    low = conn.execute("SELECT MIN(n) FROM stories").fetchone()[0]
    high = conn.execute("SELECT MAX(n) FROM stories").fetchone()[0]
    return low, high


def _date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def load_cards(conn: sqlite3.Connection, numbers: list[int]) -> dict[int, StoryCard]:
    """Cards for story row ids, in one query per table."""
    if not numbers:
        return {}
    ids = ids_json(numbers)
    sub = "(SELECT value FROM json_each(?))"
    grouped: dict[str, dict[int, list[tuple]]] = {}
    queries = {
        "authors": f"SELECT story, name FROM authors WHERE story IN {sub} ORDER BY story, ord",
        "fandoms": f"SELECT story, name FROM fandoms WHERE story IN {sub} ORDER BY story, ord",
        "rels": f"SELECT story, key, stated, modifier FROM relationships WHERE story IN {sub} "
                "ORDER BY story, stated DESC, confidence DESC, ord",
        "chars": f"SELECT story, name FROM characters WHERE story IN {sub} "
                 "ORDER BY story, prominence DESC, stated DESC, name",
        "tags": f"SELECT story, tag, kind FROM tags WHERE story IN {sub} ORDER BY story, kind, ord",
        "moods": f"SELECT story, moods FROM understanding WHERE story IN {sub}",
        "stated_moods": f"SELECT story, mood FROM stated_moods WHERE story IN {sub}",
        "paths": f"SELECT story, path FROM files WHERE story IN {sub} ORDER BY story, path",
    }
    for name, sql in queries.items():
        rows: dict[int, list[tuple]] = defaultdict(list)
        for row in conn.execute(sql, (ids,)):
            rows[row[0]].append(row[1:])
        grouped[name] = rows
    cards = {}
    for (n, sid, title, rating, status, posted, total, words, summary, url, published,
         updated, estimate) in conn.execute(
            "SELECT n, id, title, rating, status, chapters_posted, chapters_total, words, "
            f"summary, url, published, updated, estimate FROM stories WHERE n IN {sub}",
            (ids,)):
        tags = grouped["tags"].get(n, [])
        paths = grouped["paths"].get(n, [])
        cards[n] = StoryCard(
            id=sid, title=title,
            authors=tuple(a for (a,) in grouped["authors"].get(n, [])),
            fandoms=tuple(f for (f,) in grouped["fandoms"].get(n, [])),
            relationships=tuple(CardRelationship(RelationshipKey.parse(k), bool(s), m)
                                for k, s, m in grouped["rels"].get(n, [])),
            characters=tuple(c for (c,) in grouped["chars"].get(n, [])),
            rating=rating, warnings=tuple(t for t, k in tags if k == "warning"),
            tags=tuple(t for t, k in tags if k == "tag"),
            moods=tuple((m, round(s, 3)) for m, s in ranked_moods(
                grouped["moods"][n][0][0] if n in grouped["moods"] else None)),
            status=status, chapters_posted=posted, chapters_total=total, words=words,
            summary=summary, url=url, published=_date(published), updated=_date(updated),
            path=paths[0][0] if paths else None,
            estimate=estimate if rating == "not-rated" else None,
            stated_moods=tuple(m for (m,) in grouped["stated_moods"].get(n, [])))
    return cards

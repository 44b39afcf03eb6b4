"""Title lookups on a real SQLite catalog with the real schema."""

from __future__ import annotations

import sqlite3

from bot.catalog.schema import migrate
from bot.search.lookups import _holding_most, title_scores


def _catalog(titles: list[str]) -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    migrate(conn)
    for n, title in enumerate(titles, 1):
        conn.execute("INSERT INTO stories (n, id, format, title, rating, status, words, "
                     "body_hash) VALUES (?, ?, 'plain', ?, 'teen', 'complete', 100, '')",
                     (n, f"s{n}", title))
        conn.execute("INSERT INTO title_fts (rowid, title) VALUES (?, ?)", (n, title))
    return conn


def test_the_titles_holding_most_of_the_rare_words_come_first():
    """More of the words first, then the rarer words, then the shorter title: a title that
    is the request's own words is among the few compared even when hundreds hold one word."""
    titles = [f"Chapel {i} Wolf Ember Tide" for i in range(250)]
    titles += ["Door Window", "Chapel", "The Long Chapel Door Story", "Chapel Door"]
    conn = _catalog(titles)
    best = _holding_most(conn, ["chapel", "door", "window"], limit=5)
    assert [titles[n - 1] for n in best] == ["Door Window", "Chapel Door",
                                              "The Long Chapel Door Story", "Chapel",
                                              "Chapel 0 Wolf Ember Tide"]
    scores = title_scores(conn, ["chapel", "door"], "the one with the chapel door")
    assert titles.index("Chapel Door") + 1 in scores

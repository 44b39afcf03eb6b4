"""The ranked title query's order made from each word's kept rows: FTS5's own, row for row."""

from __future__ import annotations

import random
import sqlite3

from bot.catalog.schema import migrate
from bot.search.engine import Engine
from bot.search.titlerank import TitleRanks
from bot.search.wordsearch import fts_phrase

WORDS = ["tide", "tides", "lantern", "ash", "glass", "river", "night", "harbour", "salt",
         "ember", "door", "moth"]


def _titles(count: int, seed: int) -> sqlite3.Connection:
    """A title index of short titles over a few words: many titles score alike (ties), some
    repeat a word ("Tide Tide"), some words share a stem ("tide", "tides")."""
    rng = random.Random(seed)
    conn = sqlite3.connect(":memory:")
    migrate(conn)
    conn.executemany("INSERT INTO title_fts (rowid, title) VALUES (?, ?)",
                     [(n, " ".join(rng.choices(WORDS[:rng.randint(3, len(WORDS))],
                                                k=rng.randint(1, 5))).title())
                      for n in range(1, count + 1)])
    return conn


def test_the_first_titles_are_those_fts5_ranks_first_ties_and_all():
    for seed, count in ((1, 40), (2, 600), (3, 3000)):
        conn = _titles(count, seed)
        ranks, rng = TitleRanks(), random.Random(seed)
        for _ in range(150):
            words = list(dict.fromkeys(rng.choices([*WORDS, "unheard", "+"],
                                                   k=rng.randint(1, 6))))
            phrases = [fts_phrase([w]) for w in words]
            expected = [r[0] for r in conn.execute(
                "SELECT rowid FROM title_fts WHERE title_fts MATCH ? ORDER BY rank LIMIT 100",
                (" OR ".join(phrases),))]
            assert ranks.first(conn, phrases, 100) == expected, (count, words)
        assert 0 < ranks.rows() <= count * len(WORDS)


def test_a_word_too_common_to_keep_leaves_the_ranking_to_sqlite(monkeypatch):
    from bot.search import titlerank

    monkeypatch.setattr(titlerank, "WORD_ROWS", 10)
    conn = _titles(200, 4)
    assert TitleRanks().first(conn, [fts_phrase(["tide"])], 100) is None


def test_kept_rows_are_bounded():
    conn = _titles(250, 5)  # no word in more than 250 titles
    ranks = TitleRanks(limit=300)
    for word in WORDS:
        ranks.first(conn, [fts_phrase([word])], 100)
        assert ranks.rows() <= 300


def test_a_title_request_asked_again_ranks_no_title_in_sqlite(small_catalog):
    """The words' rows are kept by the engine: FTS5 scores no title again for them."""
    engine = Engine.open(small_catalog)
    try:
        first = engine.recommend("ashes in teh garden", seed=1)
        statements: list[str] = []
        engine.conn().set_trace_callback(statements.append)
        again = engine.recommend("ashes in teh garden", seed=1)
        assert again.matches == first.matches
        assert first.matches[0].card.title == "Ashes in the Garden"
        assert [s for s in statements if "title_fts" in s]  # titles were still looked up
        assert not [s for s in statements if "ORDER BY rank" in s or "bm25" in s]
    finally:
        engine.close()

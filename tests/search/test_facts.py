"""Candidate facts load in one query per table, only the tables and names asked about."""

from __future__ import annotations

from bot.search.engine import Engine
from bot.search.facts import load_facts, tables_for


def test_only_what_the_parts_read_is_loaded(small_catalog):
    engine = Engine.open(small_catalog)
    try:
        conn = engine.conn()
        numbers = [n for (n,) in conn.execute("SELECT n FROM stories")]
        facts = load_facts(conn, numbers, engine.vocab.gender, tables_for({"mood"}, False),
                           categories=False)
        assert all(f.moods and not f.characters for f in facts.values())
        narrow = load_facts(conn, numbers, engine.vocab.gender, {"characters"}, False,
                            {"characters": ["Spike"]})
        assert {name for f in narrow.values() for name in f.characters} == {"Spike"}
        assert tables_for({"category"}, False) == {"tags", "relationships"}
    finally:
        engine.close()

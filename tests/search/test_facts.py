"""Candidate facts load in one query per table, only the tables and names asked about."""

from __future__ import annotations

import pytest

from bot.search.engine import Engine
from bot.search.facts import FactCache, load_facts, tables_for


@pytest.fixture
def opened(small_catalog):
    """An engine on the small catalog, its connection and every story's number."""
    engine = Engine.open(small_catalog)
    conn = engine.conn()
    yield engine, conn, [n for (n,) in conn.execute("SELECT n FROM stories")]
    engine.close()


def test_only_what_the_parts_read_is_loaded(opened):
    engine, conn, numbers = opened
    facts = load_facts(conn, numbers, engine.vocab.gender, tables_for({"mood"}, False),
                       categories=False)
    assert all(f.moods and not f.characters for f in facts.values())
    narrow = load_facts(conn, numbers, engine.vocab.gender, {"characters"}, False,
                        {"characters": ["Spike"]})
    assert {name for f in narrow.values() for name in f.characters} == {"Spike"}
    assert tables_for({"category"}, False) == {"tags", "relationships"}


def _fact_reads(conn) -> list[str]:
    """Start recording the statements run on `conn`."""
    seen: list[str] = []
    conn.set_trace_callback(seen.append)
    return seen


def test_a_cached_story_is_not_read_again(opened):
    engine, conn, numbers = opened
    cache = FactCache()
    first = load_facts(conn, numbers, engine.vocab.gender, cache=cache)
    reads = _fact_reads(conn)
    again = load_facts(conn, numbers, engine.vocab.gender, cache=cache)
    conn.set_trace_callback(None)
    plain = load_facts(conn, numbers, engine.vocab.gender)
    # the cache gives what the tables hold (the same facts as a read without it), with
    # no read of the stories' rows or of any of their tables
    assert again == first == plain
    assert reads == []


def test_a_cached_story_s_names_are_folded_once_and_shared(opened):
    """Its tags, fandoms and authors (casefolded) and the moods its tags name are made when
    its rows are read, then shared by every request's facts of it: immutable, never made
    again."""
    engine, conn, numbers = opened
    cache = FactCache()
    first = load_facts(conn, numbers, engine.vocab.gender, cache=cache)
    again = load_facts(conn, numbers, engine.vocab.gender, cache=cache)
    assert any(f.tags and f.authors and f.fandoms for f in first.values())
    assert any(f.tag_moods for f in first.values())
    for n, facts in again.items():
        for name in ("tags", "fandoms", "authors", "tag_moods"):
            shared = getattr(facts, name)
            assert shared is getattr(first[n], name) and isinstance(shared, frozenset)
        assert facts is not first[n]  # what a request sets on its facts stays its own
        assert all(tag == tag.casefold() for tag in facts.tags)


def test_a_narrowed_read_is_not_kept_as_the_story_rows(opened):
    engine, conn, numbers = opened
    cache = FactCache()
    load_facts(conn, numbers, engine.vocab.gender, {"characters"}, False,
               {"characters": ["Spike"]}, cache)
    whole = load_facts(conn, numbers, engine.vocab.gender, {"characters"}, False,
                       cache=cache)
    assert whole == load_facts(conn, numbers, engine.vocab.gender, {"characters"}, False)
    assert {name for f in whole.values() for name in f.characters} > {"Spike"}


def test_a_narrowed_read_comes_from_the_kept_whole_rows(opened):
    """Characters and pairings narrowed to what a request names are cut from the story's
    whole rows, kept once: a later request naming others reads nothing, and each gets what
    a narrowed query gives (the same rows, in the same order)."""
    engine, conn, numbers = opened
    cache = FactCache()
    tables = {"characters", "relationships"}
    keys = [k for (k,) in conn.execute("SELECT DISTINCT key FROM relationships LIMIT 2")]
    load_facts(conn, numbers, engine.vocab.gender, tables, False,
               {"characters": ["Spike"], "relationships": keys[:1]}, cache)
    for only in ({"characters": ["Willow Rosenberg", "Spike"], "relationships": keys},
                 {"characters": ["Buffy Summers"], "relationships": []}):
        reads = _fact_reads(conn)
        kept = load_facts(conn, numbers, engine.vocab.gender, tables, False, only, cache)
        conn.set_trace_callback(None)
        assert reads == []
        read = load_facts(conn, numbers, engine.vocab.gender, tables, False, only)
        assert [(n, list(f.characters.items()), list(f.relationships.items()))
                for n, f in kept.items()] == \
            [(n, list(f.characters.items()), list(f.relationships.items()))
             for n, f in read.items()]
        assert any(f.characters for f in kept.values())


def test_the_cache_stays_within_its_bound(opened):
    engine, conn, numbers = opened
    cache = FactCache(limit=len(numbers) + 2)
    load_facts(conn, numbers[:3], engine.vocab.gender, {"tags"}, False, cache=cache)
    facts = load_facts(conn, numbers, engine.vocab.gender, {"tags"}, False, cache=cache)
    assert cache.size() <= len(numbers) + 2
    assert facts == load_facts(conn, numbers, engine.vocab.gender, {"tags"}, False)

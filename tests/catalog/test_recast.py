"""A learned cast is applied to the stories already analysed without reading one again."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

import bot.catalog.analyse as analyse
from bot.catalog.export import export_records, open_readonly
from bot.catalog.ingest import ingest
from tests.support.unknown_fandoms import cast_of, write_stories

# The size: 20,000 small stories in fandoms the knowledge files lack (about a minute
# on one core; tests/bench/bench_ingest.py --unknown-fandoms times it with parallel workers).
STORIES = 20_000
FANDOMS = 2_000


@pytest.fixture
def counted(monkeypatch):
    """How many times ingest parsed and understood a story (in this process: workers=1)."""
    counts = {"parse": 0, "understand": 0}
    parse, understand = analyse.parse_bytes, analyse.understand

    def counting_parse(*args, **kwargs):
        counts["parse"] += 1
        return parse(*args, **kwargs)

    def counting_understand(*args, **kwargs):
        counts["understand"] += 1
        return understand(*args, **kwargs)

    monkeypatch.setattr(analyse, "parse_bytes", counting_parse)
    monkeypatch.setattr(analyse, "understand", counting_understand)
    return counts


def _characters(db: Path) -> dict[str, list[dict]]:
    conn = open_readonly(db)
    try:
        return {r["title"]: r["characters"] for r in export_records(conn)}
    finally:
        conn.close()


@pytest.mark.slow
def test_every_story_of_unknown_fandoms_is_analysed_once_and_gets_the_learned_cast(
        tmp_path: Path, counted):
    stories, db = tmp_path / "stories", tmp_path / "catalog.db"
    write_stories(stories, STORIES, FANDOMS)
    report = ingest([str(stories)], db, workers=1)
    assert (report.ingested, report.failures) == (STORIES, [])
    assert counted == {"parse": STORIES, "understand": STORIES}
    with sqlite3.connect(db) as conn:
        learned = conn.execute("SELECT COUNT(*) FROM learned WHERE kind = 'character'").fetchone()
        renames = conn.execute("SELECT COUNT(DISTINCT story) FROM learned_links "
                               "WHERE kind = 'rename'").fetchone()[0]
    assert learned[0] >= FANDOMS  # every fandom's cast, from the stories that state it
    assert renames > STORIES // 2  # most stories name the cast by first name only
    # A story that states nobody: its text's "Dagny" is the learned "Dagny Brennick".
    with sqlite3.connect(db) as conn:
        cast = {name for (name,) in conn.execute(
            "SELECT name FROM learned WHERE target = 'Moonlight Harbor 1'")}
    assert cast and cast <= set(cast_of(1))
    found = {c["name"] for c in _characters(db)[f"Harbour Night {FANDOMS + 1}"]}
    assert found & cast
    short = {name.split()[-2] for name in cast}  # first names: none left unrenamed
    assert not found & short


def test_a_cast_that_changes_renames_again_without_reading_the_old_stories(
        tmp_path: Path, counted):
    stories, db = tmp_path / "stories", tmp_path / "catalog.db"
    write_stories(stories, 40, 4)
    ingest([str(stories)], db, workers=1)
    first = _characters(db)
    parsed = counted["parse"]
    # One story more, stating a new name for the fandom: its cast changes.
    (stories / "new.txt").write_text(
        "Title: A New Hand\nAuthor: newcomer\nFandom: Moonlight Harbor 1\n"
        "Characters: Sefa Oakhurst\n\nSefa Oakhurst rowed out alone.\n\nThe End\n",
        encoding="utf-8")
    report = ingest([str(stories)], db, workers=1)
    assert report.ingested == 1 and counted["parse"] == parsed + 1
    again = _characters(db)
    assert {t: v for t, v in again.items() if t != "A New Hand"} == first
    # Removing what taught the cast undoes the renames exactly.
    for path in sorted(stories.glob("*.txt")):
        if "Characters:" in path.read_text(encoding="utf-8"):
            path.unlink()
    ingest([str(stories)], db, workers=1)
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM learned_links WHERE kind = 'rename'"
                            ).fetchone()[0] == 0
        assert conn.execute("SELECT COUNT(*) FROM learned").fetchone()[0] == 0


def test_a_story_that_states_no_fandom_gets_the_learned_one_its_names_belong_to(tmp_path: Path):
    stories, db = tmp_path / "stories", tmp_path / "catalog.db"
    write_stories(stories, 20, 2)  # Moonlight Harbor 0 and 1, their casts stated
    cast = sorted(cast_of(0))
    first = [name.split()[-2] for name in cast]
    (stories / "bare.txt").write_text(
        f"The Keeper's Log\n\n{first[0]} climbed the stairs. {first[1]} followed with the "
        f"lantern, and {first[0]} found the log open.\n\n\"Read it,\" {first[1]} said, and "
        f"{first[0]} read it aloud.\n", encoding="utf-8")
    ingest([str(stories)], db, workers=1)
    conn = open_readonly(db)
    try:
        record = next(r for r in export_records(conn) if r["path"].endswith("bare.txt"))
    finally:
        conn.close()
    with sqlite3.connect(db) as c:
        learned = {n for (n,) in c.execute(
            "SELECT name FROM learned WHERE target = 'Moonlight Harbor 0'")}
    assert record["fandoms"] == ["Moonlight Harbor 0"]
    assert record["fandom_source"] == "inferred"
    assert {c["name"] for c in record["characters"]} & learned

"""The catalog learns from its stories: ship-name tags become aliases, unknown fandoms get casts."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from bot.catalog.export import export_records, open_readonly
from bot.catalog.ingest import ingest
from bot.search.engine import Engine

STORY = """Title: {title}
Author: {author}
Fandom: {fandom}
{pairing}{characters}Tags: {tags}
Rating: PG

{body}

The End
"""

BUFFY_BODIES = [
    "Willow sat on the crypt steps with a thermos of cocoa while Spike complained about the "
    "cold. She told him vampires could not feel the cold, and he told her that was a rumour "
    "started by people who had never spent a February in Sunnydale.",
    "Spike found Willow in the library after hours, glaring at a spell that would not behave. "
    "He read the Latin over her shoulder, pointed out the mistake, and pretended he had not "
    "enjoyed watching the candles light all at once.",
    "The Bronze was loud and Willow was louder, laughing at something Spike said about the "
    "band. He bought her a soda with stolen money and she made him promise to pay it back.",
]

HARBOR_BODIES = [
    "The fog came in before the ferry did. Captain Ilsa Varne stood at the rail and counted the "
    "lanterns on the pier while Tomas Reed argued with the harbourmaster about the tide tables.",
    "Tomas Reed mended nets in the boathouse. Captain Ilsa Varne brought him coffee and the news "
    "that the lighthouse keeper had not been seen since Tuesday.",
]

NEW_HARBOR_BODY = (
    "Ilsa climbed the lighthouse stairs two at a time. Tomas followed with the lantern, "
    "breathing hard. At the top Ilsa found the keeper's log open on the desk, and Tomas read "
    "the last entry aloud while the wind rattled the glass. Ilsa said nothing for a long while."
)


def write(folder: Path, name: str, *, title: str, fandom: str, tags: str, body: str,
          pairing: str = "", characters: str = "", author: str = "harbourlight") -> Path:
    path = folder / name
    path.write_text(STORY.format(
        title=title, author=author, fandom=fandom, tags=tags, body=body,
        pairing=f"Pairing: {pairing}\n" if pairing else "",
        characters=f"Characters: {characters}\n" if characters else ""), encoding="utf-8")
    return path


def buffy_stories(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i, body in enumerate(BUFFY_BODIES):
        write(folder, f"spillow{i}.txt", title=f"Cold Nights {i}", author=f"writer{i}",
              fandom="Buffy the Vampire Slayer", tags="#spillowish, Fluff", body=body,
              pairing="Spike/Willow" if i < 2 else "")


def harbor_stories(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i, body in enumerate(HARBOR_BODIES):
        write(folder, f"harbor{i}.txt", title=f"Harbour Fog {i}", author=f"tidewriter{i}",
              fandom="Moonlight Harbor", tags="Mystery", body=body,
              characters="Captain Ilsa Varne, Tomas Reed")


def by_title(db: Path) -> dict[str, dict]:
    conn = open_readonly(db)
    try:
        return {r["title"]: r for r in export_records(conn)}
    finally:
        conn.close()


def learned_rows(db: Path) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT kind, name, target, stories FROM learned "
                            "ORDER BY kind, name, target").fetchall()


def table(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def test_a_recurring_ship_tag_becomes_a_stated_pairing_and_a_search_name(tmp_path: Path):
    stories, db = tmp_path / "stories", tmp_path / "catalog.db"
    buffy_stories(stories)
    ingest([str(stories)], db, workers=1)

    assert ("ship", "spillowish", "Spike/Willow Rosenberg", 2) in learned_rows(db)
    third = by_title(db)["Cold Nights 2"]
    stated = [(r["members"], r["kind"]) for r in third["relationships"] if r["stated"]]
    assert stated == [(["Spike", "Willow Rosenberg"], "romantic")]
    assert {"Spike", "Willow Rosenberg"} <= {c["name"] for c in third["characters"]}
    # The applied relationship is recorded as applied, so it never confirms its own tag.
    assert table(db, "SELECT s.title, l.name FROM learned_links l JOIN stories s "
                     "ON s.n = l.story WHERE l.kind = 'relationship'") == [
        ("Cold Nights 2", "Spike/Willow Rosenberg")]
    assert ("relationship", "Spike/Willow Rosenberg", 3) in table(
        db, "SELECT kind, name, stories FROM vocabulary")

    engine = Engine.open(db)
    try:
        parsed = engine.understand("spillowish")
        assert "Spike/Willow Rosenberg" in [key for key, *_ in parsed.relationships]
        result = engine.recommend("spillowish")
        found = {m.card.title for m in result.matches}
        assert found == {"Cold Nights 0", "Cold Nights 1", "Cold Nights 2"}
    finally:
        engine.close()


def test_one_story_or_a_tag_shared_by_two_pairings_teaches_nothing(tmp_path: Path):
    stories, db = tmp_path / "stories", tmp_path / "catalog.db"
    stories.mkdir()
    write(stories, "a.txt", title="Alone", fandom="Buffy the Vampire Slayer", tags="#spillowish",
          pairing="Spike/Willow", body=BUFFY_BODIES[0])
    write(stories, "b.txt", title="Shared One", fandom="Buffy the Vampire Slayer",
          tags="#sunnydalenights", pairing="Spike/Willow", body=BUFFY_BODIES[1], author="b1")
    write(stories, "c.txt", title="Shared Two", fandom="Buffy the Vampire Slayer",
          tags="#sunnydalenights", pairing="Willow/Tara", body=BUFFY_BODIES[2], author="c1")
    write(stories, "d.txt", title="Shared Three", fandom="Buffy the Vampire Slayer",
          tags="#sunnydalenights", pairing="Spike/Willow", body=BUFFY_BODIES[0], author="d1")
    ingest([str(stories)], db, workers=1)
    assert [r for r in learned_rows(db) if r[0] == "ship"] == []
    assert table(db, "SELECT * FROM learned_links") == []


def test_an_unknown_fandom_learns_its_cast_and_counts_it_in_new_stories(tmp_path: Path):
    stories, db = tmp_path / "stories", tmp_path / "catalog.db"
    harbor_stories(stories)
    ingest([str(stories)], db, workers=1)
    assert [r for r in learned_rows(db) if r[0] == "character"] == [
        ("character", "Captain Ilsa Varne", "Moonlight Harbor", 2),
        ("character", "Tomas Reed", "Moonlight Harbor", 2)]

    # A new story of the fandom names them only by first name and states no characters.
    write(stories, "harbor-new.txt", title="The Keeper's Log", fandom="Moonlight Harbor",
          tags="Mystery", body=NEW_HARBOR_BODY, author="newcomer")
    report = ingest([str(stories)], db, workers=1)
    assert (report.ingested, report.unchanged) == (1, 2)
    prominence = dict(table(db, "SELECT c.name, c.prominence FROM characters c "
                                "JOIN stories s ON s.n = c.story "
                                "WHERE s.title = 'The Keeper''s Log'"))
    assert prominence["Captain Ilsa Varne"] > 0
    assert prominence["Tomas Reed"] > 0
    assert prominence["Captain Ilsa Varne"] >= prominence["Tomas Reed"]  # named more often

    engine = Engine.open(db)
    try:
        parsed = engine.understand("Ilsa")
        assert [name for name, _ in parsed.characters] == ["Captain Ilsa Varne"]
    finally:
        engine.close()


def test_a_cast_learned_in_this_ingest_is_counted_in_this_ingest(tmp_path: Path):
    stories, db = tmp_path / "stories", tmp_path / "catalog.db"
    harbor_stories(stories)
    write(stories, "harbor-new.txt", title="The Keeper's Log", fandom="Moonlight Harbor",
          tags="Mystery", body=NEW_HARBOR_BODY, author="newcomer")
    ingest([str(stories)], db, workers=1)
    log = by_title(db)["The Keeper's Log"]
    assert [c["name"] for c in log["characters"][:2]] == ["Captain Ilsa Varne", "Tomas Reed"]
    assert not table(db, "SELECT name FROM characters WHERE prominence = 0")


def test_learning_is_deterministic_and_idempotent(tmp_path: Path):
    stories = tmp_path / "stories"
    buffy_stories(stories / "buffy")
    harbor_stories(stories / "harbor")
    db = tmp_path / "catalog.db"
    ingest([str(stories)], db, workers=1)
    first = learned_rows(db)
    links = table(db, "SELECT * FROM learned_links ORDER BY story, kind, name")
    exported = by_title(db)
    assert first and links

    # Nothing changed: nothing rebuilt, nothing new learned.
    report = ingest([str(stories)], db, workers=1)
    assert not report.rebuilt and learned_rows(db) == first

    # A rebuild that changes an unrelated story re-learns exactly the same, applies nothing new.
    write(stories / "harbor", "harbor1.txt", title="Harbour Fog 1", fandom="Moonlight Harbor",
          tags="Mystery", characters="Captain Ilsa Varne, Tomas Reed", author="tidewriter1",
          body=HARBOR_BODIES[1] + " The fog lifted at noon.")
    report = ingest([str(stories)], db, workers=1)
    assert report.rebuilt and report.ingested == 1
    assert learned_rows(db) == first
    assert table(db, "SELECT * FROM learned_links ORDER BY story, kind, name") == links
    again = by_title(db)
    assert again["Cold Nights 2"] == exported["Cold Nights 2"]

    # From scratch, in parallel workers, the same facts and the same stated pairings.
    fresh = tmp_path / "fresh.db"
    ingest([str(stories)], fresh, workers=2)
    assert learned_rows(fresh) == first
    assert by_title(fresh) == again


def test_removing_the_teaching_stories_undoes_what_was_learned(tmp_path: Path):
    stories, db = tmp_path / "stories", tmp_path / "catalog.db"
    buffy_stories(stories)
    ingest([str(stories)], db, workers=1)
    assert by_title(db)["Cold Nights 2"]["relationships"][0]["stated"]

    (stories / "spillow1.txt").unlink()  # one story with the pairing is not enough
    report = ingest([str(stories)], db, workers=1)
    assert report.removed == 1
    assert [r for r in learned_rows(db) if r[0] == "ship"] == []
    third = by_title(db)["Cold Nights 2"]
    assert not any(r["stated"] for r in third["relationships"])
    assert table(db, "SELECT * FROM learned_links") == []
    with sqlite3.connect(db) as conn:
        text = conn.execute("SELECT f.tags FROM story_fts f JOIN stories s ON s.n = f.rowid "
                            "WHERE s.title = 'Cold Nights 2'").fetchone()[0]
    assert "Spike/Willow Rosenberg" not in text

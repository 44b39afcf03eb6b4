"""A small hand-made catalog written through the real writer: seven stories whose every field
the search, CLI and console tests know."""

from __future__ import annotations

import sqlite3
import zlib
from pathlib import Path

from bot.catalog import writer
from bot.catalog.schema import migrate
from bot.story import Character, Passage, Relationship, Story


def _story(title, authors, fandom, rels, chars, moods, body, *, rating="teen",
           tags=(), warnings=(), status="complete", summary=None):
    relationships = []
    for members, stated, modifier, kind in rels:
        relationships.append(Relationship(tuple(members), kind=kind, stated=stated,
                                          modifier=modifier, confidence=1.0 if stated else 0.7))
    return Story(
        format="plain", title=title, authors=list(authors), fandoms=[fandom],
        relationships=relationships,
        characters=[Character(name, stated=True, mentions=10, prominence=p) for name, p in chars],
        rating=rating, tags=list(tags), warnings=list(warnings), status=status,
        summary=summary, moods=dict(moods), body=body, words=len(body.split()),
        passages=[Passage(body[:300], tuple(n for n, _p in chars), None, 0.5, 0,
                          len(body[:300]))])


STORIES = [
    _story("Quarters", ["moonlitquill"], "Buffy the Vampire Slayer",
           [(("Buffy Summers", "Spike"), True, None, "romantic")],
           [("Buffy Summers", 1.0), ("Spike", 0.9)], {"fluff": 0.9, "romance": 0.6},
           "The dryer ate her last quarter. Spike leaned on the machine and laughed.\n\n"
           "They waited in the laundromat until dawn.", tags=["Fluff"],
           summary="Buffy and Spike wait out a broken dryer in a laundromat."),
    _story("Ashes in the Garden", ["greywillow"], "Buffy the Vampire Slayer",
           [(("Buffy Summers", "Spike"), True, None, "romantic")],
           [("Spike", 1.0), ("Buffy Summers", 0.8)], {"angst": 0.95, "bittersweet": 0.4},
           "Spike walked through the burned garden. Nothing grew there any more.\n\n"
           "Buffy cried at the grave.", tags=["Angst"], warnings=["Major Character Death"],
           rating="mature"),
    _story("Library Hours", ["tarafan"], "Buffy the Vampire Slayer",
           [(("Tara Maclay", "Willow Rosenberg"), True, None, "romantic")],
           [("Willow Rosenberg", 1.0), ("Tara Maclay", 0.9)],
           {"bittersweet": 0.8, "romance": 0.5},
           "Willow shelved the spell books while Tara read aloud about a Winnebago trip.",
           rating="general"),
    _story("Impala Rain", ["roadsalt"], "Supernatural",
           [(("Castiel", "Dean Winchester"), True, None, "romantic")],
           [("Dean Winchester", 1.0), ("Castiel", 0.7), ("Sam Winchester", 0.2)],
           {"humor": 0.9, "fluff": 0.4},
           "Dean fixed the Impala in the rain while Cas held a very small umbrella.",
           tags=["Humor", "Crack"]),
    _story("Brothers", ["roadsalt"], "Supernatural",
           [(("Dean Winchester", "Sam Winchester"), True, None, "platonic")],
           [("Sam Winchester", 1.0), ("Dean Winchester", 1.0)], {"angst": 0.7},
           "Sam sat in the motel and listened to the ice machine hum.", rating="general"),
    _story("Sewing Tin", ["needlework"], "Buffy the Vampire Slayer",
           [(("Buffy Summers", "Spike"), False, "one-sided", "romantic"),
            (("Drusilla", "Spike"), False, "past", "romantic")],
           [("Spike", 1.0), ("Buffy Summers", 0.6), ("Drusilla", 0.2)], {"angst": 0.8},
           "Spike mended the coat with a sewing tin he stole from Joyce.", rating="teen"),
]


def build_catalog(path: Path, stories=STORIES) -> Path:
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn)
    conn.execute("BEGIN")
    for i, story in enumerate(stories):
        body = story.body
        rows = writer.story_rows(story, zlib.compress(body.encode()))
        writer.insert_story(conn, f"s{i:03d}", rows, f"h{i}", 5)
        n = conn.execute("SELECT n FROM stories WHERE id = ?", (f"s{i:03d}",)).fetchone()[0]
        conn.execute("INSERT INTO files VALUES (?, ?, ?, ?, ?)",
                     (f"/k/{i}", f"data/{i}.txt", n, "x", 1))
    conn.execute("INSERT INTO meta VALUES ('built_at', '2024-01-01T00:00:00+00:00')")
    conn.execute("COMMIT")
    writer.refresh_vocabulary(conn)
    conn.close()
    return path

"""Excerpts from stored passages: places in the body, read only as far as needed."""

from __future__ import annotations

import sqlite3
import zlib
from pathlib import Path

import pytest

from bot.catalog.schema import migrate
from bot.catalog.stored import pack_passages
from bot.search.excerpts import Kept, body_text, from_passages
from bot.story import Passage

BODY = ("Snow fell on the crypt. \u201cYou\u2019re late,\u201d Spike said.\n\n"
        "Willow counted the candles twice and came up one short, again.\n\n"
        + "The night went on. " * 200
        + "\n\nAt dawn Buffy laughed at the dented compact, and kept it.")


def _at(text: str, characters=(), mood=None, score=1.0) -> Passage:
    start = BODY.index(text)
    return Passage(text, tuple(characters), mood, score, start, start + len(text))


PASSAGES = [_at("Snow fell on the crypt. \u201cYou\u2019re late,\u201d Spike said.", ["Spike"]),
            _at("Willow counted the candles twice", ["Willow Rosenberg"], "angst"),
            _at("At dawn Buffy laughed at the dented compact", ["Buffy Summers"], "humor")]


@pytest.fixture
def conn(tmp_path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(tmp_path / "catalog.db")
    migrate(conn)  # only the two tables read here are filled (foreign keys are off)
    conn.execute("INSERT INTO bodies VALUES (1, ?)", (zlib.compress(BODY.encode(), 1),))
    conn.execute("INSERT INTO understanding VALUES (1, '', ?)", (pack_passages(PASSAGES),))
    return conn


def test_a_body_prefix_is_exact_even_with_multibyte_characters(conn) -> None:
    assert body_text(conn, 1) == BODY
    for chars in (1, 30, 31, 60, len(BODY)):
        assert body_text(conn, 1, chars) == BODY[:chars]


def test_the_passage_showing_the_asked_character_is_shown_as_written(conn) -> None:
    assert from_passages(conn, 1, {"Spike"}, set(), []) == \
        "Snow fell on the crypt. \u201cYou\u2019re late,\u201d Spike said."
    assert from_passages(conn, 1, set(), {"angst"}, []).startswith("Willow counted")
    assert from_passages(conn, 1, {"Buffy Summers"}, set(), []).startswith("At dawn Buffy")


def test_words_pick_the_passage_that_holds_them(conn) -> None:
    assert from_passages(conn, 1, set(), set(), ["compact"]).startswith("At dawn Buffy")


def test_a_passage_pointing_past_the_body_falls_back_on_the_opening(conn) -> None:
    wrong = Passage("", ("Spike",), None, 9.0, len(BODY) - 5, len(BODY) + 50)
    conn.execute("UPDATE understanding SET passages = ?", (pack_passages([wrong]),))
    assert from_passages(conn, 1, {"Spike"}, set(), []).startswith("Snow fell on the crypt.")


def test_kept_places_and_excerpts_are_read_once_per_story(conn) -> None:
    """An engine's `Kept`: the same excerpts as read afresh, a story's passages row read once
    and, once a place's excerpt was cut, neither row nor body read again for it."""
    kept = Kept()
    asked = [({"Spike"}, set()), (set(), {"angst"}), ({"Buffy Summers"}, set())]
    fresh = [from_passages(conn, 1, characters, moods, []) for characters, moods in asked]
    read: list[str] = []
    conn.set_trace_callback(read.append)
    assert [from_passages(conn, 1, c, m, [], kept) for c, m in asked * 2] == fresh * 2
    conn.set_trace_callback(None)
    assert sum("understanding" in sql for sql in read) == 1
    assert sum("bodies" in sql for sql in read) == 3  # one per place, the first time
    # words need every passage's text: read as before, and the same
    assert from_passages(conn, 1, set(), set(), ["compact"], kept).startswith("At dawn Buffy")


def test_a_kept_place_past_the_body_keeps_the_opening(conn) -> None:
    wrong = Passage("", ("Spike",), None, 9.0, len(BODY) - 5, len(BODY) + 50)
    conn.execute("UPDATE understanding SET passages = ?", (pack_passages([wrong]),))
    kept = Kept()
    for _ in range(2):
        assert from_passages(conn, 1, {"Spike"}, set(), [], kept).startswith(
            "Snow fell on the crypt.")

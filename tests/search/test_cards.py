"""Cards say which moods the author's tags state and which the bot inferred, and an inferred
mood never contradicts a stated one: checked on every card of a catalog built from the bundled
sample stories and the real fan-fiction files of ../shared/real-stories (read in place)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bot.catalog.ingest import ingest
from bot.search.cards import load_cards
from bot.vocabulary import MOOD_CONTRADICTIONS, MOOD_SHOWN
from cogs.utils.embeds import story_embed

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "stories"
REAL = ROOT.parent / "shared" / "real-stories" / "stories"


@pytest.fixture(scope="module")
def cards(tmp_path_factory):
    if not REAL.is_dir():
        pytest.skip("../shared/real-stories is not here")
    db = tmp_path_factory.mktemp("cards") / "catalog.db"
    report = ingest([str(SAMPLE), str(REAL)], db, workers=1)
    assert report.stories >= 50
    with sqlite3.connect(db) as conn:
        numbers = [n for (n,) in conn.execute("SELECT n FROM stories ORDER BY n")]
        return list(load_cards(conn, numbers).values())


def test_no_card_shows_an_inferred_mood_that_contradicts_a_stated_one(cards):
    tagged = [card for card in cards if card.stated_moods]
    assert len(tagged) >= 20  # the check reads real tags, not an empty set
    for card in cards:
        shown = [m for m, score in card.inferred_moods if score >= MOOD_SHOWN]
        for mood in shown:
            assert not MOOD_CONTRADICTIONS[mood] & set(card.stated_moods), (card.title, mood)
        # every stated mood outranks every inferred one
        scores = dict(card.moods)
        for stated in card.stated_moods:
            assert all(scores[stated] > score for _m, score in card.inferred_moods)


def test_the_card_shows_inferred_moods_apart_from_the_authors_tags(cards):
    fluffy = next(card for card in cards if "fluff" in card.stated_moods)
    embed = story_embed(fluffy)
    fields = {field.name: field.value for field in embed.fields}
    assert "Tags" in fields
    assert "Mood & tags" not in fields  # one field for both made guesses look stated
    inferred = fields.get("Moods (inferred)", "")
    assert "horror" not in inferred and "fluff" not in inferred
    for card in cards:
        fields = {f.name: f.value for f in story_embed(card).fields}
        for mood in card.stated_moods:
            assert mood not in fields.get("Moods (inferred)", "").split(", ")

"""Name autocomplete outside age-restricted channels never offers what only explicit stories
hold, and shows the counts that channel can see."""

from __future__ import annotations

import pytest

from bot.search.engine import Engine
from bot.search.model import Filters
from tests.support.small_catalog import STORIES, _story, build_catalog

EXPLICIT_ONLY = _story(
    "Motel Nights", ["nightshade"], "Buffy the Vampire Slayer",
    [(("Faith Lehane", "Xander Harris"), True, None, "romantic")],
    [("Faith Lehane", 1.0), ("Xander Harris", 0.8)], {"romance": 0.9},
    "Faith kicked the motel door shut behind them.", rating="explicit")
BOTH = _story(
    "Slayer Drills", ["nightshade"], "Buffy the Vampire Slayer",
    [(("Buffy Summers", "Spike"), True, None, "romantic")],
    [("Buffy Summers", 1.0), ("Spike", 0.9)], {"humor": 0.9},
    "Buffy ran drills in the basement.", rating="explicit")
SAFE = Filters(rating_max="mature")


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    path = build_catalog(tmp_path_factory.mktemp("ac") / "catalog.db",
                         [*STORIES, EXPLICIT_ONLY, BOTH])
    eng = Engine.open(path)
    yield eng
    eng.close()


def _values(found: list[tuple[str, str]]) -> list[str]:
    return [value for _label, value in found]


def test_names_only_explicit_stories_hold_are_offered_in_age_restricted_channels_only(engine):
    assert "Faith Lehane" in _values(engine.autocomplete("character", "fai"))
    assert "Faith Lehane" not in _values(engine.autocomplete("character", "fai", SAFE))
    assert "Faith Lehane/Xander Harris" in _values(engine.autocomplete("pairing", "faith"))
    assert "Faith Lehane/Xander Harris" not in _values(
        engine.autocomplete("pairing", "faith", SAFE))
    assert "Xander Harris" not in _values(engine.autocomplete("character", "xan", SAFE))


def test_counts_are_those_the_channel_can_see(engine):
    assert ("Buffy Summers/Spike (4)", "Buffy Summers/Spike") in engine.autocomplete(
        "pairing", "buffy")
    assert ("Buffy Summers/Spike (3)", "Buffy Summers/Spike") in engine.autocomplete(
        "pairing", "buffy", SAFE)
    fandoms = dict(engine.autocomplete("fandom", "buffy", SAFE))
    assert "Buffy the Vampire Slayer (4)" in fandoms  # of six Buffy stories, four not explicit

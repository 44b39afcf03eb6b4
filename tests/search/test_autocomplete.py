"""Name autocomplete outside age-restricted channels never offers what only explicit stories
hold, and shows the counts that channel can see."""

from __future__ import annotations

import pytest

from bot.search import engine as engine_module
from bot.search.autocomplete import Autocomplete
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


def test_a_catalog_names_are_not_suggested_from_builds_no_index_until_asked(engine,
                                                                           monkeypatch):
    """A server's shelf opens an engine on each change; its names are never suggested (the
    catalog's are), so it builds no suggestion index unless one is asked of it anyway."""
    built = []
    monkeypatch.setattr(engine_module, "Autocomplete",
                        lambda *args: (built.append(1), Autocomplete(*args))[1])
    shelf = Engine.open(engine.catalog, suggestions=False)
    try:
        assert not built
        assert shelf.autocomplete("character", "fai") == engine.autocomplete("character", "fai")
        assert shelf.autocomplete("pairing", "buffy", SAFE) == engine.autocomplete(
            "pairing", "buffy", SAFE)
        assert len(built) == 1
    finally:
        shelf.close()


def test_counts_are_those_the_channel_can_see(engine):
    assert ("Buffy Summers/Spike (4)", "Buffy Summers/Spike") in engine.autocomplete(
        "pairing", "buffy")
    assert ("Buffy Summers/Spike (3)", "Buffy Summers/Spike") in engine.autocomplete(
        "pairing", "buffy", SAFE)
    fandoms = dict(engine.autocomplete("fandom", "buffy", SAFE))
    assert "Buffy the Vampire Slayer (4)" in fandoms  # of six Buffy stories, four not explicit


HOME_A = _story("Home", ["nightshade"], "Buffy the Vampire Slayer", [],
                [("Dawn Summers", 1.0)], {"fluff": 0.9}, "Dawn came home.")
HOME_B = _story("Home", ["roadsalt"], "Supernatural", [],
                [("Sam Winchester", 1.0)], {"angst": 0.9}, "Sam came home.")


@pytest.fixture(scope="module")
def homes(tmp_path_factory):
    path = build_catalog(tmp_path_factory.mktemp("homes") / "catalog.db",
                         [*STORIES, HOME_A, HOME_B])
    eng = Engine.open(path)
    yield eng
    eng.close()


def test_nicknames_and_abbreviations_are_offered_as_the_names_they_stand_for(homes):
    assert homes.autocomplete("character", "red")[0] == ("red → Willow Rosenberg (1)",
                                                         "Willow Rosenberg")
    assert _values(homes.autocomplete("character", "dawnie"))[0] == "Dawn Summers"
    assert _values(homes.autocomplete("fandom", "btvs"))[0] == "Buffy the Vampire Slayer"
    assert _values(homes.autocomplete("fandom", "spn"))[0] == "Supernatural"
    assert "Castiel/Dean Winchester" in _values(homes.autocomplete("pairing", "cas"))
    found = homes.autocomplete("pairing", "red")  # Willow's pairings, by her nickname
    assert found[0][1] == "Tara Maclay/Willow Rosenberg" and found[0][0].startswith("red → ")
    assert all(len(label) <= 100 for label, _v in found)


def test_titles_with_two_typos_and_shared_titles_with_their_authors(homes):
    assert homes.autocomplete("title", "ashs in teh gardn")[0][0] == "Ashes in the Garden"
    assert homes.autocomplete("title", "librray hosr")[0][0] == "Library Hours"
    assert homes.autocomplete("title", "imapla rian")[0][0] == "Impala Rain"
    assert sorted(label for label, _v in homes.autocomplete("title", "home")) == [
        "Home — by nightshade", "Home — by roadsalt"]

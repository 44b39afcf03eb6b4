"""Exclusions (bot/search/exclusions.py): rules as fans type them resolved into the catalog's
own names, and a story excluded one way never reached another way through the engine."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from bot.parsers.ao3_vocab import CHOSE_NOT_TO_WARN
from bot.search.engine import Engine, Filters
from bot.search.exclusions import NOTHING, Excluded, TagFamilies
from bot.search.rank import filter_sql
from tests.support.small_catalog import _story, build_catalog

BTVS, SPN = "Buffy the Vampire Slayer", "Supernatural"

STORIES = [
    _story("Porch Light", ["a1"], BTVS, [(("Buffy Summers", "Spike"), True, None, "romantic")],
           [("Buffy Summers", 1.0), ("Spike", 0.9)], {"angst": 0.9},
           "Spike sat on the porch. Buffy cried for her mother and the light stayed on.",
           tags=["Grief/Mourning", "Angst"]),
    _story("Dolls", ["a2"], BTVS, [(("Drusilla", "Spike"), True, None, "romantic")],
           [("Drusilla", 1.0), ("Spike", 0.8)], {"dark": 0.8},
           "Drusilla lined up her dolls and told Spike which one had been naughty.",
           warnings=[CHOSE_NOT_TO_WARN]),
    _story("Little Sister", ["a3"], BTVS, [(("Dawn Summers", "Spike"), True, None, "platonic")],
           [("Dawn Summers", 1.0), ("Spike", 0.9)], {"friendship": 0.8, "fluff": 0.5},
           "Spike taught Dawn to play kitten poker in the crypt while it rained."),
    _story("Ashes", ["a4"], BTVS, [(("Tara Maclay", "Willow Rosenberg"), True, None,
                                    "romantic")],
           [("Willow Rosenberg", 1.0), ("Tara Maclay", 0.9)], {"angst": 0.95},
           "Willow walked through the ashes of the magic shop and did not cry.",
           warnings=["Major Character Death"], tags=["Rape/Non-Con"]),
    _story("Road Trip", ["a5"], SPN, [(("Castiel", "Dean Winchester"), True, None,
                                      "romantic")],
           [("Dean Winchester", 1.0), ("Castiel", 0.8)], {"humor": 0.9, "fluff": 0.6},
           "Dean drove the Impala and Castiel asked about every gas station pie.",
           tags=["Humor", "Road Trip"]),
    _story("Motel Ice", ["a6"], SPN, [(("Dean Winchester", "Sam Winchester"), True, None,
                                      "platonic")],
           [("Sam Winchester", 1.0), ("Dean Winchester", 1.0)], {"angst": 0.7},
           "Sam listened to the motel ice machine hum and missed his brother.",
           tags=["Grieving"]),
]
IDS = {story.title: f"s{i:03d}" for i, story in enumerate(STORIES)}


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    path = build_catalog(tmp_path_factory.mktemp("excl") / "catalog.db", STORIES)
    eng = Engine.open(path)
    yield eng
    eng.close()


def titles(covered) -> tuple[str, ...]:
    return covered.names


# --- what a rule covers ------------------------------------------------------------------------


def test_a_tag_family_holds_every_tag_with_the_words_typed():
    families = TagFamilies({"Grief/Mourning": 3, "Grief": 1, "Major Character Death": 4,
                            "Character Death": 1, "Rape/Non-Con": 2, "Hurt/Comfort": 5,
                            CHOSE_NOT_TO_WARN: 2, "Death Eaters": 1})
    assert families.family("grief") == ["Grief/Mourning", "Grief"]
    assert families.family("GRIEF ") == ["Grief/Mourning", "Grief"]
    assert families.family("greif") == ["Grief/Mourning", "Grief"]  # a typo, corrected
    assert families.family("character death") == ["Major Character Death", "Character Death"]
    assert families.family("noncon") == ["Rape/Non-Con"]  # two tag words spelt as one
    assert families.family("non-con") == ["Rape/Non-Con"]
    assert families.family("creator chose not to use archive warnings") == [CHOSE_NOT_TO_WARN]
    assert families.family("chose not to warn") == [CHOSE_NOT_TO_WARN]
    assert families.family("zombies") == []  # an unknown word finds nothing, not everything
    assert families.family("grief zombies") == []
    assert families.family("") == []


def test_rules_resolve_to_the_catalogs_names(engine):
    assert titles(engine.covered("tag", "grief")) == ("Grief/Mourning",)
    assert titles(engine.covered("tag", "grieving")) == ("Grieving",)
    assert titles(engine.covered("tag", "mcd")) == ("Major Character Death",)
    assert titles(engine.covered("tag", "cntw")) == (CHOSE_NOT_TO_WARN,)
    assert titles(engine.covered("tag", "Creator chose not to use archive warnings")) == (
        CHOSE_NOT_TO_WARN,)
    assert titles(engine.covered("character", "Red")) == ("Willow Rosenberg",)
    assert titles(engine.covered("character", "dean")) == ("Dean Winchester",)
    every = engine.covered("ship", "*/Spike")
    assert every.label == "every ship with Spike"
    assert set(every.pairings) == {"Buffy Summers/Spike", "Drusilla/Spike"}  # not Dawn & Spike
    assert engine.covered("ship", "Spike / *").pairings == every.pairings
    assert engine.covered("ship", "spuffy").pairings == ("Buffy Summers/Spike",)
    assert engine.covered("fandom", "SPN").fandoms == (SPN,)
    assert engine.covered("story", IDS["Dolls"]).stories == (IDS["Dolls"],)


def test_a_rule_that_covers_nothing_yet_still_excludes_what_was_typed(engine):
    covered = engine.covered("tag", "Zombie Apocalypse")
    assert covered.empty
    assert Excluded.of([covered]).tags == {"zombie apocalypse"}
    person = engine.covered("character", "Faith Lehane")
    assert Excluded.of([person]).characters >= {"Faith Lehane"}


def test_each_rule_is_resolved_once_per_catalog(engine):
    engine.covered.cache_clear()
    engine.exclusions([("tag", "grief"), ("ship", "*/Spike")])
    engine.exclusions([("tag", "grief"), ("ship", "*/Spike"), ("fandom", "SPN")])
    info = engine.covered.cache_info()
    assert (info.misses, info.hits) == (3, 2)


def test_excluded_count_says_how_many_stories_a_rule_keeps_out(engine):
    assert engine.excluded_count(engine.covered("ship", "*/Spike")) == 2
    assert engine.excluded_count(engine.covered("character", "Spike")) == 3
    assert engine.excluded_count(engine.covered("fandom", "SPN")) == 2
    assert engine.excluded_count(engine.covered("tag", "zombies")) == 0


# --- every path obeys them ---------------------------------------------------------------------

RULES = [
    ([("tag", "grief")], {"Porch Light"}),
    ([("tag", "cntw")], {"Dolls"}),
    ([("tag", "major character death")], {"Ashes"}),
    ([("tag", "noncon")], {"Ashes"}),
    ([("character", "Spike")], {"Porch Light", "Dolls", "Little Sister"}),
    ([("ship", "*/Spike")], {"Porch Light", "Dolls"}),
    ([("ship", "Castiel/Dean")], {"Road Trip"}),
    ([("fandom", "SPN")], {"Road Trip", "Motel Ice"}),
    ([("story", IDS["Little Sister"])], {"Little Sister"}),
]


def every_path(engine: Engine, filters: Filters) -> set[str]:
    """The titles every way of reaching stories can give under `filters`."""
    shown: set[str] = set()

    def add(cards):
        shown.update(c.title for c in cards)

    for request in ("spike", "buffy", "angst", "sad", "dean", "willow", "fluff", "grief",
                    "spuffy", "anything but humor", ""):
        add(m.card for m in engine.recommend(request, filters=filters, limit=50).matches)
    for pairing in ("spuffy", "Drusilla/Spike", "Castiel/Dean", "Tara/Willow"):
        add(engine.pairing(pairing, filters, 0, 50).stories)
    for name in ("Spike", "Dean", "Willow", "Dawn", "Sam"):
        add(engine.character(name, filters, 0, 50).stories)
    for mood in ("angst", "fluff", "humor", "dark", "friendship"):
        add(engine.by_mood(mood, filters, 0, 50)[1])
    rng = random.Random(7)
    for _ in range(40):
        add(c for c in [engine.random(filters, rng=rng)] if c is not None)
    for title in IDS:
        add(c for c in [engine.find_title(title, filters)] if c is not None)
        shown.update(label for label, _id in engine.autocomplete("title", title[:4], filters))
    ids = set(engine.eligible_ids(filters))
    shown.update(t for t, sid in IDS.items() if sid in ids)
    return shown


@pytest.mark.parametrize(("rules", "hidden"), RULES)
def test_a_story_excluded_one_way_never_shows_up_another_way(engine, rules, hidden):
    everything = every_path(engine, Filters())
    assert hidden <= everything  # each path could reach it without the rule
    filters = engine.exclusions(rules).narrow(Filters())
    assert every_path(engine, filters) == everything - hidden


def test_exclusions_add_to_what_the_filters_already_keep_out(engine):
    base = Filters(rating_max="teen", exclude_ids=frozenset({IDS["Road Trip"]}))
    filters = engine.exclusions([("fandom", "BtVS")]).narrow(base)
    assert filters.rating_max == "teen"
    assert {c.title for _t, c in [(0, c) for c in engine.by_mood("angst", filters, 0, 9)[1]]} \
        == {"Motel Ice"}
    assert engine.exclusions([]) == NOTHING and NOTHING.narrow(base) is base


def test_autocomplete_never_offers_an_excluded_name(engine):
    filters = engine.exclusions([("character", "Spike"), ("fandom", "SPN")]).narrow(Filters())
    offered = {v for _l, v in engine.autocomplete("character", "s", filters)}
    assert "Spike" not in offered
    pairings = {v for _l, v in engine.autocomplete("pairing", "spike", filters)}
    assert not any("Spike" in p for p in pairings)  # no pairing with an excluded character
    assert engine.autocomplete("fandom", "super", filters) == []
    assert "Spike" in {v for _l, v in engine.autocomplete("character", "spi", Filters())}


def test_a_card_is_blocked_by_what_excludes_it(engine):
    dolls = engine.story(IDS["Dolls"])
    assert dolls is not None
    for rules in ([("tag", "cntw")], [("character", "Drusilla")], [("ship", "*/Drusilla")],
                  [("fandom", "buffy")], [("story", IDS["Dolls"])]):
        assert engine.exclusions(rules).blocks(dolls), rules
    assert not engine.exclusions([("fandom", "SPN"), ("tag", "grief")]).blocks(dolls)


def test_the_exclusion_clauses_are_seeks_on_each_storys_rows(engine):
    """Fast at any size: each clause looks up the story's own rows through a key, never a
    scan of a table."""
    filters = replace(engine.exclusions(
        [("tag", "grief"), ("character", "Spike"), ("ship", "*/Dean"), ("fandom", "SPN"),
         ("story", "s001")]).narrow(Filters()), rating_max="teen")
    where, params = filter_sql(filters)
    plan = engine.conn().execute(f"EXPLAIN QUERY PLAN SELECT s.n FROM stories s WHERE {where}",
                                 params).fetchall()
    details = [row[3] for row in plan]
    subqueries = [d for d in details if " ex" in d or " tx" in d]
    assert len(subqueries) == 4, details
    assert all(d.startswith("SEARCH") for d in subqueries), details


def test_a_name_the_filters_exclude_is_never_looked_up(engine):
    """Asking for what is excluded ("spuffy" with every Spike ship excluded) finds nothing
    through it, so its source query, which would read every story holding it only to drop
    each one (seconds for a popular ship at a million stories), is never run; the answer is
    the same."""
    filters = engine.exclusions([("ship", "*/Spike"), ("character", "Dean"),
                                 ("fandom", "SPN"), ("tag", "humor")]).narrow(Filters())
    statements: list[str] = []
    conn = engine.conn()
    conn.set_trace_callback(statements.append)
    try:
        for request in ("spuffy", "dean", "spn", "humor", "drusilla/spike"):
            result = engine.recommend(request, filters=filters, limit=50)
            assert not {m.card.title for m in result.matches} & {
                "Porch Light", "Dolls", "Road Trip", "Motel Ice"}, request
    finally:
        conn.set_trace_callback(None)
    # (the trace shows each statement with its values in place of the ?s)
    sources = ("WHERE r.key = ", "WHERE c.name = ", "WHERE f.name = ", "WHERE t.tag = ")
    assert not [s for s in statements if any(source in s for source in sources)], statements

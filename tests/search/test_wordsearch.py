"""Word families and where a word was found."""

from __future__ import annotations

from bot.search.wordsearch import (
    WordHits,
    best_stories,
    family,
    fts_phrase,
    porter_stem,
    stem_prefix,
)


def test_a_word_finds_its_family():
    assert {"driving", "drive", "drives"} <= set(family("driving"))
    assert {"vampire", "vampires"} <= set(family("vampire"))
    assert {"party", "parties"} <= set(family("parties"))
    assert family("ok") == ("ok",)  # short words stay as typed


def test_queries_never_carry_operators():
    assert fts_phrase(['NEAR(', 'a"b']) == '"NEAR(" "a""b"'
    assert stem_prefix("AND").startswith('("AND"')
    assert porter_stem("stitches") == "stitch"


def test_the_best_word_holders_keep_the_stable_order_of_a_full_sort():
    """best_stories takes the top few without sorting every holder: ties keep the order the
    stories were found in, as a full stable sort would."""
    hits = WordHits(weights={"word:tea": 1.0, "word:rain": 0.5})
    found = {1: {"word:tea": "body"}, 2: {"word:tea": "meta"}, 3: {"word:rain": "meta"},
             4: {"word:tea": "body"}, 5: {"word:tea": "meta", "word:rain": "body"},
             6: {"word:rain": "meta"}}
    for n, where in found.items():
        hits.where[n].update(where)
    full = sorted(hits.where, key=lambda n: -hits.score(n))
    assert best_stories(hits, {"word:tea", "word:rain"}, 4) == full[:4] == [5, 2, 1, 3]
    assert best_stories(hits, {"word:rain"}, 10) == [5, 3, 6]
    assert hits.score(2) == 1.0 / 1.5 and hits.score(99) == 0.0

"""Word families and where a word was found."""

from __future__ import annotations

from bot.search.wordsearch import family, fts_phrase, porter_stem, stem_prefix


def test_a_word_finds_its_family():
    assert {"driving", "drive", "drives"} <= set(family("driving"))
    assert {"vampire", "vampires"} <= set(family("vampire"))
    assert {"party", "parties"} <= set(family("parties"))
    assert family("ok") == ("ok",)  # short words stay as typed


def test_queries_never_carry_operators():
    assert fts_phrase(['NEAR(', 'a"b']) == '"NEAR(" "a""b"'
    assert stem_prefix("AND").startswith('("AND"')
    assert porter_stem("stitches") == "stitch"

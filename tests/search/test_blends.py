"""Ship and fandom names blended from two names that no list holds ("fredwes", "gomens")."""

from __future__ import annotations

import pytest

from bot.search.blends import Blends
from bot.search.request import parse

CAST = [("Winifred Burkle", "Angel", ["Fred"]), ("Wesley Wyndam-Pryce", "Angel", ["Wes"]),
        ("Spock", "Star Trek", []), ("James T. Kirk", "Star Trek", ["Jim"]),
        ("Bela Talbot", "Supernatural", []), ("Lief", "Other", [])]
FANDOMS = [("Good Omens", ["GO"]), ("Angel: the Series", ["AtS"])]


def _never(_key):
    return False


def test_a_blend_of_two_whole_names_of_one_fandom_is_their_ship():
    blends = Blends.of(CAST, FANDOMS)
    assert blends.pairing("fredwes", _never) == "Wesley Wyndam-Pryce/Winifred Burkle"
    assert blends.pairing("wesfred", _never) == "Wesley Wyndam-Pryce/Winifred Burkle"


def test_pieces_of_names_count_only_for_a_ship_the_catalog_holds():
    blends = Blends.of(CAST, FANDOMS)
    assert blends.pairing("spirk", _never) is None  # "sp" + "irk": a chance split
    assert blends.pairing("spirk", lambda key: key == "James T. Kirk/Spock") \
        == "James T. Kirk/Spock"
    assert blends.pairing("belief", lambda key: True) is None  # two fandoms: no ship


def test_a_blend_of_a_fandom_names_two_words():
    blends = Blends.of(CAST, FANDOMS)
    assert blends.fandom("gomens") == "Good Omens"
    assert blends.fandom("angelseries") == "Angel: the Series"
    assert blends.fandom("omens") is None


@pytest.mark.parametrize(("text", "expected"), [
    ("fredwes", ("pairing", "Wesley Wyndam-Pryce/Winifred Burkle")),
    ("willara fluff", ("pairing", "Tara Maclay/Willow Rosenberg")),
    ("gomens recs?", ("fandom", "Good Omens")),
])
def test_a_request_reads_a_blended_name(engine, text, expected):
    """Through the request reader with the bundled knowledge; an ordinary word never splits."""
    parts = parse(text, engine.vocab).parts()
    assert (parts[0].kind, parts[0].value) == expected
    assert [p.kind for p in parse("bakery", engine.vocab).parts()] == ["word"]

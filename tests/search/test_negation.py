"""A negation scopes over the list after it, whatever kind each member is: "no romance or
smut", "not buffy or sg1", "no vampires or ghosts", "no smut or spike". Each list is checked
against its members read one at a time with "no" in front, over the cross product of kinds,
negation words and joiners (not one example)."""

from __future__ import annotations

import itertools

import pytest

from bot.search.everyday import CATEGORIES, STATUSES
from bot.search.request import parse

# one member of each kind: category, rating, status, crossover, tag, character, fandom,
# pairing, mood, plain word
MEMBERS = ["romance", "smut", "wips", "crossovers", "character death", "spike",
           "supernatural", "spuffy", "angst", "vampires", "explicit"]
NEGATIONS = ["no", "not", "without"]
JOINERS = ["or", "nor", "or any"]


@pytest.fixture(scope="module")
def vocab(engine):
    return engine.vocab


def reading(text: str, vocab) -> tuple[set[str], str | None]:
    parsed = parse(text, vocab)
    return {p.key for p in parsed.parts()}, parsed.ceiling


def test_each_member_alone_is_left_out(vocab):
    """The baseline the lists are checked against: each member alone with "no" asks to leave
    it out (a negated part, gen for "no romance", a ceiling for "no smut")."""
    for member in MEMBERS:
        keys, ceiling = reading(f"no {member}", vocab)
        assert ceiling or any(k.startswith("not ") for k in keys) or keys in (
            {"category:gen"}, {"status:complete"}), member


@pytest.mark.parametrize(("first", "second"),
                         [pair for pair in itertools.permutations(MEMBERS, 2)])
@pytest.mark.parametrize(("negation", "joiner"), list(itertools.product(NEGATIONS, JOINERS)))
def test_a_negation_covers_a_list_of_any_kinds(vocab, first, second, negation, joiner):
    alone = [reading(f"no {member}", vocab) for member in (first, second)]
    keys, ceiling = reading(f"{negation} {first} {joiner} {second}", vocab)
    wanted = set().union(*(k for k, _c in alone))
    assert wanted <= keys, (keys, wanted)
    ceilings = [c for _k, c in alone if c]
    assert ceiling == (min(ceilings, key=["general", "teen", "mature"].index)
                       if ceilings else None)


@pytest.mark.parametrize("text", ["no angst and fluff", "no spike and buffy please",
                                  "not too dark or long"])
def test_and_carries_a_negation_only_within_a_kind(vocab, text):
    """ "no angst and fluff" may ask for the fluff: "and" is no list of things left out
    across kinds."""
    keys, _ceiling = reading(text, vocab)
    assert "mood:fluff" in keys or "not mood:fluff" not in keys


def test_a_dislike_is_left_out(vocab):
    for text in ("not in the mood for anything depressing", "i can't handle angst"):
        keys, _ceiling = reading(text, vocab)
        assert "not mood:angst" in keys and "mood:angst" not in keys, text


def _keys(text: str, vocab) -> list[str]:
    return sorted(p.key for p in parse(text, vocab).parts())


@pytest.mark.parametrize("said", [w.replace(" / ", "/") for w in (*CATEGORIES, *STATUSES)
                                  # counts of chapters: tests/search/test_quantity.py
                                  if not any(n in w for n in ("posted", "two", "2"))])
def test_every_category_and_status_in_every_shape(vocab, said):
    """Each category and status word reads alike alone and in a fan's frame ("m/m only",
    "any wips?"), and alike after every negation ("without het", "anything but wips")."""
    alone, left_out = _keys(said, vocab), _keys(f"no {said}", vocab)
    assert alone and left_out != alone
    for shape in ("{w} only", "only {w}", "{w} pls", "any {w}?", "something {w}"):
        assert _keys(shape.format(w=said), vocab) == alone, shape
    for negation in ("not", "without", "nothing", "anything but", "but not"):
        assert _keys(f"{negation} {said}", vocab) == left_out, negation


NAMES = ["spike", "buffy", "supernatural", "spuffy", "castiel", "willow"]


@pytest.mark.parametrize("negation", NEGATIONS)
@pytest.mark.parametrize("names", list(itertools.permutations(NAMES, 3)))
def test_a_negation_covers_a_comma_list_closed_by_or(vocab, negation, names):
    """ "not buffy, spike or angel": the commas are gone by the time names are read, the
    closing "or" still makes the three one list left out."""
    first, second, third = names
    keys, _ceiling = reading(f"{negation} {first}, {second} or {third}", vocab)
    wanted = set().union(*(reading(f"no {n}", vocab)[0] for n in names))
    assert wanted <= keys, (keys, wanted)

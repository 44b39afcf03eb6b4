"""The rating grammar: every name of every rating (bot/vocabulary.py RATING_NAMES) in every
shape a fan puts it: with a cue, a direction before or after, a negation, a list, a channel."""

from __future__ import annotations

import pytest

from bot.search.everyday import numbers, read
from bot.search.text import fold
from bot.vocabulary import CEILINGS, RATING_NAMES

ORDERED = [(rating, name) for rating in CEILINGS for name in RATING_NAMES[rating]]
# a part (the lowest rating that meets it) and a ceiling, as fans mean each shape
NAMED = {"general": ([], "general"), "teen": (["teen"], "teen"), "mature": (["mature"], None),
         "explicit": (["explicit"], None)}


def asks(text: str) -> tuple[list[str], str | None, bool]:
    found = read(fold(numbers(text)).split())
    return ([p.value for _i, p in found.parts if p.kind == "rating"], found.ceiling,
            found.avoids)


def _up(rating: str) -> tuple[list[str], str | None, bool]:
    return ([] if rating == "general" else [rating]), None, False


def _down(rating: str) -> tuple[list[str], str | None, bool]:
    return [], (None if rating == "explicit" else rating), False


@pytest.mark.parametrize(("rating", "name"), ORDERED)
@pytest.mark.parametrize("shape", ["fics rated {n}", "{n} rated fics", "rating: {n}"])
def test_a_named_rating(rating, name, shape):
    """Named with a cue: a limit for the low ratings, a wish for the high ones."""
    assert asks(shape.format(n=name)) == (*NAMED[rating], False)


@pytest.mark.parametrize(("rating", "name"), ORDERED)
@pytest.mark.parametrize("shape", ["{n} or higher", "rated {n} or above", "at least {n}",
                                   "anything {n} and up",
                                   "{n} and above", "minimum {n}", "nothing below {n}",
                                   "something {n} or more please"])
def test_at_least_a_rating(rating, name, shape):
    if name == "teen" and "and up" in shape:  # AO3's "Teen And Up Audiences": teen
        assert asks(shape.format(n=name)) == (["teen"], "teen", False)
        return
    assert asks(shape.format(n=name)) == _up(rating)


@pytest.mark.parametrize(("rating", "name"), [(r, n) for r, n in ORDERED if not n.endswith("+")])
def test_a_plus_after_a_rating(rating, name):
    assert asks(f"{name}+ only") == _up(rating)


@pytest.mark.parametrize(("rating", "name"), ORDERED)
@pytest.mark.parametrize("shape", ["{n} or lower", "rated {n} or below", "nothing above {n}",
                                   "at most {n}", "{n} max", "no higher than {n}",
                                   "up to {n} is ok"])
def test_at_most_a_rating(rating, name, shape):
    assert asks(shape.format(n=name)) == _down(rating)


@pytest.mark.parametrize(("rating", "name"), ORDERED)
def test_strictly_below_and_above_a_rating(rating, name):
    level = CEILINGS.index(rating)
    if level:
        assert asks(f"below {name}") == ([], CEILINGS[level - 1], False)
    if level < len(CEILINGS) - 1:
        assert asks(f"higher than {name}") == ([CEILINGS[level + 1]], None, False)


@pytest.mark.parametrize(("rating", "name"), [(r, n) for r, n in ORDERED
                                              if r in {"mature", "explicit"}])
@pytest.mark.parametrize("shape", ["not rated {n}", "isn't rated {n}", "nothing rated {n}",
                                   "nothing rated {n} or above"])
def test_a_rating_left_out_is_a_ceiling_that_asks_for_none(rating, name, shape):
    below = CEILINGS[CEILINGS.index(rating) - 1]
    assert asks(shape.format(n=name)) == ([], below, True)


@pytest.mark.parametrize(("first", "second", "expected"), [
    ("M", "E", (["mature"], None)), ("T", "M", (["teen"], "mature")),
    ("g", "t", ([], "teen")), ("mature", "explicit", (["mature"], None))])
@pytest.mark.parametrize("shape", ["rated {a} or {b}", "rated {a}/{b}", "{a} or {b} rated"])
def test_a_list_of_ratings_is_the_span_between_them(first, second, expected, shape):
    assert asks(shape.format(a=first, b=second)) == (*expected, False)


@pytest.mark.parametrize(("text", "ceiling"), [
    ("a teen chan", "teen"), ("for the 18+ channel", None), ("in the nsfw channel", None),
    ("this is a general audiences server", "general"), ("in the general channel", None),
    ("mature channel pls", "mature")])
def test_a_channel_named_by_a_rating_asks_for_nothing(text, ceiling):
    """Where the fan asks is no part of the story: at most that rating, no part, no length
    ("18+" there is no number of words)."""
    found = read(fold(numbers(text)).split())
    assert (found.parts, found.ceiling) == ([], ceiling)


@pytest.mark.parametrize("text", ["m/m please", "no m/m", "spike x buffy", "e.g. a heist",
                                  "m/m rated",
                                  "a teen wolf fic"])
def test_letters_and_words_that_are_no_rating(text):
    """ "m/m" is a category: its letters are never a rating, before a cue or not."""
    found = read(fold(numbers(text)).split(), names=lambda i, j: "teen wolf" in text)
    assert not any(p.kind == "rating" for _i, p in found.parts) and found.ceiling is None


@pytest.mark.parametrize("category", ["m/m", "f/m", "m/f", "f/f"])
def test_a_category_then_a_rating(category):
    assert asks(f"{category} rated t") == (["teen"], "teen", False)
    assert asks(f"{category} rated explicit") == (["explicit"], None, False)

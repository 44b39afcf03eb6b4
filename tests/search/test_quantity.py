"""The quantity grammar: every comparator, in front or behind, with every way of writing the
number and every unit, is read alike (a table over the cross product, not one phrasing)."""

from __future__ import annotations

import itertools

import pytest

from bot.search.everyday import numbers, read
from bot.search.parts import Facts, Part, meets
from bot.search.quantity import WORDS_PER_MINUTE
from bot.search.text import fold

WORD_NUMBERS = [("650", 650), ("1,200", 1200), ("2k", 2000), ("two thousand", 2000),
                ("1.5k", 1500), ("three hundred", 300)]
CHAPTER_NUMBERS = [("3", 3), ("three", 3), ("twelve", 12), ("4", 4)]
MINUTE_NUMBERS = [("10", 10), ("ten", 10), ("twenty five", 25)]
# (before, after, direction): direction "most" / "least" / "about" / "exactly"
SHAPES = [("under {n} {u}", "most"), ("no more than {n} {u}", "most"), ("at most {n} {u}", "most"),
          ("up to {n} {u}", "most"), ("less than {n} {u}", "most"), ("max {n} {u}", "most"),
          ("{n} {u} or less", "most"), ("{n} {u} max", "most"), ("{n} {u} tops", "most"),
          ("over {n} {u}", "least"), ("at least {n} {u}", "least"), ("more than {n} {u}", "least"),
          ("no less than {n} {u}", "least"), ("minimum {n} {u}", "least"),
          ("{n}+ {u}", "least"), ("{n} {u} or more", "least"), ("{n} {u} plus", "least"),
          ("{n} {u} and up", "least"),
          ("{n} or more {u}", "least"), ("{n} or fewer {u}", "most"), ("{n} or less {u}", "most"),
          ("about {n} {u}", "about"), ("~{n} {u}", "about"),
          ("like {n} {u}", "about"), ("{n} {u}", "about"), ("exactly {n} {u}", "exactly")]
_STRICT = ("under", "less than", "over", "more than")


def read_parts(text: str) -> list[tuple[str, str]]:
    found = read(fold(numbers(text)).split())
    return [(p.kind, p.value) for _i, p in found.parts]


def _words(n: int, direction: str) -> str:
    return {"most": f":{n}", "least": f"{n}:", "about": f"{n // 2}:{n + n // 2}",
            "exactly": f"{n - n // 10}:{n + n // 10}"}[direction]


@pytest.mark.parametrize(("shape", "number"), list(itertools.product(SHAPES, WORD_NUMBERS)))
def test_words_in_every_shape(shape, number):
    (pattern, direction), (said, n) = shape, number
    text = f"something {pattern.format(n=said, u='words')} please"
    assert read_parts(text) == [("length", _words(n, direction))], text


@pytest.mark.parametrize(("shape", "number"), list(itertools.product(SHAPES, CHAPTER_NUMBERS)))
def test_chapters_in_every_shape(shape, number):
    """ "under 3 chapters" is two at most (a count is whole); "about" a count is the count."""
    (pattern, direction), (said, n) = shape, number
    text = f"a fic {pattern.format(n=said, u='chapters')}"
    strict = any(pattern.startswith(s) for s in _STRICT)
    low, high = {"most": ("", n - strict), "least": (n + strict, ""), "about": (n, n),
                 "exactly": (n, n)}[direction]
    expected = ("status", "multi-chapter") if (low, high) == (2, "") \
        else ("chapters", f"{low}:{high}")
    assert read_parts(text) == [expected], text


@pytest.mark.parametrize(("shape", "number"), list(itertools.product(SHAPES, MINUTE_NUMBERS)))
def test_reading_times_in_every_shape(shape, number):
    """A reading time is a budget: at most it, unless more is asked for."""
    (pattern, direction), (said, n) = shape, number
    words = n * WORDS_PER_MINUTE
    text = pattern.format(n=said, u="minutes")
    expected = f"{words}:" if direction == "least" else f":{words}"
    assert read_parts(text) == [("length", expected)], text


@pytest.mark.parametrize(("text", "expected"), [
    ("between 2 and 3 chapters", ("chapters", "2:3")),
    ("2-3 chapters", ("chapters", "2:3")),
    ("two to four chapters", ("chapters", "2:4")),
    ("between two and three thousand words", ("length", "2000:3000")),
    ("1000 to 3000 words", ("length", "1000:3000")),
    ("between 10 and 20 minutes", ("length", f"{10 * WORDS_PER_MINUTE}:{20 * WORDS_PER_MINUTE}")),
    ("a two-parter", ("chapters", "2:2")),
    ("completed three parter", ("chapters", "3:3")),
    ("a 2 parter", ("chapters", "2:2")),
    ("a twoshot", ("chapters", "2:2")),
    ("a finished fic in exactly three chapters", ("chapters", "3:3")),
    ("650+", ("length", "650:")),
    ("longer btvs ones, 650+", ("length", "650:")),
    ("half an hour", ("length", f":{30 * WORDS_PER_MINUTE}")),
    ("more than an hour", ("length", f"{60 * WORDS_PER_MINUTE}:")),
])
def test_ranges_parters_and_bare_comparisons(text, expected):
    assert expected in read_parts(text)


@pytest.mark.parametrize("text", ["over 18", "top 5 fics", "set in 1990 to 2005",
                                  "one word prompt", "for the 18+ channel", "two of them",
                                  "a word of warning", "season 2 episode 3"])
def test_numbers_that_are_no_quantity(text):
    assert not any(kind in {"length", "chapters"} for kind, _v in read_parts(text)), text


def test_a_comparative_without_a_number_orders():
    """ "on the longer side" asks for the longer stories first, not the word "longer"."""
    assert read_parts("anything on the longer side?") == [("order", "longest")]
    assert read_parts("shorter ones pls") == [("order", "shortest")]
    assert read_parts("no longer than 500 words") == [("length", ":500")]


@pytest.mark.parametrize(("posted", "total", "value", "expected"), [
    (3, 3, "3:3", True), (2, 3, "3:3", False), (2, None, "2:2", True),
    (None, None, "2:", False), (None, None, ":1", True), (5, 10, "4:", True)])
def test_a_chapter_count_is_the_chapters_there_to_read(posted, total, value, expected):
    facts = Facts(chapters_posted=posted, chapters_total=total)
    assert meets(Part("chapters", value, value), facts) is expected


@pytest.mark.parametrize(("shape", "number"), list(itertools.product(
    ["a fic that {takes}{rough}{n} minutes", "one that {takes}{rough}{n} minutes to read"],
    MINUTE_NUMBERS)))
@pytest.mark.parametrize("takes", ["takes ", "takes me ", "would take "])
@pytest.mark.parametrize("rough", ["", "about ", "like ", "roughly "])
def test_a_reading_time_the_story_takes_is_its_length_not_a_budget(shape, number, takes, rough):
    """ "a fic that takes about 10 minutes" says how long the story is (within a half either
    way, as "about 100 words"); "takes under 10 minutes" and "i have 10 minutes" stay a
    budget, "takes 10+ minutes" a floor."""
    said, n = number
    words = n * WORDS_PER_MINUTE
    text = shape.format(takes=takes, rough=rough, n=said)
    assert read_parts(text) == [("length", f"{words // 2}:{words + words // 2}")], text
    assert read_parts(text.replace(f"{rough}{said}", f"under {said}")) == [
        ("length", f":{words}")]
    assert read_parts(text.replace(f"{rough}{said}", f"{said}+")) == [("length", f"{words}:")]
    assert read_parts(f"i have {rough}{said} minutes") == [("length", f":{words}")]

"""A request's quantities as one grammar, not a list of phrasings: an optional comparator or
rough mark, a number (digits, "2k", "1,200" once `everyday.numbers` has run, or words: "two",
"twenty five", "a couple", "three thousand"), an optional second number for a range, an
optional "+", a unit (words, chapters, parts, minutes, hours) and an optional comparator after
the number or the unit ("4 or more chapters", "500 words or less"). "650+ words", "at least
2k", "no more than three chapters", "between two and three thousand words", "10ish minutes", "a
two-parter" are one rule read many ways.

A quantity with no unit is words only when it is a comparison of at least 100 ("650+", "under
1000"): "over 18" and "top 5" are no lengths.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.search.text import alternation as _alt

WORDS_PER_MINUTE = 250  # reading speed: "in 5 minutes" is 1,250 words

_ONES = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
         "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
         "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
         "nineteen": 19}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}
# Loose amounts: "a couple chapters" is more than one, not exactly two.
LOOSE = {"a couple of": 2, "a couple": 2, "couple of": 2, "couple": 2, "a few": 3, "few": 3,
         "several": 3, "a handful of": 3, "a bunch of": 3, "some": 2}
_SCALES = {"hundred": 100, "thousand": 1000}
_HALF = {"half an": 0.5, "half a": 0.5, "an": 1, "a": 1}  # time only: "half an hour"

UNITS = {"word": "words", "words": "words", "wds": "words",
         "chapter": "chapters", "chapters": "chapters", "chaps": "chapters", "chs": "chapters",
         "part": "chapters", "parts": "chapters",
         "minute": "minutes", "minutes": "minutes", "min": "minutes", "mins": "minutes",
         "hour": "hours", "hours": "hours", "hr": "hours", "hrs": "hours"}
# Comparators before the number (strict ones exclude it: "under 3 chapters" is two at most).
AT_MOST = ("under", "sub", "less than", "fewer than", "below", "shorter than", "max",
           "maximum", "at most", "up to", "no more than", "not more than", "no longer than",
           "not longer than", "within", "in", "in under", "in less than", "tops")
AT_LEAST = ("over", "more than", "at least", "above", "min", "minimum", "longer than",
            "upwards of", "no less than", "not less than", "no fewer than", "no shorter than",
            "not shorter than", "a minimum of", "at minimum")
_STRICT = {"under", "sub", "less than", "fewer than", "below", "shorter than", "in under",
           "in less than", "over", "more than", "above", "longer than", "upwards of"}
EXACTLY = ("exactly", "precisely", "just", "only")
ROUGHLY = ("about", "around", "roughly", "approximately", "approx", "circa", "like", "maybe",
           "some", "something like", "give or take", "or so")
# Comparators after the unit ("500 words or less", "3 chapters max", "10 minutes or longer").
AFTER_AT_MOST = ("or less", "or fewer", "or under", "or shorter", "and under", "or below",
                 "max", "maximum", "tops", "at most", "at the most", "or lower")
AFTER_AT_LEAST = ("or more", "or over", "or longer", "and up", "and over", "and above",
                  "plus", "min", "minimum", "at least", "or above", "or higher")
AFTER_ROUGHLY = ("ish", "or so", "give or take", "roughly")


_WORD_NUMBER = (rf"(?:(?:{_alt(_TENS)})(?: (?:{_alt(_ONES)}))?|{_alt((*LOOSE, *_HALF, *_ONES))})"
                rf"(?: (?:{_alt(_SCALES)}))?")
NUMBER = rf"(?:\d{{1,7}}(?: (?:{_alt(_SCALES)}))?|{_WORD_NUMBER})"
PATTERN = re.compile(
    rf"(?:\b(?:(?P<between>between|from) )?(?:(?P<cmp>{_alt((*AT_MOST, *AT_LEAST))}) )?"
    rf"(?:(?P<exact>{_alt(EXACTLY)}) |(?P<rough>{_alt(ROUGHLY)}) )?"
    rf"|(?<![\w+]))"
    rf"(?P<n>{NUMBER})(?: ish)?"
    rf"(?: (?:to|and|or|through) (?P<n2>{NUMBER})(?: ish)?|(?<=\d) (?P<n2b>\d{{1,7}})(?!\w))?"
    r"(?P<plus> \+)?"
    rf"(?: (?P<mid>{_alt((*AFTER_AT_MOST, *AFTER_AT_LEAST))})(?= (?:{_alt(UNITS)})\b))?"
    rf"(?: (?P<unit>{_alt(UNITS)}))?"
    rf"(?: (?:long|read|of reading|to read|reading))?"
    rf"(?: (?P<after>{_alt((*AFTER_AT_MOST, *AFTER_AT_LEAST, *AFTER_ROUGHLY))}))?(?!\w)")
# "a two-parter", "a three shot", "a twoshot": that many chapters ("one shot" is a status)
PARTER = re.compile(rf"\b(?:a )?(?P<n>{NUMBER}) ?(?:parter|parters|shot|shots)\b")  # "twoshot"


@dataclass(frozen=True, slots=True)
class Quantity:
    """What a matched quantity asks: `unit` ("words", "chapters") between `low` and `high`
    (None: open); `loose` when the amount was "a couple" / "a few"."""

    unit: str
    low: int | None
    high: int | None
    loose: bool = False


def number(said: str) -> float | None:
    """The value of a number as the grammar matched it ("twenty five" 25, "3 thousand" 3000,
    "a couple" 2, "half an" 0.5); None for anything else."""
    said = said.strip()
    scale = 1
    for word, factor in _SCALES.items():
        if said.endswith(f" {word}"):
            said, scale = said.removesuffix(f" {word}"), factor
    if said.isdigit():
        return int(said) * scale
    if said in LOOSE:
        return LOOSE[said] * scale
    if said in _HALF:
        return _HALF[said] * scale
    total = 0
    for word in said.split():
        if word not in _ONES and word not in _TENS:
            return None
        total += _ONES.get(word, 0) + _TENS.get(word, 0)
    return total * scale


def read(m: re.Match[str]) -> Quantity | None:
    """The quantity a `PATTERN` match asks for, or None where it is no quantity ("over 18",
    "two of them")."""
    first, said = number(m.group("n")), m.group("n").strip()
    second_said = m.group("n2") or m.group("n2b")
    second = number(second_said) if second_said else None
    unit = UNITS.get(m.group("unit") or "")
    timed = unit in {"minutes", "hours"}
    if first is None or (said in _HALF and not timed):  # "a word"; "an hour" is time
        return None
    direction = _direction(m, timed)
    if unit is None:
        unit = _unit_implied(m, direction, first, second)
        if unit is None:
            return None
    if second is not None:
        if m.group("n2b") and second <= first:
            return None  # "2-3", "500-1000" are ranges; "2010 15" is none
        if scale := _scale_of(second_said or ""):  # "two to three thousand"
            first = first * scale if first * scale <= second else first
        return _bounded(unit, min(first, second), max(first, second))
    if timed and direction in {"about", "exactly"} and _TAKES.search(m.string, 0, m.start()):
        return _about_time(unit, first)  # "one that takes like 10 minutes": the story's own
    if timed:  # a reading time is a budget: at most it, unless more is asked for
        words = max(100, int(first * (60 if unit == "hours" else 1) * WORDS_PER_MINUTE))
        return Quantity("words", words, None) if direction == "least" \
            else Quantity("words", None, words)
    if said in LOOSE and unit == "chapters":  # "a couple chapters": more than one
        return Quantity("chapters", 2, None, loose=True)
    n = int(first)
    if unit == "words" and n < 50 and not said[0].isdigit():
        return None  # "one word", "two words": no length
    return _directed(unit, n, direction, m.group("cmp") in _STRICT)


# Before a reading time, a verb that says how long the story is, not how long the fan has.
_TAKES = re.compile(r"\b(?:takes?|taking|took)(?: (?:me|you|u|someone|a person|around))? ?$")


def _about_time(unit: str, minutes: float) -> Quantity:
    """A story that takes about that long: within a half either way, as "about 100 words"."""
    words = int(minutes * (60 if unit == "hours" else 1) * WORDS_PER_MINUTE)
    return Quantity("words", words // 2, words + words // 2)


def _direction(m: re.Match[str], timed: bool) -> str:
    """ "most", "least", "exactly" or "about", from the comparator on either side."""
    cmp, after = m.group("cmp") or "", m.group("after") or m.group("mid") or ""
    if cmp in {"in", "within"} and not timed:  # "in exactly three chapters": no comparison
        cmp = ""
    if cmp in AT_MOST or after in AFTER_AT_MOST:
        return "most"
    if cmp in AT_LEAST or m.group("plus") or after in AFTER_AT_LEAST:
        return "least"
    return "exactly" if m.group("exact") else "about"


def _unit_implied(m: re.Match[str], direction: str, first: float,
                  second: float | None) -> str | None:
    """Words, for a number with no unit that is compared, roughly given or a range of round
    numbers of at least 100 ("650+", "under 1000", "about 2k", "500-1000")."""
    if second is not None and not all(_round(n) for n in (first, second)):
        return None  # "set in 1990 to 2005": years, no range of words
    said = direction != "about" or second is not None or m.group("rough")
    if not said or first < 100 or m.group("cmp") in {"in", "within"}:
        return None
    return "words"


def _directed(unit: str, n: int, direction: str, strict: bool) -> Quantity:
    """A count of chapters is whole ("under 3 chapters" is two at most) and exact when
    named alone; words are loose unless compared ("about 100 words" within a half)."""
    step = 1 if strict and unit == "chapters" else 0
    if direction == "most":
        return Quantity(unit, None, n - step)
    if direction == "least":
        return Quantity(unit, n + step, None)
    if unit == "chapters":
        return Quantity(unit, n, n)
    if direction == "exactly":
        return Quantity(unit, n - n // 10, n + n // 10)
    return Quantity(unit, n // 2, n + n // 2)


def _round(n: float) -> bool:
    """A number fans give as a length: "500", "1000", "650" (years and ages are not)."""
    return n == int(n) and int(n) % 50 == 0


def _scale_of(said: str) -> int:
    return next((f for w, f in _SCALES.items() if said.endswith(f" {w}")), 0)


def _bounded(unit: str, low: float, high: float) -> Quantity:
    if unit in {"minutes", "hours"}:
        factor = WORDS_PER_MINUTE * (60 if unit == "hours" else 1)
        return Quantity("words", int(low * factor), int(high * factor))
    return Quantity(unit, int(low), int(high))


def parter(m: re.Match[str]) -> Quantity | None:
    """ "a two-parter", "three shot": exactly that many chapters (from two on)."""
    n = number(m.group("n"))
    if n is None or n < 2 or m.group("n").strip() in LOOSE:
        return None
    return Quantity("chapters", int(n), int(n))

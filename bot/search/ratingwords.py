"""Ratings asked for as one grammar: any name of a rating (bot/vocabulary.py RATING_NAMES:
"T", "teen and up", "general audiences", "NC-17") with a cue ("rated M", "E rated"), a
direction before or after it ("mature or higher", "nothing above T", "at most teen", "M+",
"under M"), a negation ("isn't rated M") or a list ("rated M or E"), so every rating works in
every shape. A channel named by a rating ("teen chan", "the 18+ channel") is where the fan asks,
which the channel's own ceiling already covers: it narrows to that rating and asks nothing.

What each shape asks (`Ask`): a part (the lowest rating that meets it) and/or a ceiling (the
highest rating shown). Naming a low rating is a limit, naming a high one a wish: "teen rated" is
teen exactly, "general audiences" a ceiling, "mature" at least mature.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.search.text import alternation
from bot.vocabulary import CEILINGS, RATING_NAMES

NAMES = {name: rating for rating, names in RATING_NAMES.items() for name in names}
# Names that stand alone as a rating; the others ("t", "teen", "general", "adult") need a cue.
STANDALONE = {n for n in NAMES if " " in n and n not in {"k +"}} | {
    "mature", "explicit", "unrated", "nc17", "pg13"}
NEGATION = (r"(?:no|not|nothing|without|never|isnt|arent|wasnt|avoid|zero|nothing thats|"
            r"nothing that is|not anything|none)")


_ANY = alternation(NAMES)
_ALONE = alternation(STANDALONE)
_END = r"(?! /)(?!\w)"  # "m / m" is a category, never the letter M
_LIST = r" (?:or|and|to|/) "  # "rated M or E", "rated G/T"
_NO_CATEGORY = r"(?<!/ )(?![mf] / [mf]\b)"  # "m/m rated E": the category, then the rating
_CUE = r"(?:rated|rating|rated as|rated at|rating of|rating is)"
UP = ("or higher", "or above", "or more", "or over", "or up", "and up", "and above",
      "and higher", "and over", "+", "plus", "minimum", "min", "at least", "and beyond")
DOWN = ("or lower", "or below", "or less", "or under", "or younger", "and under", "and below",
        "and lower", "max", "maximum", "at most", "tops", "at the most", "or lower only")
UP_BEFORE = ("at least", "minimum", "min", "no lower than", "nothing below", "nothing under",
             "nothing lower than", "not below", "not under")
DOWN_BEFORE = ("at most", "max", "maximum", "up to", "no higher than", "nothing higher than",
               "not higher than", "nothing above", "nothing over", "nothing past",
               "nothing beyond", "not above", "not over", "no more than", "nothing more than",
               "no worse than", "nothing worse than", "nothing stronger than")
BELOW_BEFORE = ("below", "under", "lower than", "less than")
ABOVE_BEFORE = ("above", "over", "higher than", "more than", "stronger than")

_BEFORE = alternation((*UP_BEFORE, *DOWN_BEFORE, *BELOW_BEFORE, *ABOVE_BEFORE))
PATTERNS = {
    # "rated M", "teen rated", "rated M or E", "teen and up rated"
    "cued": re.compile(rf"\b(?:{_CUE} {_NO_CATEGORY}(?P<name>{_ANY})(?:{_LIST}(?P<more>{_ANY}))?"
                       rf"|{_NO_CATEGORY}(?P<name2>{_ANY})(?:{_LIST}(?P<more2>{_ANY}))? {_CUE})"
                       rf"{_END}"),
    # "teen and up", "general audiences", "mature", "explicit" (before "after": "teen and up"
    # is a name, "M and up" a direction)
    "alone": re.compile(rf"\b(?P<name>{_ALONE}){_END}"),
    # "rated mature or higher", "T or lower", "M+", "teen and up or lower"
    "after": re.compile(rf"\b(?:{_CUE} )?(?P<name>{_ANY})(?: {_CUE})?"
                        rf" ?(?P<dir>{alternation((*UP, *DOWN))})(?!\w)"),
    # "nothing above T", "at least mature", "under M"
    "before": re.compile(rf"\b(?P<dir>{_BEFORE})"
                         rf" (?:(?:{_CUE}|a|an) )?(?P<name>{_ANY})(?: {_CUE})?{_END}"),
    # "isn't rated M", "nothing explicit", "not nc-17"
    "negated": re.compile(rf"\b{NEGATION}(?: (?:any|a|an|the|that is|thats))? "
                          rf"(?:{_CUE} (?P<name>{_ANY})|(?P<name2>{_ALONE})(?: {_CUE})?)"
                          # "nothing rated M or above": the same ceiling
                          rf"(?: (?:{alternation(w for w in UP if ' ' in w)}))?{_END}"),
    # "a teen chan", "for the 18+ channel", "this is an nsfw server"
    "channel": re.compile(rf"\b(?:(?:in|for|on) )?(?:(?:the|a|an|this|our|my) )?"
                          rf"(?P<name>{_ANY}|nsfw|sfw|adult|adults|18 plus)"
                          r" (?:chan|chans|channel|channels|chat|server|room|rooms)\b"),
}


@dataclass(frozen=True, slots=True)
class Ask:
    part: str | None  # the lowest rating a story must have
    ceiling: str | None  # the highest shown
    avoids: bool = False  # the ceiling leaves a rating out ("isn't rated M"): asks for none


def _level(rating: str) -> int:
    return CEILINGS.index(rating)


def named(rating: str) -> Ask:
    """A rating named alone: a limit for the low ones, a wish for the high ones."""
    if rating == "general":
        return Ask(None, "general")
    if rating == "teen":
        return Ask("teen", "teen")
    return Ask(rating, None)


def read(kind: str, m: re.Match[str]) -> Ask | None:
    """What a match of `PATTERNS[kind]` asks, or None where it is no rating."""
    rating = NAMES.get(m.group("name") or "") or NAMES.get(m.groupdict().get("name2") or "")
    if kind == "channel":
        said = m.group("name")
        ceiling = "mature" if said == "sfw" else rating or "explicit"
        if said == "general" or ceiling in {"explicit", "not-rated"}:  # the general (main) one
            return Ask(None, None)
        return Ask(None, ceiling)
    if rating is None:
        return None
    if kind == "alone":
        return named(rating)
    if kind == "negated":
        return _not(rating)
    if rating == "not-rated":  # no order: "not rated or lower" is no rating
        return named(rating) if kind == "cued" and not (m.group("more") or m.group("more2")) \
            else None
    if kind == "cued":
        more = NAMES.get(m.group("more") or m.group("more2") or "")
        return named(rating) if more is None or more == "not-rated" else _span(rating, more)
    said = m.group("dir")
    level = _level(rating)
    if said in UP or said in UP_BEFORE:
        return Ask(None if rating == "general" else rating, None)
    if said in DOWN or said in DOWN_BEFORE:
        return Ask(None, None if rating == "explicit" else rating)
    if said in BELOW_BEFORE:
        return Ask(None, CEILINGS[level - 1]) if level > 0 else None
    return Ask(CEILINGS[level + 1], None) if level < len(CEILINGS) - 1 else None


def _span(first: str, second: str) -> Ask:
    """ "rated M or E", "T or M": from the lower to the higher."""
    low, high = sorted((first, second), key=_level)
    return Ask(None if low == "general" else low, None if high == "explicit" else high)


def _not(rating: str) -> Ask | None:
    """ "not rated M", "nothing explicit": never as high (a not-rated story that reads within
    it stays); "not general audiences": above it."""
    if rating in {"mature", "explicit"}:
        return Ask(None, CEILINGS[_level(rating) - 1], avoids=True)
    if rating == "general":
        return Ask("teen", None)
    return None

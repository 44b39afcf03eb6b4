"""Everyday words read before names: categories, status, lengths and reading times, rating
words, orderings, tropes, and the negations in front of them."""

from __future__ import annotations

import pytest

from bot.search.everyday import WORDS_PER_MINUTE, numbers, read
from bot.search.text import fold


def parts(text):
    found = read(fold(numbers(text)).split())
    return [(p.kind, p.value, p.negated) for _i, p in found.parts], found.ceiling


@pytest.mark.parametrize(("text", "expected"), [
    ("m/m", [("category", "m/m", False)]),
    ("any femslash?", [("category", "f/f", False)]),
    ("gen, no romance", [("category", "gen", False)] * 2),
    ("wips i can follow", [("status", "in-progress", False)]),
    ("sg1 but nothing unfinished", [("status", "complete", False)]),
    ("btvs oneshot", [("status", "one-shot", False)]),
    ("under 1,000 words", [("length", ":1000", False)]),
    ("something over 650 words", [("length", "650:", False)]),
    ("long sterek fic, 3k+", [("length", "30001:", False), ("length", "3000:", False)]),
    ("in 5 minutes", [("length", f":{5 * WORDS_PER_MINUTE}", False)]),
    ("funny and short", [("length", ":4999", False)]),
    ("whats the longest fic", [("order", "longest", False)]),
    ("fake dating au", [("tag", "fake dating", False), ("tag", "alternate universe", False)]),
    ("nothing with character death", [("tag", "character death", True)]),
    ("crossover fic", [("crossover", "crossover", False)]),
    ("hp smut", [("rating", "explicit", False)]),
])
def test_everyday_parts(text, expected):
    assert parts(text)[0] == expected


def test_rating_words_that_narrow_set_a_ceiling():
    assert parts("harry potter but nothing explicit") == ([], "mature")
    assert parts("teen rated please") == ([], "teen")


def test_a_longer_name_wins():
    found = read("teen wolf".split(), names=lambda i, j: True)
    assert not found.parts and not found.consumed

"""Regexes rewritten for speed (issue 13's CPU) match exactly what their plain forms match:
the same spans and groups on hand-made texts and on seeded random ones built from the
characters and words each form turns on."""

from __future__ import annotations

import random
import re

import pytest

from bot.understanding import local, narrator, relationships

# The plain forms, as they were written before the rewrite.
PLAIN_SENTENCE_END = re.compile(r"[.!?][\"')]*\s+|\n")
PLAIN_SELF = re.compile(r"\b(?:I'm|I am|[Mm]y name is|[Mm]y name's|[Cc]all me) ([A-Z][\w'-]+)")

HAND_MADE = [
    "", "/", "A/B", "Ann/Bob", "Ann / Bob", "Ann Lee/Bob Ray Tan", "a/b", "x Ann/Bob/Cid/Dee",
    "Ship: Willow/Tara (brief), Buffy / Spike.\nAlso Xander/\nAnya", "AnnaBelle/Joe",
    "https://archiveofourown.org/works/12/chapters/34", "McCoy/Kirk, K'Ehleyr/Worf",
    "Mr. Darcy/Elizabeth", "O'Brien/Keiko  /  Bashir", "Jean-Luc/Beverly\u00a0/ Q",
    ("word " * 300) + "Ann/Bob", ("Word " * 300) + "Ann /\tBob", "Éowyn/Faramir, Ann/ B",
    "I'm Cecil. My name is Mina; my name's Jo. Call me Ishmael, call me Al. XI'm Bo aI am Al",
    "\"Hi.\" She left!  Then?\n\nNo... 'Yes.' (ok.) \"End.\"\n",
]
ALPHABET = ["A", "B", "Jo", "x", " ", "  ", "/", "//", "\n", "\t", "'", ".", "-", ",", "é", "Ä",
            "_", "3", "\u00a0", "\u2003", "Ann Lee", " / ", "Mr. X", "I", "I'm ", "I am ",
            "My name is ", "my name's ", "Call me ", "call me ", "!", "?", '"', ")", "aI'm Bo"]


def _texts(seed: int, count: int = 4000) -> list[str]:
    rng = random.Random(seed)
    return HAND_MADE + ["".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 40)))
                        for _ in range(count)]


def _spans(matches) -> list[tuple[tuple[int, int], tuple]]:
    return [(m.span(), m.groups()) for m in matches]


@pytest.mark.parametrize("seed", [1, 2])
def test_slash_pairs_are_finditer_s(seed):
    for text in _texts(seed):
        assert _spans(relationships._slash_pairs(text)) == \
            _spans(relationships._SLASH_PAIR.finditer(text)), text


def test_sentence_ends_are_the_plain_form_s():
    for text in _texts(3):
        assert _spans(local._SENTENCE_END.finditer(text)) == \
            _spans(PLAIN_SENTENCE_END.finditer(text)), text


def test_narrator_naming_themselves_is_the_plain_form_s():
    for text in _texts(4):
        assert _spans(narrator._SELF.finditer(text)) == _spans(PLAIN_SELF.finditer(text)), text

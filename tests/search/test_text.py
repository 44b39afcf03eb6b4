"""Folding text for matching: accents, case and punctuation."""

from __future__ import annotations

import unicodedata

from bot.search.text import fold, strip_accents


def test_accents_go_and_plain_text_is_kept_as_it_is():
    assert fold("Café Noël") == "cafe noel"
    assert strip_accents("Zoë Washburne") == "Zoe Washburne"
    plain = "Spike/Buffy & the Scooby's road-trip, 1999"
    assert strip_accents(plain) is plain  # plain ASCII skips the decomposition
    assert fold(plain) == "spike / buffy & the scooby road trip 1999"


def test_folding_ascii_matches_the_full_decomposition():
    for text in ("Angst", "hurt/comfort", "Mr. Pointy", "don't", "x" * 50):
        decomposed = "".join(c for c in unicodedata.normalize("NFKD", text)
                             if not unicodedata.combining(c))
        assert strip_accents(text) == decomposed


def test_plain_titles_fold_as_punctuated_text_does():
    """Letters, digits and spaces take a short path (most titles): the same answer as the
    full rewrite gives for the same words with punctuation around them."""
    cases = {"What She Has": "what she has", "  Tea  for Two 2 ": "tea for two 2", "": "",
             "   ": "", "ANGEL": "angel", "Chapter 12": "chapter 12"}
    for text, folded in cases.items():
        assert fold(text) == folded
        assert fold(text + "!") == folded  # punctuation: the full path, the same words

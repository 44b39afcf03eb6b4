"""Everyday synonyms: symmetric groups, the word first."""

from __future__ import annotations

import pytest

from bot.search.synonyms import forms


def test_groups_are_symmetric():
    assert forms("elevator") == ("elevator", "lift")
    assert forms("lift")[0] == "lift" and "elevator" in forms("lift")
    assert forms("zeppelin") == ("zeppelin",)


def test_a_plot_told_in_other_words_finds_the_story():
    """ "his dead gf" finds the story where she died; "sings to open a door" the one whose
    song opens it (a noun of the verb stemming cannot join)."""
    assert {"died", "death", "dies"} <= set(forms("dead"))
    assert "dead" in forms("died")
    assert {"song", "songs", "sang"} <= set(forms("sings"))


@pytest.mark.parametrize(("short", "word"), [("gf", "girlfriend"), ("bf", "boyfriend"),
                                             ("bro", "brother"), ("bros", "brothers")])
def test_texting_shorthand_finds_the_word(short, word):
    """ "his gf", "bro fic": the shorthand finds the story that writes the word out."""
    assert word in forms(short) and short in forms(word)


def test_a_parent_is_a_mother_or_a_father():
    """ "a hug from a parent" finds a story that says "father" or "mum"; "mum" does not find
    "dad"."""
    assert {"mother", "mum", "father", "dad"} <= set(forms("parent"))
    assert "parent" in forms("mum") and "dad" not in forms("mum")

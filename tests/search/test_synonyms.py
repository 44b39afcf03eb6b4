"""Everyday synonyms: symmetric groups, the word first."""

from __future__ import annotations

from bot.search.synonyms import forms


def test_groups_are_symmetric():
    assert forms("elevator") == ("elevator", "lift")
    assert forms("lift")[0] == "lift" and "elevator" in forms("lift")
    assert forms("zeppelin") == ("zeppelin",)

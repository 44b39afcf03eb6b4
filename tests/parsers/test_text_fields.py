"""Header values read by `bot.parsers.text_fields`."""

from __future__ import annotations

import pytest

from bot.parsers import parse_bytes

BODY = "\n\nThe kettle had been singing for a full minute before anyone moved to take it off.\n"


@pytest.mark.parametrize("value", ["none (gen)", "none, gen", "Gen", "gen.", "n/a", "No pairing",
                                   "none - gen", "F/M", "Other", "nobody"])
@pytest.mark.parametrize("label", ["Pairing", "Characters"])
def test_a_value_saying_there_is_no_one_is_no_person_and_no_pairing(label, value):
    text = f"Title: The Kettle\nAuthor: someone\n{label}: {value}\n{BODY}"
    story = parse_bytes(text.encode(), "kettle.txt")
    assert story.format == "header-text"
    assert story.characters == [] and story.relationships == []


def test_a_no_one_item_beside_names_is_dropped_and_names_kept():
    text = f"Title: The Kettle\nCharacters: Odile, Bram, none (gen)\nPairing: gen\n{BODY}"
    story = parse_bytes(text.encode(), "kettle.txt")
    assert [c.name for c in story.characters] == ["Odile", "Bram"]
    assert story.relationships == []


@pytest.mark.parametrize("value", ["General Hux", "Genevieve", "Nora", "Otherton"])
def test_names_that_start_like_a_no_one_word_are_kept(value):
    text = f"Title: The Kettle\nCharacters: {value}\n{BODY}"
    story = parse_bytes(text.encode(), "kettle.txt")
    assert [c.name for c in story.characters] == [value]

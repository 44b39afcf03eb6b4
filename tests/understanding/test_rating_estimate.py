"""The rating a not-rated story reads as: it errs upwards, never downwards."""

from __future__ import annotations

from bot.understanding.rating_estimate import estimate_rating
from bot.vocabulary import shown_rating


def test_plain_text_reads_as_general_and_mild_trouble_as_teen():
    assert estimate_rating("Willow made pancakes. Tara laughed at the shape.") == "general"
    assert estimate_rating("\"Bloody hell,\" Spike said, and staked the vampire.") == "teen"


def test_swearing_violence_and_sex_read_higher():
    assert estimate_rating("Fuck. He was fucking done with all of it.") == "mature"
    assert estimate_rating("His erection pressed against her.") == "explicit"
    assert estimate_rating("A quiet morning.", tags=["smut", "fluff"]) == "explicit"
    assert estimate_rating("A quiet morning.", warnings=["Rape/Non-Con"]) == "mature"


def test_only_teen_or_lower_estimates_are_shown_and_only_when_the_server_says_so():
    assert shown_rating("not-rated", "teen", "estimate") == "teen"
    assert shown_rating("not-rated", "teen", "hide") == "not-rated"
    # reading as explicit, it counts as explicit whatever the setting: never shown where
    # a server lets ordinary channels show mature (and so not-rated) stories
    assert shown_rating("not-rated", "explicit", "estimate") == "explicit"
    assert shown_rating("not-rated", "explicit", "hide") == "explicit"
    assert shown_rating("not-rated", "mature", "estimate") == "not-rated"
    assert shown_rating("explicit", "general", "estimate") == "explicit"


def test_one_mature_word_reads_as_teen_and_the_same_word_twice_as_mature():
    assert estimate_rating("The corpse lay in the snow.") == "teen"
    assert estimate_rating("The corpse lay in the snow. Another corpse by the gate.") == "mature"
    assert estimate_rating("A corpse, and she was naked.") == "mature"


def test_words_with_an_everyday_sense_are_no_sexual_content_alone():
    """ "Red-rimmed eyes", a lemon in a tart, a thrusting sword: never explicit on their own
    (they made gentle stories read as smut); two of them still read as mature, erring up."""
    assert estimate_rating("She zested a lemon for the tart.") == "general"
    assert estimate_rating("He looked up with red-rimmed eyes.") == "teen"
    assert estimate_rating("Red-rimmed eyes; a sword thrusting.") == "mature"
    assert estimate_rating("His erection was obvious.") == "explicit"

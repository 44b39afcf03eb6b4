"""Reading requests: pairings in every spelling, nicknames, moods, typos, exclusions."""

from __future__ import annotations

import pytest

from bot.search.request import MAX_REQUEST_CHARS, parse


@pytest.fixture(scope="module")
def vocab(engine):
    return engine.vocab


@pytest.mark.parametrize("text", ["Spike/Buffy", "buffy/spike", "Buffy x Spike", "spuffy",
                                  "Spkie/Bufy", "B/S", "spike and buffy"])
def test_every_spelling_of_a_pairing(vocab, text):
    parsed = parse(text, vocab)
    assert [k for k, _c, _kind in parsed.relationships] == ["Buffy Summers/Spike"]


def test_typos_cost_confidence(vocab):
    exact = parse("spike/buffy", vocab).relationships[0][1]
    typo = parse("Spkie/Bufy", vocab).relationships[0][1]
    assert typo < exact


def test_ampersand_is_platonic(vocab):
    assert parse("sam & dean", vocab).relationships[0][0] == "Dean Winchester & Sam Winchester"


def test_nickname_and_exact_character_beats_fuzzy_ship(vocab):
    assert parse("Red", vocab).characters[0][0] == "Willow Rosenberg"
    parsed = parse("Willow", vocab)
    assert parsed.characters[0][0] == "Willow Rosenberg" and not parsed.relationships


def test_everyday_mood_words_and_short_words_stay_exact(vocab):
    assert parse("something sad", vocab).moods[0][0] == "angst"
    assert parse("make me cry", vocab).moods[0][0] == "angst"
    assert parse("h/c", vocab).moods[0][0] == "hurt-comfort"
    assert parse("cozy", vocab).moods[0][0] == "fluff"
    said = parse("said", vocab)
    assert not said.moods and said.free_words == ["said"]


def test_fandom_abbreviation_and_cue(vocab):
    parsed = parse("something funny in SPN", vocab)
    assert parsed.fandoms[0][0] == "Supernatural"
    assert parsed.moods[0][0] == "humor"
    assert parse("funny in angel", vocab).fandoms[0][0] == "Angel: the Series"


def test_exclusions(vocab):
    parsed = parse("spike no major character death not buffy", vocab)
    assert [(p.kind, p.value, p.negated, p.shown()) for p in parsed.parts()] == [
        ("character", "Spike", False, "spike"),
        ("tag", "major character death", True, "no major character death"),
        ("character", "Buffy Summers", True, "not buffy")]
    assert parsed.exclude_characters == ["Buffy Summers"]
    assert parsed.characters[0][0] == "Spike"


@pytest.mark.parametrize("text", ['NEAR(', '"', "*", "AND", "-", "🙂🙂", "x" * 10_000,
                                  "spike/", "/", "& & &", "", "   "])
def test_odd_requests_parse(vocab, text):
    parsed = parse(text, vocab)
    assert len(parsed.text) <= MAX_REQUEST_CHARS

"""The compact per-story understanding strings: what the writer packs, the search reads back."""

from __future__ import annotations

from bot.catalog.stored import (
    MOOD_INDEX_FLOOR,
    pack_moods,
    pack_passages,
    ranked_moods,
    unpack_moods,
    unpack_passages,
)
from bot.story import Passage
from bot.vocabulary import MOODS


def test_moods_round_trip_all_ten_in_vocabulary_order() -> None:
    scores = {"angst": 0.812, "fluff": 0.05, "romance": 0.7}
    packed = pack_moods(scores)
    assert packed.count(",") == len(MOODS) - 1
    back = unpack_moods(packed)
    assert list(back) == list(MOODS)
    assert back["angst"] == 0.812 and back["romance"] == 0.7 and back["horror"] == 0.0


def test_moods_missing_or_malformed_read_as_zero() -> None:
    assert pack_moods({}) == ""
    for text in (None, "", "0.5,abc", "0.1,0.2"):
        assert unpack_moods(text) == dict.fromkeys(MOODS, 0.0)


def test_ranked_moods_best_first_without_zeros_ties_in_vocabulary_order() -> None:
    packed = pack_moods({"humor": 0.4, "angst": 0.4, "dark": 0.9})
    assert ranked_moods(packed) == [("dark", 0.9), ("angst", 0.4), ("humor", 0.4)]
    assert 0 < MOOD_INDEX_FLOOR < 0.5  # the search's "has the mood" (0.3) must be indexed


BODY = ("Nobody spoke. The kettle clicked off.\n\nWillow laughed. \u201cAgain?\u201d she asked, "
        "and Tara said yes, and the whole long afternoon went on like that")


def _at(text: str, characters=(), mood=None, score=1.0) -> Passage:
    start = BODY.index(text)
    return Passage(text, tuple(characters), mood, score, start, start + len(text))


def test_passages_are_stored_as_places_in_the_body() -> None:
    passages = [_at("Nobody spoke."),
                _at("Willow laughed. \u201cAgain?\u201d", ("Tara Maclay", "Willow Rosenberg"),
                    "fluff", 1.85)]
    packed = pack_passages(passages)
    assert "Willow laughed" not in packed and "Willow Rosenberg" in packed
    assert unpack_passages(packed, BODY) == passages
    assert unpack_passages(pack_passages([]), BODY) == []


def test_a_passage_cut_mid_sentence_keeps_its_ellipsis() -> None:
    cut = _at("and the whole long afternoon")
    cut.text += "…"
    assert unpack_passages(pack_passages([cut]), BODY) == [cut]


def test_separators_inside_names_do_not_break_records() -> None:
    odd = [_at("Nobody spoke.", ("Sp\x1eike",), "angst", 1.2), _at("The kettle clicked off.")]
    back = unpack_passages(pack_passages(odd), BODY)
    assert [p.text for p in back] == ["Nobody spoke.", "The kettle clicked off."]
    assert back[0].characters == ("Sp ike",) and back[0].mood == "angst"


def test_malformed_passage_records_are_skipped() -> None:
    assert unpack_passages(None, BODY) == []
    assert unpack_passages("x\x1fangst\x1f0:5\x1eonly", BODY) == []
    assert unpack_passages("1.0\x1f\x1f5:3", BODY) == []  # backwards
    assert unpack_passages("1.0\x1f\x1f0:9999", BODY) == []  # past the end of the body
    assert unpack_passages("1.0\x1f\x1fsome old text", BODY) == []  # the pre-5 form

"""The compact per-story understanding strings: what the writer packs, the search reads back."""

from __future__ import annotations

from bot.search.stored import (
    MOOD_INDEX_FLOOR,
    pack_moods,
    pack_passages,
    ranked_moods,
    unpack_moods,
    unpack_passages,
)
from bot.story import MOODS, Passage


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


def test_passages_round_trip() -> None:
    passages = [Passage("Willow laughed. \"Again?\"", ("Tara Maclay", "Willow Rosenberg"),
                        "fluff", 1.85),
                Passage("Nobody spoke.", (), None, 1.0)]
    assert unpack_passages(pack_passages(passages)) == passages
    assert unpack_passages(pack_passages([])) == []


def test_separators_inside_text_do_not_break_records() -> None:
    odd = [Passage("a\x1eb\x1fc", ("Spike",), "angst", 1.2), Passage("next", (), None, 1.0)]
    back = unpack_passages(pack_passages(odd))
    assert [p.text for p in back] == ["a b c", "next"]
    assert back[0].characters == ("Spike",) and back[0].mood == "angst"


def test_malformed_passage_records_are_skipped() -> None:
    assert unpack_passages(None) == []
    assert unpack_passages("x\x1fangst\x1ftext\x1eonly") == []

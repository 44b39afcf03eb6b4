"""Moods read from what the rest of understanding found: the pairings.

The text is our own and read as understanding reads it (blocks, tokens, the lexicon); the
cast and the pairings are set by hand, so these tests do not move when the people or the
relationship readings change.
"""

from __future__ import annotations

from bot.story import Character, Relationship, Story
from bot.understanding import moods
from bot.understanding.blocks import read, tokenise
from bot.understanding.lexicon import LEXICON_WORDS
from bot.vocabulary import MOOD_SHOWN

# An evening's closing-up at a bakery, told plainly: hardly a word any mood's list holds.
QUIET = ("Odile set the kettle on and watched the rain slide down the window of the "
         "bakery. Across the counter Tamsin was counting coins into paper rolls, brow "
         "furrowed, lining the rolls up by the till in rows of ten.\n\n"
         "\"Forty,\" Tamsin said at last. \"We made rent.\"\n\n"
         "Odile put two chipped mugs between them and rinsed the trays. Outside, Benedek was "
         "dragging the sandwich board in from the pavement, his coat soaked through, and "
         "Marisol from the flower stall held the door for him and then went back to "
         "stacking her buckets under the awning.\n\n"
         "The oven ticked as it cooled. Tamsin wrote the figures in the ledger, checked "
         "them, and wrote them again in ink. Odile swept flour from the floor into a pile by "
         "the back step, then found the dustpan behind the sacks of rye and swept the pile "
         "into it. The radio gave the shipping forecast and then the late news, and neither "
         "of them turned it off.\n\n"
         "At nine Benedek knocked on the glass with the spare keys, and Tamsin let him in to "
         "hang them on the hook. He said the van would need new tyres by March. Tamsin said "
         "March was a long way off. Odile turned off the lights over the counter, one row "
         "at a time, and they went out by the back door and locked it behind them.\n\n")

def _scored(text: str, characters: list[Character] | None = None,
            relationships: list[Relationship] | None = None) -> dict[str, float]:
    blocks, _factor = read(text)
    tokenise(blocks, LEXICON_WORDS)
    story = Story(format="txt", body=text, title="t")
    story.characters = characters or []
    story.relationships = relationships or []
    return moods.score(story, moods.vectors(blocks), sum(b.size for b in blocks),
                       moods.dialogue(blocks))


def _cast(*named: tuple[str, int]) -> list[Character]:
    return [Character(name, stated=False, mentions=count) for name, count in named]


def _top(scores: dict[str, float]) -> str:
    return max(scores, key=lambda m: scores[m])


def test_a_romance_the_text_shows_is_a_mood_of_the_story_though_not_its_couple():
    """Two side characters the relationship reading found to be a couple (a kiss, "my
    wife") make romance one of the story's moods when its words say little else; the story
    is not about them, so it is a hint, below what a card shows."""
    cast = _cast(("Odile", 9), ("Tamsin", 8), ("Benedek", 2), ("Marisol", 2))
    plain = _scored(QUIET, cast)
    side = Relationship(("Benedek", "Marisol"), "romantic", stated=False, confidence=0.6)
    shown = _scored(QUIET, cast, [side])
    assert plain["romance"] < moods.ROMANCE_SHOWN
    assert shown["romance"] == moods.ROMANCE_SHOWN < MOOD_SHOWN
    assert _top(shown) == "romance" != _top(plain)
    # a romance that is over or only wished for is not one the story shows, nor a friendship
    past = Relationship(("Benedek", "Marisol"), "romantic", stated=False, modifier="past")
    friends = Relationship(("Benedek", "Marisol"), "platonic", stated=False)
    assert _scored(QUIET, cast, [past]) == plain == _scored(QUIET, cast, [friends])


def test_a_romance_shown_never_lowers_stronger_romance_words():
    """The hint is a floor: a story whose words already read as romance keeps its score."""
    kisses = ("Under the awning Benedek kissed Marisol, and she kissed him back.\n\n" + QUIET +
              "Tamsin pretended not to see the two of them kissing on the step, and "
              "Odile said it was the most romantic thing the street had seen all year.\n\n")
    cast = _cast(("Odile", 9), ("Tamsin", 8), ("Benedek", 4), ("Marisol", 2))
    side = Relationship(("Benedek", "Marisol"), "romantic", stated=False, confidence=0.6)
    assert _scored(kisses, cast, [side])["romance"] == _scored(kisses, cast)["romance"] > \
        moods.ROMANCE_SHOWN

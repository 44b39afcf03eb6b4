"""A story told in the present tense, and its paragraphs that step back into the past: memories.

A story told in the present ("I say", "he says") tells its memories in the past ("When we got
married it was June ... Magnus cried"). The people a memory names are not in the scene it
interrupts: a later "he" is still the one in the bed, not the wedding guest. Read with
str.count over the narration (outside dialogue), once over the opening blocks for the story
and then per paragraph only for a story told in the present.
"""

from __future__ import annotations

from bot.understanding.blocks import Block, narrated_text, narration_of
from bot.understanding.narrator import opening

# Narration words that tell the present or the past; with the spaces around them, so "is"
# is not "this" and "had" not "hadn't" (which is the past too, and rarer).
_PRESENT = (" is ", " are ", " am ", " says", " say ", " has ", " does ")
_PAST = (" was ", " were ", " had ", " said", " did ")


def _more(narration: str, words: tuple[str, ...], than: int) -> bool:
    """Whether `narration` holds more than `than` uses of `words`: counted word by word, and
    no further once that is known (most narration tells one tense, so one count says it)."""
    count = 0
    for word in words:
        count += narration.count(word)
        if count > than:
            return True
    return False


def present_tense(blocks: list[Block]) -> bool:
    """Whether the story's opening narration is told in the present: at least twice as many
    present verbs as past ones, and a few of them."""
    # the opening blocks, as first_person reads its "I"; one count per word over their
    # narrations joined by a character no word holds (no quote left: read as narration
    # whole): the sums of the blocks' counts, in a tenth of the calls
    narration = "\x00".join(narrated_text(block) for block in opening(blocks))
    present = sum(narration.count(word) for word in _PRESENT)
    return present >= 4 and not _more(narration, _PAST, present // 2)


def memories(text: str) -> list[tuple[int, int]]:
    """Where a block of a present-tense story steps into the past: the spans of its
    paragraphs told in the past (more past verbs than present ones, two at least)."""
    spans, start = [], 0
    for paragraph in text.split("\n"):
        end = start + len(paragraph)
        narration = narration_of(paragraph)
        then = sum(narration.count(word) for word in _PAST)
        if then >= 2 and not _more(narration, _PRESENT, then - 1):
            spans.append((start, end))
        start = end + 1
    return spans

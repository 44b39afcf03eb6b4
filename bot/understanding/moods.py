"""Mood scores 0..1 for all ten moods: stated tags first, then the text's own words.

The text signal counts lexicon words once per block and spelling (so one repeated word cannot
carry a story), scales by story length and maps the density to 0..1. A mood the file states (a tag,
genre or warning) dominates: it scores at least 0.7 and the text only orders stated moods among
themselves. A story's romantic pairing nudges romance, as readers expect (a romance the text
shows between people it is not about, a little: `ROMANCE_SHOWN`), a story told in
banter (many lines of dialogue) reads lighter (`dialogue`, `BANTER_MARKS`), a sadness its
ending has left behind reads as hurt-comfort or bittersweet rather than angst (`_arc`), and
what happens in one scene (an injury and care, a loss and a fond memory, danger on a journey,
a cruelty done, an uncanny presence that persists) counts for its mood beyond its words' own
weights (`_scenes`), danger and travel told across scenes make a quest an adventure
(`_quest`), a loss that comes late, held with warmth, makes the story bittersweet
(`_late_loss`), a life told as it was and is no more makes it bittersweet too
(`_looking_back`), neither in a grim story (`_grim`), two people with no romance, no loss and
no injury between them make it a friendship (`_friends`), and a one-sided romance makes it
angst (`_pining`), and a grim or sad mood read from a story told in banter gives the lead to
its humor (`_joking`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Set
from typing import NamedTuple

from bot.story import Story
from bot.understanding.blocks import Block, spellings
from bot.understanding.lexicon import (
    CHANGE_WORDS,
    CHANGES,
    KILLINGS,
    LEXICON,
    LEXICON_WORDS,
    LOSSES,
    MOODS,
    PRESENCES,
    SCENES,
    SLEEP,
    SLEEPLESS,
    STAKES,
    TAG_MOODS,
)
from bot.vocabulary import MOOD_CONTRADICTIONS

_NON_WORD = re.compile(r"[^a-z]+")
# Per-mood density (weighted hits per 100 words) at which the text signal reaches ~0.63.
_SCALE = {"angst": 1.6, "fluff": 1.6, "hurt-comfort": 1.6, "humor": 1.4, "romance": 2.2,
          "dark": 1.6, "horror": 1.4, "adventure": 1.8, "bittersweet": 1.8, "friendship": 1.6}
_SINGLE_WORD_TAGS = {k: v for k, v in TAG_MOODS.items() if " " not in k}


# A block's lexicon hits as one integer: each mood's weight in hundredths sits in its own
# FIELD_BITS-bit field (mood i at bits i*FIELD_BITS on), so adding integers adds every mood at
# once and a block's vector is one C-level sum. Integer sums also do not depend on the order
# words are added in (float sums do, and set order depends on the hash seed). A field holds
# far more than any story reaches (a block has at most a few hundred lexicon words).
FIELD_BITS = 32
FIELD_MASK = (1 << FIELD_BITS) - 1
_PACKED = {word: sum(round(weight * 100) << (FIELD_BITS * index) for index, weight in entries)
           for word, entries in LEXICON.items()}


def _scene_fields() -> tuple[tuple[str, int, int, int], ...]:
    """Past the moods' fields, one field per half of each scene event (lexicon.SCENES): each
    word of that half adds 1 there in _PACKED, so a block holds the event when both its
    halves' fields are set. Per event: its mood, the mood's shift and the halves' shifts."""
    fields = []
    for number, (mood, halves) in enumerate(SCENES.items()):
        first = FIELD_BITS * (len(MOODS) + 2 * number)
        second = first + FIELD_BITS
        for shift, words in zip((first, second), halves):
            for word in words.split():
                _PACKED[word.encode()] += 1 << shift
        fields.append((mood, FIELD_BITS * MOODS.index(mood), first, second))
    return tuple(fields)


_SCENE_FIELDS = _scene_fields()
# Past the scene fields, one field counting what is at stake (lexicon.STAKES).
_STAKES = FIELD_BITS * (len(MOODS) + 2 * len(SCENES))
for _word in STAKES:
    _PACKED[_word] = _PACKED.get(_word, 0) + (1 << _STAKES)
# Past it, one field counting a loss (lexicon.LOSSES).
_LOSS = _STAKES + FIELD_BITS
for _word in LOSSES:
    _PACKED[_word] = _PACKED.get(_word, 0) + (1 << _LOSS)
# Past it, one field counting a cruelty done (a killing verb with its doer: `_DONE`).
_CRUEL = _LOSS + FIELD_BITS
# Past it, one field counting an uncanny presence (`_uncanny`).
_PRESENCE = _CRUEL + FIELD_BITS
# Past it, one field marking a look back on a change (`_looking_back`).
_CHANGED = _PRESENCE + FIELD_BITS
for _word in KILLINGS | PRESENCES | CHANGE_WORDS | {SLEEP}:
    _PACKED.setdefault(_word, 0)
_LOWER = spellings(LEXICON_WORDS)  # every spelling -> the lexicon word
_PACKED.update((form, _PACKED[word]) for form, word in _LOWER.items())
# A title is no mood word: "Miss" written capitalised is a form of address ("Miss Havisham",
# "Miss Marple said" at a sentence's start too), not a longing for someone gone (bittersweet's
# "miss"), in every development story that writes it (22 stories); "Nurse Joy" likewise.
_TITLES = frozenset((b"Miss", b"Nurse"))
_LEXICON_FORMS = frozenset(_LOWER) - _TITLES
_RESPELLED = frozenset(form for form, word in _LOWER.items() if form != word)
_PRESENCE_FORMS = frozenset(form for form, word in _LOWER.items() if word in PRESENCES)
_CHANGE_FORMS = frozenset(form for form, word in _LOWER.items() if word in CHANGE_WORDS)
# A look back on a change (lexicon.CHANGES) by the phrase's longest word: the phrases of more
# than one word that hold it, their first letter in either case and a space either side ("used"
# -> " used to ", " Used to "); none when the word is the phrase ("anymore").
_CHANGE_TEXTS = {word: tuple(f" {form} ".encode() for p in CHANGES if " " in p
                             and max(p.split(), key=len).encode() == word
                             for form in (p, p[:1].upper() + p[1:]))
                 for word in CHANGE_WORDS}


def _changed(block: Block, forms: Set[bytes]) -> bool:
    """Whether the block, which holds `forms` (spellings of lexicon.CHANGE_WORDS), tells a look
    back on a change: each phrase found whole among its tokens written one space apart
    (`Block.spaced`), in C (a regex searched over the block cost ~8 M instructions a pass)."""
    spaced = block.spaced
    for form in forms:
        texts = _CHANGE_TEXTS[_LOWER[form]]
        if not texts:
            return True
        if spaced is None:
            spaced = block.spaced = b" " + b" ".join(block.tokens) + b" "
        if any(text in spaced for text in texts):
            return True
    return False


# A cruelty done, as fans' prose tells it: a killing verb (lexicon.KILLINGS) with its doer
# before it ("she had killed", "we killed Bunny", "I'd murdered"), not a death that befell
# someone ("he was killed", "killed in the war").
# The killing verbs as text writes them, each found by `str.find` (in C) before `_DONE` is
# tried: the doer before one is all letters, apostrophes and whitespace, so the pattern is
# searched only from the start of that run to the verb's end (`_done`). Searched over the
# block, `_DONE`'s word boundary tried at every letter cost ~4 M instructions a pass (task
# 16cheap; tests/understanding/test_fast_readings.py holds `_done` to the whole search).
_KILLING_TEXTS = tuple(sorted(word.decode() for word in KILLINGS))
_DONE = re.compile(r"\b(?:[Ii]|[Hh]e|[Ss]he|[Tt]hey|[Ww]e|[Yy]ou)(?:'d)?\s+"
                   r"(?:had\s+|has\s+|have\s+)?(?:[a-z]+ly\s+)?(?:"
                   + "|".join(_KILLING_TEXTS) + r")\b")
_DOER_RUN = re.compile(r"[A-Za-z'\s]*")


def _done(text: str) -> bool:
    """Whether a text tells of a cruelty done (`_DONE.search(text)`), tried at each killing
    verb only: a match ends at one, its doer within the letters and spaces just before it."""
    backwards = None
    for verb in _KILLING_TEXTS:
        at = text.find(verb)
        while at >= 0:
            if backwards is None:
                backwards = text[::-1]
            run = _DOER_RUN.match(backwards, len(text) - at)
            start = at - (run.end() - run.start()) if run is not None else at
            if _DONE.search(text, start, at + len(verb) + 1) is not None:
                return True
            at = text.find(verb, at + 1)
    return False


# An uncanny presence, as horror's prose tells it: something there that should not be
# ("something moved", "someone was breathing", "nothing there"), or heard and not seen
# ("something knocked", "someone humming", "something moves": a sound or a stir made by what
# the text will not name; task 19mood2), is a presence word (lexicon.PRESENCES) followed by
# one of _UNCANNY, or "was" and one, read on the block's tokens (a scan of its text with a
# pattern cost ~80 M instructions a pass). "Impossible" alone is no presence: fans' prose
# says it of a person, a feat or hair ("you're impossible", "impossible hair", "which was
# impossible, there was no peat in Boston": task 17fmood).
_UNCANNY = frozenset((b"there moving moved moves breathing watching knocked knocking knocks "
                      b"scratched scratching tapped tapping whispering hummed humming sighed "
                      b"shifted stirred creaked crawled crept").split())
# What follows a presence word in the block's bytes (`Block.data`: separators spaces, its
# tokens split at whitespace): one of _UNCANNY or "was" and one, each a token of its own.
_AFTER_PRESENCE = re.compile(
    rb"\s+(?:was\s+)?(?:" + b"|".join(sorted(_UNCANNY)) + rb")(?!\S)")


def _uncanny(block: Block) -> bool:
    """Whether the block tells of an uncanny presence (see _UNCANNY). Each presence word is
    found in the block's bytes by `bytes.find`, in C, and what follows it matched there:
    walking the token list once per presence word cost ~10 M instructions a pass; and a
    block with no _UNCANNY token is passed at once (task 16cheap;
    tests/understanding/test_fast_readings.py holds it to the walk)."""
    if _UNCANNY.isdisjoint(block.tokens):
        return False  # most blocks: "there" is in one of ten that hold a presence word
    data = block.data
    for form in _PRESENCE_FORMS.intersection(block.hits):
        at = data.find(form)
        while at >= 0:
            if (at == 0 or data[at - 1:at].isspace()) and \
                    _AFTER_PRESENCE.match(data, at + len(form)) is not None:
                return True
            at = data.find(form, at + len(form))
    return False


# A night not slept (lexicon.SLEEPLESS) is a watch kept against what the story fears: it
# counts as an uncanny presence's block (`_uncanny`), so with one more such block the threat
# persists (PRESENCE_BLOCKS). Read where a block holds "sleep", each phrase found whole among
# its tokens one space apart, first letter in either case. Measured on the 15 development
# folders with the presence heard (task 19mood2): mood 367 -> 369 of 456 (final7, final17),
# no story lost; the 5 stories whose horror rises are all labelled horror. Alone, a heard
# presence wins final17 only; a sleepless night is common (19 stories, 7 of them dark or
# horror), so like any presence told once it adds nothing without a second such block.
_SLEEPLESS_TEXTS = tuple(f" {form} ".encode() for p in SLEEPLESS
                         for form in (p, p[:1].upper() + p[1:]))


def _sleepless(block: Block) -> bool:
    """Whether the block tells a night not slept (see _SLEEPLESS_TEXTS)."""
    spaced = block.spaced
    if spaced is None:
        spaced = block.spaced = b" " + b" ".join(block.tokens) + b" "
    return any(text in spaced for text in _SLEEPLESS_TEXTS)


# Being lost is no loss: "lost" after a form of be, get, feel, look or seem or an intensifier
# ("we're lost", "got lost", "very lost"), as an adjective ("a lost kitten"), or before what was
# lost track of ("lost count", "lost in thought") tells someone adrift, not someone gone. A block
# whose every "lost" is such marks no loss: neither the bittersweet scene's loss half
# (lexicon.SCENES) nor a loss (lexicon.LOSSES). "Lost her", "has lost", "lost at sea" stay losses.
_LOST_FORMS = frozenset((b"lost", b"Lost", b"LOST"))
# Read at each "lost" found by `str.find` (in C): the word before it, ending where it starts,
# and what follows it (a pattern searched over the block at every word cost ~18 M a pass).
_ADRIFT_BEFORE = re.compile(
    r"\b(?:am|is|are|was|were|be|been|being|get|gets|got|gotten|getting|feel|feels|felt|"
    r"feeling|look|looks|looked|seem|seems|seemed|very|so|too|completely|utterly|hopelessly|"
    r"a|the|'re|'m)\s+$", re.I)
_LOSS_AFTER = re.compile(r"\s+(?:her|his|my|their|our|your|him|them|me|it|everything|everyone|"
                         r"someone|one|two|both|at\s+sea)\b", re.I)
_ADRIFT_AFTER = re.compile(r"\s+(?:in|track|count|interest|sight|patience|control|balance|"
                           r"(?:the|his|her|its|their|our|my|your)\s+(?:way|thread|footing))\b",
                           re.I)
_LOSS_MARKS = (1 << next(first for mood, _, first, _ in _SCENE_FIELDS if mood == "bittersweet")) \
    + (1 << _LOSS)


def _adrift(text: str) -> bool:
    """Whether every "lost" of a text tells someone adrift, not a loss (see _LOST_FORMS)."""
    for form in ("lost", "Lost", "LOST"):
        at = text.find(form)
        while at >= 0:
            end = at + 4
            if (at == 0 or not text[at - 1].isalnum()) and \
                    (end == len(text) or not text[end].isalnum()) and \
                    _ADRIFT_AFTER.match(text, end) is None and \
                    (_ADRIFT_BEFORE.search(text, max(0, at - 24), at) is None
                     or _LOSS_AFTER.match(text, end) is not None):
                return False
            at = text.find(form, end)
    return True


def vectors(blocks: list[Block]) -> list[int]:
    """Each block's lexicon hits, packed (see FIELD_BITS); each word counted once per block
    however it is spelled. Blocks that are not narrative (notes, headers) carry no mood."""
    out = []
    for block in blocks:
        if not block.narrative or block.cue:
            out.append(0)
            continue
        hits: Set[bytes] = _LEXICON_FORMS.intersection(block.hits)
        cased = _RESPELLED.intersection(hits)
        if cased:  # "Alone" beside "alone" is one word
            words = {_LOWER[w] for w in cased}
            if len(words) < len(cased) or not words.isdisjoint(hits):
                hits = {_LOWER[w] for w in hits}
        vector = sum(map(_PACKED.__getitem__, hits))
        if not KILLINGS.isdisjoint(hits) and _done(block.text):
            vector += 1 << _CRUEL
        if (not _PRESENCE_FORMS.isdisjoint(hits) and _uncanny(block)) or \
                (SLEEP in hits and _sleepless(block)):
            vector += 1 << _PRESENCE
        if not _CHANGE_FORMS.isdisjoint(hits) and _changed(block, _CHANGE_FORMS & hits):
            vector += 1 << _CHANGED
        if not _LOST_FORMS.isdisjoint(hits) and _adrift(block.text):
            vector -= _LOSS_MARKS
        out.append(vector)
    return out


# Banter is light: a story told in many short lines of dialogue reads as humor or friendship to
# its readers more than one told in narration, whatever its words, and its sad or grim words
# are less likely its mood (a goldfish's "funeral", "despair" over a cheeseburger). Read as
# quote marks per 100 words of the mood sample (two per line of dialogue). BANTER_MARKS is
# fiction's usual amount: about the median of the 155 labelled stories (7.2; tests/data/
# understanding_*, ../shared/real-stories). Only a story above it reads as banter, by the
# square root of how far above (at most twice): less dialogue than usual says nothing
# (quiet narration is not grim). Measured on every labelled set (README): it wins or ties on
# each, and the dialogue share was a stronger sign of humor there than the lexicon's words.
BANTER_MARKS = 7.0
BANTER_MAX = 4.0
BANTER_LIGHT = ("humor", "friendship")
BANTER_GRIM = ("angst", "dark", "horror")


def dialogue(blocks: list[Block]) -> float:
    """Quote marks per 100 words in the blocks moods are read from (quotes are normalised to
    straight ones when blocks are cut)."""
    marks = words = 0
    for block in blocks:
        if block.narrative and not block.cue:
            marks += block.text.count('"')
            words += block.size
    return 100 * marks / words if words else 0.0


def _banter(text: dict[str, float], marks: float) -> None:
    """Lighten the text's moods of a story told in banter (see BANTER_MARKS)."""
    if marks <= BANTER_MARKS:
        return
    factor = math.sqrt(min(marks / BANTER_MARKS, BANTER_MAX))
    for mood in BANTER_LIGHT:
        text[mood] = min(1.0, text[mood] * factor)
    for mood in BANTER_GRIM:
        text[mood] /= factor


# The arc a reader leaves with: a sadness the ending has left behind is not the story's mood.
# When under ARC_LEFT of angst's words are in the ending (the last ENDING_SHARE of the blocks
# read; spread evenly they would be a quarter), the story reads as hurt then comfort
# (hurt-comfort, when the ending has a comfort word) or as a sadness remembered
# (bittersweet): that mood takes angst's strength and angst keeps ARC_KEEP of its own.
# Measured on every labelled set (README): it wins or ties on each, over a wide range of
# these values.
ENDING_SHARE = 0.25
ARC_LEFT = 0.15
ARC_KEEP = 0.7
ENDING_COMFORT = 50  # hundredths: one clear comfort word ("safe", "soothed", "comforted")
_ANGST = FIELD_BITS * MOODS.index("angst")
_COMFORT = FIELD_BITS * MOODS.index("hurt-comfort")


def _arc(text: dict[str, float], vectors: list[int], packed: int) -> None:
    """Move angst's strength to hurt-comfort or bittersweet when the ending has left the
    sadness behind (see ARC_LEFT); `packed` is the sum of the vectors."""
    angst = text["angst"]
    if not angst:
        return
    ending = sum(vectors[-max(1, round(len(vectors) * ENDING_SHARE)):])
    if (ending >> _ANGST) & FIELD_MASK > ARC_LEFT * ((packed >> _ANGST) & FIELD_MASK):
        return
    mood = ("hurt-comfort" if (ending >> _COMFORT) & FIELD_MASK >= ENDING_COMFORT
            else "bittersweet")
    text[mood] = max(text[mood], angst)
    text["angst"] = angst * ARC_KEEP


# What happens, shown in one scene (lexicon.SCENES: an injury and care, a loss and a fond
# memory, danger on a journey): each block holding both halves of an event counts as
# SCENE_WEIGHT more of its mood's weight, however generic each half's words are alone.
# Measured on the development folders (docs/measurements.md, task 14mood). A cruelty done
# (`_DONE`: "she had killed") is such an event of the dark mood: a reader calls a story dark
# for what its people do, even told calmly with none of dark's words around it (task 16mood:
# 100-200 win final2 and final14 and lose no story; 300 loses final3). So is a threat that
# persists of the horror mood: an uncanny presence (`_uncanny`: "something moved") told in
# PRESENCE_BLOCKS blocks or more, one being a passing phrase (task 16mood: 150-200 win final7
# and final13 and lose no story; 300 loses final and final4; in one block 100 wins two
# stories, 150-200 lose three).
SCENE_WEIGHT = 200  # hundredths: two clear signs
PRESENCE_BLOCKS = 2
_DARK = FIELD_BITS * MOODS.index("dark")
_HORROR = FIELD_BITS * MOODS.index("horror")


# The events read as phrases: their mood, its field, the event's field, the blocks it needs.
_DEEDS = (("dark", _DARK, _CRUEL, 1), ("horror", _HORROR, _PRESENCE, PRESENCE_BLOCKS))


def _scenes(text: dict[str, float], vectors: list[int], packed: int, words: int) -> None:
    """Raise the moods whose events the blocks show (see SCENE_WEIGHT)."""
    for mood, shift, first, second in _SCENE_FIELDS:
        scenes = sum(1 for v in vectors if (v >> first) & FIELD_MASK and (v >> second) & FIELD_MASK)
        if scenes:
            _lift(text, mood, ((packed >> shift) & FIELD_MASK) + SCENE_WEIGHT * scenes, words)
    for mood, shift, field, least in _DEEDS:
        if (packed >> field) & FIELD_MASK:
            count = sum(1 for v in vectors if (v >> field) & FIELD_MASK)
            if count >= least:
                _lift(text, mood, ((packed >> shift) & FIELD_MASK) + SCENE_WEIGHT * count, words)


def _lift(text: dict[str, float], mood: str, hits: int, words: int) -> None:
    """Raise a mood to what its words' hits and its scenes' weight score together."""
    text[mood] = max(text[mood], 1 - math.exp(-hits / words / _SCALE[mood]))


# A quest is told across scenes: danger (a chase, a fight, an escape) in QUEST_BLOCKS blocks and
# travel (a road, a ship, a forest, a map) in as many more is an adventure to its readers, even
# when its words weigh less than a joke's or a grief's: when adventure's text score is at least
# QUEST_NEAR of the top mood's, it leads by QUEST_LEAD. The halves are the adventure scene's
# (lexicon.SCENES). Measured on the development folders (task 15arc): every lead 1.05-1.2 and
# travel in 1-3 blocks wins final3 and final12 and loses no folder (255 of 336).
QUEST_BLOCKS = 2
QUEST_NEAR = 0.5
QUEST_LEAD = 1.1
_QUEST = next((first, second) for mood, _, first, second in _SCENE_FIELDS if mood == "adventure")
_QUEST_MASKS = tuple(FIELD_MASK << shift for shift in _QUEST)


def _near_top(text: dict[str, float], mood: str, near: float) -> float:
    """The top mood's score when `mood` reaches `near` of it, else 0: how the event readings
    below (a quest, a late loss, a look back, friends, pining, banter) ask whether their mood
    may take the lead."""
    top = max(text.values())
    return top if top and text[mood] >= near * top else 0.0


def _lead(text: dict[str, float], mood: str, top: float, lead: float) -> None:
    """Give `mood` the lead over the top mood's score `top` (`_near_top`) by the factor `lead`."""
    text[mood] = min(1.0, lead * top)


def _quest(text: dict[str, float], vectors: list[int]) -> None:
    """Make adventure the top mood of a quest told across scenes (see QUEST_BLOCKS)."""
    top = _near_top(text, "adventure", QUEST_NEAR)
    if not top:
        return
    for mask in _QUEST_MASKS:
        held = (v for v in vectors if v & mask)  # blocks with a weight in that half
        if not all(next(held, 0) for _ in range(QUEST_BLOCKS)):  # (stops at the second)
            return
    _lead(text, "adventure", top, QUEST_LEAD)


# A loss that comes late is bittersweet: when a loss (lexicon.LOSSES) is told in the last
# LATE_SHARE of the blocks, none in the first half, and a warm word (a memory, a smile: the
# bittersweet scene's second half) is there in the ending too, the story ends on a loss held
# with warmth, and bittersweet, if at least LATE_NEAR of the top mood, leads by LATE_LEAD.
# Measured on the twelve development folders (task 15mood3): every share 0.15-0.25 and near
# 0.6-0.9 wins dev and final4 and loses no folder (279 -> 281 of 366); without "dead",
# "killed", "buried" shares 0.2-0.25 lose final5.
LATE_SHARE = 0.2
LATE_NEAR = 0.7
LATE_LEAD = 1.1
_WARM = next(second for mood, _, _, second in _SCENE_FIELDS if mood == "bittersweet")


def _late_loss(text: dict[str, float], vectors: list[int]) -> None:
    """Make bittersweet the top mood of a story whose loss comes late (see LATE_SHARE)."""
    top = _near_top(text, "bittersweet", LATE_NEAR)
    if not top:
        return
    count = len(vectors)
    if any((v >> _LOSS) & FIELD_MASK for v in vectors[:max(1, round(count * 0.5))]):
        return
    ending = sum(vectors[-max(1, round(count * LATE_SHARE)):])
    if (ending >> _LOSS) & FIELD_MASK and (ending >> _WARM) & FIELD_MASK:
        _lead(text, "bittersweet", top, LATE_LEAD)


# A story that looks back on a change is bittersweet: a life told as it was and is no more
# ("used to", "anymore", "no longer": lexicon.CHANGES) is a then held against a now,
# and when bittersweet's own words (memories, years, a goodbye) reach at least BACK_NEAR of the
# top mood, bittersweet leads by BACK_LEAD. Measured on the fourteen development folders (task
# 18mood): near 0.7 (lead 1.01-1.2 alike) wins final6, final7 and final17 and loses no folder
# (341 -> 344 of 426: 4 stories right, 1 wrong, each by "used to"); near 0.55-0.65 wins as
# many and loses final12, 0.75-0.9 wins fewer. The phrases meet 137 of the 455 labelled
# stories ("used to" 106, "anymore" 43, "no longer" 10).
BACK_NEAR = 0.7
BACK_LEAD = 1.05


def _looking_back(text: dict[str, float], vectors: list[int]) -> None:
    """Make bittersweet the top mood of a story that looks back on a change (see BACK_NEAR)."""
    if not any((v >> _CHANGED) & FIELD_MASK for v in vectors):
        return
    top = _near_top(text, "bittersweet", BACK_NEAR)
    if top:
        _lead(text, "bittersweet", top, BACK_LEAD)


# A grim story stays grim: in a story that tells a cruelty done (`_DONE`: "she had killed")
# or whose top mood is horror, a loss told late and a life looked back on are the threat's (the
# dead are its victims, the "used to" the years before it came), not a sadness held with
# warmth, so neither gives bittersweet the lead (`_late_loss`, `_looking_back`). Dark on top
# from its words alone does not count: a prison cell's cold and chains are dark's words in a
# story that is bittersweet to its readers (final2). Measured on the 16 development folders
# (task 20dark): mood 394 -> 396 of 486 (final2: a haunted mine's "used to"; final13: a
# killer's "killed" read as a late loss and her "anymore"), none lost, real stories unchanged;
# it holds back the two readings in 5 stories, the other 3 keep their top (a stated mood, a
# friendship, a quest).


def _grim(text: dict[str, float], packed: int) -> bool:
    """Whether the story is grim: a cruelty done, or horror its top mood (see above)."""
    if (packed >> _CRUEL) & FIELD_MASK:
        return True
    horror = text["horror"]
    return bool(horror) and horror == max(text.values())


# Friendship is a story of two people with no romance, no loss and no injury between them:
# loyalty, help and teasing read as humor or angst by their words alone, but when the story
# shows no romance (`_shows_a_romance`), no loss (lexicon.LOSSES) and no injury (the
# hurt-comfort scene's first half) and friendship is at least FRIENDS_NEAR of the top mood, it
# leads by FRIENDS_LEAD. Measured on the twelve development folders (task 15mood3): near
# 0.7-0.9 wins final13 and/or final15 and loses no folder and no story (281 -> 283 of 366);
# 0.5-0.6 loses a real story read as humor, and without the injury a loss in final.
FRIENDS_NEAR = 0.8
FRIENDS_LEAD = 1.05
_HURT = next(first for mood, _, first, _ in _SCENE_FIELDS if mood == "hurt-comfort")


def _friends(text: dict[str, float], packed: int) -> None:
    """Make friendship the top mood of a story with no loss and no injury (see FRIENDS_NEAR);
    the caller has found no romance."""
    if (packed >> _LOSS) & FIELD_MASK or (packed >> _HURT) & FIELD_MASK:
        return
    top = _near_top(text, "friendship", FRIENDS_NEAR)
    if top:
        _lead(text, "friendship", top, FRIENDS_LEAD)


# A love that is not returned is angst to its readers: of the development stories whose labels
# hold a one-sided romance, 19 of 32 are labelled angst (24 angst or bittersweet), their pining
# told in glances and silences more than in sad words. When the relationship reading finds a
# one-sided romance and angst's own words reach at least PINING_NEAR of the top mood, angst
# leads by PINING_LEAD. Measured on the thirteen development folders (task 16fmood): near 0-0.5
# wins final4 and loses no story (308 -> 309 of 396); it fires on the few one-sided romances
# the relationship reading finds (5 stories).
PINING_NEAR = 0.5
PINING_LEAD = 1.1


def _pining(text: dict[str, float], story: Story) -> None:
    """Make angst the top mood of a story with a one-sided romance (see PINING_NEAR)."""
    if not any(r.kind == "romantic" and r.modifier == "one-sided" for r in story.relationships):
        return
    top = _near_top(text, "angst", PINING_NEAR)
    if top:
        _lead(text, "angst", top, PINING_LEAD)


# Banter carries the joke past grim words: in a story told in much more dialogue than usual
# (at least BANTER_HEAVY quote marks per 100 words: above the labelled humor stories' median
# of ~9 and a third of all stories), a top mood that is grim or sad (BANTER_OVER: a corpse in
# a comic mystery, "heartbreak" over a waffle) is the banter's subject, not its mood, when
# humor's own words reach at least BANTER_NEAR of it: humor leads by BANTER_LEAD. `_banter`
# scales every story by its dialogue; this only reorders a heavy-banter story's top.
# Measured on the thirteen development folders (task 17mood): marks 8-8.5 with near 0.2-0.5
# win final2, final4, final13 (and final5 at 0.2) and lose no story (311 -> 314-317 of 396);
# marks 7-7.5 lose a dev story read as angst; it changes the top of 13 stories, 10 of them
# labelled humor.
BANTER_HEAVY = 8.0
BANTER_NEAR = 0.3
BANTER_LEAD = 1.05
BANTER_OVER = frozenset(("angst", "dark", "horror", "bittersweet"))


def _joking(text: dict[str, float], marks: float) -> None:
    """Make humor the top mood of a grim-topped story told in banter (see BANTER_HEAVY)."""
    if marks < BANTER_HEAVY:
        return
    top = _near_top(text, "humor", BANTER_NEAR)
    if top and max(text, key=text.__getitem__) in BANTER_OVER:
        _lead(text, "humor", top, BANTER_LEAD)


# Fluff is a story where nothing is at stake: when a death, a weapon, a fight, blood or a
# monster is in the blocks read (lexicon.STAKES), its cosy props (cocoa, snow, warm, smiled)
# do not make it fluff, and fluff keeps this share of its text score. Measured on the
# development folders (task 15mood): every share 0.3-0.85 wins or ties on each folder.
# Sadness is at stake too: when angst's words weigh SAD_STAKES (two clear signs: someone
# crying, grief, a hopeless or lonely day), the story is as seldom fluff to its readers as one
# with a death in it (task 19mood: 6 of the 34 such labelled stories with no stake hold fluff,
# 60 of 280 with one, 74 of the other 171). Measured on the 15 development folders: 200 wins
# final15 and final18 (a cake and a puppy beside "sad" and "hopeless"; "delighted" beside
# "crying" and a hospital) and loses no story (365 -> 367 of 456); 150-175 win a third and lose
# final7, 100 loses final6 too, 225 and up win one or none.
STAKES_FLUFF = 0.5
SAD_STAKES = 200


def weight(vector: int, index: int) -> int:
    """One mood's weight (hundredths) in a packed vector."""
    return (vector >> (FIELD_BITS * index)) & FIELD_MASK


def tag_moods(labels: list[str]) -> dict[str, float]:
    """Moods the stated tags, genres and warnings name, with their strength."""
    stated: dict[str, float] = {}
    for label in labels:
        key = _NON_WORD.sub(" ", label.casefold()).strip()
        moods = TAG_MOODS.get(key)
        if moods is None:
            moods = {}
            for word in key.split():
                for mood, strength in _SINGLE_WORD_TAGS.get(word, {}).items():
                    moods[mood] = max(moods.get(mood, 0.0), strength * 0.8)
        for mood, strength in moods.items():
            stated[mood] = max(stated.get(mood, 0.0), strength)
    return stated


# Per mood: the bit offset of its field and its density scale. A packed total t (hundredths)
# over w words is t / w hits per 100 words.
_FIELDS = tuple((mood, FIELD_BITS * index, _SCALE[mood]) for index, mood in enumerate(MOODS))
_TAGS: dict[tuple[str, ...], _Tagged] = {}  # tag_moods by label list (tags repeat)


# A tag states a mood when it names it with at least this strength ("fluff", "angst with a
# happy ending"); weaker hints ("supernatural" for horror) only colour the scores.
STATED_STRENGTH = 0.5
# A mood the text alone suggests needs its words in this many blocks: one passing word
# ("dawning horror", "recoiled in horror") is not a mood.
SPREAD_BLOCKS = 2
SINGLE_BLOCK_CAP = 0.15  # what a mood read from one block may score (not shown on a card)
COUPLE_ROMANCE = 0.3  # romance for a story with a main romantic pairing, at least
COUPLE_SHARE = 0.4
# A romance the text shows between people the story is not about (the relationship reading
# found a kiss, a spouse, a date: `_shows_a_romance`) is one of its moods to a reader, if not
# the main one: romance scores at least this, a hint as faint as a mood read from one block,
# never shown on a card (MOOD_SHOWN) but ahead of moods the words barely carry. Measured on
# the development folders (docs/measurements.md, task 13mood2): every value 0.08-0.2 wins or
# ties on each folder (0.15: 197 -> 200 of 276), 0.25 loses; the check folders tie (76 of 120).
ROMANCE_SHOWN = SINGLE_BLOCK_CAP


class _Tagged(NamedTuple):
    """What a story's labels say of its moods, worked out once per distinct label list."""

    stated: dict[str, float]  # moods the tags state (STATED_STRENGTH and up)
    hints: dict[str, float]  # weaker hints ("supernatural" for horror)
    names: list[str]  # the stated moods in vocabulary order
    opposed: frozenset[str]  # moods that would contradict them


_NOTHING = _Tagged({}, {}, [], frozenset())


def _tagged(story: Story) -> _Tagged:
    if not (story.tags or story.warnings):
        return _NOTHING
    labels = (*story.tags, *story.warnings)
    found = _TAGS.get(labels)
    if found is None:
        if len(_TAGS) >= 4096:
            _TAGS.clear()
        moods = tag_moods(list(labels))
        stated = {m: v for m, v in moods.items() if v >= STATED_STRENGTH}
        names = [m for m in MOODS if m in stated]
        opposed = frozenset(set().union(*(MOOD_CONTRADICTIONS[m] for m in names)) - set(stated))
        found = _TAGS[labels] = _Tagged(
            stated, {m: v for m, v in moods.items() if m not in stated}, names, opposed)
    return found


def stated_moods(story: Story) -> dict[str, float]:
    """The moods the story's tags, genres and warnings state, with their strength."""
    return _tagged(story).stated


def _spread(vectors: list[int], shift: int) -> int:
    """The blocks a mood's words appear in (up to SPREAD_BLOCKS)."""
    seen = 0
    for vector in vectors:
        if (vector >> shift) & FIELD_MASK:
            seen += 1
            if seen >= SPREAD_BLOCKS:
                break
    return seen


def _about_a_couple(story: Story) -> bool:
    """Whether the story is about a couple: one its file states, or one the text shows
    between its most named character and someone named at least COUPLE_SHARE as often (a
    side couple is not what a story is about)."""
    couples = [r for r in story.relationships if r.kind == "romantic" and not r.modifier]
    if not couples:
        return False
    if any(r.stated for r in couples):
        return True
    mentions = {c.name: c.mentions for c in story.characters}
    top = max(mentions.values(), default=0)
    for r in couples:
        counts = [mentions.get(m, 0) for m in r.members]
        if top and max(counts) == top and min(counts) >= COUPLE_SHARE * top:
            return True
    return False


def _shows_a_romance(story: Story) -> bool:
    """Whether the text shows a romance under way (not past, one-sided or only implied)."""
    return any(r.kind == "romantic" and not r.modifier for r in story.relationships)


def score(story: Story, vectors: list[int], words: int, marks: float = 0.0) -> dict[str, float]:
    """Mood scores from the blocks' packed lexicon vectors, the words read and the quote marks
    per 100 of them (`dialogue`); fills story.stated_moods. A stated mood scores 0.7 or more
    and outranks every other; a mood the text suggests never contradicts a stated one
    (MOOD_CONTRADICTIONS: 0 then)."""
    packed = sum(vectors)
    words = max(words, 50)
    exp = math.exp
    several = len(vectors) - vectors.count(0) >= SPREAD_BLOCKS
    text = {}
    for mood, shift, scale in _FIELDS:
        hits = (packed >> shift) & FIELD_MASK
        value = 1 - exp(-hits / words / scale) if hits else 0.0
        if value > SINGLE_BLOCK_CAP and several and _spread(vectors, shift) < SPREAD_BLOCKS:
            value = SINGLE_BLOCK_CAP
        text[mood] = value
    _banter(text, marks)
    _arc(text, vectors, packed)
    _scenes(text, vectors, packed, words)
    if (packed >> _STAKES) & FIELD_MASK or (packed >> _ANGST) & FIELD_MASK >= SAD_STAKES:
        text["fluff"] *= STAKES_FLUFF
    _quest(text, vectors)
    if not _grim(text, packed):
        _late_loss(text, vectors)
        _looking_back(text, vectors)
    if not _shows_a_romance(story):
        _friends(text, packed)
    elif _about_a_couple(story):
        # a story about a couple is a romance to its readers, whatever else it is
        text["romance"] = min(1.0, max(text["romance"], COUPLE_ROMANCE) + 0.1)
    else:
        text["romance"] = max(text["romance"], ROMANCE_SHOWN)
    _pining(text, story)
    _joking(text, marks)
    tagged = _tagged(story)
    for mood, hint in tagged.hints.items():  # a weak hint ("supernatural") colours the text
        if hint > text[mood]:
            text[mood] = hint
    story.stated_moods = list(tagged.names)
    stated = tagged.stated
    if not stated:
        return {mood: round(value, 3) if value else 0.0 for mood, value in text.items()}
    opposed = tagged.opposed
    return {mood: round(0.7 + 0.2 * stated[mood] + 0.1 * value if mood in stated
                        else 0.0 if mood in opposed else min(value, 0.69), 3)
            for mood, value in text.items()}

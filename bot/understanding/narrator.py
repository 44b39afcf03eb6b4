"""Who "I" is in a story told in the first person, so "my husband", "he kissed me" and "we
got married" land on someone.

A first-person narrator is almost never named in the narration: others name them, calling
them in dialogue ('"Cecil," he said'), they name themselves ("I'm Cecil"), or the header
lists them. So the narrator is the one of the cast who is called by name but never narrated
by it; none when that is not clear (two such people, or nobody called). Found with str.count
and str.find over the narration: read once per story, only when its narration says "I".
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.understanding.blocks import Block, narrated_text, narration_of, normalise
from bot.understanding.characters import COMMON_WORDS, narrated
from bot.understanding.people import OPENERS, STOP

# A story's narration is first person when it says "I", "me" or "my" this often: at least
# FIRST_MIN times, and once in every FIRST_EVERY words (letters quoted in a third-person story
# say "I" a few times; a first-person story says it every sentence or two).
FIRST_MIN = 4
FIRST_EVERY = 60
_FIRST = (" I ", " me ", " my ", " me.", " me,", " I.", " I,", "\nI ", " I'")

# "I'm Cecil", "my name is Mina", "call me Ishmael": the narrator naming themselves.
# (Written to open with a character set, the engine skipping in C to the next of those letters;
# the look-behinds are the word boundary and each letter's own branches: the same matches as
# r"\b(?:I'm|I am|[Mm]y name is|[Mm]y name's|[Cc]all me) ([A-Z][\w'-]+)", 4x faster.)
_SELF = re.compile(r"[IMmCc](?<!\w.)(?:(?<=I)(?:'m| am)|(?<=[Mm])y name(?: is|'s)|(?<=[Cc])all me) "
                   r"([A-Z][\w'-]+)")


def speaks(block: Block) -> bool:
    """Whether a block's narration says "I", "me" or "my"."""
    narration = narrated_text(block)
    return narration.startswith(("I ", "My ")) or any(
        form in narration for form in (*_FIRST, " My ", "\nMy "))


# Whether a story is told in the first person is read in its opening blocks (it says so at
# once, and a long story is not read through for it).
OPENING = 12


def opening(blocks: list[Block]) -> list[Block]:
    """The story's opening narrative blocks, where its person and tense are read."""
    return [block for block in blocks[:2 * OPENING] if block.narrative][:OPENING]


def first_person(blocks: list[Block]) -> bool:
    """Whether the narration (outside dialogue) of the opening blocks speaks as "I"."""
    blocks = opening(blocks)
    if sum(block.text.count(" I ") for block in blocks) < FIRST_MIN // 2:
        return False  # most third-person stories: no pass over their narration
    narrations = [narrated_text(block) for block in blocks]
    # the forms counted once over the narrations joined by a character none of them holds
    joined = "\x00".join(narrations)
    said = sum(n.startswith("I ") for n in narrations) + sum(map(joined.count, _FIRST))
    return said >= FIRST_MIN and said * FIRST_EVERY >= joined.count(" ")


# Words that call the one spoken to by name ("Hey Lena", "You're Lena, right?").
_CALLING = ("hey ", "hi ", "oh ", "thanks ", "morning ", "you're ", "you are ")


# The rest of a name after its first word, as a call writes it out ('"Wei Ying."').
_REST_OF_NAME = re.compile(r"(?: [A-Z][\w'-]+)+")


def calls(block: Block, token: str, by_others: bool = False) -> int:
    """How often a name is called out in the block's dialogue: right after an opening quote or
    a comma, right before a mark ('"Cecil." He blinked', '"It's late, Cecil."'), or after a
    greeting ("Hey Lena", "You're Lena, right?"); `by_others`: not in the narrator's own
    lines ('"Taako," I say' calls someone who is not the narrator)."""
    text, count, at = block.text, 0, block.text.find(token)
    while at >= 0:
        end = at + len(token)
        rest = _REST_OF_NAME.match(text, end)  # "Wei" of '"Wei Ying."'
        end = rest.end() if rest else end
        if ((text[max(0, at - 2):at].endswith(('"', ", ")) and text[end:end + 1] in (
                ",", ".", "!", "?", '"')) or text[max(0, at - 8):at].lower().endswith(_CALLING)) \
                and not (by_others and _mine(text, at)):
            count += 1
        at = text.find(token, end)
    return count


def _mine(text: str, at: int) -> bool:
    """Whether the line of dialogue at `at` is the narrator's own: "I" speaks it ('"Taako," I
    say'), or it follows the narrator's own doing with no one else's "said" after it ('I
    rolled my head to look at him. "Chief Cultivator, surely..."')."""
    first = text.rfind("\n", 0, at) + 1
    last = text.find("\n", at)
    last = len(text) if last < 0 else last
    opening, closing = text.rfind('"', first, at), text.find('"', at, last)
    if opening < 0 or closing < 0:
        return False
    if _MINE.match(text, closing + 1) is not None:
        return True
    previous = text.rfind('"', first, opening)  # the beat before it, after any earlier line
    before = text[previous + 1 if previous >= 0 else first:opening].lstrip()
    if not text[closing + 1:last].strip() and before.startswith("I "):
        return True
    return _answers_another(text, first, opening, closing, last)


# The tag of a line spoken by someone other than "I": '"Your theory," she said', '... said
# Kurisu.' (a tag in the present too: "she says").
_ANOTHERS_TAG = re.compile(r"\"[^\"\n]*?\b(?:(?:he|she|[A-Z][\w'-]+) (?:said|says|asked|asks|"
                           r"snapped|replied|replies)|(?:said|says|asked) [A-Z][\w'-]+)\b")


def _answers_another(text: str, first: int, opening: int, closing: int, last: int) -> bool:
    """Whether a line with no tag, alone in its paragraph, answers the paragraph before it,
    a line another speaks ('"Your theory," she said, ...' / '"It's *your* theory,
    Christina."'): of a story told by "I", the untagged reply is the narrator's own."""
    if text[first:opening].strip() or text[closing + 1:last].strip() or first < 2:
        return False
    end = text.rfind("\n", 0, first - 1)
    while end > 0 and not text[end + 1:first].strip():  # blank lines between paragraphs
        end = text.rfind("\n", 0, end)
    prior = text[end + 1:first].strip()
    return prior.startswith('"') and _ANOTHERS_TAG.search(prior) is not None


def find(blocks: list[Block], cast: list[str], stated: Iterable[str] = (),
         body: str = "") -> str | None:
    """The narrator of a first-person story among `cast` (or the header's `stated` names),
    or None: the one person called by name, or naming themselves, and never narrated by
    name; else the one stated character the text never narrates (at most spoken of); else
    the one name others call that the story (`body`: all of it, not the blocks read) never
    narrates (`addressed`)."""
    if not first_person(blocks):
        return None
    narrated_in: dict[str, int] = dict.fromkeys(cast, 0)
    called: dict[str, int] = dict.fromkeys(cast, 0)
    for block in blocks:
        if not block.names:
            continue
        told = narrated(block)
        for name in block.names:
            if name not in called:
                continue
            if name in told:
                if not _only_self_named(block, name):  # "My name is Marisol Ferreira."
                    narrated_in[name] += 1
            elif '"' in block.text and name in block.written:
                called[name] += calls(block, block.written[name], by_others=True)
    for word in _self_names(blocks):
        for name in cast:
            if word in name.split():
                called[name] += 2
    found = [name for name in cast if called[name] and not narrated_in[name]]
    if found:  # "Laur" called, "Laura nods" narrated: a short form of someone narrated
        narration = "\n".join(narrated_text(block) for block in blocks)
        found = [name for name in found if not re.search(
            rf"\b{re.escape(name.split()[0])}[a-z]", narration)]
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        found.sort(key=lambda n: -called[n])
        return found[0] if called[found[0]] >= 2 * called[found[1]] else None
    unnamed = [name for name in stated if not narrated_in.get(name)]
    return unnamed[0] if len(unnamed) == 1 else addressed(blocks, cast, body)


def _self_names(blocks: list[Block]) -> list[str]:
    """The names the narrator gives themselves: in narration ("My name is Mina", "I'm
    Cecil") and in their own lines of dialogue ('"I am Lestat," I said')."""
    found = [match.group(1) for match in _SELF.finditer("\n".join(
        narrated_text(b) for b in blocks if b.narrative and _may_name_self(b.text)))]
    for block in blocks:
        if '"' in block.text and _may_name_self(block.text):
            found += _self_said(block.text)
    return found


def _may_name_self(text: str) -> bool:
    """Whether a text holds what every `_SELF` match holds ("I'm", "I am", "y name", "all
    me"): four searches in C, where most blocks end, before it is split and read."""
    return "I'm" in text or "I am" in text or "y name" in text or "all me" in text


def _only_self_named(block: Block, name: str) -> bool:
    """Whether the narration names `name` only in the narrator naming themselves ("My name
    is Marisol Ferreira."): that is "I", not someone narrated."""
    written = block.written.get(name)
    if not written or not _may_name_self(block.text):
        return False
    narration = narrated_text(block)
    return written in narration and all(
        written not in piece for piece in _SELF.split(narration)[::2])


# A line of dialogue told as someone else's: a "said" of another after it ('"Call me Bob,"
# he said'), which names them, not the narrator.
_OTHERS_TAG = re.compile(r"\s*(?:(?:he|she|they|[A-Z][\w'-]+) \w+s\b|(?:he|she|they|[A-Z][\w'-]+)"
                         r" (?:said|asked|called|replied|added|says|asks))")


def _self_said(text: str) -> list[str]:
    """The names "I" gives themselves in their own lines of dialogue ('"I am Lestat," I
    said', a line no one else's "said" follows: '"You can call me Minori, you know."')."""
    found = []
    for line in text.split("\n"):
        pieces = line.split('"')
        for k in range(1, len(pieces) - 1, 2):
            after = pieces[k + 1]
            if _MINE.match(after) or (k == 1 and not pieces[0].strip()
                                      and not _OTHERS_TAG.match(after)):
                found += [m.group(1) for m in _SELF.finditer(pieces[k])]
    return found


# A name called in a line of dialogue: opening it ('"Clint," she says'), after a comma
# ('"Morning, Wren,"') or a greeting ("Thanks Robin"), and closing its clause.
_VOCATIVE = re.compile(r"(?:^|, |\b(?:[Hh]ey|[Hh]i|[Tt]hanks|[Mm]orning|[Nn]ight) )"
                       r"([A-Z][a-z]+(?:['-][A-Za-z]+)?)(?=[,.!?]|$)")
# The line after a quote is the narrator's own ('"Thanks, Robin," I said'): it calls another.
_MINE = re.compile(r"[^\S\n]*I\b")  # on its line: the next paragraph's "I play" is no tag
# Words that open a line of dialogue as a reply or an order ('"Fine," she said', '"Wait,
# Clint"'), shaped like a call but no one's name (the others are in people.STOP).
_REPLIES = frozenset("""fine wait look listen come stop enough again careful exactly really
seriously honestly done ready agreed deal true great thank go run quiet hush hold move easy
sorry never always brilliant perfect lovely idiot""".split())
_NOT_NAMES = STOP | COMMON_WORDS | _REPLIES | {w.casefold() for w in OPENERS}


def addressed(blocks: list[Block], cast: Iterable[str], body: str = "") -> str | None:
    """The narrator's name when the cast lacks them: the one name others call in dialogue
    that the narration never writes and no one of the cast bears ('"Morning, Wren," she
    said' in a story told by Wren); None when no name, or no one clearly most, is called."""
    taken = {word for name in cast for word in name.split()}
    called: dict[str, int] = {}
    for block in blocks:
        if '"' not in block.text:
            continue
        for line in block.text.split("\n"):
            pieces = line.split('"')
            for k in range(1, len(pieces), 2):
                if k + 1 < len(pieces) and _MINE.match(pieces[k + 1]):
                    continue
                for match in _VOCATIVE.finditer(pieces[k]):
                    word = match.group(1)
                    if word not in taken and word.casefold() not in _NOT_NAMES:
                        called[word] = called.get(word, 0) + 1
    if not called:
        return None
    text = normalise(body) if body else "\n".join(block.text for block in blocks)
    narration = narration_of(text)
    # never narrated, and no ordinary word ('"Fine," she said': "fine" is written in lower
    # case somewhere else)
    found = sorted((word for word in called if word not in narration
                    and re.search(rf"\b{re.escape(word.lower())}\b", text) is None),
                   key=lambda word: (-called[word], word))
    if not found or (len(found) > 1 and called[found[0]] < 2 * called[found[1]]):
        return None
    return found[0]

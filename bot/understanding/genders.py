"""The genders of cast members the name table leaves open, read from the pronouns that follow
them, so "he" and "she" in romantic cues find their people.

Names found in the text (and many in the knowledge base) come without a gender, and a cue
like "he lifted it and kissed her knuckles" between two such people cannot be placed: every
pronoun may stand for either. A reader settles it from how the story goes on after a name:
"Sophie put the basket down. She crossed the room", "Pim didn't take his eyes off her". The
first pronoun of narration after a name, before any other character is named or a line of
dialogue opens, within the sentence (and the next when the name opens its sentence or speaks
its line: after "beside Karlach." the next "He" is someone else) is counted for that name
when it is a subject or an owner's ("he", "she", "his", "himself", "herself", "Her" opening a
sentence); "him" and "her" are often someone else ("Karlach looked at him") and end the look,
but for "her" in a gesture of her own ("Ise bit her lip"). The owner of what is acted on ("said
Edmund's name") is not the one the pronoun after it takes up, nor is "his" the one who takes
a hand ("Emma took his arm"); when the name opens its sentence, the "he" or "she" right after a
line it speaks in the same paragraph is its own ("Howl held it up. "Starlight." He smiled").
A gender is taken when the counts agree clearly (three to one, two at least), as the name
table's own reading does.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.understanding.blocks import Block, in_dialogue
from bot.understanding.local import occurrences
from bot.understanding.people import own_body

# Read in the text as written (lower-casing every block would cost more than the search).
_FIRST_PRONOUN = re.compile(
    r"\b([Hh]e|[Ss]he|[Hh]is|[Hh]im|[Hh]er|[Hh]ers|[Hh]imself|[Hh]erself)\b|\"")
# Uses of one gender and none of the other after which a name's gender is not read further.
SETTLED = 4
# A body part someone takes, touches or watches ("Sophie rapped his knuckles", "Emma took his
# arm", "could see his thumb"): "his" there is another's than the one who does it.
_TOUCHED_PART = re.compile(
    r" (?:hands?|arms?|shoulders?|cheeks?|knuckles|thumb|chest|mouth|neck|back|jaw|wrists?|"
    r"fingers|sleeve|face|hair|lips|forehead|temple|knee|collar)\b")
_TOUCHING = re.compile(
    r"\b(?:took|take|taking|grabbed|grab|grabbing|caught|catch|patted|pats?|kissed|kiss|"
    r"kissing|squeezed|squeeze|touched|touch|stroked|found|watched|watching|saw|see|rapped|"
    r"clasped|gripped|brushed|drying|dried|shook|nudged|elbowed|punched|slapped|cupped|"
    r"traced|studied)\s+$")
# An owner named after a verb or a preposition ("said Edmund's name", "in Noah's shoulder") is
# what is acted on, not the subject; after a conjunction ("and Bilbo's hand shook") it may open
# a clause of its own.
_OBJECT_OWNER = re.compile(
    r"\b(?!(?:and|but|then|while|when|as|because|so|until|if|though|although|where|before|"
    r"after|since|or)\b)[a-z]+ $")
# A preposition right before a name ("next to Idony", "looked at Pell"), and a relative
# "who" right after one ("at Pell, who was asleep"): see `_placed_by`.
_PREPOSITION = re.compile(
    r"\b(?:to|from|at|on|onto|into|beside|with|against|behind|toward|towards|near)\s+$")
_WHO = re.compile(r"\s*[,\u2014-]*\s*who\b")
_SENTENCE = re.compile(r"[.!?]\s")
_BOUNDARIES = (". ", "! ", "? ", "\n", '" ')
_LOOK_BACK = 24  # how far before a name its sentence's start or "said" is looked for
_SAID = frozenset("said asked replied whispered murmured called shouted added".split())
_TELLS = {"he": "m", "his": "m", "himself": "m", "she": "f", "herself": "f", "hers": "f"}


def decide(counts: dict[str, list[int]]) -> dict[str, str]:
    """The genders `counts` tell clearly (three to one, two uses at least)."""
    out = {}
    for name, (he, she) in counts.items():
        if he >= 2 and he >= 3 * she:
            out[name] = "m"
        elif she >= 2 and she >= 3 * he:
            out[name] = "f"
    return out


# A story of two people whose narration says "he" and "she" this often each is about a man and
# a woman (a third person of either would be named, and in the cast).
BOTH_PRONOUNS = 4


def of_two(blocks: list[Block], pair: tuple[str, str], genders: dict[str, str | None],
           counted: dict[str, list[int]]) -> dict[str, str]:
    """The genders of a story's only two people: each told by the pronouns after their own
    name, however few (`counted`, from `counts`), when none says otherwise and they are not
    the same ("Ardal signed. He wrote", "Wenna did not look round. She was reading"); else,
    when its narration is full of both "he" and "she", one told by the name table or a single
    pronoun after their name, the other the other ("Marguerite found Tomas in the
    greenhouse, where he always went"). Nothing when the pronouns leave it open or say the
    same of both."""
    known = {name: genders.get(name) for name in pair}
    once = {name: "m" if m else "f" for name, (m, f) in counted.items()
            if name in known and known[name] is None and (m == 0) != (f == 0)}
    if len(set(once.values())) == 2:  # "Ardal ... He", "Wenna ... She": each told, not the same
        return once
    he = sum(b.tokens.count(w) for b in blocks for w in (b"he", b"He"))
    she = sum(b.tokens.count(w) for b in blocks for w in (b"she", b"She"))
    if min(he, she) < BOTH_PRONOUNS:
        return {}
    for name, (m, f) in counted.items():
        if name in known and known[name] is None and m != f:
            known[name] = "m" if m > f else "f"
    told = [g for g in known.values() if g]
    if not told:
        return {}
    if len(told) == 2:  # both told: by the name table or the counts, each their own
        return {name: g for name, g in known.items() if genders.get(name) is None and g}
    other = "f" if told[0] == "m" else "m"
    return {name: g or other for name, g in known.items() if genders.get(name) is None
            and (g or _narrated(blocks, name))}


def _narrated(blocks: list[Block], name: str) -> bool:
    """Whether the narration writes a name, not only the characters' talk: one only said
    aloud ("I don't pry, Endeavour.") may be another name of the one spoken to, so no one
    of their own whose gender is the other's."""
    return any(not in_dialogue(block.text, at) for block in blocks if name in block.names
               for at, _end in occurrences(block.text, block.written.get(name) or name))


def counts(blocks: Iterable[Block], open_names: set[str],
           cast: set[str]) -> dict[str, list[int]]:
    """Per name of `open_names` (of the `cast` the story names most), the subject or owner
    pronouns of each gender read after it: [he, she] (`decide` reads genders from them)."""
    counts: dict[str, list[int]] = {name: [0, 0] for name in open_names}
    waiting = set(open_names)  # not yet settled beyond doubt (SETTLED uses, all one way)
    for block in blocks:
        names = block.names
        if not names or waiting.isdisjoint(names):
            continue
        text = block.text
        mentions = _mentions(text, block.written, cast & names.keys())
        starts = [at for at, _end, _name in mentions]
        k = 0
        while k < len(mentions):
            at, end, name = mentions[k]
            # one person written with two of the cast's names ("Ise Lavellan": a first name
            # the text gave, a surname the fandom's): the pronoun after both is theirs
            named = [name]
            while k + 1 < len(mentions) and mentions[k + 1][0] == end + 1 and \
                    text[end] == " ":
                k += 1
                end, following = mentions[k][1], mentions[k][2]
                named.append(following)
            k += 1
            if waiting.isdisjoint(named):
                continue
            pronoun = _pronoun_after(text, at, end, starts[k] if k < len(starts) else None)
            if pronoun is None:
                continue
            # "Her eyes were bright" opening a sentence is the last subject's own
            gender = "f" if pronoun == "Her" else _TELLS.get(pronoun.lower())
            if gender is not None:
                for name in named:
                    if name not in waiting:
                        continue
                    count = counts[name]
                    count[gender == "f"] += 1
                    if min(count) == 0 and max(count) >= SETTLED:
                        waiting.discard(name)
        if not waiting:
            break
    return counts


def _pronoun_after(text: str, at: int, end: int, next_name: int | None) -> str | None:
    """The pronoun that takes up the name written at `at`..`end` (the next name written at
    `next_name`), as `counts` reads it: None when it is someone else's or there is none."""
    if _object_of(text, at, end) or _called(text, at, end) or _placed_by(text, at, end):
        return None
    quoted = in_dialogue(text, at)  # '"Himmel said he wanted..."': the same
    opens = not quoted and _opens(text, at)
    limit = min(len(text) if next_name is None else next_name,
                _sentence_end(text, end, 2 if opens else 1))
    found = _FIRST_PRONOUN.search(text, end, limit)
    if found is not None and found.group(1) is None and opens:
        found = _after_line(text, found.end(), next_name)
    if found is None or found.group(1) is None:
        return None
    pronoun = found.group(1)
    if pronoun == "her" and not _after_word(text, at) and _own_gesture(text, end, found.start()):
        return "herself"  # "Ise bit her lip": her own
    if pronoun == "his" and _touched(text, end, found):
        return None  # "Mio could see his thumb": another's hand, seen or touched
    if pronoun == "him":  # "Ise crossed to him. She stopped": "him" is another
        found = _FIRST_PRONOUN.search(text, found.end(), limit)
        pronoun = found.group(1) if found is not None else None
        if pronoun is None or (_TELLS.get(pronoun.lower()) != "f" and pronoun != "Her"):
            return None  # "... to him. He smiled" is him
    return pronoun


def _object_of(text: str, at: int, end: int) -> bool:
    """Whether the name written at `at`..`end` owns what a verb or a preposition acts on ("said
    Edmund's name", "her face in Noah's shoulder"): not its sentence's subject, so the pronoun
    after it takes up someone else."""
    return text.startswith(("'s", "\u2019s"), end) and _after_word(text, at)


# What comes before a name called out in a line: the line's start, or a mark ending a phrase.
_VOCATIVE_BEFORE = re.compile(r'(?:^|["\n]|[,.!?] )\s*$')


def _called(text: str, at: int, end: int) -> bool:
    """Whether the name at `at`..`end` is called out in a line ("Ysolt, will you hold the lamp
    while he fixes the latch?"): the one spoken to is "you" there, and a "he" or "she" after
    the call is someone else."""
    return text.startswith((",", "!", "?"), end) and in_dialogue(text, at) and \
        _VOCATIVE_BEFORE.search(text, max(0, at - 3), at) is not None


def _placed_by(text: str, at: int, end: int) -> bool:
    """Whether the name at `at`..`end` is the object of a preposition ("stood next to Idony,
    with his sleeves rolled up", "Corm looked at Idony, and something in his face went
    soft"): not its sentence's subject, so the pronoun after it is the subject's, unless a
    relative "who" takes the name up ("looked at Pell, who had his hands in his pockets")."""
    return _PREPOSITION.search(text, max(0, at - 12), at) is not None and \
        _WHO.match(text, end) is None


def _after_word(text: str, at: int) -> bool:
    """Whether the name at `at` follows a verb or a preposition ("next to Bandit, and put her
    head on his shoulder"): someone acted on, not the subject whose gestures follow."""
    return _OBJECT_OWNER.search(text, max(0, at - 12), at) is not None


def _touched(text: str, end: int, found: re.Match) -> bool:
    """Whether "his" (`found`, after a name ending at `end`) owns a body part the named one
    takes, touches or watches ("Mio could see his thumb"), not one of their own gestures."""
    return bool(_TOUCHED_PART.match(text, found.end())) and bool(
        _TOUCHING.search(text, max(0, found.start() - 12), found.start())) and not \
        _own_gesture(text, end, found.start())


def _own_gesture(text: str, end: int, at: int) -> bool:
    """Whether the "her" at `at`, the first pronoun after a name ending at `end`, is a gesture
    of the named one's own body ("Wenna bit her lip"), not another's ("kissed her hand")."""
    found = own_body(text, end)
    return found is not None and found.start() == at


def _after_line(text: str, opened: int, next_name: int | None) -> re.Match | None:
    """The subject pronoun right after a line of dialogue opened at `opened` in the paragraph
    of someone who opens their sentence ("Howl held it up. \"Starlight.\" He smiled"): a
    paragraph's action and words are one person's, so "he" or "she" after the line (its tag or
    the next sentence) is theirs. None when another is named first or the paragraph ends."""
    close = text.find('"', opened)
    stop = text.find("\n", opened)
    stop = len(text) if stop < 0 else stop
    if close < 0 or close > stop:
        return None
    limit = min(_sentence_end(text, close + 1), stop if next_name is None else next_name)
    found = _FIRST_PRONOUN.search(text, close + 1, limit)
    if found is None or found.group(1) not in ("he", "she", "He", "She"):
        return None
    return found


def _mentions(text: str, written: dict[str, str],
              names: Iterable[str]) -> list[tuple[int, int, str]]:
    """Where each of the names is written in the block (start, end, name), in order."""
    found = [(at, end, name) for name in names if written.get(name)
             for at, end in occurrences(text, written[name])]
    found.sort()
    return found


def _opens(text: str, at: int) -> bool:
    """Whether a name at `at` opens its sentence or speaks its line ('"Cold," said Karlach'):
    the next sentence's "she" is then most likely hers; after "beside Karlach." it is not."""
    start = max(text.rfind(mark, max(0, at - _LOOK_BACK), at) for mark in _BOUNDARIES)
    before = text[start + 1:at].split()
    return not before or (len(before) == 1 and before[0] in _SAID)


def _sentence_end(text: str, end: int, sentences: int = 1) -> int:
    """Where the sentence going on at `end` (with `sentences` 2: the one after it) ends, or
    its paragraph does."""
    stop = text.find("\n", end)
    stop = len(text) if stop < 0 else stop
    for _ in range(sentences):
        found = _SENTENCE.search(text, end, stop)
        if found is None:
            return stop
        end = found.end()
    return end

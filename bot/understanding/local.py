"""One block read the way a reader places what it says: sentences, paragraphs, who each
"he" and "she" stands for, who speaks each line of dialogue and to whom.

Built only for the few blocks of a story that hold a romance or partner cue (the pair search
reads them); positions are found with str.find and compiled regexes.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Set
from itertools import accumulate, combinations

from bot.understanding.blocks import Block


def fits(name: str, gender: str | None, genders: dict[str, str | None]) -> float:
    if gender is None:
        return 1.0
    own = genders.get(name)
    return 0.7 if own is None else float(own == gender)



class Recent:
    """Who later "he" and "she" stand for: the characters narrated most recently, newest
    first. A character of the pronoun's gender is preferred; one whose gender the text never
    made clear may stand for either (text-found names often have none)."""

    __slots__ = ("order",)

    def __init__(self) -> None:
        self.order: list[tuple[str, str | None]] = []

    def __bool__(self) -> bool:
        return bool(self.order)

    def take(self, name: str, gender: str | None) -> None:
        order, entry = self.order, (name, gender)
        if order and order[0] == entry:
            return
        if entry in order:
            order.remove(entry)
        order.insert(0, entry)
        del order[4:]

    def latest(self, count: int) -> list[str]:
        return [name for name, _ in self.order[:count]]

    def get(self, gender: str, skip: Set[str] = frozenset(), exact: bool = False) -> str | None:
        """The latest of `gender`, else (unless `exact`) the latest of unknown gender."""
        fallback = None
        for name, own in self.order:
            if name in skip:
                continue
            if own == gender:
                return name
            if own is None and fallback is None:
                fallback = name
        return None if exact else fallback


def gender_of(pronoun: str) -> str:
    return "m" if pronoun in ("he", "him", "his") else "f"


# (What r"[.!?]["')]*\s+|\n" matches, opening with the one character set: the engine then skips
# to the next mark in C instead of trying both branches at every character, 2.6x faster.)
_SENTENCE_END = re.compile(r"[.!?\n](?:(?<=[.!?])[\"')]*\s+|(?<=\n))")
_PRONOUN = re.compile(r"\b(he|him|his|himself|she|her|hers|herself)\b")
_OBJECT = ("him", "her")
# A name as written from its first letter: capitalised words, the last maybe an owner's.
_WRITTEN = re.compile(r"\w[\w'\u2019-]*(?: [A-Z][\w'\u2019-]*)*")
_CLAUSE_MARKS = (", ", "; ", " and ", " but ")
_KIN = re.compile(
    r"\b(?:his|her|my|your|their|our)\s+(?:dad|daddy|mom|mum|mommy|mummy|papa|mama|father|"
    r"mother|son|sons|daughter|daughters|uncle|aunt|auntie|sister|brother|grandpa|grandma|"
    r"grandmother|grandfather|granddad|grandson|granddaughter|nephew|niece|cousin|child|"
    r"children|kid|kids|baby|parents)\b")
# Words before a "his" that is another's than the clause subject's: "kissed his cheek", "a
# hand at the small of his back".
_KISSED = ("kissed ", "kiss ", "kisses ", "kissing ", "small of ")
_THEY = re.compile(r"\b(?:they|their|them|each other|one another)\b")
# "Not", "never", and the hedges that make a cue a simile or a guess ("as if he were an usher
# at a wedding", "a sound that might have been a kiss").
_NEGATION = re.compile(r"\b(?:not|never|no longer|nor|nobody|no one|no-one|as if|as though|"
                       r"might have been|"
                       r"might've been|could have been|like a)\b|n't\b")
# What ends the stretch a negation or hedge governs: a comma, a semicolon, a dash.
_NEGATION_STOPS = (",", ";", " - ", "\u2014", "\u2013")
# "I", "me", "my" in narration: the narrator ("we", "us", "our": the narrator and another).
_FIRST = re.compile(r"\b(?:i|me|my|myself|mine)\b")
_WE = re.compile(r"\b(?:we|us|our)\b")
_I_SAID = re.compile(r"\bi (?:said|asked|whispered|murmured|replied|added|told|say|ask|"
                     r"whisper|murmur|reply|add|tell)\b|"
                     r"\b(?:said|asked|whispered|murmured|replied|added) i\b")
_SAID_PRONOUN = re.compile(
    r"\b(he|she) (?:said|asked|whispered|murmured|replied|added|told|says|asks|whispers|"
    r"murmurs|replies|adds|tells)\b|"
    r"\b(?:said|asked|whispered|murmured|replied|added|says|asks|whispers) (he|she)\b")
# "He" or "She" opening a sentence of narration: the paragraph's actor.
_ACTOR = re.compile(r"(?:^|[.!?,][\"']?\s+|\n)(He|She)\b")
# A "he" or "she" whose thoughts and perceptions the narration carries: the point-of-view
# character of a story told close on one person ("he wondered", "as far as she could tell").
# Searched from the "e" of the pronoun on (a pattern opening on a letter is found with a fast
# literal scan in C, three times faster than trying every "h" and "s"); `_thinker` reads the
# pronoun before it and checks the word's start.
_INTERIOR = re.compile(
    r"e(?:'d| had| would)? (?:thought|wondered|noticed|realized|realised|knew|"
    r"felt|wanted|remembered|hoped|wished|supposed|decided|guessed|figured|could tell|"
    r"could see|could hear|could feel|didn't know|did not know|couldn't help|"
    r"couldn't remember|couldn't tell)\b")


def _thinker(text: str, match: re.Match, pos: int = 0) -> tuple[str, int] | None:
    """The pronoun of an `_INTERIOR` match ("he" or "she", lower-case) and where it starts,
    when it is a word starting at or after `pos` ("the thought" holds "he thought")."""
    at = match.start() - 1
    if at < pos or text[at] not in "Hh":
        return None
    pronoun = "he"
    if at > pos and text[at] == "h" and text[at - 1] in "Ss":
        pronoun, at = "she", at - 1
    return (pronoun, at) if at == 0 or not text[at - 1].isalnum() else None


class Viewpoint:
    """The point-of-view character of a story told close on one person (third-person
    limited), by the gender of its pronoun, read the first time a pronoun asks (`get`): the
    narration carries one gender's thoughts and perceptions ("he wondered", "he noticed") more
    than the other's, at least three times, and one of the two most named characters, of that
    gender, is named half as often again as anyone else of it (two of a gender named alike:
    whose head a paragraph is in cannot be told). No one when none is: a story with several
    viewpoints reads "he" as the nearest."""

    __slots__ = ("blocks", "found", "genders", "ranked")

    def __init__(self, blocks: list[Block], ranked: list[str],
                 genders: dict[str, str | None]) -> None:
        self.blocks, self.ranked, self.genders = blocks, ranked, genders
        self.found: dict[str, str] | None = None

    def get(self, gender: str) -> str | None:
        if self.found is None:
            self.found = self._read()
        return self.found.get(gender)

    def _read(self) -> dict[str, str]:
        interior = {"he": 0, "she": 0}
        # the blocks as one text, a line apart: no match spans a line, and a pronoun opening
        # a block still starts a word (one search in C instead of one per block)
        text = "\n".join(block.text for block in self.blocks)  # as written, not lower-cased
        for match in _INTERIOR.finditer(text):
            found = _thinker(text, match)
            if found is not None:
                interior[found[0]] += 1
        pronoun = max(interior, key=interior.__getitem__)
        if interior[pronoun] < 3 or interior["he"] == interior["she"]:
            return {}
        names: dict[str, int] = {}  # counted only for a story that carries one's thoughts
        for block in self.blocks:
            for name, count in block.names.items():
                names[name] = names.get(name, 0) + count
        gender, ranked = gender_of(pronoun), self.ranked
        same = sorted((name for name in ranked if self.genders.get(name) == gender),
                      key=lambda n: -names.get(n, 0))
        if not same or same[0] not in ranked[:2]:
            return {}
        if len(same) > 1 and names.get(same[0], 0) < 1.5 * names.get(same[1], 0):
            return {}
        return {gender: same[0]}


# A name called out in dialogue: after the opening quote or a comma, before a mark.
_VOCATIVE = re.compile(r"[\w'.-]+(?: [A-Z][\w'-]*)?\s*[,.!?\"]")


# Whom the talk after a name asked back is of: "you" (the one called) or a third person.
_TOLD_OF = re.compile(r"\b(you|he|him|his|she|her)\b")


# A capitalised word inside a sentence, not after "the" ("the Prince"): maybe a name.
_CAPITAL = re.compile(r"(?<![.!?\"'\n\u201c\u2014-] )(?<![.!?\"\n\u201c])(?<!the )(?<!The )"
                      r"(?<=[ (])([A-Z][\w'\u2019-]*)")
_NOT_NAMES = frozenset({"I", "I'm", "I'd", "I'll", "I've", "Mr", "Mrs", "Ms", "Dr"})


def _one_name_each(mentions: list[tuple[int, str]], written: dict[str, str],
                   text: str, lengths: dict[int, int]) -> list[tuple[int, str]]:
    """Mentions in text order without a name word written right after another's, one space
    apart: "Bellatrix Black" (her maiden name) is Bellatrix, not Bellatrix and a Walburga
    Black the table knows by "Black"; one name written is one person there."""
    kept = [mentions[0]]
    for at, name in mentions[1:]:
        before_at, before = kept[-1]
        end = before_at + lengths.get(before_at, len(written[before]))
        if at == end + 1 and text[end] == " " and name != before:
            continue
        kept.append((at, name))
    return kept


class Local:
    """Who a cue in a block's narration is about, read the way a reader places it: the
    characters named in its sentence (else its paragraph), and each "he"/"she" standing for
    the nearest character of that gender named before it: in the block, else before the
    block (`last`); a character whose gender is unknown may stand for either. An object
    "him"/"her" is not the subject of its own clause ("Dean kissed him"). Names inside
    dialogue are spoken of, not there, and point nothing. Built only for blocks with a
    cue (a few per story): positions are found with str.find. In a first-person story "I",
    "me", "my" stand for the `narrator` (see narrator.py), and "he"/"she" never do."""

    def __init__(self, block: Block, genders, last: Recent, cast,
                 talk: list[str] | None = None, narrator: str | None = None) -> None:
        self.narrator = narrator
        self.text = text = block.text
        self.lower = text.lower()
        self.genders, self.last, self.cast = genders, last, cast
        # positions of the double quotes: the lengths of the pieces between them, summed
        self.quotes = [end - 1 for end in accumulate(
            len(piece) + 1 for piece in text.split('"')[:-1])] if '"' in text else []
        mentions: list[tuple[int, str]] = []
        said: list[tuple[int, str]] = []
        also = block.also
        lengths: dict[int, int] = {}  # where a name is written by a second token: its length
        for name, token in block.written.items():
            for form in (token, *also[name]) if name in also else (token,):
                for i, _ in occurrences(text, form):
                    (said if self.spoken(i) else mentions).append((i, name))
                    if form is not token:
                        lengths[i] = len(form)
        mentions.sort()
        said.sort()
        if len(mentions) > 1:
            mentions = _one_name_each(mentions, block.written, text, lengths)
        self.mentions = mentions
        # positions and names of the mentions by gender (see `_named_before`), built when asked
        self.by_gender: dict[str | None, tuple[list[int], list[str]]] | None = None
        self.said = said  # names inside dialogue: spoken of, or spoken to
        self.ends: list[int] | None = None  # where sentences end (found when first asked)
        self.lines: list[tuple[int, int, str | None]] | None = None  # see _dialogue
        # who spoke last in the scene before this block (kept up to date by `_dialogue`)
        self.talk = talk if talk is not None else []
        # a present-tense story's paragraphs told in the past (tense.memories): the people
        # they name are no "he" or "she" of the scene around them
        self.memories: list[tuple[int, int]] = []
        # the people the scene's talk before this block named and its narration never did,
        # with how many blocks named them: someone absent, remembered aloud (`remembered`)
        self.absent_talk: dict[str, int] = {}
        self.shown: Set[str] = frozenset()  # the people the scene narrated before this block
        # the story's point-of-view character by gender (`Viewpoint`): whom a pronoun
        # of a paragraph that carries its thoughts stands for when no one of its gender is
        # named in that paragraph before it
        self.pov: Viewpoint | None = None
        self.insides: dict[tuple[int, str], bool] = {}  # see `inside`

    def spoken(self, i: int) -> bool:
        """Inside double quotes."""
        return bisect_right(self.quotes, i) % 2 == 1

    def sentence(self, i: int) -> tuple[int, int]:
        ends = self.ends
        if ends is None:  # many blocks' cues are settled without a sentence
            ends = self.ends = [m.end() for m in _SENTENCE_END.finditer(self.text)]
        k = bisect_right(ends, i)
        return (ends[k - 1] if k else 0, ends[k] if k < len(ends) else len(self.text))

    def paragraph(self, i: int) -> tuple[int, int]:
        end = self.text.find("\n", i)
        return self.text.rfind("\n", 0, i) + 1, len(self.text) if end < 0 else end

    def referent(self, gender: str, i: int,
                 skip: Set[str] = frozenset()) -> str | None:
        """The character of `gender` named last before position i in the block (not one of
        `skip`), else the latest of that gender narrated before the block (`last`); the
        story's viewpoint character (`pov`) instead when nobody of that gender is named in
        i's paragraph before it and the paragraph carries their thoughts (`inside`); one whose
        gender the text never made clear only when neither has anyone of that gender (the
        "her" of a woman named in the last block is not the man of unknown gender named in
        this one). Never the narrator: "he" is someone other than "I"."""
        if self.narrator is not None:
            skip = {*skip, self.narrator}
        known = self._named_before(gender, i, skip, where=True)
        unknown = self._named_before(None, i, skip, where=True)
        first = self.paragraph(i)[0]
        if unknown is not None and unknown[0] >= first and (known is None or known[0] < first):
            # one of unknown gender named in the pronoun's own paragraph, when nobody of its
            # gender is: '"Ah," said Carlos. "That house." He set the bag down'. One of its
            # gender named in the paragraph is the better fit though named before ("Basil was
            # explaining ... allowed the Belgian to say it. ... his wife" is Basil's)
            return unknown[1]
        if self.pov is not None and (known is None or known[0] < first):
            pov = self.pov.get(gender)
            if pov is not None and pov not in skip and self.inside(pov, i):
                return pov
        if known is not None:
            return known[1]
        return (self.last.get(gender, skip, exact=True) or (unknown[1] if unknown else None)
                or self.last.get(gender, skip))

    def inside(self, pov: str, i: int) -> bool:
        """Whether the paragraph of position i is told from inside `pov`: its narration
        carries the thoughts of a pronoun of their gender ("He wanted that on the record. He
        didn't lie awake thinking about Nancy Wheeler" after a paragraph ending on another
        man's laugh is still the viewpoint character's). `referent` asks only when nobody of
        that gender is named in the paragraph before i (the close case, "Jonathan handed her
        the cup. He smiled.", stays the named one's)."""
        start, end = self.paragraph(i)
        pronoun = "he" if self.genders.get(pov) == "m" else "she"
        key = (start, pronoun)
        found = self.insides.get(key)
        if found is None:  # asked for each pronoun of the paragraph: read once
            lower = self.lower
            found = self.insides[key] = any(
                thinker is not None and thinker[0] == pronoun and not self.spoken(thinker[1])
                for thinker in (_thinker(lower, m, start)
                                for m in _INTERIOR.finditer(lower, start, end)))
        return found

    def _named_before(self, gender: str | None, i: int, skip: Set[str], where: bool = False):
        """The latest character of exactly this gender (None: unknown) narrated before i, not
        in a memory i is not in (`where`: with where they are named)."""
        if self.by_gender is None:
            index: dict[str | None, tuple[list[int], list[str]]] = {}
            for at, name in self.mentions:
                positions, names = index.setdefault(self.genders.get(name), ([], []))
                positions.append(at)
                names.append(name)
            self.by_gender = index
        found = self.by_gender.get(gender)
        if found is None:
            return None
        positions, names = found
        memories = self.memories
        for k in range(bisect_left(positions, i) - 1, -1, -1):
            if names[k] not in skip and not (memories and self._recalled(positions[k], i)):
                return (positions[k], names[k]) if where else names[k]
        return None

    def _recalled(self, at: int, i: int) -> bool:
        """Whether position `at` is in a memory that position i is not in."""
        return any(start <= at <= end and not start <= i <= end for start, end in self.memories)

    def people(self, start: int, end: int, skip: Set[int] = frozenset()) -> set[str]:
        """Everyone a stretch of narration is about: named in it or meant by its pronouns
        (but those at `skip`)."""
        found = {name for at, name in self.mentions if start <= at < end}
        for match in _PRONOUN.finditer(self.lower, start, end):
            at = match.start()
            if at in skip or self.spoken(at):
                continue
            pronoun = match.group(1)
            gender = gender_of(pronoun) if pronoun != "hers" else "f"
            who = self.referent(gender, at)
            # an object ("kissed him") or the owner of what a kiss or a hand lands on
            # ("kissed his cheek", "the small of his back") is not the clause's subject
            other = pronoun in _OBJECT or (pronoun == "his" and self.lower.endswith(
                _KISSED, max(0, at - 9), at))
            if who is not None and other and who == self.clause_subject(at):
                who = self.referent(gender, at, {who})
            if who:
                found.add(who)
        if self.narrator is not None:
            self._first_person(start, end, found)
        return found

    def _first_person(self, start: int, end: int, found: set[str]) -> None:
        """The narrator, for an "I", "me" or "my" of narration in [start, end); for a "we" or
        "our" with nobody else there, the narrator and the one narrated last."""
        lower, narrator = self.lower, self.narrator
        assert narrator is not None
        if any(not self.spoken(m.start()) for m in _FIRST.finditer(lower, start, end)):
            found.add(narrator)
        if any(not self.spoken(m.start()) for m in _WE.finditer(lower, start, end)):
            found.add(narrator)
            if len(found) < 2:
                other = [n for n in (*self._latest_before(end), *self.last.latest(3))
                         if n != narrator]
                found.update(other[:1])

    def clause_subject(self, i: int) -> str | None:
        """The first character named in the clause holding position i (from the last comma,
        semicolon, "and" or "but" before it): an object pronoun there is someone else."""
        start, _end = self.sentence(i)
        lower = self.lower
        start = max(start, *(lower.rfind(mark, start, i) for mark in _CLAUSE_MARKS))
        return next((name for at, name in self.mentions if start <= at < i), None)

    def couples(self, word: str) -> list[tuple[str, str]] | None:
        """The pairs a romance word in narration is about: the people of its sentence, else
        of its paragraph, when that makes one to three pairs (those of the cast kept; none
        when the cue is about someone outside it). None when no use of the word is placed."""
        for i, _end in occurrences(self.lower, word):
            if self.spoken(i):
                continue
            for start, end in (self.sentence(i), self.paragraph(i)):
                people = self.people(start, end)
                if len(people) >= 2:  # theirs, even when one is not of the cast
                    pairs = list(combinations(sorted(people, key=str.casefold), 2))
                    if len(pairs) > 3:
                        break
                    return [(a, b) for a, b in pairs if self.in_cast(a) and self.in_cast(b)]
        return None

    def couples_at(self, i: int, wide: bool = True) -> list[tuple[str, str]] | None:
        """The pair a cue at position i (in narration) is about: the two people of its clause,
        else of its sentence, else (`wide`) of its paragraph (none when that is of the cast's; None
        when three or more people stand there: whose the cue is cannot be told). "They" with
        nobody else named stands for the two people last narrated."""
        sentence = self.sentence(i)
        stretches = (self.clause(i), sentence, self.paragraph(i)) if wide else (
            self.clause(i), sentence)
        for start, end in stretches:
            people = self.people(start, end)
            if len(people) < 2 and _THEY.search(self.lower, start, end):
                people |= self._they(people, sentence[0], i) or set(
                    self.last.latest(2) or self._latest_before(i))
            if len(people) > 2 and (start, end) != sentence:
                continue  # a crowded clause or paragraph: try the sentence, or give up
            if len(people) > 2:
                return None
            if len(people) == 2:
                a, b = sorted(people, key=str.casefold)
                return [(a, b)] if self.in_cast(a) and self.in_cast(b) else []
        return None

    def _they(self, people: set[str], start: int, i: int) -> set[str]:
        """Whom a "they" stands for beside the one person of its clause: that one and the
        last other one narrated before it in the sentence ("He didn't lie awake thinking about
        Nancy, not the way he had after they broke up": him and Nancy)."""
        if len(people) != 1:
            return set()
        for at, name in reversed(self.mentions):
            if start <= at < i and name not in people:
                return {name}
        return set()

    def _latest_before(self, i: int) -> list[str]:
        """The two people last narrated before position i in the block (none when fewer):
        whom a "they" or "their" stands for when nobody was narrated before the block."""
        found: list[str] = []
        for _at, name in reversed([m for m in self.mentions if m[0] < i]):
            if name not in found:
                found.append(name)
                if len(found) == 2:
                    return found
        return []

    def clause(self, i: int) -> tuple[int, int]:
        """The clause holding position i: its sentence cut at commas, semicolons, "and",
        "but" around it."""
        start, end = self.sentence(i)
        lower = self.lower
        left = max(start, *(lower.rfind(mark, start, i) for mark in _CLAUSE_MARKS))
        rights = [j for j in (lower.find(mark, i, end) for mark in _CLAUSE_MARKS) if j >= 0]
        return left, min(rights) if rights else end

    def negated(self, i: int) -> bool:
        """A "not", "never" or "-n't" earlier in the clause of position i ("we are NOT
        married", "she never kissed him"). A dash closes a clause too: the hedge of an aside
        ("- as if it were a thing he did a lot - leaned in and kissed") is not the act's."""
        start, _end = self.sentence(i)
        lower = self.lower
        start = max(start, *(lower.rfind(mark, start, i) for mark in _NEGATION_STOPS))
        return _NEGATION.search(lower, start, i) is not None

    def familial(self, i: int) -> bool:
        """A kin word owned in the sentence of position i ("told his grandmother he loved
        her", "kissed her son's forehead"): the love there is a family's."""
        start, end = self.sentence(i)
        return _KIN.search(self.lower, start, end) is not None

    def sentence_text(self, i: int) -> str:
        """The sentence holding position i, as written (for evidence)."""
        start, end = self.sentence(i)
        return " ".join(self.text[start:end].split())[:300]

    def speaker(self, i: int) -> str | None:
        """Who speaks the dialogue at position i (see `_dialogue`)."""
        for start, end, who in self._dialogue():
            if start <= i < end:
                return who
        return None

    def previous_speaker(self, i: int, skip: str | None = None) -> str | None:
        """The last one before position i who spoke in this block (not `skip`): whom a line
        answers."""
        found = next((who for who in reversed(self.talk) if who != skip), None) if \
            not self.lines else None
        for start, _end, who in self._dialogue():
            if start > i:
                break
            if who and who != skip and start < i:
                found = who
        return found

    def _dialogue(self) -> list[tuple[int, int, str | None]]:
        """Each paragraph holding dialogue, with its speaker: the first character its
        narration names ("Xena said", "said Wash"), else the one its "he said" stands for,
        else, in an exchange, the one who spoke two lines before (people take turns)."""
        if self.lines is None:
            # the scene's last speakers seed the turn-taking (position -1: before the block)
            lines: list[tuple[int, int, str | None]] = [(-1, -1, who) for who in self.talk[-2:]]
            text = self.text
            start = 0
            while start < len(text):
                end = text.find("\n", start)
                end = len(text) if end < 0 else end
                if '"' in text[start:end]:
                    who = self._attributed(start, end)
                    if who is None and len(lines) >= 2 and lines[-1][2] and lines[-2][2] \
                            and lines[-1][2] != lines[-2][2]:
                        who = lines[-2][2]
                    lines.append((start, end, who))
                start = end + 1
            self.lines = [line for line in lines if line[0] >= 0]
            self.talk[:] = [who for _s, _e, who in lines if who][-2:]
        return self.lines

    def _attributed(self, start: int, end: int) -> str | None:
        if self.narrator is not None:  # '"Carlos," I said.'
            for match in _I_SAID.finditer(self.lower, start, end):
                if not self.spoken(match.start()):
                    return self.narrator
        # the first character its narration names, unless a "he said" comes before that name
        # ('"Mrs. Desmond," he said, sliding in beside Yor': he speaks, not Yor)
        named = next(((at, name) for at, name in self.mentions if start <= at < end), None)
        stop = named[0] if named else end
        lower = self.lower
        voice = lower.find("'s voice", start, end) if named is not None else -1
        if voice >= 0 and not self.spoken(voice):  # 'In Juno's ear, Rita's voice crackled.'
            owner = next((name for at, name in self.mentions if start <= at < voice
                          and " " not in lower[at:voice]), None)
            if owner is not None:
                return owner
        if named is None or lower.find("he ", start, stop) >= 0:  # "he", "she", "the"
            for match in _SAID_PRONOUN.finditer(lower, start, stop):
                at = match.start()
                if not self.spoken(at):
                    pronoun = match.group(1) or match.group(2)
                    return self.referent(gender_of(pronoun), at)
        if named is not None:
            return named[1]
        # no "she said": the one whose acts the paragraph tells ('"..." She rubbed the towel
        # over his head. "..."') is the one speaking
        for match in _ACTOR.finditer(self.text, start, end):
            at = match.start(1)
            if not self.spoken(at):
                return self.referent(gender_of(match.group(1).lower()), at)
        return None

    def addressee(self, i: int, speaker: str | None, around: Set[str],
                  guess: bool = True) -> str | None:
        """Whom the dialogue at position i speaks to: a name it calls out (", Zoe."), else the
        one other person around (`around`: the block's and the scene's people); else (`guess`)
        the one the speaker's paragraph acts on or the one narrated last."""
        start, end = self.quote(i)
        for at, name in self.said:
            before = self.text[max(0, at - 2):at]
            if start <= at < end and name != speaker and before.endswith(('"', ", ")) \
                    and (call := _VOCATIVE.match(self.text, at)) \
                    and not self._asked_back(name, call, end):
                return name
        answered = self.previous_speaker(i, speaker)
        if answered is not None:
            return answered
        others = [n for n in around if n != speaker]
        if len(others) == 1 or not guess:
            return others[0] if len(others) == 1 else None
        # the one the speaker's own paragraph acts on ('She rubbed the towel over his head.')
        if speaker is not None:
            first, last = self.paragraph(i)
            for match in _PRONOUN.finditer(self.lower, first, last):
                at = match.start()
                if match.group(1) in ("him", "his", "her") and not self.spoken(at):
                    who = self.referent(gender_of(match.group(1)), at, {speaker})
                    if who in others:
                        return who
        # the one of them narrated last before the line (a walk-on who left the scene earlier
        # is not whom a confession in the middle of a two-person exchange is for)
        first, last = self.paragraph(i)
        spoken_of = {name for at, name in self.said if first <= at < last}  # not whom it is to
        earlier = [name for at, name in self.mentions
                   if at < i and name in others and name not in spoken_of
                   and not (self.memories and self._recalled(at, i))]
        recent = earlier[-1:] or [n for n in self.last.latest(2) if n in others][:1]
        return recent[0] if recent and speaker is not None else None

    def _asked_back(self, name: str, call: re.Match, end: int) -> bool:
        """A name asked back and then talked of ('"Wren? Wren can't find his boots."',
        '"Wren? He's been in love with her"'): the line answers a question about that one,
        whom it does not call; a "you" first ('"Wren? You awake?"') is a call, and so is a
        name closing a question ('"Did you see that, Sybil? She flew!"')."""
        if not call.group().endswith("?") or self.text[call.start() - 1] != '"':
            return False
        rest = self.lower[call.end():end]
        told = _TOLD_OF.search(rest)
        # the name again, not called again ('"Gran? Gran, are you all right?"' calls her)
        word = self.text[call.start():call.end() - 1].rstrip().lower()
        again = re.search(rf"\b{re.escape(word)}\b(?!\s*[,.!?])", rest)
        if again is not None and (told is None or again.start() < told.start()):
            return True
        return told is not None and told.group(1) != "you" and \
            self.genders.get(name) in (gender_of(told.group(1)), None)

    def talked_of(self, gender: str, i: int, skip: Set[str | None],
                  before: bool = True) -> str | None:
        """Whom a "he"/"she" inside dialogue stands for: the last one of that gender (or of
        a gender the text never made clear) named before it in the block, in dialogue or
        narration, not one of `skip` (the speaker, the one spoken to); else (`before`) the
        last of that gender narrated before the block."""
        named = sorted(m for m in (*self.mentions, *self.said) if m[0] < i)
        for _at, name in reversed(named):
            if name not in skip and self.genders.get(name) in (gender, None):
                return name
        return self.last.get(gender, {n for n in skip if n}, exact=True) if before else None

    def remembered(self, gender: str, i: int, skip: Set[str | None]) -> str | None:
        """Whom a "he"/"she" of a line at i stands for when the block names no one it can be:
        the one the scene's talk keeps naming and its narration never shows (`absent_talk`:
        the dead husband, the girl who left), of that gender or of one the text never told,
        named in more of its blocks than any other such person. Nobody when the line's
        paragraph writes a name the cast lacks before it ('"Her name was Queenie," ... "She
        was my wife"')."""
        if not self.absent_talk or self._stranger_before(
                i, {at for at, _name in (*self.mentions, *self.said)}):
            return None
        fitting = sorted(((count, name) for name, count in self.absent_talk.items()
                          if name not in skip and self.genders.get(name) in (gender, None)),
                         reverse=True)
        if not fitting or (len(fitting) > 1 and fitting[1][0] == fitting[0][0]):
            return None
        return fitting[0][1]

    def absent(self, name: str) -> bool:
        """Whether the scene has not shown `name` so far: never narrated in it."""
        return name not in self.shown and all(who != name for _at, who in self.mentions)

    def nameless_narrator_says(self, i: int) -> bool:
        """Whether the line at i is the narrator's ('"I love you," I say.') in a story whose
        narrator the cast does not hold: no one of the cast speaks it."""
        if self.narrator is not None:
            return False
        start, end = self.paragraph(i)
        return any(not self.spoken(match.start())
                   for match in _I_SAID.finditer(self.lower, start, end))

    def quote(self, i: int) -> tuple[int, int]:
        """The stretch of dialogue holding position i (between its quote marks)."""
        k = bisect_right(self.quotes, i)
        return (self.quotes[k - 1] if k else 0,
                self.quotes[k] if k < len(self.quotes) else len(self.text))

    def in_cast(self, name: str) -> bool:
        return self.cast is None or name in self.cast

    def subject(self, i: int) -> tuple[str, int] | None:
        """The character a verb at i has for its subject when no pronoun is: the first one
        named in its sentence, not far before it, and not as an owner ("she ... took Percy's
        face in both hands and kissed him": Percy is kissed); with where that name ends."""
        start, _end = self.sentence(i)
        for at, name in self.mentions:
            if start <= at < i and i - at <= 80:
                written = _WRITTEN.match(self.text, at, i)
                if written is not None and written.group().endswith(("'s", "\u2019s")):
                    continue
                end = self.text.find(" ", at, i)
                return name, end if end >= 0 else i
        return None

    def partner(self, owner: str, gender: str | None, i: int) -> str | None:
        """Whose partner a noun at i names ("Willow and Tara ..., Willow's hand in her
        girlfriend's"): the one other fitting cast member named before it in its sentence."""
        start, _end = self.sentence(i)
        found = {name for at, name in self.mentions if start <= at < i and name != owner
                 and self.in_cast(name) and fits(name, gender, self.genders)}
        return found.pop() if len(found) == 1 else None

    def names_within(self, start: int, end: int) -> bool:
        """Whether a character's name is written within [start, end): a cue word that is part
        of a name ("the pattern called Wedding Ring", "Mrs Darling") is no cue."""
        for found in (self.mentions, self.said):
            k = bisect_left(found, (start, ""))
            if k < len(found) and found[k][0] < end:
                return True
        return False

    def named_before_in_sentence(self, i: int) -> set[str]:
        """The people narrated in the sentence of position i before it."""
        start, _end = self.sentence(i)
        return {name for at, name in self.mentions if start <= at < i}

    def named_in_paragraph(self, name: str, i: int) -> bool:
        """Whether `name` is narrated in the paragraph of position i before i."""
        start, _end = self.paragraph(i)
        return any(start <= at < i and who == name for at, who in self.mentions)

    def _stranger_before(self, i: int, known: Set[int]) -> bool:
        """Whether the paragraph of position i writes before it a capitalised word inside a
        sentence that is none of the names at `known` positions: a name the cast lacks."""
        start, _end = self.paragraph(i)
        return any(match.start() not in known and match.group(1) not in _NOT_NAMES
                   for match in _CAPITAL.finditer(self.text, start, i))

    def last_two(self, i: int) -> set[str]:
        """The two people narrated last before position i (in the block, then before it):
        whom "he ... him" stand for in a scene of two when neither is named near the cue.
        Nobody when the cue's paragraph writes a name the cast does not hold ("Tobias in his
        shirtsleeves ... and he'd come round the counter and kissed her", the table knowing
        him as "Toby"): the pronoun may be that one's."""
        if self._stranger_before(i, {at for at, _name in self.mentions}):
            return set()
        found: list[str] = []
        for name in [name for at, name in reversed(self.mentions) if at < i] + \
                self.last.latest(2):
            if name not in found:
                found.append(name)
                if len(found) == 2:
                    break
        return set(found)

    def named_near(self, pair, i: int) -> bool:
        """One of the pair is named in the paragraph of position i, or nobody is named in the
        block before it and the pair, of known genders, are the last two narrated before the
        block ("He kissed her then." after a block naming Faramir and Éowyn): a pronoun
        reaching further back may stand for someone the name table does not know."""
        start, end = self.paragraph(i)
        if any(start <= at < end and name in pair for at, name in self.mentions):
            return True
        if self.narrator in pair:  # "He kissed me": "he" is the one narrated last
            other = pair[0] if pair[1] == self.narrator else pair[1]
            if other in self.last.latest(1) or other in self._latest_before(i)[:1]:
                return True
        if set(pair) == self.last_two(i) and all(self.genders.get(name) for name in pair):
            return True
        # nobody named yet in this block: the two last narrated before it, when the text made
        # both their genders clear (a pronoun never stands for someone of the other gender)
        return not any(at < i for at, _name in self.mentions) and \
            set(pair) <= set(self.last.latest(2)) and \
            all(self.genders.get(name) for name in pair)


def occurrences(lower: str, word: str):
    """Start and end of each whole-word occurrence of `word` in lower-case text."""
    start = 0
    size = len(word)
    while (i := lower.find(word, start)) >= 0:
        start = i + size
        if (i == 0 or not lower[i - 1].isalnum()) and not lower[start:start + 1].isalnum():
            yield i, start



"""Pairings the text implies: who shares scenes, and romantic cues resolved to the right pair.

Evidence, weakest to strongest:
- co-occurrence: two characters present in the same block (named in narration counts fully,
  named only inside dialogue counts less: they are talked about, not there);
- romantic words ("kissed", "lover") read where they stand: the people of their sentence
  (else paragraph), "he"/"she" standing for the nearest character of that gender named
  before (`_Local`); what that cannot place ("I love you" in dialogue) counts for the block
  when it holds one to three pairs;
- gendered cues: "he loved her", "Anya kissed him", "her girlfriend", read the same way;
- a pairing named in the author's note or summary ("Willow/Tara fluff").
Long stories name one character and call the other "he" for paragraphs, so reading cues where
they stand, not by who the block names, is what finds their couples. A cue only the subject
gives ("he loved her") with a denial the other way ("she didn't need him") marks the pairing
one-sided; past words in romantic blocks ("ex-girlfriend", "broke up") mark it past.
Friendships are looked for among the two or three leads (`_leads`). Inferred pairings get a
confidence below 1 and always sort after stated ones.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections.abc import Set
from itertools import combinations

from bot.parsers.common import parse_relationships
from bot.story import Relationship, Story
from bot.understanding.blocks import Block, spellings
from bot.understanding.characters import narrated
from bot.understanding.cues import (
    CUE_WORDS,
    FRIEND_WORDS,
    HE,
    PARTNER_WORDS,
    PAST_WORDS,
    ROMANCE_PHRASES,
    ROMANCE_WORDS,
    ROMANCE_WORDSET,
    SHE,
    VERB_WORDS,
)
from bot.vocabulary import RelationshipKey

_NEG = r"(?:not|never|n't|no longer|refused|refuses|can't|cannot|won't|wouldn't|couldn't)"
# "he loved her", "she would never love him": the verb and its object are found with str.find
# for the cue words the block holds, then the subject pronoun in the few words before.
_SUBJECT = re.compile(r"\b(he|she)\b((?:\s+[\w']+){0,4})\s*$")
# "his girlfriend", "Xander's wife": the owner just before the partner noun.
_OWNER = re.compile(r"\b([Hh]is|[Hh]er|[A-Z]\w+'s)\s+(?:[a-z']+\s+)?$")
_PARTNER_GENDER = {"girlfriend": "f", "wife": "f", "girl": "f", "fiancee": "f", "fiancée": "f",
                   "boyfriend": "m", "husband": "m", "boy": "m", "fiance": "m", "fiancé": "m"}
_NEGATED = re.compile(rf"\b{_NEG}\b|n't\b")
_POSITIVE_VERBS = ("lov", "kiss", "ador", "worship")
_NAME = r"[A-Z][\w'.-]*(?: [A-Z][\w'.-]*)?"
_SLASH_PAIR = re.compile(rf"({_NAME})\s*/\s*({_NAME})")

ROMANCE_THRESHOLD = 0.9
PLATONIC_MIN_SHARED = 1


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a.casefold() <= b.casefold() else (b, a)


class _Evidence:
    """Per-pair tallies gathered over the blocks."""

    def __init__(self) -> None:
        self.shared: dict[tuple[str, str], int] = {}  # blocks both are narrated in
        self.romance: dict[tuple[str, str], float] = {}
        self.directed: dict[tuple[str, str], float] = {}  # (lover, loved)
        self.denied: set[tuple[str, str]] = set()  # gender pairs: (subject, object) denials
        self.past: dict[tuple[str, str], float] = {}
        self.friendly: dict[tuple[str, str], float] = {}

    def add(self, table: dict, key, amount: float) -> None:
        table[key] = table.get(key, 0.0) + amount


def _fits(name: str, gender: str | None, genders: dict[str, str | None]) -> float:
    if gender is None:
        return 1.0
    own = genders.get(name)
    return 0.7 if own is None else float(own == gender)


def _resolve(subject_gender, object_gender, present, scene_people, genders):
    """The (subject, object) pair a gendered cue most likely refers to, or None."""
    candidates = dict(scene_people)
    candidates.update({n: w for n, w in present.items() if w >= candidates.get(n, 0.0)})
    best, best_score, tie = None, 0.0, False
    for subject, ws in candidates.items():
        fs = _fits(subject, subject_gender, genders)
        if not fs:
            continue
        for obj, wo in candidates.items():
            if obj == subject:
                continue
            score = ws * wo * fs * _fits(obj, object_gender, genders)
            if score > best_score + 1e-9:
                best, best_score, tie = (subject, obj), score, False
            elif best is not None and abs(score - best_score) <= 1e-9 and \
                    _pair(subject, obj) != _pair(*best):
                tie = True
    return None if tie or best_score < 0.3 else best


def _named(owner_token, partner_gender, present, scene_people, genders):
    owner = next((n for n in present if owner_token in n.split()), None)
    if owner is None:
        return None
    options = {n: w * _fits(n, partner_gender, genders)
               for n, w in {**scene_people, **present}.items() if n != owner}
    best = sorted(options.items(), key=lambda kv: -kv[1])[:2]
    if not best or best[0][1] < 0.3 or (len(best) > 1 and best[1][1] == best[0][1]):
        return None
    return owner, best[0][0]


def _gender_of(pronoun: str) -> str:
    return "m" if pronoun in ("he", "him", "his") else "f"


def gather(blocks: list[Block], genders: dict[str, str | None], cast=None,
           leads: tuple[str, ...] = ()) -> _Evidence:
    """Evidence over the blocks, among `cast` (a set of names; None: everyone named). Shared
    and friendly blocks are counted for the pairs of `leads` only (the pairs a friendship is
    inferred for); romance and past cues for every pair.

    Who of the cast is in a block, with weights: named in narration 1, only inside dialogue
    0.4, by a pronoun 0.6 ("he"/"she" with no character of that gender narrated in the block
    stands for the last one named before, within the stretch read). Cue words are first read
    where they stand (`_Local`), the weights serving when that places nothing."""
    ev = _Evidence()
    if all(map(_CUE_OR_FRIEND.isdisjoint, [block.hits for block in blocks])):
        # No romance, partner or friendship word anywhere: all the evidence left is how
        # often the leads are narrated together (pronouns only ever attribute cue words).
        ev.shared = _together(blocks, leads)
        ev.friendly = dict.fromkeys(ev.shared, 0.0)
        return ev
    lead_pairs = _lead_pairs(leads)
    shared = dict.fromkeys(lead_pairs, 0)
    friendly = dict.fromkeys(lead_pairs, 0.0)
    last: dict[str, str] = {}  # gender -> the character later "he"/"she" stands for
    scene_people: dict[str, float] = {}
    scene, part = -1, 0
    for block in blocks:
        if block.part != part:  # text was skipped: pronouns no longer point back
            part, last, scene = block.part, {}, -1
        if block.scene != scene:
            scene, scene_people = block.scene, {}
        if not block.names and not last:
            continue
        present, told = _present(block, genders, cast, last)
        words = block.hits  # as written: looked up through every spelling (_FORMS)
        if len(present) >= 2:
            _count_together(present, told, words, lead_pairs, shared, friendly, ev.past)
        if not _CUE_ANY.isdisjoint(words) and len(present) + len(scene_people) >= 2:
            lower = frozenset(map(_FORMS.__getitem__, _CUE_ANY.intersection(words)))
            people = sorted(present, key=str.casefold)  # pairs come out in _pair order
            _romance(block, lower, people, present, scene_people, genders, ev, last,
                     cast)
        _take_pronouns(told, block.names, scene_people, last)
    ev.shared.update(shared)
    ev.friendly.update(friendly)
    return ev


def _present(block: Block, genders: dict[str, str | None], cast: Set[str] | None,
             last: dict[str, str]) -> tuple[dict[str, float], dict[str, str | None]]:
    """Who of the cast is in the block, with their weights (see `gather`), and who of them is
    narrated in it, with their gender."""
    present: dict[str, float] = {}
    told: dict[str, str | None] = {}  # narrated and in the cast -> gender
    names = block.names
    if names:
        narration = narrated(block)
        for name in names:
            if cast is None or name in cast:
                if name in narration:
                    present[name] = 1.0
                    told[name] = genders.get(name)
                else:
                    present[name] = 0.4
    if last:
        words = block.hits
        for gender, pronouns in (("m", _HE), ("f", _SHE)):
            other = last.get(gender)
            if other and other not in present and gender not in told.values() and \
                    not pronouns.isdisjoint(words):
                present[other] = 0.6
    return present, told


def _count_together(present: dict[str, float], told: dict[str, str | None],
                    words: Set[bytes], lead_pairs: list[tuple[str, str]],
                    shared: dict[tuple[str, str], int], friendly: dict[tuple[str, str], float],
                    past: dict[tuple[str, str], float]) -> None:
    """One block with two or more people present: the pairs of leads it narrates together
    (`shared`), its friendship words (`friendly`) and its past romance words (`past`)."""
    for key in lead_pairs:
        a, b = key
        if a in present and b in present:
            if a in told and b in told:
                shared[key] += 1
            if not _FRIEND.isdisjoint(words):
                friendly[key] += present[a] * present[b]
    # a past word counts where the block also speaks of romance ("his ex", "they
    # used to kiss"): "gone", "ago" and "used" in any scene two people share
    # would make every long story's couple a past one
    if not _PAST.isdisjoint(words) and not _AMOROUS.isdisjoint(words):
        for key in combinations(sorted(present, key=str.casefold), 2):
            past[key] = past.get(key, 0.0) + 1.0


def _take_pronouns(told: dict[str, str | None], names: dict[str, int],
                   scene_people: dict[str, float], last: dict[str, str]) -> None:
    """The block's narrated people join the scene; the most named of each gender takes
    later pronouns (ties: by name, not set order)."""
    for name, gender in told.items():
        scene_people[name] = 0.5
        if gender == "m" or gender == "f":
            best = last.get(gender)
            if best is None or best not in told or (names[name], name) > (names[best], best):
                last[gender] = name


def _lead_pairs(leads: tuple[str, ...]) -> list[tuple[str, str]]:
    """Pairs of leads, each in _pair order."""
    return list(combinations(sorted(leads, key=str.casefold), 2))


def _together(blocks: list[Block], leads: tuple[str, ...]) -> dict[tuple[str, str], int]:
    """Per pair of leads, the blocks narrating both."""
    together = dict.fromkeys(_lead_pairs(leads), 0)
    ordered = sorted(leads, key=str.casefold)
    for block in blocks:
        names = block.names
        if len(names) < 2:
            continue
        inside = [name for name in ordered if name in names]
        if len(inside) >= 2:
            narration = narrated(block)
            for key in combinations([name for name in inside if name in narration], 2):
                together[key] += 1
    return together


# Cue words in every spelling (a block's hits keep the case text wrote them in) -> the word.
_FORMS = spellings(CUE_WORDS)
_HE = frozenset(spellings(HE))
_SHE = frozenset(spellings(SHE))
_FRIEND = frozenset(spellings(FRIEND_WORDS))
_PAST = frozenset(spellings(PAST_WORDS))
# Words that make a block worth the romance checks below.
_CUE_ANY = frozenset(spellings(ROMANCE_WORDSET | VERB_WORDS | PARTNER_WORDS
                               | {b"love", b"loved", b"loves"}))
_CUE_OR_FRIEND = _CUE_ANY | _FRIEND
_AMOROUS = frozenset(spellings(ROMANCE_WORDSET | PARTNER_WORDS | {b"love", b"loved", b"loves"}))


def _romance(block: Block, words, people, present, scene_people, genders, ev, last,
             cast) -> None:
    """Romantic cue words and gendered cues of one block with two or more people around;
    `words` are its cue words, lower-case. Each cue in narration is first read where it
    stands (`_Local`); what that cannot place is weighed over the whole block."""
    local = _Local(block, genders, last, cast)
    # sorted: a float sum must not depend on set order (the hash seed)
    cue = 0.0
    for word in sorted(ROMANCE_WORDSET.intersection(words)):
        placed = local.couples(word.decode())
        if placed is None:
            cue += ROMANCE_WORDS[word]
            continue
        for pair in placed:
            ev.add(ev.romance, pair, ROMANCE_WORDS[word] / len(placed))
    if b"love" in words or b"loved" in words or b"loves" in words:
        cue += sum(weight for phrase, weight in ROMANCE_PHRASES if phrase in local.lower)
    if cue:
        strong = [n for n in people if present[n] >= 0.6]
        couples = list(combinations(strong, 2))
        if 0 < len(couples) <= 3:
            for a, b in couples:
                ev.add(ev.romance, (a, b), cue * present[a] * present[b] / len(couples))
    if not (VERB_WORDS.isdisjoint(words) and PARTNER_WORDS.isdisjoint(words)):
        # candidates in a fixed order (earlier scenes by name, then first mention here): a
        # tie between a pair's two directions goes to the first
        text, written = block.text, block.written
        ordered = {name: present[name] for name in sorted(
            present, key=lambda n: (text.find(written[n]) if n in written else len(text), n))}
        _gendered_cues(local, words, ordered, dict(sorted(scene_people.items())), genders, ev)


# A sentence ends at . ! or ? (closing quotes and brackets kept with it) or a line end.
_SENTENCE_END = re.compile(r"[.!?][\"')]*\s+|\n")
_PRONOUN = re.compile(r"\b(he|him|his|himself|she|her|hers|herself)\b")
_OBJECT = ("him", "her")
_CLAUSE_MARKS = (", ", "; ", " and ", " but ")


class _Local:
    """Who a cue in a block's narration is about, read the way a reader places it: the
    characters named in its sentence (else its paragraph), and each "he"/"she" standing for
    the nearest character of that gender named before it: in the block, else before the
    block (`last`); a character whose gender is unknown may stand for either. An object
    "him"/"her" is not the subject of its own clause ("Dean kissed him"). Names inside
    dialogue are spoken of, not there, and point nothing. Built only for blocks with a
    cue (a few per story): positions are found with str.find."""

    def __init__(self, block: Block, genders, last: dict[str, str], cast) -> None:
        self.text = text = block.text
        self.lower = text.lower()
        self.genders, self.last, self.cast = genders, last, cast
        self.quotes = [i for i, ch in enumerate(text) if ch == '"'] if '"' in text else []
        mentions = []
        for name, token in block.written.items():
            mentions += [(i, name) for i, _ in _occurrences(text, token)
                         if not self.spoken(i)]
        mentions.sort()
        self.mentions = mentions
        self.ends = [m.end() for m in _SENTENCE_END.finditer(text)]

    def spoken(self, i: int) -> bool:
        """Inside double quotes."""
        return bisect_right(self.quotes, i) % 2 == 1

    def sentence(self, i: int) -> tuple[int, int]:
        k = bisect_right(self.ends, i)
        return (self.ends[k - 1] if k else 0,
                self.ends[k] if k < len(self.ends) else len(self.text))

    def paragraph(self, i: int) -> tuple[int, int]:
        end = self.text.find("\n", i)
        return self.text.rfind("\n", 0, i) + 1, len(self.text) if end < 0 else end

    def referent(self, gender: str, i: int,
                 skip: Set[str] = frozenset()) -> str | None:
        """The character of `gender` named last before position i (not one of `skip`)."""
        for at, name in reversed(self.mentions):
            if at < i and name not in skip and self.genders.get(name) in (gender, None):
                return name
        name = self.last.get(gender)
        return None if name in skip else name

    def people(self, start: int, end: int) -> set[str]:
        """Everyone a stretch of narration is about: named in it or meant by its pronouns."""
        found = {name for at, name in self.mentions if start <= at < end}
        for match in _PRONOUN.finditer(self.lower, start, end):
            at = match.start()
            if self.spoken(at):
                continue
            pronoun = match.group(1)
            gender = _gender_of(pronoun) if pronoun != "hers" else "f"
            who = self.referent(gender, at)
            if who is not None and pronoun in _OBJECT and who == self.clause_subject(at):
                who = self.referent(gender, at, {who})
            if who:
                found.add(who)
        return found

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
        for i, _end in _occurrences(self.lower, word):
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

    def in_cast(self, name: str) -> bool:
        return self.cast is None or name in self.cast

    def subject(self, i: int) -> tuple[str, int] | None:
        """The character a verb at i has for its subject when no pronoun is: the first one
        named in its sentence, not far before it; with where that name ends."""
        start, _end = self.sentence(i)
        for at, name in self.mentions:
            if start <= at < i and i - at <= 80:
                end = self.text.find(" ", at, i)
                return name, end if end >= 0 else i
        return None

    def partner(self, owner: str, gender: str | None, i: int) -> str | None:
        """Whose partner a noun at i names ("Willow and Tara ..., Willow's hand in her
        girlfriend's"): the one other fitting cast member named before it in its sentence."""
        start, _end = self.sentence(i)
        found = {name for at, name in self.mentions if start <= at < i and name != owner
                 and self.in_cast(name) and _fits(name, gender, self.genders)}
        return found.pop() if len(found) == 1 else None

    def named_near(self, pair, i: int) -> bool:
        start, end = self.paragraph(i)
        return any(start <= at < end and name in pair for at, name in self.mentions)


def _occurrences(lower: str, word: str):
    """Start and end of each whole-word occurrence of `word` in lower-case text."""
    start = 0
    size = len(word)
    while (i := lower.find(word, start)) >= 0:
        start = i + size
        if (i == 0 or not lower[i - 1].isalnum()) and not lower[start:start + 1].isalnum():
            yield i, start


def _gendered_cues(local: _Local, words, present, scene_people, genders,
                   ev: _Evidence) -> None:
    """"He loved her", "Anya kissed him", "her girlfriend": the pair is read where the cue
    stands (`_Local`); when that finds nobody, the people around the block are weighed
    (`_resolve`). Either way one of the pair must be named in the cue's paragraph: a pronoun
    reaching further back may stand for someone the name table does not know."""
    _verb_cues(local, words, present, scene_people, genders, ev)
    _partner_cues(local, words, present, scene_people, genders, ev)


def _verb_cues(local: _Local, words: Set[bytes], present: dict[str, float],
               scene_people: dict[str, float], genders: dict[str, str | None],
               ev: _Evidence) -> None:
    """"He loved her", "Anya kissed him": a cue verb with an object pronoun; a negated one
    ("she didn't need him") is recorded as a denial between the genders."""
    lower = local.lower
    for verb in sorted(VERB_WORDS.intersection(words)):
        verb_text = verb.decode()
        for i, end in _occurrences(lower, verb_text):
            obj = lower[end:end + 5]
            if not obj.startswith((" her", " him")) or obj[4:5].isalnum() or local.spoken(i):
                continue
            obj_g = _gender_of(obj[1:4])
            subject = _SUBJECT.search(lower, max(0, i - 60), i)
            subject_g: str | None
            if subject is not None:
                subject_g, between = _gender_of(subject.group(1)), subject.group(2)
                lover = local.referent(subject_g, subject.start())
            else:  # "Anya threw her arms around his neck and kissed him"
                named = local.subject(i)
                if named is None:
                    continue
                lover, between = named[0], lower[named[1]:i]
                subject_g = genders.get(lover)
            if _NEGATED.search(between):
                if subject_g:
                    ev.denied.add((subject_g, obj_g))
                continue
            if not verb_text.startswith(_POSITIVE_VERBS):
                continue
            loved = local.referent(obj_g, i, {lover}) if lover else None
            if lover and loved and local.in_cast(lover) and local.in_cast(loved):
                pair = (lover, loved)
            elif subject is not None:
                pair = _resolve(subject_g, obj_g, present, scene_people, genders)
            else:
                pair = None
            if pair and local.named_near(pair, i):
                ev.add(ev.directed, pair, 1.0)
                ev.add(ev.romance, _pair(*pair), 1.0)


def _partner_cues(local: _Local, words: Set[bytes], present: dict[str, float],
                  scene_people: dict[str, float], genders: dict[str, str | None],
                  ev: _Evidence) -> None:
    """"Her girlfriend", "Xander's wife": a partner noun after its owner."""
    lower, text = local.lower, local.text
    for noun in sorted(PARTNER_WORDS.intersection(words)):
        noun_text = noun.decode()
        base = noun_text[:-2] if noun_text.endswith("'s") else noun_text
        for i, _end in _occurrences(lower, noun_text):
            owner_match = _OWNER.search(text, max(0, i - 40), i)
            if owner_match is None or local.spoken(i):
                continue
            owner = owner_match.group(1)
            partner_gender = _PARTNER_GENDER.get(base)
            if owner.lower() in ("his", "her"):
                who = local.referent(_gender_of(owner.lower()), owner_match.start())
                partner = (local.partner(who, partner_gender, i)
                           if who and local.in_cast(who) else None)
                pair = ((who, partner) if partner else
                        _resolve(_gender_of(owner.lower()), partner_gender, present,
                                 scene_people, genders))
            else:  # "Xander's girlfriend": the owner is named
                pair = _named(owner[:-2], partner_gender, present, scene_people, genders)
            if pair and local.named_near(pair, i):
                ev.add(ev.romance, _pair(*pair), 0.5 if base in ("girl", "boy") else 1.0)


def _confidence(score: float) -> float:
    return round(min(0.95, 1.0 - math.exp(-score / 1.5)), 3)


def from_notes(story: Story, resolve_name) -> list[Relationship]:
    """"Willow/Tara" in the author's note or summary names the pairing the story is about."""
    found = []
    for text in (story.notes or "", story.summary or ""):
        for match in _SLASH_PAIR.finditer(text):
            for rel in parse_relationships(match.group(0)):
                members = [resolve_name(m) for m in rel.members]
                if all(members) and len(set(members)) == 2:
                    found.append(Relationship(tuple(members), rel.kind, stated=False,
                                              modifier=rel.modifier, confidence=0.9))
    return found


def _mentioned(story: Story, blocks: list[Block], ships_of, known: set[RelationshipKey]):
    """The lead speaking of a canonical partner who never appears: a mentioned pairing.

    Only when exactly one such partner is spoken of; several are just names dropped.
    """
    if ships_of is None or not story.characters:
        return []
    lead = max(story.characters, key=lambda c: c.mentions)
    if lead.prominence < 1.0 or lead.mentions < 3:
        return []
    out = []
    for other in story.characters:
        if other is lead or other.mentions == 0:
            continue
        name = other.name  # narrated somewhere: present, not spoken of (blocks asked lazily)
        if any(name in narrated(b) for b in blocks if name in b.names):
            continue
        for ship in ships_of([lead.name, other.name]) or ():
            if getattr(ship, "kind", "romantic") != "romantic":
                continue
            rel = Relationship((lead.name, other.name), "romantic", stated=False,
                               modifier="mentioned", confidence=0.5)
            if rel.key not in known:
                out.append(rel)
            break
    if len(out) != 1:
        return []
    known.add(out[0].key)
    return out


def infer(story: Story, blocks: list[Block], genders: dict[str, str | None],
          resolve_name, ships_of=None, cast=None) -> None:
    """Append inferred relationships after the stated ones (stated stay first). Evidence from
    the text is gathered among `cast` (the most named characters; None: everyone named)."""
    stated = [r for r in story.relationships if r.stated]
    known = {r.key for r in story.relationships}
    any_romance = any(r.kind == "romantic" for r in stated)
    inferred: list[Relationship] = []
    for rel in from_notes(story, resolve_name):
        if rel.key not in known and not (any_romance and rel.kind == "romantic"):
            inferred.append(rel)
            known.add(rel.key)
    if not stated:
        leads = _leads(story)
        ev = gather(blocks, genders, cast, leads)
        inferred += _romantic(ev, genders, known)
        inferred += _platonic(ev, leads, known, inferred)
        inferred += _mentioned(story, blocks, ships_of, known)
    others = [r for r in story.relationships if not r.stated and r.key not in
              {i.key for i in inferred}]
    story.relationships[:] = stated + sorted(inferred + others, key=lambda r: -r.confidence)


def _romantic(ev: _Evidence, genders, known: set[RelationshipKey]) -> list[Relationship]:
    out = []
    partners: dict[str, float] = {}
    ranked = sorted(ev.romance.items(), key=lambda kv: -kv[1])
    for (a, b), score in ranked:
        if score < ROMANCE_THRESHOLD:
            break
        rel = Relationship((a, b), "romantic", stated=False, confidence=_confidence(score))
        if rel.key in known:
            continue
        forward, backward = ev.directed.get((a, b), 0.0), ev.directed.get((b, a), 0.0)
        modifier = None
        lover, loved = ((a, b) if forward and not backward else
                        (b, a) if backward and not forward else (None, None))
        if lover and (genders.get(loved), genders.get(lover)) in ev.denied:
            modifier = "one-sided"
        elif ev.past.get((a, b), 0.0) >= 2 and not forward and not backward:
            modifier = "past"
        # a character's second romance needs its own strong case, or a modifier explaining it
        rival = max(partners.get(a, 0.0), partners.get(b, 0.0))
        if rival and modifier is None and score < rival * 0.75:
            continue
        partners[a] = max(partners.get(a, 0.0), score)
        partners[b] = max(partners.get(b, 0.0), score)
        rel.modifier = modifier
        out.append(rel)
        known.add(rel.key)
    return out


# Friendships are looked for among the story's leads: its two most named characters when the
# second is named at least PAIR_SHARE as often as the first, or three standing clearly above
# the rest of the cast (each at least TRIO_SHARE as named as the first, the third named more
# than the fourth): a trio ("Harry, Ron and Hermione") is as common as a pair in fan fiction,
# and a tie for third place is a supporting cast, not a lead.
PAIR_SHARE = 0.5
TRIO_SHARE = 0.4
LEADS = 3


def _leads(story: Story) -> tuple[str, ...]:
    """The story's leads (none, two or three names), most named first, ties by name."""
    ranked = [c for c in story.characters if c.prominence >= TRIO_SHARE and c.mentions >= 3]
    if len(ranked) < 2:
        return ()
    ranked.sort(key=_by_mentions)
    # with exactly three here the fourth is named less than 0.4 times the first: behind
    if len(ranked) == LEADS or (len(ranked) > LEADS and
                                ranked[LEADS].mentions < ranked[LEADS - 1].mentions):
        return tuple(c.name for c in ranked[:LEADS])
    if ranked[1].prominence >= PAIR_SHARE:
        return ranked[0].name, ranked[1].name
    return ()


def _by_mentions(character) -> tuple[int, str]:
    return -character.mentions, character.name


def _platonic(ev: _Evidence, leads, known: set[RelationshipKey],
              romantic) -> list[Relationship]:
    """Leads sharing scenes, with no romance between them: friendships. Two leads in love
    with the same character are rivals, not friends; a pair with the third lead needs one
    more shared block (its scenes with the others are fewer and may be chance)."""
    if not leads:
        return []
    partners: dict[str, set[str]] = {}
    for rel in romantic:
        a, b = rel.members
        partners.setdefault(a, set()).add(b)
        partners.setdefault(b, set()).add(a)
    out = []
    for key in _lead_pairs(leads):
        a, b = key
        if ev.romance.get(key, 0.0) >= 0.5 or ev.shared.get(key, 0) < PLATONIC_MIN_SHARED:
            continue
        if partners and not partners.get(a, set()).isdisjoint(partners.get(b, ())):
            continue
        name = RelationshipKey(key, "platonic")
        if name in known:
            continue
        known.add(name)
        out.append(Relationship(key, "platonic", stated=False,
                                confidence=_confidence(ev.shared[key] / 2 + ev.friendly[key])))
    return out

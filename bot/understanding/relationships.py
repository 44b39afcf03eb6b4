"""Pairings the text implies: who shares scenes, and romantic cues resolved to the right pair.

Evidence, weakest to strongest:
- co-occurrence: two characters present in the same block (named in narration counts fully,
  named only inside dialogue counts less: they are talked about, not there);
- romantic words in a block with one pair present ("kissed", "lover", "I love you");
- gendered cues resolved by pronoun agreement: "he loved her", "her girlfriend". "he"/"she"
  with no character of that gender named in the block stand for the last one named before.
- a pairing named in the author's note or summary ("Willow/Tara fluff").
A cue only the subject gives ("he loved her") with a denial the other way ("she didn't need
him") marks the pairing one-sided; past-tense endings ("ex-girlfriend", "broke up") mark it
past. Inferred pairings get a confidence below 1 and always sort after stated ones.
"""

from __future__ import annotations

import math
import re
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
           leads: tuple[str, str] | None = None) -> _Evidence:
    """Evidence over the blocks, among `cast` (a set of names; None: everyone named). Shared
    and friendly blocks are counted for the `leads` pair only (the one pair a friendship is
    inferred for); romance and past cues for every pair.

    Who of the cast is in a block, with weights: named in narration 1, only inside dialogue
    0.4, by a pronoun 0.6 ("he"/"she" with no character of that gender narrated in the block
    stands for the last one named before, within the stretch read)."""
    ev = _Evidence()
    if all(map(_CUE_OR_FRIEND.isdisjoint, [block.hits for block in blocks])):
        # No romance, partner or friendship word anywhere: all the evidence left is how
        # often the leads are narrated together (pronouns only ever attribute cue words).
        if leads:
            a, b = leads
            together = sum(1 for block in blocks if a in block.names and b in block.names
                           and a in narrated(block) and b in narrated(block))
            ev.shared[_pair(a, b)], ev.friendly[_pair(a, b)] = together, 0.0
        return ev
    past = ev.past
    lead_a, lead_b = leads if leads else ("", "")
    shared = friendly = 0.0
    last: dict[str, str] = {}
    scene_people: dict[str, float] = {}
    scene, part = -1, 0
    for block in blocks:
        if block.part != part:  # text was skipped: pronouns no longer point back
            part, last, scene = block.part, {}, -1
        if block.scene != scene:
            scene, scene_people = block.scene, {}
        names = block.names
        if not names and not last:
            continue
        present: dict[str, float] = {}
        told: dict[str, str | None] = {}  # narrated and in the cast -> gender
        if names:
            narration = narrated(block)
            for name in names:
                if cast is None or name in cast:
                    if name in narration:
                        present[name] = 1.0
                        told[name] = genders.get(name)
                    else:
                        present[name] = 0.4
        words = block.hits  # as written: looked up through every spelling (_FORMS)
        if last:
            for gender, pronouns in (("m", _HE), ("f", _SHE)):
                other = last.get(gender)
                if other and other not in present and gender not in told.values() and \
                        not pronouns.isdisjoint(words):
                    present[other] = 0.6
        if len(present) >= 2:
            if lead_a in present and lead_b in present:
                if lead_a in told and lead_b in told:
                    shared += 1
                if not _FRIEND.isdisjoint(words):
                    friendly += present[lead_a] * present[lead_b]
            if not _PAST.isdisjoint(words):
                for key in combinations(sorted(present, key=str.casefold), 2):
                    past[key] = past.get(key, 0.0) + 1.0
        if not _CUE_ANY.isdisjoint(words) and len(present) + len(scene_people) >= 2:
            lower = frozenset(map(_FORMS.__getitem__, _CUE_ANY.intersection(words)))
            people = sorted(present, key=str.casefold)  # pairs come out in _pair order
            _romance(block, lower, people, present, scene_people, genders, ev)
        # the most named of each gender takes later pronouns (ties: by name, not set order)
        for name, gender in told.items():
            scene_people[name] = 0.5
            if gender in ("m", "f"):
                best = last.get(gender)
                if best is None or best not in told or (names[name], name) > (names[best], best):
                    last[gender] = name
    if leads:
        key = _pair(*leads)
        ev.shared[key], ev.friendly[key] = int(shared), friendly
    return ev


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


def _romance(block: Block, words, people, present, scene_people, genders, ev) -> None:
    """Romantic cue words and gendered cues of one block with two or more people around;
    `words` are its cue words, lower-case."""
    lower = None
    # sorted: a float sum must not depend on set order (the hash seed)
    cue = sum(ROMANCE_WORDS[w] for w in sorted(ROMANCE_WORDSET.intersection(words)))
    if cue or b"love" in words or b"loved" in words or b"loves" in words:
        lower = block.text.lower()
        cue += sum(weight for phrase, weight in ROMANCE_PHRASES if phrase in lower)
    if cue:
        strong = [n for n in people if present[n] >= 0.6]
        couples = list(combinations(strong, 2))
        if 0 < len(couples) <= 3:
            for a, b in couples:
                ev.add(ev.romance, (a, b), cue * present[a] * present[b] / len(couples))
    if not (VERB_WORDS.isdisjoint(words) and PARTNER_WORDS.isdisjoint(words)):
        lower = lower or block.text.lower()
        # candidates in a fixed order (earlier scenes by name, then first mention here): a
        # tie between a pair's two directions goes to the first
        text, written = block.text, block.written
        ordered = {name: present[name] for name in sorted(
            present, key=lambda n: (text.find(written[n]) if n in written else len(text), n))}
        _gendered_cues(lower, block, words, ordered, dict(sorted(scene_people.items())),
                       genders, ev)


def _in_dialogue(text: str, position: int) -> bool:
    return text.count('"', 0, position) % 2 == 1


def _occurrences(lower: str, word: str):
    """Start and end of each whole-word occurrence of `word` in lower-case text."""
    start = 0
    size = len(word)
    while (i := lower.find(word, start)) >= 0:
        start = i + size
        if (i == 0 or not lower[i - 1].isalnum()) and not lower[start:start + 1].isalnum():
            yield i, start


def _gendered_cues(lower, block, words, present, scene_people, genders, ev: _Evidence) -> None:
    for verb in sorted(VERB_WORDS.intersection(words)):
        verb_text = verb.decode()
        for i, end in _occurrences(lower, verb_text):
            obj = lower[end:end + 5]
            if not obj.startswith((" her", " him")) or obj[4:5].isalnum():
                continue
            subject = _SUBJECT.search(lower, max(0, i - 60), i)
            if subject is None or _in_dialogue(lower, i):
                continue
            subject_g, obj_g = _gender_of(subject.group(1)), _gender_of(obj[1:4])
            if _NEGATED.search(subject.group(2)):
                ev.denied.add((subject_g, obj_g))
                continue
            if not verb_text.startswith(_POSITIVE_VERBS):
                continue
            pair = _resolve(subject_g, obj_g, present, scene_people, genders)
            if pair:
                ev.add(ev.directed, pair, 1.0)
                ev.add(ev.romance, _pair(*pair), 1.0)
    text = block.text
    for noun in sorted(PARTNER_WORDS.intersection(words)):
        noun_text = noun.decode()
        base = noun_text[:-2] if noun_text.endswith("'s") else noun_text
        for i, _end in _occurrences(lower, noun_text):
            owner_match = _OWNER.search(text, max(0, i - 40), i)
            if owner_match is None or _in_dialogue(text, i):
                continue
            owner = owner_match.group(1)
            partner_gender = _PARTNER_GENDER.get(base)
            if owner.lower() in ("his", "her"):
                pair = _resolve(_gender_of(owner.lower()), partner_gender, present,
                                scene_people, genders)
            else:  # "Xander's girlfriend": the owner is named
                pair = _named(owner[:-2], partner_gender, present, scene_people, genders)
            if pair:
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


def _mentioned(story: Story, blocks: list[Block], ships_of, known: set[str]):
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


def _romantic(ev: _Evidence, genders, known: set[str]) -> list[Relationship]:
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


def _leads(story: Story) -> tuple[str, str] | None:
    """The two most named characters, when both are leads: the pair a friendship may hold."""
    leads = sorted((c for c in story.characters if c.prominence >= 0.5 and c.mentions >= 3),
                   key=lambda c: -c.mentions)[:2]
    return (leads[0].name, leads[1].name) if len(leads) == 2 else None


def _platonic(ev: _Evidence, leads, known: set[str], romantic) -> list[Relationship]:
    """The two leads sharing most of the story, with no romance between them: a friendship."""
    if leads is None:
        return []
    a, b = leads
    key = _pair(a, b)
    if ev.romance.get(key, 0.0) >= 0.5 or ev.shared.get(key, 0) < PLATONIC_MIN_SHARED:
        return []
    if any(a in r.members or b in r.members for r in romantic):
        return []
    rel = Relationship(key, "platonic", stated=False,
                       confidence=_confidence(ev.shared[key] / 2 + ev.friendly.get(key, 0.0)))
    if rel.key in known:
        return []
    known.add(rel.key)
    return [rel]

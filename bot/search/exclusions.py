"""What a server or a member never wants to see, resolved against the catalog's own names into
concrete filters (tag names, characters, pairing keys, fandoms, story ids) that the search
applies in SQL on every path.

A rule is kept as it was typed, (kind, text), and resolved per catalog: a rebuilt catalog
resolves it again, so a tag that appears later is covered too. Resolution reads only the small
in-memory vocabularies, never the stories:

- tag: a family. Every tag (warnings included) that holds each typed word (stemmed, a typo
  corrected against the tags' own words with rapidfuzz) or spells it as two of its words
  ("noncon": Rape/Non-Con), so "grief" covers "Grief/Mourning" and "character death" covers
  "Major Character Death"; shorthands fans type (mcd, cntw) first.
- character: the canonical name a nickname or typo means ("Red": Willow Rosenberg).
- ship: "A/B" one pairing; "*/X" (or "X/*") every romantic pairing with X.
- fandom: the canonical fandom; story: one work, by id.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace

from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.parsers.ao3_vocab import CHOSE_NOT_TO_WARN
from bot.search.model import Filters, StoryCard
from bot.search.request import parse
from bot.search.text import fold
from bot.search.vocab import Vocabulary
from bot.search.wordsearch import porter_stem
from bot.vocabulary import EXCLUSION_KINDS, RelationshipKey

# Words a tag family ignores in what was typed ("chose not to warn": chose, not, warn).
_FILLER = frozenset({"a", "an", "the", "of", "to", "and", "or", "in", "on", "with", "for",
                     "tag", "tags", "tagged", "warning", "warnings", "stories", "story", "fic",
                     "fics", "any", "all", "please", "no"})
# What fans type for a warning or tag, as the words its family is found by.
SHORTHANDS: dict[str, tuple[str, ...]] = {
    "mcd": ("major character death",),
    "cntw": (CHOSE_NOT_TO_WARN,),
    "cnw": (CHOSE_NOT_TO_WARN,),
    "chose not to warn": (CHOSE_NOT_TO_WARN,),
    "choose not to warn": (CHOSE_NOT_TO_WARN,),
    "creator chose not to warn": (CHOSE_NOT_TO_WARN,),
    "dubcon": ("dubcon", "dubious consent"),
    "noncon": ("noncon", "non consensual"),
    "gdov": ("graphic depictions of violence",),
    "self harm": ("self harm", "selfharm"),
}
_WILD = re.compile(r"^\s*(?:\*\s*/\s*(?P<a>.+?)|(?P<b>.+?)\s*/\s*\*)\s*$")
MAX_COVERED = 500  # names one rule may turn into (a SQL list stays short)


@dataclass(frozen=True, slots=True)
class Covered:
    """What one rule covers in this catalog, and how to say so."""

    kind: str
    text: str  # as typed
    label: str  # as a fan reads it: "tags like “grief”", "every ship with Riley Finn"
    tags: tuple[str, ...] = ()  # catalog tag names, most stories first
    characters: tuple[str, ...] = ()
    pairings: tuple[str, ...] = ()
    fandoms: tuple[str, ...] = ()
    stories: tuple[str, ...] = ()
    known: bool = True  # the name it gives is one the catalog or the fandom knowledge knows
    canonical: str = ""  # how to keep it: the name it resolved to ("Red": Willow Rosenberg)

    @property
    def names(self) -> tuple[str, ...]:
        """Every catalog name it covers (for "covers: …" answers)."""
        return (*self.tags, *self.characters, *self.pairings, *self.fandoms)

    @property
    def empty(self) -> bool:
        return not (self.names or self.stories)


@dataclass(frozen=True, slots=True)
class Excluded:
    """The union of some rules as concrete names: what `Filters` carries into SQL and what
    `blocks` checks on a card (a second line of defence)."""

    tags: frozenset[str] = frozenset()  # casefolded
    characters: frozenset[str] = frozenset()
    pairings: frozenset[str] = frozenset()
    fandoms: frozenset[str] = frozenset()
    stories: frozenset[str] = frozenset()

    @classmethod
    def of(cls, covered: Iterable[Covered]) -> Excluded:
        tags: set[str] = set()
        characters: set[str] = set()
        pairings: set[str] = set()
        fandoms: set[str] = set()
        stories: set[str] = set()
        for c in covered:
            # a tag family that finds nothing yet still excludes the tag as typed
            tags |= {t.casefold() for t in c.tags} or (
                {" ".join(c.text.split()).casefold()} if c.kind == "tag" else set())
            characters |= set(c.characters) or ({c.text} if c.kind == "character" else set())
            pairings |= set(c.pairings)
            fandoms |= set(c.fandoms) or ({c.text} if c.kind == "fandom" else set())
            stories |= set(c.stories)
        return cls(frozenset(tags), frozenset(characters), frozenset(pairings),
                   frozenset(fandoms), frozenset(stories))

    def __bool__(self) -> bool:
        return bool(self.tags or self.characters or self.pairings or self.fandoms
                    or self.stories)

    def __or__(self, other: Excluded) -> Excluded:
        return Excluded(self.tags | other.tags, self.characters | other.characters,
                        self.pairings | other.pairings, self.fandoms | other.fandoms,
                        self.stories | other.stories)

    def blocks(self, card: StoryCard) -> bool:
        """Whether a card is one these rules exclude."""
        if card.id in self.stories:
            return True
        if self.tags and any(t.casefold() in self.tags for t in (*card.warnings, *card.tags)):
            return True
        if self.characters and self.characters.intersection(card.characters):
            return True
        if self.pairings and any(r.key.label in self.pairings for r in card.relationships):
            return True
        return bool(self.fandoms and self.fandoms.intersection(card.fandoms))

    def blocks_name(self, kind: str, value: str) -> bool:
        """Whether a name offered by autocomplete leads only to excluded stories: an excluded
        character, fandom or pairing, or a pairing with an excluded character."""
        if kind == "character":
            return value in self.characters
        if kind == "fandom":
            return value in self.fandoms
        if kind == "pairing":
            return value in self.pairings or bool(
                self.characters.intersection(RelationshipKey.parse(value).members))
        return False

    def narrow(self, filters: Filters) -> Filters:
        """The filters with these exclusions added to whatever they already exclude."""
        if not self:
            return filters
        return replace(
            filters,
            exclude_tags=tuple(sorted({*(t.casefold() for t in filters.exclude_tags),
                                       *self.tags})),
            exclude_characters=tuple(sorted({*filters.exclude_characters, *self.characters})),
            exclude_pairings=tuple(sorted({*filters.exclude_pairings, *self.pairings})),
            exclude_fandoms=tuple(sorted({*filters.exclude_fandoms, *self.fandoms})),
            exclude_ids=filters.exclude_ids | self.stories)


NOTHING = Excluded()


def _tag_words(tag: str) -> list[str]:
    return [porter_stem(w) for w in fold(tag).split() if w.isalnum()]


class TagFamilies:
    """The catalog's tags by their (stemmed) words: a family is every tag holding all the
    words typed. Built once per catalog, from the tag vocabulary only."""

    def __init__(self, counts: dict[str, int]) -> None:
        self.tags = sorted(counts, key=lambda t: (-counts[t], t.casefold()))
        postings: dict[str, set[int]] = defaultdict(set)
        for i, tag in enumerate(self.tags):
            stems = _tag_words(tag)
            for stem in stems:
                postings[stem].add(i)
            for first, second in itertools.pairwise(stems):  # "non con": noncon
                postings[first + second].add(i)
        self.postings = dict(postings)
        self._sorted = sorted(self.postings)  # for completing an unfinished word
        buckets: dict[str, list[str]] = defaultdict(list)
        for word in self.postings:
            if len(word) >= 4:
                buckets[word[0]].append(word)
        self._buckets = dict(buckets)

    def _word(self, stem: str) -> str | None:
        """The tag word a typed word (stemmed) is, a typo corrected with rapidfuzz: one edit
        up to six letters, two beyond; short words only exactly."""
        if stem in self.postings:
            return stem
        bucket = self._buckets.get(stem[:1])
        if len(stem) < 4 or not bucket:
            return None
        found = process.extractOne(stem, bucket, scorer=OSA.distance,
                                   score_cutoff=1 if len(stem) <= 6 else 2)
        return found[0] if found else None

    def family(self, text: str) -> list[str]:
        """The tags a typed tag means, most stories first (none when a word is unknown)."""
        return [self.tags[i] for i in sorted(self._family(text))]

    def _family(self, text: str) -> set[int]:
        typed = [w for w in fold(text).split() if w.isalnum()]
        wanted = [porter_stem(w) for w in typed if w not in _FILLER] or [
            porter_stem(w) for w in typed]
        found: set[int] | None = None
        for stem in dict.fromkeys(wanted):
            word = self._word(stem)
            if word is None:
                return set()
            found = set(self.postings[word]) if found is None else found & self.postings[word]
        return found or set()

    def suggest(self, partial: str, limit: int = 10) -> list[str]:
        """Tags for what is being typed: its finished words as a family, the last word
        completed from the tags' own words; most stories first."""
        typed = [w for w in fold(partial).split() if w.isalnum()]
        if not typed:
            return self.tags[:limit]
        last = typed[-1]
        at = bisect.bisect_left(self._sorted, last)
        found: set[int] = set()
        for word in itertools.islice(self._sorted, at, at + 50):
            if not word.startswith(last):
                break
            found |= self.postings[word]
        finished = self._word(porter_stem(last))  # a finished word, or a typo of one
        if finished is not None:
            found |= self.postings[finished]
        if typed[:-1]:
            found &= self._family(" ".join(typed[:-1]))
        return [self.tags[i] for i in sorted(found)[:limit]]


class Resolver:
    """Rules into what they cover, for one catalog's vocabulary (thread-safe once built; the
    engine builds it on first use and caches each rule's answer)."""

    def __init__(self, vocab: Vocabulary) -> None:
        self.vocab = vocab
        self.families = TagFamilies(vocab.counts.get("tag", {}))

    def resolve(self, kind: str, text: str) -> Covered:
        text = " ".join((text or "").split())[:200]
        if kind not in EXCLUSION_KINDS or not text:
            return Covered(kind, text, text, known=False, canonical=text)
        if kind == "tag":
            return self._tag(text)
        if kind == "character":
            names = self.characters(text)
            return Covered(kind, text, names[0] if names else text, characters=tuple(names),
                           known=bool(names), canonical=names[0] if names else text)
        if kind == "ship":
            return self._ship(text)
        if kind == "fandom":
            fandoms = self.fandoms(text)
            return Covered(kind, text, fandoms[0] if fandoms else text, fandoms=tuple(fandoms),
                           known=bool(fandoms), canonical=fandoms[0] if fandoms else text)
        return Covered(kind, text, text, stories=(text,), canonical=text)

    def suggest_tags(self, partial: str, limit: int) -> list[str]:
        return self.families.suggest(partial, limit)

    def _tag(self, text: str) -> Covered:
        folded = fold(text)
        spellings = SHORTHANDS.get(folded, (text,))
        tags: dict[str, None] = {}
        for spelling in spellings:
            tags.update(dict.fromkeys(self.families.family(spelling)))
        counts = self.vocab.counts.get("tag", {})
        ordered = sorted(tags, key=lambda t: (-counts.get(t, 0), t.casefold()))
        return Covered("tag", text, f"tags like “{text}”", tags=tuple(ordered[:MAX_COVERED]),
                       canonical=text)

    def characters(self, text: str) -> list[str]:
        """The catalog's characters a typed name means (canonical names)."""
        counts = self.vocab.counts.get("character", {})
        if text in counts or text in self.vocab.character_fandom:
            return [text]
        names = [name for name, _c in parse(text, self.vocab).characters]
        exact = [n for n in counts if n.casefold() == text.casefold()]
        return list(dict.fromkeys([*exact, *names]))[:3]

    def fandoms(self, text: str) -> list[str]:
        counts = self.vocab.counts.get("fandom", {})
        if text in counts:
            return [text]
        found = [name for name, _c in parse(f"in {text}", self.vocab).fandoms]
        return [name for name in dict.fromkeys(found) if counts.get(name, 0) > 0][:3] or found[:1]

    def _ship(self, text: str) -> Covered:
        wild = _WILD.match(text)
        if wild:
            member = (wild["a"] or wild["b"] or "").strip()
            names = self.characters(member)
            keys = [key for name in names for key, _n in self.vocab.relationships_with(name)
                    if RelationshipKey.parse(key).kind == "romantic"]
            who = names[0] if names else member
            return Covered("ship", text, f"every ship with {who}",
                           pairings=tuple(dict.fromkeys(keys))[:MAX_COVERED],
                           known=bool(names), canonical=f"*/{who}")
        parsed = parse(text, self.vocab).relationships
        keys = [key for key, _c, _k in parsed[:1]]
        return Covered("ship", text, keys[0] if keys else text, pairings=tuple(keys),
                       known=bool(keys), canonical=keys[0] if keys else text)

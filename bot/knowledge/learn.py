"""Catalog learning: facts the fandom files lack, inferred from the stories themselves.

Two things are learned, both by counting so the result does not depend on story order:
- a ship-name-like tag ("#spikedru") that travels with exactly one stated pairing, in at least
  `MIN_STORIES` stories that state a single main pairing, becomes a name of that pairing;
- the character names stated by stories of a fandom the files do not know become that fandom's
  cast, most frequent first.
`bot.knowledge.Knowledge.observe` feeds one story's plain facts in (`learn` does it for Story
objects, the catalog for its rows); `LearnedFacts` is the result, small and picklable, so the
catalog can store it and hand it to ingest workers.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from bot.knowledge.names import compact_key
from bot.vocabulary import RelationshipKey

MIN_STORIES = 2

# Single-word tags that describe a story, never a pairing: moods, genres, ratings, formats.
TAG_STOPWORDS = frozenset(compact_key(w) for w in (
    "angst", "fluff", "hurt-comfort", "hurtcomfort", "hurt", "comfort", "humor", "humour",
    "romance", "dark", "horror", "adventure", "bittersweet", "friendship", "drama", "tragedy",
    "family", "fantasy", "general", "mystery", "parody", "poetry", "sci-fi", "scifi",
    "spiritual", "supernatural", "suspense", "western", "crime", "smut", "porn", "pwp", "lemon",
    "lime", "crack", "crackfic", "au", "alternate-universe", "canon", "canonverse", "post-canon",
    "pre-canon", "missing-scene", "fix-it", "fixit", "oneshot", "one-shot", "drabble",
    "drabbles", "ficlet", "ficlets", "fic", "fics", "fanfic", "fanfiction", "fanfics",
    "wip", "complete", "completed", "incomplete", "tbc", "ooc", "gen", "slash", "femslash",
    "het", "yaoi", "yuri", "shounen-ai", "shoujo-ai", "explicit", "mature", "teen", "nsfw",
    "sfw", "kink", "kinky", "whump", "sad", "happy", "funny", "cute", "sweet",
    "feels", "love", "kissing", "cuddling", "sex", "death", "violence", "gore", "language",
    "christmas", "halloween", "valentines", "holiday", "birthday", "prompt", "request", "gift",
    "giftfic", "challenge", "ficathon", "writing", "mine", "myfic", "myfics", "ao3", "tumblr",
    "livejournal", "dreamwidth", "crossover", "fusion", "vampire", "vampires", "magic",
    "established-relationship", "first-time", "firsttime", "slowburn", "slow-burn",
    "enemies-to-lovers", "friends-to-lovers", "domestic", "schmoop", "character-study",
    "introspection", "episode-tag", "coda", "spoilers", "unbeta'd", "unbetaed", "beta",
    "reupload", "repost", "english", "translation", "podfic", "fanart", "headcanon",
    "headcanons", "ship", "shipping", "otp", "brotp", "notp", "pairing", "pairings",
))

_SHIP_TAG_SHAPE = re.compile(r"^[^\W\d_][\w'’\-]{2,39}$")


def ship_tag_shape(tag: str) -> str | None:
    """The tag without '#' if it could be a ship name (one word, 3-40 letters); else None."""
    text = tag.strip().lstrip("#").strip()
    if not _SHIP_TAG_SHAPE.match(text) or compact_key(text) in TAG_STOPWORDS:
        return None
    return text


# Words before a name that are a rank or form of address, not part of what people call them.
_HONORIFICS = frozenset("""
captain capt commander cmdr lieutenant lt sergeant sgt major colonel col general gen admiral
detective det officer agent inspector constable sheriff deputy doctor dr professor prof mr mrs
ms miss mx sir dame lord lady king queen prince princess duke duchess count countess baron
father mother sister brother uncle aunt saint st the young old little
""".split())


def short_forms(name: str) -> tuple[str, ...]:
    """What a story calls a learned character besides the full name, for counting it in text.

    "Captain Ilsa Varne" -> ("Ilsa Varne", "Ilsa"); "Tomas Reed" -> ("Tomas",); a one-word
    name has none. Ranks and forms of address are dropped, then the first name is kept when it
    looks like a name (capitalised, three letters or more). Surnames are left out: "Reed" or
    "Stone" are too often ordinary words.
    """
    words = name.split()
    while words and words[0].casefold().rstrip(".") in _HONORIFICS:
        words = words[1:]
    forms = []
    if 1 < len(words) < len(name.split()):
        forms.append(" ".join(words))
    if len(words) > 1 and len(words[0]) >= 3 and words[0][0].isupper() and words[0].isalpha():
        forms.append(words[0])
    return tuple(forms)


@dataclass(frozen=True, slots=True)
class LearnedShip:
    name: str  # the tag as most often written
    members: tuple[str, ...]
    kind: str
    fandom: str
    stories: int = 0  # stories in which the tag travelled with this pairing

    @property
    def key(self) -> RelationshipKey:
        """The relationship the tag names ("Spike/Willow Rosenberg")."""
        return RelationshipKey(self.members, self.kind)


@dataclass(frozen=True, slots=True)
class LearnedFacts:
    """Everything learned, in a deterministic order: ships by name; per unknown fandom (sorted)
    its characters as (fandom, name, stories), most frequent first."""

    ships: tuple[LearnedShip, ...] = ()
    cast: tuple[tuple[str, str, int], ...] = ()

    def casts(self) -> dict[str, list[str]]:
        """Unknown fandom -> its learned character names, most frequent first."""
        out: dict[str, list[str]] = {}
        for fandom, name, _ in self.cast:
            out.setdefault(fandom, []).append(name)
        return out


@dataclass(slots=True)
class Learner:
    """Running counts over every story seen; `facts()` turns them into learned facts."""

    # tag key -> Counter of relationship keys / of the tag's spellings
    tag_pairings: defaultdict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    tag_spellings: defaultdict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    # relationship key -> (members, kind, fandom)
    pairings: dict[str, tuple[tuple[str, ...], str, str]] = field(default_factory=dict)
    # unknown fandom -> Counter of character names
    casts: defaultdict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    # tag spelling -> its key (a catalog repeats the same tags over thousands of stories)
    tag_keys: dict[str, str] = field(default_factory=dict)

    def observe_tags(self, tags: list[str], main_pairing: tuple[tuple[str, ...], str, str]
                     ) -> None:
        """Count ship-name candidates of a story whose only main pairing is `main_pairing`."""
        members, kind, _ = main_pairing
        key = RelationshipKey(members, kind).label
        self.pairings.setdefault(key, main_pairing)
        for tag in dict.fromkeys(tags):
            tag_key = self.tag_keys.get(tag)
            if tag_key is None:
                tag_key = self.tag_keys[tag] = compact_key(tag)
            self.tag_pairings[tag_key][key] += 1
            self.tag_spellings[tag_key][tag] += 1

    def observe_cast(self, fandom: str, names: list[str]) -> None:
        """Count the character names a story of an unknown fandom states."""
        for name in dict.fromkeys(names):
            self.casts[fandom][name] += 1

    def ships(self) -> list[LearnedShip]:
        """Tags seen with one pairing only, in at least MIN_STORIES stories; sorted by name."""
        out = []
        for tag_key, counts in self.tag_pairings.items():
            if len(counts) != 1:
                continue
            (pair_key, seen), = counts.items()
            if seen < MIN_STORIES:
                continue
            spellings = self.tag_spellings[tag_key]
            name = min(spellings, key=lambda s: (-spellings[s], s))
            members, kind, fandom = self.pairings[pair_key]
            out.append(LearnedShip(name, members, kind, fandom, seen))
        return sorted(out, key=lambda s: (s.name.casefold(), s.name))

    def facts(self) -> LearnedFacts:
        """The learned ships and casts (unknown fandoms sorted, most frequent names first)."""
        cast = tuple((fandom, name, counts[name])
                     for fandom, counts in sorted(self.casts.items())
                     for name in sorted(counts, key=lambda n: (-counts[n], n.casefold(), n)))
        return LearnedFacts(tuple(self.ships()), cast)

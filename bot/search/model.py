"""The search core's value types: what cogs, the console and the CLI receive from the `Engine`
(bot/search/engine.py) and the `SearchService` (bot/search/service.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from bot.vocabulary import (
    ESTIMATE_SHOWN,
    RelationshipKey,
    allowed,
    ratings_within,
    valid_ceiling,
)

AUTOCOMPLETE_KINDS = ("pairing", "character", "mood", "fandom", "title")
# How a list of stories (a pairing's, a character's, a mood's) may be ordered: best match first
# (the list's own measure), newest (last updated) first, longest first, or by title.
LIST_ORDERS = ("best", "newest", "words", "title")


@dataclass(frozen=True, slots=True)
class Filters:
    rating_max: str = "explicit"  # general < teen < mature < explicit; not-rated counts as mature
    complete_only: bool = False
    min_words: int | None = None
    max_words: int | None = None
    fandoms: tuple[str, ...] = ()  # canonical; empty = any
    exclude_tags: tuple[str, ...] = ()  # tags or warnings, case-insensitive
    exclude_characters: tuple[str, ...] = ()
    exclude_pairings: tuple[str, ...] = ()  # relationship keys
    exclude_fandoms: tuple[str, ...] = ()
    exclude_ids: frozenset[str] = frozenset()  # already seen, or a work excluded
    not_rated: str = "hide"  # or "estimate": not-rated stories whose text reads teen or lower
    above: bool = False  # only the stories the ceiling keeps out (to say how many are hidden)
    guild: int | None = None  # the server asking: its members' recommendations join the search

    def ratings(self) -> tuple[str, ...]:
        """The stored ratings this ceiling admits (a damaged ceiling admits the default's)."""
        return ratings_within(valid_ceiling(self.rating_max))

    def estimated_ratings(self) -> tuple[str, ...]:
        """The estimates that admit a not-rated story the ceiling alone keeps out."""
        if self.not_rated != "estimate" or "not-rated" in self.ratings():
            return ()
        ceiling = valid_ceiling(self.rating_max)
        return tuple(r for r in ESTIMATE_SHOWN if allowed(r, ceiling))


_SHOWN_BEFORE = {"past", "future", "background"}  # read as "past Angel/Buffy"


@dataclass(frozen=True, slots=True)
class CardRelationship:
    """A relationship as a card shows it: who, whether the file states it, and how."""

    key: RelationshipKey
    stated: bool = True
    modifier: str | None = None

    @property
    def label(self) -> str:
        """ "past Angel/Buffy", "Buffy Summers/Spike (one-sided, inferred)"."""
        text = f"{self.modifier} {self.key.label}" if self.modifier in _SHOWN_BEFORE \
            else self.key.label
        notes = [self.modifier] if self.modifier and self.modifier not in _SHOWN_BEFORE else []
        if not self.stated:
            notes.append("inferred")
        return f"{text} ({', '.join(notes)})" if notes else text


@dataclass(frozen=True, slots=True)
class StoryCard:
    """Everything a Discord card or a console line shows about one story."""

    id: str
    title: str | None
    authors: tuple[str, ...]
    fandoms: tuple[str, ...]
    relationships: tuple[CardRelationship, ...]  # stated first
    characters: tuple[str, ...]  # by prominence
    rating: str
    warnings: tuple[str, ...]
    tags: tuple[str, ...]
    moods: tuple[tuple[str, float], ...]  # best first: stated and inferred
    status: str
    chapters_posted: int | None
    chapters_total: int | None
    words: int
    summary: str | None
    url: str | None
    published: date | None
    updated: date | None
    path: str | None = None  # first file path as given to ingest (added for `query --json`)
    estimate: str | None = None  # a not-rated story's rating as its text reads (or None)
    stated_moods: tuple[str, ...] = ()  # the moods of `moods` the story's own tags state
    # who recommended it in the server showing it, (member id, note), oldest first; empty
    # for a story nobody there recommended (bot/search/shelves.py)
    recommended_by: tuple[tuple[int, str], ...] = ()

    @property
    def inferred_moods(self) -> tuple[tuple[str, float], ...]:
        """The moods the bot read from the text (not stated by the tags), best first."""
        return tuple((m, s) for m, s in self.moods if m not in self.stated_moods)


@dataclass(frozen=True, slots=True)
class Match:
    card: StoryCard
    score: float
    reasons: tuple[str, ...]  # what it meets, in a fan's words, strongest first
    excerpt: str
    met: tuple[str, ...] = ()  # the request's parts it meets, in the request's words
    unmet: tuple[str, ...] = ()  # ... and those it does not: a near miss says so


@dataclass(frozen=True, slots=True)
class Understood:
    """How a request was read; every item is (value, confidence 0..1)."""

    relationships: tuple[tuple[str, float], ...] = ()
    characters: tuple[tuple[str, float], ...] = ()
    moods: tuple[tuple[str, float], ...] = ()
    fandoms: tuple[tuple[str, float], ...] = ()
    titles: tuple[tuple[str, float], ...] = ()
    authors: tuple[tuple[str, float], ...] = ()
    free_text: str = ""
    exclusions: tuple[str, ...] = ()  # "no major character death", "not Angel"

    def is_empty(self) -> bool:
        return not (self.relationships or self.characters or self.moods or self.fandoms
                    or self.titles or self.authors or self.free_text)


@dataclass(frozen=True, slots=True)
class SearchResult:
    query: str
    understood: Understood
    matches: tuple[Match, ...]
    alternatives: tuple[str, ...]
    elapsed_ms: float
    parts: tuple[str, ...] = ()  # the request's parts, in its words, as read
    not_understood: tuple[str, ...] = ()  # words the bot could not make anything of
    hidden: tuple[tuple[str, int], ...] = ()  # (rating, stories) that match but the ceiling
    #                                           keeps out, when nothing shown meets it all

    @property
    def complete(self) -> bool:
        """Whether the best result meets every part of the request."""
        return bool(self.matches) and not self.matches[0].unmet

    def headline(self) -> str | None:
        """What an answer says first when no result meets the whole request: "nothing is both
        spuffy and horror; closest:" (None when the best result meets it all)."""
        if not self.matches or self.complete:
            return None
        top = self.matches[0]
        return nothing_is(self.parts or (*top.met, *top.unmet)) + "; closest:"


def nothing_is(parts: tuple[str, ...]) -> str:
    """ "nothing is both spuffy and horror", "nothing is funny, short and lotr"."""
    wanted = list(dict.fromkeys(parts))
    if len(wanted) == 1:
        return f"nothing matches “{wanted[0]}”"
    if len(wanted) == 2:
        return f"nothing is both {wanted[0]} and {wanted[1]}"
    return f"nothing is {', '.join(wanted[:-1])} and {wanted[-1]}"


@dataclass(frozen=True, slots=True)
class PairingReport:
    pairing: str | None  # canonical key, None if not understood
    ship_names: tuple[str, ...]
    total: int
    stories: tuple[StoryCard, ...]
    related: tuple[tuple[str, int], ...]
    alternatives: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CharacterReport:
    character: str | None
    total: int
    stories: tuple[StoryCard, ...]
    alternatives: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CatalogStats:
    stories: int
    words: int
    fandoms: tuple[tuple[str, int], ...]
    pairings: tuple[tuple[str, int], ...]
    moods: tuple[tuple[str, int], ...]
    built_at: str | None
    characters: tuple[tuple[str, int], ...] = field(default=())

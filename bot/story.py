"""The normalized story record every parser produces and the catalog stores.

Parsers fill what the file states, with names as written; `Knowledge.normalize_story`
(bot/knowledge) then maps fandoms, characters and relationship members to canonical names, and
the understanding stage (bot/understanding) adds what the text implies (inferred characters,
relationships, moods, excerpts).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from bot.vocabulary import RelationshipKey

# ASCII text as bytes, every whitespace character (as str.split() sees it) mapped to a space and
# everything else to "w": a word is then a "w" that follows a space, counted in C.
_WORD_MARKS = bytes(32 if chr(c).isspace() else 119 for c in range(256))


def count_words(text: str) -> int:
    """Whitespace-separated tokens, as len(text.split()), without building the token list."""
    if not text.isascii():
        return len(text.split())
    marks = text.encode("ascii").translate(_WORD_MARKS)
    return marks.count(b" w") + (marks[:1] == b"w")


@dataclass(slots=True)
class Relationship:
    """A pairing. Members are kept sorted so "A/B" and "B/A" are one relationship."""

    members: tuple[str, ...]
    kind: str = "romantic"  # "romantic" (A/B) or "platonic" (A & B)
    stated: bool = True
    modifier: str | None = None  # one of MODIFIERS, or None
    confidence: float = 1.0  # 1.0 when stated; the inference's confidence otherwise
    evidence: str | None = None  # an inferred pairing: the sentence that shows it

    def __post_init__(self) -> None:
        self.members = tuple(sorted(dict.fromkeys(m.strip() for m in self.members if m.strip()),
                                    key=str.casefold))

    @property
    def key(self) -> RelationshipKey:
        """Order-insensitive identity; its label is "Buffy Summers/Spike" or "Dawn Summers &
        Xander Harris"."""
        return RelationshipKey(self.members, "platonic" if self.kind == "platonic" else "romantic")


@dataclass(slots=True)
class Character:
    """A character in a story: stated in the header and/or counted in the text."""

    name: str
    stated: bool = True
    mentions: int = 0
    prominence: float = 0.0  # 0..1, share of the story's character mentions (scaled)


@dataclass(slots=True)
class Passage:
    """A candidate excerpt that reads well alone (200-600 characters)."""

    text: str
    characters: tuple[str, ...] = ()
    mood: str | None = None  # the mood this passage carries best, if any
    score: float = 0.0
    # where it sits in the story body: the catalog stores these offsets, not the text
    start: int = 0
    end: int = 0


@dataclass(slots=True)
class Story:
    format: str
    body: str = ""
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    fandoms: list[str] = field(default_factory=list)
    relationships: list[Relationship] = field(default_factory=list)
    characters: list[Character] = field(default_factory=list)
    rating: str = "not-rated"
    warnings: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)  # freeform tags, genres, categories as stated
    status: str = "unknown"
    chapters_posted: int | None = None
    chapters_total: int | None = None
    words: int = 0  # whitespace tokens of the body
    stated_words: int | None = None  # a count the header states
    published: date | None = None
    updated: date | None = None
    language: str | None = None
    summary: str | None = None
    url: str | None = None
    recipient: str | None = None
    prompt: str | None = None
    series: str | None = None
    notes: str | None = None  # author's notes, disclaimer, beta thanks: kept apart from the body
    moods: dict[str, float] = field(default_factory=dict)
    stated_moods: list[str] = field(default_factory=list)  # the moods the author's tags state
    fandoms_inferred: bool = False  # the file states no fandom: guessed from the names
    passages: list[Passage] = field(default_factory=list)

    def count_words(self) -> None:
        self.words = count_words(self.body)

    @property
    def character_names(self) -> list[str]:
        return [c.name for c in self.characters]

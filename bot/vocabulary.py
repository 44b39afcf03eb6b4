"""The catalog's vocabulary, defined once: ratings and where each may be shown, moods, statuses,
relationship kinds and modifiers, file formats, and the value that names a relationship.

Every layer (parsers, understanding, catalog, search, daily post, cogs) speaks these words; none
keeps its own copy.
"""

from __future__ import annotations

from dataclasses import dataclass

# --- ratings ---------------------------------------------------------------------------------

RATINGS = ("general", "teen", "mature", "explicit", "not-rated")  # what a story may carry
CEILINGS = ("general", "teen", "mature", "explicit")  # what a channel may allow, in order
RATING_LABELS = {"general": "General", "teen": "Teen", "mature": "Mature",
                 "explicit": "Explicit", "not-rated": "Not rated"}
# A story that states no rating may hold anything short of explicit: it counts as mature.
_LEVEL = {"general": 0, "teen": 1, "mature": 2, "not-rated": 2, "explicit": 3}
DEFAULT_CEILING = "teen"  # ordinary channels until a server says otherwise; direct messages
ORDINARY_MAX = "mature"  # explicit never outside age-restricted channels, whatever the settings


def rating_level(rating: str) -> int:
    """0 (general) to 3 (explicit); anything unknown is treated as explicit, the strictest."""
    return _LEVEL.get(rating, _LEVEL["explicit"])


def allowed(rating: str, ceiling: str) -> bool:
    """May a story rated `rating` be shown where the ceiling is `ceiling`?"""
    return rating_level(rating) <= rating_level(ceiling)


def ratings_within(ceiling: str) -> tuple[str, ...]:
    """The stored ratings a ceiling admits, in order ("teen" -> general, teen)."""
    return tuple(r for r in RATINGS if allowed(r, ceiling))


def valid_ceiling(value: str | None) -> str:
    """A stored ceiling as it may be trusted: an unknown or damaged value is the default."""
    return value if value in CEILINGS else DEFAULT_CEILING


# What a server shows of stories that state no rating: none in ordinary channels ("hide", the
# default), or those whose text reads as teen or lower ("estimate": bot/understanding/
# rating_estimate.py, computed at ingest; a story with explicit content never reads as teen).
NOT_RATED_CHOICES = ("hide", "estimate")

# How a server takes its members' recommendations: from everyone, from members with a chosen
# role, or from everyone through the moderators' approval queue.
RECOMMEND_MODES = ("open", "role", "queue")
RECOMMEND_DAILY_CAP = 5  # recommendations a member may add per day until a server sets its own
ESTIMATE_SHOWN = ("general", "teen")


def shown_rating(rating: str, estimate: str | None, not_rated: str = "hide") -> str:
    """The rating a story counts as where it would be shown: its own, or for a not-rated
    story on a server that chose "estimate", what its text reads as (teen or lower only)."""
    if rating == "not-rated" and not_rated == "estimate" and estimate in ESTIMATE_SHOWN:
        return estimate
    return rating


def channel_ceiling(rating_max: str | None, *, allow_mature_nsfw: bool,
                    allow_explicit_nsfw: bool, in_guild: bool, age_restricted: bool) -> str:
    """The highest rating one place may show. Explicit only in age-restricted channels (and
    there only when the server allows it); mature in ordinary channels only when the server
    raised its ceiling; direct messages never above the default."""
    if not in_guild:
        return DEFAULT_CEILING
    ordinary = valid_ceiling(rating_max)
    if rating_level(ordinary) > rating_level(ORDINARY_MAX):
        ordinary = ORDINARY_MAX
    if age_restricted:
        if allow_explicit_nsfw:
            return "explicit"
        if allow_mature_nsfw:
            return "mature"
    return ordinary


# --- exclusions ------------------------------------------------------------------------------

# What a server (Manage Server) or a member can exclude, each kept as it was typed and resolved
# against the catalog by the search (bot/search/exclusions.py): a tag family (warnings too), a
# character, a ship ("A/B", or "*/X": every ship with X), a fandom, one work (its id).
EXCLUSION_KINDS = ("tag", "character", "ship", "fandom", "story")

# --- moods, statuses, relationships ----------------------------------------------------------

MOODS = ("angst", "fluff", "hurt-comfort", "humor", "romance", "dark", "horror", "adventure",
         "bittersweet", "friendship")
MOOD_SHOWN = 0.2  # a mood scoring at least this is shown on a card and counts for the daily post
# Moods that cannot both describe one story: a story its author tags fluff is never horror.
_OPPOSED = (("fluff", "angst"), ("fluff", "dark"), ("fluff", "horror"), ("fluff", "bittersweet"),
            ("humor", "angst"), ("humor", "dark"), ("humor", "horror"))
MOOD_CONTRADICTIONS: dict[str, frozenset[str]] = {
    mood: frozenset({b for a, b in _OPPOSED if a == mood} | {a for a, b in _OPPOSED if b == mood})
    for mood in MOODS}
STATUSES = ("complete", "in-progress", "unknown")
KINDS = ("romantic", "platonic")
MODIFIERS = ("past", "implied", "background", "one-sided", "pre-slash", "mentioned", "future")

# Formats, one per family and container; `Story.format` holds one of these.
FORMATS = (
    "ao3-html", "ao3-epub", "ao3-text", "ao3-pdf",
    "fanficfare-txt", "fanficfare-html", "fanficfare-epub",
    "ffnet-text", "header-text", "tumblr", "markdown", "plain",
    "web-page",  # a story page saved from a site (LiveJournal, fanfiction.net, an archive)
    "epub",  # an EPUB from another maker (FicHub, WebToEpub, calibre, other tools)
)


@dataclass(frozen=True, slots=True, order=True)
class RelationshipKey:
    """Who is in a relationship and how, whatever order they were written in.

    `label` is how the catalog stores and shows it: "Buffy Summers/Spike" (romantic) or
    "Dawn Summers & Xander Harris" (platonic). Pass this value around; build it from members
    with `of`, or from a stored label with `parse`, never by splitting strings elsewhere.
    """

    members: tuple[str, ...]
    kind: str = "romantic"

    @classmethod
    def of(cls, members: tuple[str, ...] | list[str], kind: str = "romantic") -> RelationshipKey:
        cleaned = dict.fromkeys(m.strip() for m in members if m.strip())
        return cls(tuple(sorted(cleaned, key=str.casefold)),
                   "platonic" if kind == "platonic" else "romantic")

    @classmethod
    def parse(cls, label: str) -> RelationshipKey:
        """The key a stored label names ("A/B" romantic, "A & B" platonic)."""
        if "/" in label:
            return cls.of(label.split("/"), "romantic")
        return cls.of(label.split(" & "), "platonic")

    @property
    def label(self) -> str:
        return ("/" if self.kind == "romantic" else " & ").join(self.members)

    def other_kind(self) -> RelationshipKey:
        """The same people read the other way (a stated "A & B" for a requested "A/B")."""
        return RelationshipKey(self.members, "platonic" if self.kind == "romantic"
                               else "romantic")

    def __str__(self) -> str:
        return self.label

"""What a channel may show: the rating ceiling from server settings and the channel's NSFW flag.

The rules (issue 6, §3): explicit stories only in age-restricted channels; mature ones only
there too unless the server raised its ordinary-channel ceiling to mature; a DM is never
age-restricted and its ceiling is teen; a thread inherits its parent channel's flag.
"""

from __future__ import annotations

from typing import Any

from bot.state import GuildSettings

# The engine's order (ENGINE.md): not-rated counts as mature.
RATING_LEVEL = {"general": 0, "teen": 1, "mature": 2, "not-rated": 2, "explicit": 3}
CEILINGS = ("general", "teen", "mature", "explicit")
DM_CEILING = "teen"
ORDINARY_MAX = "mature"  # explicit never outside age-restricted channels, whatever the settings


def level(rating: str) -> int:
    """Unknown ratings are treated as the strictest case (explicit)."""
    return RATING_LEVEL.get(rating, RATING_LEVEL["explicit"])


def lower(a: str, b: str) -> str:
    return a if level(a) <= level(b) else b


def is_age_restricted(channel: Any) -> bool:
    """`channel.is_nsfw()` where it exists; threads ask their parent; DMs and unknowns: no."""
    if channel is None:
        return False
    parent = getattr(channel, "parent", None)
    if parent is not None and hasattr(parent, "is_nsfw"):
        return bool(parent.is_nsfw())
    is_nsfw = getattr(channel, "is_nsfw", None)
    if is_nsfw is None:
        return False
    return bool(is_nsfw())


def ceiling(settings: GuildSettings | None, *, in_guild: bool, age_restricted: bool) -> str:
    """The highest rating that may be shown in one place."""
    if not in_guild or settings is None:
        return DM_CEILING
    ordinary = lower(settings.rating_max, ORDINARY_MAX)
    if not age_restricted:
        return ordinary
    if settings.allow_explicit_nsfw:
        return "explicit"
    if settings.allow_mature_nsfw:
        return "mature"
    return ordinary


def allowed(rating: str, limit: str) -> bool:
    """May a story with `rating` be shown where the ceiling is `limit`?"""
    return level(rating) <= level(limit)

"""What a channel may show: the server's rating ceiling and the channel's age-restricted flag.

The rules themselves are `bot.vocabulary.channel_ceiling`; this module only reads a Discord
channel (a thread asks its parent; a DM is never age-restricted).
"""

from __future__ import annotations

from typing import Any

from bot.state import GuildSettings
from bot.vocabulary import DEFAULT_CEILING


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
        return DEFAULT_CEILING
    return settings.ceiling(age_restricted=age_restricted)

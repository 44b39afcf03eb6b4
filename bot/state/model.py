"""The records the state API hands out: a guild's settings and a stored request."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.vocabulary import RECOMMEND_DAILY_CAP, channel_ceiling


@dataclass(slots=True)
class GuildSettings:
    guild_id: int
    rating_max: str = "teen"
    allow_mature_nsfw: bool = True
    allow_explicit_nsfw: bool = True
    excluded_tags: list[str] = field(default_factory=list)
    public_replies: bool = True
    not_rated: str = "hide"  # or "estimate" (bot.vocabulary.NOT_RATED_CHOICES)
    # the server's exclusions of every kind but tags (those are excluded_tags), as typed
    exclusions: list[tuple[str, str]] = field(default_factory=list)
    channels: list[int] = field(default_factory=list)  # where the bot answers; [] = anywhere
    # members' recommendations: who may add them (bot.vocabulary.RECOMMEND_MODES), the role
    # for "role", where queued ones go for approval, and how many a member adds a day
    recommend_mode: str = "open"
    recommend_role: int = 0  # 0: none chosen
    moderator_channel: int = 0  # 0: none chosen
    recommend_daily_cap: int = RECOMMEND_DAILY_CAP

    def exclusion_rules(self) -> list[tuple[str, str]]:
        """Every server exclusion as (kind, text as typed): its tags, then the rest."""
        return [("tag", tag) for tag in self.excluded_tags] + list(self.exclusions)

    def answers_in(self, channel_id: int | None, parent_id: int | None = None) -> bool:
        """Whether the bot answers in a channel (a thread: where its parent is allowed)."""
        return not self.channels or channel_id in self.channels or (
            parent_id is not None and parent_id in self.channels)

    def ceiling(self, *, age_restricted: bool) -> str:
        """The highest rating this server allows in one of its channels."""
        return channel_ceiling(self.rating_max, allow_mature_nsfw=self.allow_mature_nsfw,
                               allow_explicit_nsfw=self.allow_explicit_nsfw, in_guild=True,
                               age_restricted=age_restricted)


@dataclass(frozen=True, slots=True)
class StoredRequest:
    """What a card's or list's buttons act on: who asked, where, and with which options."""

    id: int
    user_id: int
    guild_id: int | None
    channel_id: int | None
    kind: str
    payload: dict[str, Any]

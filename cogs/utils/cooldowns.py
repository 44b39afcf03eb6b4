"""Per-user command cooldowns that cost the same however many users the bot has seen.

discord.py's `app_commands.checks.cooldown` sweeps every user's bucket on every command (a
list built over all of them), so its cost grows with the audience. This check keeps the same
`Cooldown` buckets and raises the same `CommandOnCooldown` (the error handler's "Easy there"),
but sweeps expired buckets at most once per cooldown period.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from discord import app_commands

T = TypeVar("T")


class PerUser:
    """The buckets of one command: at most `rate` uses per `per` seconds per user."""

    def __init__(self, rate: int, per: float) -> None:
        self.rate = rate
        self.per = per
        self.buckets: dict[int, app_commands.Cooldown] = {}
        self._swept = 0.0

    def _sweep(self, now: float) -> None:
        if now - self._swept < self.per:
            return
        self._swept = now
        self.buckets = {k: b for k, b in self.buckets.items() if now <= b._last + b.per}

    def retry_after(self, user_id: int, now: float) -> tuple[app_commands.Cooldown, float | None]:
        """The user's bucket, and how long until they may use the command (None: now)."""
        self._sweep(now)
        bucket = self.buckets.get(user_id)
        if bucket is None:
            bucket = self.buckets[user_id] = app_commands.Cooldown(self.rate, self.per)
        return bucket, bucket.update_rate_limit(now)


def per_user(rate: int, per: float) -> Callable[[T], T]:
    """A check: `rate` uses of the command per `per` seconds per user (by the time in the
    interaction's id, as discord.py's cooldown counts)."""
    buckets = PerUser(rate, per)

    def predicate(interaction: Any) -> bool:
        bucket, wait = buckets.retry_after(interaction.user.id,
                                           interaction.created_at.timestamp())
        if wait is not None:
            raise app_commands.CommandOnCooldown(bucket, wait)
        return True

    return app_commands.check(predicate)

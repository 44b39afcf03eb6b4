"""Graceful under overload: every interaction gets a first answer within Discord's 3 seconds.

Two rules. Work in flight is bounded: past `limit` interactions being worked on, a new one is
answered at once with a private "busy, try again in a moment" (an autocomplete with no
suggestions) instead of joining a queue that only grows; the count covers an interaction from
its arrival until its handler is done, deferred card included. And an answer that is not ready
in time is deferred: `answer_within` measures the time left from the interaction's creation
(the time in its id), so one that waited in the queue defers at once and its card follows as
an edit, within the 15 minutes Discord allows for that.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

import discord
from discord import app_commands

log = logging.getLogger(__name__)

BUSY = "I'm swamped right now — try again in a moment."
MAX_IN_FLIGHT = 48  # interactions worked on at once, per process
STUCK_AFTER = 15 * 60.0  # seconds: Discord takes no answer after this, so no slot is held longer


class Admission:
    """Counts the interactions being worked on and turns away those past the limit."""

    def __init__(self, limit: int = MAX_IN_FLIGHT, *,
                 now: Callable[[], datetime] = discord.utils.utcnow,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.now = now
        self.monotonic = monotonic
        self.admitted = 0
        self.turned_away = 0  # answered "busy"
        self._working: dict[asyncio.Task, float] = {}  # handler task -> when it was admitted

    @property
    def in_flight(self) -> int:
        return len(self._working)

    def answer_within(self, interaction: discord.Interaction[Any], window: float) -> float:
        """Seconds left of `window` (counted from the interaction's creation) to answer
        directly before deferring; 0: defer at once. An age read against a clock that runs
        behind Discord's counts as none (the whole window)."""
        age = (self.now() - interaction.created_at).total_seconds()
        return max(0.0, window - max(0.0, age))

    def try_admit(self) -> bool:
        """Count the current task's interaction in, until that task ends; False when full."""
        if len(self._working) >= self.limit:
            self._forget_stuck()
        if len(self._working) >= self.limit:
            self.turned_away += 1
            return False
        task = asyncio.current_task()
        if task is not None:
            self._working[task] = self.monotonic()
            self.admitted += 1
            task.add_done_callback(self._release)
        return True

    def _release(self, task: asyncio.Task) -> None:
        self._working.pop(task, None)

    def _forget_stuck(self) -> None:
        """A handler still running after Discord's 15 minutes is stuck: it no longer takes a
        slot (a hung call must not turn the bot into one that only answers busy)."""
        oldest = self.monotonic() - STUCK_AFTER
        for task in [t for t, since in self._working.items() if since < oldest]:
            log.warning("an interaction handler (%s) has run for over %.0f minutes; no longer "
                        "counting it as work in flight", task.get_name(), STUCK_AFTER / 60)
            del self._working[task]

    async def admit(self, interaction: discord.Interaction[Any]) -> bool:
        """Admit the interaction, or give it the busy answer and return False."""
        if self.try_admit():
            return True
        if self.turned_away % 100 == 1:
            log.warning("overloaded: %d interactions in flight; answering busy (%d so far)",
                        self.in_flight, self.turned_away)
        try:
            if interaction.type is discord.InteractionType.autocomplete:
                await interaction.response.autocomplete([])
            else:
                await interaction.response.send_message(BUSY, ephemeral=True)
        except discord.HTTPException as exc:
            log.warning("could not tell user %s the bot is busy: %s", interaction.user.id, exc)
        return False


def time_to_answer(interaction: discord.Interaction[Any]) -> float:
    """How long `respond` may wait for a reply before deferring, for this interaction."""
    client = interaction.client
    window: float = getattr(client, "answer_window", 1.0)
    admission: Admission | None = getattr(client, "admission", None)
    return admission.answer_within(interaction, window) if admission else window


class AdmittingTree(app_commands.CommandTree):
    """The command tree: a command or autocomplete past the in-flight limit gets the busy
    answer and is not run."""

    async def interaction_check(self, interaction: discord.Interaction[Any], /) -> bool:
        admission: Admission | None = getattr(interaction.client, "admission", None)
        return admission is None or await admission.admit(interaction)

"""Graceful under overload: every interaction gets a first answer within Discord's 3 seconds.

Two rules. Work in flight is bounded: past `limit` interactions being worked on, a new one is
answered at once with a private "busy, try again in a moment" (an autocomplete with no
suggestions) instead of joining a queue that only grows; the count covers an interaction from
its arrival until its handler is done, deferred card included. And an answer that is not ready
in time is deferred: `answer_within` measures the time left from the interaction's creation
(the time in its id), so one that waited in the queue defers at once and its card follows as
an edit, within the 15 minutes Discord allows for that.

And no work for an interaction Discord no longer takes an answer to: one that reaches the bot
more than 3 s late (a backlog, a gateway replay) is skipped with one warning line, as is a
deferred card finished after 15 minutes (`too_late`). Lateness is counted against the freshest
interaction of the last minutes, not against the bot's clock alone, so a clock running ahead
of Discord's can never make every interaction look expired.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

import discord
from discord import app_commands

from bot.discord_app.clock import REAL, Clock, Timer
from bot.discord_app.lifetime import free_at_end
from bot.discord_app.tls import UntrustedCertificate

log = logging.getLogger(__name__)

BUSY = "I'm swamped right now — try again in a moment."
MAX_IN_FLIGHT = 48  # interactions worked on at once, per process
FIRST_ANSWER_WITHIN = 3.0  # seconds Discord allows for an interaction's first response
FOLLOWUP_WITHIN = 15 * 60.0  # seconds its token takes edits and follow-ups after that
STUCK_AFTER = FOLLOWUP_WITHIN  # Discord takes no answer after this, so no slot is held longer
BASELINE_SPAN = 5 * 60.0  # seconds: how long the freshest interaction's age counts as "on time"


class Admission:
    """Counts the interactions being worked on and turns away those past the limit."""

    def __init__(self, limit: int = MAX_IN_FLIGHT, *,
                 now: Callable[[], datetime] = REAL.now,
                 monotonic: Callable[[], float] = REAL.monotonic) -> None:
        self.limit = limit
        self.now = now
        self.monotonic = monotonic
        self.admitted = 0
        self.turned_away = 0  # answered "busy"
        self.skipped_late = 0  # past Discord's 3 s on arrival: not worked on
        # The smallest age (by our clock) of the interactions seen in this span and the last:
        # network delay plus any difference between our clock and Discord's.
        self._baseline = (float("inf"), float("inf"))
        self._baseline_from = monotonic()
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

    def lateness(self, interaction: discord.Interaction[Any]) -> float:
        """Seconds the interaction is older than the freshest one of the last few minutes
        was on arrival: how late it is, whatever the difference between the clocks."""
        age = (self.now() - interaction.created_at).total_seconds()
        current, previous = self._baseline
        if self.monotonic() - self._baseline_from > BASELINE_SPAN:
            current, previous = float("inf"), current
            self._baseline_from = self.monotonic()
        self._baseline = (min(current, age), previous)
        return max(0.0, age - min(self._baseline))

    def too_late(self, interaction: discord.Interaction[Any]) -> str | None:
        """Which of Discord's deadlines has passed for what the interaction needs next (its
        first response, or an edit or follow-up after it), or None while it can be answered."""
        return self._passed(interaction, self.lateness(interaction))

    @staticmethod
    def _passed(interaction: discord.Interaction[Any], late: float) -> str | None:
        if not interaction.response.is_done():
            return "3 seconds" if late >= FIRST_ANSWER_WITHIN else None
        return "15 minutes" if late >= FOLLOWUP_WITHIN else None

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
        """Admit the interaction, or give it the busy answer and return False; one already
        past Discord's deadline gets neither (nothing can answer it) and one log line."""
        late = self.lateness(interaction)
        deadline = self._passed(interaction, late)
        if deadline is not None:
            self.skipped_late += 1
            log.warning("skipped a %s from user %s: it arrived %.1f s late, past Discord's %s "
                        "to answer it", describe_interaction(interaction), interaction.user.id,
                        late, deadline)
            return False
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
        except (discord.HTTPException, UntrustedCertificate) as exc:
            log.warning("could not tell user %s the bot is busy: %s", interaction.user.id, exc)
        return False


def describe_interaction(interaction: discord.Interaction[Any]) -> str:
    """"/rec", "button sb:another:12", "autocomplete for /rec": for one-line log messages."""
    command = getattr(interaction, "command", None)
    name = f"/{command.qualified_name}" if command is not None else None
    if interaction.type is discord.InteractionType.autocomplete:
        return f"autocomplete for {name or 'a command'}"
    if interaction.type is discord.InteractionType.application_command:
        return name or "command"
    data: dict[str, Any] = dict(interaction.data or {})
    return f"{interaction.type.name} {data.get('custom_id', '')}".strip()


def too_late(interaction: discord.Interaction[Any]) -> str | None:
    """`Admission.too_late` with the bot's admission (None without one: never skipped)."""
    admission: Admission | None = getattr(interaction.client, "admission", None)
    return admission.too_late(interaction) if admission else None


def time_to_answer(interaction: discord.Interaction[Any]) -> float:
    """How long `respond` may wait for a reply before deferring, for this interaction."""
    client = interaction.client
    window: float = getattr(client, "answer_window", 1.0)
    admission: Admission | None = getattr(client, "admission", None)
    return admission.answer_within(interaction, window) if admission else window


def defer_later(interaction: discord.Interaction[Any], defer: Callable[[], object]) -> Timer:
    """Run `defer` once the time to answer directly (`time_to_answer`) has run out, by the
    bot's clock (`clock`: the real one unless a test gave it its own)."""
    clock: Clock = getattr(interaction.client, "clock", REAL)
    return clock.call_later(time_to_answer(interaction), defer)


class AdmittingTree(app_commands.CommandTree):
    """The command tree: a command or autocomplete past the in-flight limit gets the busy
    answer and is not run. Its check is the first code of the bot's to see a command or
    autocomplete, in the task that answers it: the interaction is freed when that ends."""

    async def interaction_check(self, interaction: discord.Interaction[Any], /) -> bool:
        free_at_end(interaction)
        admission: Admission | None = getattr(interaction.client, "admission", None)
        return admission is None or await admission.admit(interaction)

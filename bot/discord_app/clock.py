"""The time the bot reads on an interaction's way: Discord's time (how old an interaction is,
from the time in its id), a monotonic clock (spans, stuck handlers) and a timer (the window
to answer directly before deferring).

Production reads the real ones (`REAL`). A test hands the bot a clock it moves itself (the
Discord stand-in's, tests/discord_double/clock.py), so whether an interaction is answered
directly, deferred or skipped as late is the test's choice, never the machine's speed.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from datetime import datetime
from typing import Protocol

import discord


class Timer(Protocol):
    def cancel(self) -> None: ...


class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant, aware, in UTC (what an interaction's age is read against)."""
        ...

    def monotonic(self) -> float:
        """Seconds that only go forward (spans of time)."""
        ...

    def call_later(self, delay: float, callback: Callable[[], object]) -> Timer:
        """Run `callback` on the running loop once `delay` seconds of this clock have passed."""
        ...


class RealClock:
    """The system's clocks and the event loop's timers."""

    def now(self) -> datetime:
        return discord.utils.utcnow()

    def monotonic(self) -> float:
        return time.monotonic()

    def call_later(self, delay: float, callback: Callable[[], object]) -> Timer:
        return asyncio.get_running_loop().call_later(delay, callback)


REAL = RealClock()

"""Time and change notification for the stand-in.

Token expiry and rate limits read time from a `Clock` that tests can move forward, so a "slow"
command can be simulated without sleeping. `Changes` lets test helpers wait for a condition on
the stand-in's state without polling or fixed sleeps.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import TypeVar

T = TypeVar("T")


class Clock:
    """Real monotonic time plus an offset that tests control with `advance`."""

    def __init__(self) -> None:
        self.offset = 0.0

    def monotonic(self) -> float:
        return time.monotonic() + self.offset

    def now(self) -> datetime:
        """Aware UTC wall time, shifted by the same offset (message timestamps, reset headers)."""
        return datetime.now(UTC) + timedelta(seconds=self.offset)

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("the stand-in's clock only moves forward")
        self.offset += seconds


class Changes:
    """A broadcast "something changed" signal; waiters re-check their predicate on each change."""

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def notify(self) -> None:
        self._event.set()
        self._event = asyncio.Event()

    async def wait_for(self, probe: Callable[[], T | None], *, within: float, what: str) -> T:
        """Return the first truthy value of `probe()`, re-evaluated after every change."""
        try:
            async with asyncio.timeout(within):
                while True:
                    event = self._event
                    value = probe()
                    if value:
                        return value
                    await event.wait()
        except TimeoutError:
            raise AssertionError(f"timed out after {within:g}s waiting for {what}") from None

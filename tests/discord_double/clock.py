"""Time and change notification for the stand-in.

Token expiry and rate limits read time from a `Clock` that tests can move forward, so a "slow"
command can be simulated without sleeping; a stopped `Clock` moves only then, and the e2e bot
reads it as its own time too. `Changes` lets test helpers wait for a condition on
the stand-in's state without polling or fixed sleeps.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import TypeVar

T = TypeVar("T")


class Clock:
    """Real time plus an offset that tests control with `advance`; once `stop`ped, the offset
    alone: time that moves only when the test says so. The e2e bot reads a stopped clock as
    its own (bot/discord_app/clock.py), so Discord's time and the bot's move together, and
    nothing a test checks depends on how fast the machine is."""

    def __init__(self) -> None:
        self.offset = 0.0
        self._stopped_at: tuple[float, datetime] | None = None  # (monotonic, wall) when stopped
        self._timers: list[tuple[float, int, _Timer]] = []  # a heap by due time
        self._order = itertools.count()

    @property
    def stopped(self) -> bool:
        return self._stopped_at is not None

    def stop(self) -> None:
        """From now on, time stands still until `advance` (calling it again changes nothing)."""
        if self._stopped_at is None:
            self._stopped_at = (time.monotonic(), datetime.now(UTC))

    def monotonic(self) -> float:
        base = self._stopped_at[0] if self._stopped_at else time.monotonic()
        return base + self.offset

    def now(self) -> datetime:
        """Aware UTC wall time, shifted by the same offset (message timestamps, reset headers)."""
        base = self._stopped_at[1] if self._stopped_at else datetime.now(UTC)
        return base + timedelta(seconds=self.offset)

    def call_later(self, delay: float, callback: Callable[[], object]) -> _Timer:
        """Run `callback` on the running loop once `delay` seconds of this clock have passed:
        on a stopped clock, when an `advance` reaches it (at once for no delay)."""
        timer = _Timer(callback)
        if not self.stopped:
            timer.handle = asyncio.get_running_loop().call_later(delay, callback)
        elif delay <= 0:
            timer.handle = asyncio.get_running_loop().call_soon(callback)
        else:
            heapq.heappush(self._timers, (self.monotonic() + delay, next(self._order), timer))
        return timer

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("the stand-in's clock only moves forward")
        self.offset += seconds
        while self._timers and self._timers[0][0] <= self.monotonic():
            _, _, timer = heapq.heappop(self._timers)
            if not timer.cancelled:  # run by the loop, in the order they fell due
                timer.handle = asyncio.get_running_loop().call_soon(timer.callback)


class _Timer:
    """A callback waiting for a clock's time (an asyncio.TimerHandle, on a stopped clock)."""

    def __init__(self, callback: Callable[[], object]) -> None:
        self.callback: Callable[[], object] = callback
        self.cancelled = False
        self.handle: asyncio.Handle | None = None

    def cancel(self) -> None:
        self.cancelled = True
        self.callback = _nothing  # what it would have run (and held) is let go at once
        if self.handle is not None:
            self.handle.cancel()
            self.handle = None


def _nothing() -> None:
    return None


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

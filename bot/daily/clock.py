"""Where the daily scheduler gets the time: the real UTC clock, or one a test moves by hand.

Every value is timezone-aware UTC, so local times are always derived, never stored naive.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant, aware, in UTC."""
        ...

    async def sleep(self, seconds: float) -> None:
        """Wait until `seconds` of this clock's time have passed."""
        ...


class SystemClock:
    """Real time."""

    def now(self) -> datetime:
        return datetime.now(UTC)

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(max(0.0, seconds))


class ManualClock:
    """Time that moves only when a test says so; sleepers wake when it passes their deadline.

    `naps` counts the sleeps begun, so a test can wait until a loop has gone back to sleep
    (`wait_for_naps`) before it moves the time: never a race with the loop's own pace.
    """

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("ManualClock needs an aware datetime")
        self._now = start.astimezone(UTC)
        self._moved = asyncio.Condition()
        self.naps = 0

    def now(self) -> datetime:
        return self._now

    async def sleep(self, seconds: float) -> None:
        deadline = self._now + timedelta(seconds=max(0.0, seconds))
        async with self._moved:
            self.naps += 1
            self._moved.notify_all()
            await self._moved.wait_for(lambda: self._now >= deadline)

    async def wait_for_naps(self, count: int) -> None:
        """Return once `count` sleeps in all have begun."""
        async with self._moved:
            await self._moved.wait_for(lambda: self.naps >= count)

    async def advance(self, delta: timedelta | float) -> None:
        step = delta if isinstance(delta, timedelta) else timedelta(seconds=delta)
        if step < timedelta(0):
            raise ValueError("time only moves forward")
        await self.set(self._now + step)

    async def set(self, moment: datetime) -> None:
        if moment.tzinfo is None:
            raise ValueError("ManualClock needs an aware datetime")
        moment = moment.astimezone(UTC)
        if moment < self._now:
            raise ValueError("time only moves forward")
        async with self._moved:
            self._now = moment
            self._moved.notify_all()
        await asyncio.sleep(0)  # let woken sleepers run before the caller goes on

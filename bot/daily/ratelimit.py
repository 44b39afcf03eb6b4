"""A token bucket shared by every daily send, kept under Discord's global 50 requests/second.

A bucket of `capacity` refilled at `rate` allows at most capacity + rate requests in any one
second, so the defaults (45/s, burst 5) stay at or under 50 even measured by a sliding window.
A 429 from Discord pauses the whole bucket for its `retry_after`.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable


class TokenBucket:
    @classmethod
    def share(cls, fraction: float) -> TokenBucket:
        """The part of the default bucket one process of several may use: the global limit
        is the bot's, whichever process sends."""
        fraction = min(1.0, max(fraction, 0.01))
        return cls(rate=45.0 * fraction, capacity=max(1.0, 5.0 * fraction))

    def __init__(self, rate: float = 45.0, capacity: float = 5.0, *,
                 monotonic: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
        if rate <= 0 or capacity < 1:
            raise ValueError("a token bucket needs a positive rate and room for one token")
        self.rate = rate
        self.capacity = capacity
        self._monotonic = monotonic
        self._sleep = sleep
        self._tokens = capacity
        self._stamp = monotonic()
        self._paused_until = 0.0
        self._lock = asyncio.Lock()
        self.waited = 0.0  # seconds spent waiting, for reports
        self.pauses = 0  # 429s honoured

    def _refill(self, now: float) -> None:
        self._tokens = min(self.capacity, self._tokens + (now - self._stamp) * self.rate)
        self._stamp = now

    async def acquire(self) -> None:
        """Wait for a token; callers are served one at a time, in arrival order."""
        async with self._lock:
            while True:
                now = self._monotonic()
                if now < self._paused_until:
                    await self._wait(self._paused_until - now)
                    continue
                self._refill(now)
                if self._tokens >= 1:
                    self._tokens -= 1
                    return
                await self._wait((1 - self._tokens) / self.rate)

    async def _wait(self, seconds: float) -> None:
        self.waited += seconds
        await self._sleep(seconds)

    def pause(self, retry_after: float) -> None:
        """Honour a 429: nobody sends until `retry_after` seconds from now, and the burst is
        spent so sending resumes at the steady rate."""
        now = self._monotonic()
        self.pauses += 1
        self._paused_until = max(self._paused_until, now + max(0.0, retry_after))
        self._refill(now)
        self._tokens = 0.0
        self._stamp = self._paused_until

"""Waiting on what another process does: poll its effect (a file appearing or growing), with a
generous deadline that only a hang reaches. Never a fixed sleep standing in for progress."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable


def wait_until(condition: Callable[[], object], what: str, within: float = 60.0) -> None:
    deadline = time.monotonic() + within
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what} after {within:.0f} s")
        time.sleep(0.005)


async def eventually(condition: Callable[[], Awaitable[object]], what: str,
                     within: float = 60.0) -> None:
    """Await `condition()` until it is true (another connection's or process's effect)."""
    deadline = time.monotonic() + within
    while not await condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what} after {within:.0f} s")
        await asyncio.sleep(0.005)

"""The stand-in's clock stopped: time that moves only when the test moves it, and timers on it
(the e2e bot's answer window)."""

from __future__ import annotations

import asyncio
import time

import pytest

from tests.discord_double.clock import Clock


async def test_a_stopped_clock_moves_only_when_advanced():
    clock = Clock()
    clock.stop()
    monotonic, now = clock.monotonic(), clock.now()
    real = time.monotonic()
    while time.monotonic() == real:  # real time moves on (no fixed wait: one tick is enough)
        pass
    assert (clock.monotonic(), clock.now()) == (monotonic, now)
    clock.advance(2.5)
    assert clock.monotonic() == monotonic + 2.5
    assert (clock.now() - now).total_seconds() == pytest.approx(2.5)
    with pytest.raises(ValueError):
        clock.advance(-1)


async def test_timers_on_a_stopped_clock_run_in_order_once_their_time_comes():
    clock = Clock()
    clock.stop()
    ran: list[str] = []
    clock.call_later(2.0, lambda: ran.append("two"))
    clock.call_later(1.0, lambda: ran.append("one"))
    clock.call_later(0.0, lambda: ran.append("now"))
    cancelled = clock.call_later(1.5, lambda: ran.append("cancelled"))
    await asyncio.sleep(0)
    assert ran == ["now"]
    cancelled.cancel()
    clock.advance(0.9)
    await asyncio.sleep(0)
    assert ran == ["now"]
    clock.advance(5.0)
    await asyncio.sleep(0)
    assert ran == ["now", "one", "two"]

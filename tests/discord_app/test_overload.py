"""The in-flight bound and the answer window, on their own (the e2e tests drive them through
discord.py in tests/e2e/test_bot_overload.py)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest

from bot.discord_app.overload import BASELINE_SPAN, Admission

CREATED = datetime(2024, 6, 10, 12, 0, tzinfo=UTC)


def at(seconds: float):
    return lambda: CREATED + timedelta(seconds=seconds)


@pytest.mark.parametrize(("age", "left"), [(0.0, 1.0), (0.4, 0.6), (1.0, 0.0), (2.5, 0.0),
                                           (-3.0, 1.0)])
def test_the_window_counts_from_the_interaction_s_creation(age, left):
    interaction = SimpleNamespace(created_at=CREATED)
    assert Admission(now=at(age)).answer_within(interaction, 1.0) == pytest.approx(left)


async def test_the_bound_holds_until_the_work_ends_however_it_ends():
    admission = Admission(limit=2)
    gate = asyncio.Event()

    async def work(fail: bool = False) -> bool:
        if not admission.try_admit():
            return False
        await gate.wait()
        if fail:
            raise RuntimeError("the handler failed")
        return True

    first = asyncio.create_task(work())
    second = asyncio.create_task(work(fail=True))
    await asyncio.sleep(0)
    assert admission.in_flight == 2
    assert await work() is False and admission.turned_away == 1
    gate.set()
    assert await first is True
    with pytest.raises(RuntimeError):
        await second
    await asyncio.sleep(0)  # done callbacks run on the loop's next turn
    assert admission.in_flight == 0
    gate.clear()
    cancelled = asyncio.create_task(work())
    await asyncio.sleep(0)
    assert admission.in_flight == 1
    cancelled.cancel()
    with pytest.raises(asyncio.CancelledError):
        await cancelled
    await asyncio.sleep(0)
    assert admission.in_flight == 0 and admission.admitted == 3


async def test_a_handler_stuck_past_discord_s_15_minutes_gives_its_slot_back():
    clock = [0.0]
    admission = Admission(limit=1, monotonic=lambda: clock[0])
    hung = asyncio.Event()

    async def work(wait: bool) -> bool:
        if not admission.try_admit():
            return False
        if wait:
            await hung.wait()
        return True

    stuck = asyncio.create_task(work(wait=True))
    await asyncio.sleep(0)
    assert await asyncio.create_task(work(wait=False)) is False  # the slot is taken
    clock[0] = 14 * 60.0
    assert await asyncio.create_task(work(wait=False)) is False  # within Discord's 15 minutes
    clock[0] = 15 * 60.0 + 1
    assert await asyncio.create_task(work(wait=False)) is True  # the stuck one no longer counts
    await asyncio.sleep(0)
    assert admission.in_flight == 0 and not stuck.done()
    stuck.cancel()


def arriving(created: datetime, *, answered: bool = False):
    return SimpleNamespace(created_at=created,
                           response=SimpleNamespace(is_done=lambda: answered))


def test_lateness_counts_against_the_freshest_interaction_not_the_bot_s_clock():
    """Our clock 30 s ahead of Discord's: fresh interactions are on time, one that comes 4 s
    behind them is past the 3 s; a deferred one is past its 15 minutes only after them."""
    admission = Admission(now=at(30.0))
    assert admission.too_late(arriving(CREATED)) is None
    assert admission.lateness(arriving(CREATED)) == 0.0
    assert admission.too_late(arriving(CREATED - timedelta(seconds=2))) is None
    assert admission.too_late(arriving(CREATED - timedelta(seconds=4))) == "3 seconds"
    assert admission.too_late(arriving(CREATED - timedelta(minutes=14),
                                       answered=True)) is None
    assert admission.too_late(arriving(CREATED - timedelta(minutes=16),
                                       answered=True)) == "15 minutes"


def test_the_freshest_age_is_forgotten_after_a_few_minutes():
    """A clock that moved (NTP) is learned again: the old minimum ages out."""
    clock = [0.0]
    now = [CREATED]
    admission = Admission(now=lambda: now[0], monotonic=lambda: clock[0])
    assert admission.lateness(arriving(CREATED)) == 0.0
    now[0] = CREATED + timedelta(seconds=20)  # our clock jumped 20 s ahead
    assert admission.lateness(arriving(CREATED)) == 20.0
    clock[0] = 2 * BASELINE_SPAN + 1  # two spans later only the new ages count
    admission.lateness(arriving(CREATED))
    clock[0] = 3 * BASELINE_SPAN + 2
    assert admission.lateness(arriving(CREATED)) == 0.0

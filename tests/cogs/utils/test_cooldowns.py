"""Per-user cooldowns: the same limits and error as discord.py's, at a cost that does not
grow with how many users the bot has seen (work counted, not timed)."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
from discord import app_commands

from cogs.utils.cooldowns import PerUser, per_user
from tests.support.cost import calls


def interaction(user_id: int, at: float):
    return SimpleNamespace(user=SimpleNamespace(id=user_id),
                           created_at=datetime.fromtimestamp(at, UTC))


def test_four_uses_per_ten_seconds_per_user():
    buckets = PerUser(4, 10.0)
    assert [buckets.retry_after(1, 100.0 + i)[1] for i in range(4)] == [None] * 4
    _bucket, wait = buckets.retry_after(1, 104.0)
    assert wait == pytest.approx(6.0)  # the first use leaves the window at 110
    assert buckets.retry_after(2, 104.0)[1] is None  # another user is not held up
    assert buckets.retry_after(1, 110.5)[1] is None


async def test_the_check_raises_what_the_error_handler_words():
    check = per_user(1, 10.0)(lambda: None).__discord_app_commands_checks__[0]
    assert check(interaction(9, 50.0)) is True
    with pytest.raises(app_commands.CommandOnCooldown) as info:
        check(interaction(9, 51.0))
    assert info.value.retry_after == pytest.approx(9.0)


def test_the_cost_of_a_check_does_not_grow_with_the_audience():
    few, many = PerUser(4, 10.0), PerUser(4, 10.0)
    for user in range(10):
        few.retry_after(user, 1000.0)
    for user in range(10_000):
        many.retry_after(user, 1000.0)
    # Later uses, still inside the window, by a user seen before.
    assert calls(many.retry_after, 7, 1001.0) == calls(few.retry_after, 7, 1001.0)
    # Expired buckets go at the next sweep (once per period), not one by one.
    many.retry_after(1, 1011.5)
    assert len(many.buckets) == 1

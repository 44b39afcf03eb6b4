"""Shard arithmetic: ranges as `--shards` takes them, which guilds a process owns, and how a
cluster splits the shards between its processes."""

from __future__ import annotations

import pytest

from bot.discord_app.shards import (
    EVERY_SHARD,
    ShardError,
    Sharding,
    format_shard_ids,
    parse_shard_ids,
    shard_of,
    split,
)


def guild_on(shard: int, count: int, n: int = 0) -> int:
    """A guild id whose timestamp part puts it on `shard` (Discord's formula)."""
    return ((1000 * count + shard) << 22) | n


def test_shard_of_is_discords_formula():
    assert shard_of(guild_on(3, 8), 8) == 3
    assert shard_of(81384788765712384, 4) == (81384788765712384 >> 22) % 4


@pytest.mark.parametrize(("text", "ids"), [
    ("0-3", (0, 1, 2, 3)), ("4", (4,)), ("0,2,5-7", (0, 2, 5, 6, 7)), (" 1 , 0 ", (0, 1)),
    ("2-2", (2,)), ("1-2,2-3", (1, 2, 3)),
])
def test_shard_ranges(text, ids):
    assert parse_shard_ids(text) == ids
    assert parse_shard_ids(format_shard_ids(ids)) == ids


def test_ranges_print_shortest():
    assert format_shard_ids((0, 1, 2, 3, 6, 8, 9)) == "0-3,6,8-9"


@pytest.mark.parametrize("text", ["", "a", "1-", "-2", "3-1", "1..3", "0-3;4"])
def test_bad_ranges_say_how_to_write_one(text):
    with pytest.raises(ShardError):
        parse_shard_ids(text)


def test_a_process_owns_the_guilds_of_its_shards():
    mine = Sharding((0, 1), 4)
    assert mine.owns(guild_on(0, 4)) and mine.owns(guild_on(1, 4, 7))
    assert not mine.owns(guild_on(2, 4)) and not mine.owns(guild_on(3, 4))
    assert mine.share == 0.5
    assert mine.describe() == "shards 0-1 of 4"
    assert EVERY_SHARD.owns(guild_on(3, 4)) and EVERY_SHARD.share == 1.0


@pytest.mark.parametrize(("ids", "count", "says"), [
    ((0, 1), None, "needs --shard-count"), ((0, 8), 8, "shards are 0-7"), ((), 4, "no shards"),
    (None, 0, "at least 1"),
])
def test_shardings_that_cannot_work(ids, count, says):
    with pytest.raises(ShardError, match=says):
        Sharding(ids, count)


def test_a_cluster_splits_every_shard_once_in_even_runs():
    plans = split(10, 3)
    assert [p.ids for p in plans] == [(0, 1, 2, 3), (4, 5, 6), (7, 8, 9)]
    assert all(p.count == 10 for p in plans)
    assert [p.ids for p in split(4, 2)] == [(0, 1), (2, 3)]
    for count in range(1, 20):
        for processes in range(1, count + 1):
            ids = [i for p in split(count, processes) for i in p.ids]
            assert ids == list(range(count))
    with pytest.raises(ShardError, match="idle"):
        split(2, 3)
    with pytest.raises(ShardError, match="at least one"):
        split(2, 0)

"""Which of the bot's shards a process runs, and which guilds that makes its own.

Discord sends a guild's events to one shard, `(guild_id >> 22) % shard_count`; a process that
runs some shards answers those guilds and posts their story of the day. Plain values, no
discord.py: `storybot cluster` splits shards between processes without loading it.
"""

from __future__ import annotations

from dataclasses import dataclass

IDENTIFY_INTERVAL = 5.0  # seconds between two IDENTIFYs of one bot (Discord's max_concurrency 1)


class ShardError(ValueError):
    """A shard range or count that cannot work; the message says why."""


def shard_of(guild_id: int, shard_count: int) -> int:
    """The shard that receives a guild's events."""
    return (guild_id >> 22) % shard_count


def parse_shard_ids(text: str) -> tuple[int, ...]:
    """`0-3`, `4`, or `0,2,5-7` as sorted shard ids."""
    ids: set[int] = set()
    for part in (p.strip() for p in text.split(",")):
        first, dash, last = part.partition("-")
        if not first.isdigit() or (dash and not last.isdigit()):
            raise ShardError(f"{text!r} is not a shard range (write 0-3, 4 or 0,2,5-7)")
        low, high = int(first), int(last) if dash else int(first)
        if high < low:
            raise ShardError(f"{part!r} runs backwards (write {high}-{low})")
        ids.update(range(low, high + 1))
    return tuple(sorted(ids))


def format_shard_ids(ids: tuple[int, ...]) -> str:
    """The shortest `0-3,6` form of sorted shard ids (what `--shards` takes)."""
    runs: list[list[int]] = []
    for shard in ids:
        if runs and shard == runs[-1][1] + 1:
            runs[-1][1] = shard
        else:
            runs.append([shard, shard])
    return ",".join(f"{a}-{b}" if b > a else str(a) for a, b in runs)


@dataclass(frozen=True, slots=True)
class Sharding:
    """The shards one process runs: `ids` of `count` in all. No ids: every shard (and with
    no count either, as many as Discord recommends)."""

    ids: tuple[int, ...] | None = None
    count: int | None = None

    def __post_init__(self) -> None:
        if self.count is not None and self.count < 1:
            raise ShardError("the shard count must be at least 1")
        if self.ids is not None:
            if self.count is None:
                raise ShardError("--shards needs --shard-count (how many shards in all)")
            if not self.ids:
                raise ShardError("no shards to run")
            if self.ids[-1] >= self.count:
                raise ShardError(f"shard {self.ids[-1]} does not exist: with --shard-count "
                                 f"{self.count} the shards are 0-{self.count - 1}")

    def owns(self, guild_id: int) -> bool:
        """Whether this process receives the guild's events (so answers and posts for it)."""
        if self.ids is None or self.count is None:
            return True
        return shard_of(guild_id, self.count) in self.ids

    @property
    def share(self) -> float:
        """This process's part of the bot's shards (of its global rate limit too)."""
        if self.ids is None or self.count is None:
            return 1.0
        return len(self.ids) / self.count

    def describe(self) -> str:
        if self.ids is None:
            return f"all {self.count} shards" if self.count else "every shard Discord advises"
        return f"shards {format_shard_ids(self.ids)} of {self.count}"


EVERY_SHARD = Sharding()  # one process runs them all (the default)


def split(shard_count: int, processes: int) -> list[Sharding]:
    """Shards 0..count-1 in `processes` contiguous runs, as even as they go."""
    if processes < 1:
        raise ShardError("a cluster needs at least one process")
    if processes > shard_count:
        raise ShardError(f"{processes} processes for {shard_count} shards would leave some "
                         "idle; give at least as many shards as processes")
    size, extra = divmod(shard_count, processes)
    plans, start = [], 0
    for n in range(processes):
        end = start + size + (1 if n < extra else 0)
        plans.append(Sharding(tuple(range(start, end)), shard_count))
        start = end
    return plans

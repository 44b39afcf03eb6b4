"""Damaging a database file the way disks and careless copies do, reproducibly (seeded)."""

from __future__ import annotations

import random
from pathlib import Path

from bot.state import State


def overwrite(path: Path, chance: random.Random, count: int, *, past: int = 8192) -> None:
    """`count` random 64-byte overwrites at random places after the first `past` bytes, so
    the header still reads and the damage is only found inside the tables."""
    size = path.stat().st_size
    with path.open("r+b") as out:
        for _ in range(count):
            out.seek(chance.randrange(past, size - 64))
            out.write(chance.randbytes(64))


async def filled_state(path: Path) -> None:
    """A real state file with enough rows to span many pages."""
    state = await State.open(path)
    async with state.transaction() as session:
        await session.executemany(
            "INSERT INTO requests (user_id, guild_id, channel_id, kind, payload, created_at)"
            " VALUES (?, 1, 1, 'rec', ?, '2020-01-01T00:00:00+00:00')",
            [(i, '{"request": "%s"}' % ("spuffy " * 30)) for i in range(3000)])
    await state.close()

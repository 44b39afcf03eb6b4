"""Damaging a database file the way disks and careless copies do, reproducibly (seeded)."""

from __future__ import annotations

import random
import sqlite3
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


CATALOG_DAMAGE = ("truncated", "garbage", "empty", "newer")


def damaged_catalog(good: Path, kind: str, target: Path) -> Path:
    """A copy of the catalog `good` at `target`, damaged as `kind` (CATALOG_DAMAGE) says: cut
    to a third, random bytes, zero bytes, or marked as written by a newer storybot."""
    whole = good.read_bytes()
    target.write_bytes({"truncated": whole[: len(whole) // 3],
                        "garbage": random.Random(18).randbytes(60 * 1024),
                        "empty": b"", "newer": whole}[kind])
    if kind == "newer":
        with sqlite3.connect(target) as conn:
            conn.execute("PRAGMA user_version = 999")
    return target

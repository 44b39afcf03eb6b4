"""What only the SQLite backend does: a broken file is a clear error that leaves nothing
running."""

from __future__ import annotations

import asyncio
import random
import sqlite3
import threading
from pathlib import Path

import pytest

from bot.state import State, StateError
from tests.support.waiting import wait_until


def test_a_corrupt_file_is_a_clear_error_and_leaves_no_thread(tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    path.write_bytes(b"this is not a database, it is a shopping list\n" * 200)
    before = threading.active_count()
    with pytest.raises(StateError) as info:
        asyncio.run(State.open(path))
    assert str(path) in str(info.value) and "not a database" in str(info.value)
    assert isinstance(info.value.__cause__, sqlite3.DatabaseError)
    # aiosqlite's connection thread (not a daemon: left open it would keep the process alive)
    # was told to close and ends.
    wait_until(lambda: threading.active_count() == before, "the connection thread to end")


def test_a_folder_it_cannot_create_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the state folder should be")
    with pytest.raises(StateError, match="cannot open the state database sqlite:"):
        asyncio.run(State.open(blocker / "state.db"))


async def filled_state(path: Path) -> None:
    """A real state file with enough rows to span many pages."""
    state = await State.open(path)
    async with state.transaction() as session:
        await session.executemany(
            "INSERT INTO requests (user_id, guild_id, channel_id, kind, payload, created_at)"
            " VALUES (?, 1, 1, 'rec', ?, '2020-01-01T00:00:00+00:00')",
            [(i, '{"request": "%s"}' % ("spuffy " * 30)) for i in range(3000)])
    await state.close()


def damage_pages(path: Path, chance: random.Random, overwrites: int = 20) -> None:
    """Random 64-byte overwrites past the first pages: the header still reads."""
    size = path.stat().st_size
    with path.open("r+b") as out:
        for _ in range(overwrites):
            out.seek(chance.randrange(8192, size - 64))
            out.write(chance.randbytes(64))


def test_damaged_pages_behind_a_good_header_are_a_clear_error(tmp_path: Path) -> None:
    """Refused at open, closed, and named; never a raw sqlite3 error from a command later."""
    path = tmp_path / "state.db"
    asyncio.run(filled_state(path))
    damage_pages(path, random.Random(18))
    before = threading.active_count()
    with pytest.raises(StateError, match=f"state database sqlite:{path}"):
        asyncio.run(State.open(path))
    wait_until(lambda: threading.active_count() == before, "the connection thread to end")

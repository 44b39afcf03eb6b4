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
from tests.support.damage import filled_state, overwrite
from tests.support.waiting import wait_until


def _wait_for_no_new_threads(before: set[threading.Thread]) -> None:
    """Threads started since `before` have ended. Compared as sets: a thread of an earlier test
    ending meanwhile must not hide (or fake) the one under test, as a bare count could."""
    wait_until(lambda: not set(threading.enumerate()) - before, "the connection thread to end")


def test_a_corrupt_file_is_a_clear_error_and_leaves_no_thread(tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    path.write_bytes(b"this is not a database, it is a shopping list\n" * 200)
    before = set(threading.enumerate())
    with pytest.raises(StateError) as info:
        asyncio.run(State.open(path))
    assert str(path) in str(info.value) and "not a database" in str(info.value)
    assert isinstance(info.value.__cause__, sqlite3.DatabaseError)
    # aiosqlite's connection thread (not a daemon: left open it would keep the process alive)
    # was told to close and ends.
    _wait_for_no_new_threads(before)


def test_a_folder_it_cannot_create_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the state folder should be")
    with pytest.raises(StateError, match="cannot open the state database sqlite:"):
        asyncio.run(State.open(blocker / "state.db"))


def test_damaged_pages_behind_a_good_header_are_a_clear_error(tmp_path: Path) -> None:
    """Refused at open, closed, and named; never a raw sqlite3 error from a command later."""
    path = tmp_path / "state.db"
    asyncio.run(filled_state(path))
    overwrite(path, random.Random(18), 20)
    before = set(threading.enumerate())
    with pytest.raises(StateError, match=f"state database sqlite:{path}"):
        asyncio.run(State.open(path))
    _wait_for_no_new_threads(before)

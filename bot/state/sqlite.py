"""The embedded backend: one SQLite file (or `:memory:`) through aiosqlite.

One connection, so one process: aiosqlite runs one call at a time on its thread, but one
coroutine's statements could still interleave with another's (a commit landing between two
writes, a write between execute and fetch). Every access goes through one lock, so each read
and each transaction is whole.
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from collections.abc import AsyncIterator, Callable, Sequence
from pathlib import Path

import aiosqlite

from bot.state.backend import Params, Session, StateError, Step
from bot.state.schema import SQLITE_MIGRATIONS


class _SqliteSession:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self.conn = conn

    async def execute(self, sql: str, params: Params = ()) -> int:
        cursor = await self.conn.execute(sql, params)
        return cursor.rowcount

    async def executemany(self, sql: str, rows: Sequence[Params]) -> None:
        await self.conn.executemany(sql, rows)

    async def fetchall(self, sql: str, params: Params = ()) -> list[tuple]:
        return [tuple(r) for r in await self.conn.execute_fetchall(sql, params)]

    async def serialize(self, name: str) -> None:
        return None  # one connection under one lock: transactions already run one at a time


class SqliteBackend:
    kind = "sqlite"

    def __init__(self, conn: aiosqlite.Connection, where: str) -> None:
        self.conn = conn
        self.where = where
        self.lock = asyncio.Lock()
        self._session = _SqliteSession(conn)
        self._closed = False

    @classmethod
    async def open(cls, path: Path) -> SqliteBackend:
        """Open (creating it and its folder) and bring the schema up to date. A failure closes
        the connection (its thread would keep the process alive) and raises StateError."""
        where = f"sqlite:{path}"
        try:
            if str(path) != ":memory:":
                path.parent.mkdir(parents=True, exist_ok=True)
            conn = await aiosqlite.connect(path)
        except (OSError, sqlite3.Error) as exc:
            raise StateError(f"cannot open the state database {where}: {exc}") from exc
        try:
            await conn.execute("PRAGMA busy_timeout = 5000")
            await conn.execute("PRAGMA journal_mode = WAL")
            # In WAL mode NORMAL never corrupts the file; a power cut (not a crash of the bot)
            # may lose the last few commits. FULL would wait on the disk at every command.
            await conn.execute("PRAGMA synchronous = NORMAL")
            await _check(conn, where)
            await _migrate(conn, where)
        except BaseException as exc:
            await conn.close()
            if isinstance(exc, sqlite3.Error):
                raise StateError(f"cannot open the state database {where}: {exc}") from exc
            raise
        return cls(conn, where)

    async def fetchall(self, sql: str, params: Params = ()) -> list[tuple]:
        async with self.lock:
            return await self._session.fetchall(sql, params)

    @contextlib.asynccontextmanager
    async def transaction(self) -> AsyncIterator[_SqliteSession]:
        async with self.lock:
            try:
                yield self._session
            except BaseException:
                await self.conn.rollback()
                raise
            await self.conn.commit()

    async def batch(self, steps: Sequence[Step]) -> list[list[tuple]]:
        """The whole transaction in one call on aiosqlite's thread: each statement (and the
        commit) awaited on its own is a hop to that thread and back, each with two thread
        wake-ups, which cost more than the statements (a card's request and history: four
        hops made one). aiosqlite has no public call for a function on its thread; `_execute`
        is the one its own Cursor uses."""
        async with self.lock:
            return await self.conn._execute(_run_batch, self.conn._conn, steps)

    # One process holds the file's state: its own saves are all the changes it can miss.
    settings_cache_safe = True
    one_process = True

    def on_settings_changed(self, callback: Callable[[int], None]) -> None:
        return None

    async def settings_changed(self, session: Session, guild_id: int) -> None:
        return None

    async def close(self) -> None:
        async with self.lock:
            if not self._closed:
                self._closed = True
                await self.conn.close()


def _run_batch(conn: sqlite3.Connection, steps: Sequence[Step]) -> list[list[tuple]]:
    """On aiosqlite's thread: the steps, then the commit (a failure rolls all back)."""
    out: list[list[tuple]] = []
    try:
        for step in steps:
            if step.lock is not None:  # one connection: transactions already run one at a time
                out.append([])
            elif step.rows is not None:
                conn.executemany(step.sql, step.rows)
                out.append([])
            else:
                out.append([tuple(r) for r in conn.execute(step.sql, step.params).fetchall()])
    except BaseException:
        conn.rollback()
        raise
    conn.commit()
    return out


async def _check(conn: aiosqlite.Connection, where: str) -> None:
    """A damaged file is refused at start (one line), not found out by a command later."""
    row = await (await conn.execute("PRAGMA quick_check(1)")).fetchone()
    if not row or row[0] != "ok":
        problem = " ".join(str(row[0] if row else "no answer").split())
        raise StateError(f"the state database {where} is damaged ({problem}); restore it "
                         "from a backup, or move it away to start with empty state")


async def _migrate(conn: aiosqlite.Connection, where: str) -> None:
    row = await (await conn.execute("PRAGMA user_version")).fetchone()
    version = row[0] if row else 0  # the pragma always answers one row
    if version > len(SQLITE_MIGRATIONS):
        raise StateError(f"the state database {where} is at version {version}, newer than "
                         f"this storybot ({len(SQLITE_MIGRATIONS)}); upgrade storybot")
    for number in range(version, len(SQLITE_MIGRATIONS)):
        await conn.executescript(SQLITE_MIGRATIONS[number])
        await conn.execute(f"PRAGMA user_version = {number + 1}")
    await conn.commit()

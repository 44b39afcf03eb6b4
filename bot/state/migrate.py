"""Copy a server's state from its SQLite file into PostgreSQL (`storybot state migrate`).

Every table, in one PostgreSQL transaction: an interrupted copy leaves nothing half-done.
Rows are recognised by their keys (schema.TABLE_KEYS), so running it again adds only what is
new and never changes a row PostgreSQL already has. Request ids are kept, so the buttons on
messages sent before the move keep working; PostgreSQL's id counter is moved past them.
Run it with the bot stopped.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path

import asyncpg

from bot.state.backend import StateError
from bot.state.postgres import PostgresBackend
from bot.state.schema import TABLE_KEYS
from bot.state.sqlite import SqliteBackend

BATCH = 5000  # rows read from SQLite and sent to PostgreSQL at a time


@dataclass(frozen=True, slots=True)
class Copied:
    table: str
    read: int    # rows in the SQLite table
    added: int   # rows PostgreSQL did not have yet

    @property
    def already_there(self) -> int:
        return self.read - self.added


@dataclass(frozen=True, slots=True)
class Migration:
    source: str
    target: str
    tables: tuple[Copied, ...]

    @property
    def added(self) -> int:
        return sum(t.added for t in self.tables)


async def copy_state(source: Path, target_url: str, *, batch: int = BATCH) -> Migration:
    """Copy every state table from the SQLite file `source` into the PostgreSQL database at
    `target_url` (its tables created or upgraded first). StateError says what went wrong."""
    if not await asyncio.to_thread(source.is_file):
        raise StateError(f"there is no state database at {source} to copy")
    sqlite = await SqliteBackend.open(source)  # an older file is upgraded as the bot would
    try:
        postgres = await PostgresBackend.open(target_url, pool_size=1)
        try:
            tables = await _copy_tables(sqlite, postgres, batch)
        finally:
            await postgres.close()
    finally:
        await sqlite.close()
    return Migration(sqlite.where, postgres.where, tables)


async def _copy_tables(sqlite: SqliteBackend, postgres: PostgresBackend,
                       batch: int) -> tuple[Copied, ...]:
    copied = []
    async with postgres.pool.acquire() as conn, conn.transaction():
        for table, key in TABLE_KEYS.items():
            try:
                copied.append(await _copy_table(sqlite, conn, table, key, batch))
            except (asyncpg.PostgresError, asyncpg.InterfaceError, TypeError, ValueError,
                    OverflowError) as exc:  # TypeError, OverflowError: a value's type or size
                raise StateError(f"copying table {table} failed, nothing was copied: "
                                 f"{type(exc).__name__}: {exc}") from None
        await conn.execute(
            "SELECT setval(pg_get_serial_sequence('requests', 'id'), "
            "GREATEST((SELECT MAX(id) FROM requests), 1))")
    return tuple(copied)


async def _copy_table(sqlite: SqliteBackend, conn: asyncpg.Connection, table: str,
                      key: tuple[str, ...], batch: int) -> Copied:
    async with sqlite.lock:
        cursor = await sqlite.conn.execute(f"SELECT * FROM {table}")
        columns = [d[0] for d in cursor.description]
        names = ", ".join(columns)
        # A scratch copy of the table's shape: rows land there, then join the real table
        # with ON CONFLICT DO NOTHING, which counts what was new.
        await conn.execute(f"CREATE TEMP TABLE incoming (LIKE {table}) ON COMMIT DROP")
        read = 0
        while records := [tuple(r) for r in await cursor.fetchmany(batch)]:
            read += len(records)
            await conn.copy_records_to_table("incoming", records=records, columns=columns)
        await cursor.close()
    status = await conn.execute(
        f"INSERT INTO {table} ({names}) SELECT {names} FROM incoming "
        f"ON CONFLICT ({', '.join(key)}) DO NOTHING")
    await conn.execute("DROP TABLE incoming")
    return Copied(table, read, int(status.rsplit(" ", 1)[-1]))

"""The shared backend: PostgreSQL through asyncpg, for a bot that runs as several processes.

A pool of connections; each transaction holds one. Migrations run under an advisory lock, so
processes starting together migrate once. Guild settings are cached in each process and kept
true with LISTEN/NOTIFY: the transaction that saves a guild's settings notifies, every process
drops that guild from its cache (a dedicated listening connection; if it is lost, the cache is
switched off rather than trusted).
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
from collections.abc import AsyncIterator, Callable, Sequence

import asyncpg

from bot.state.backend import Params, Session, StateError, Step, redact_url, run_steps
from bot.state.schema import POSTGRES_MIGRATIONS

log = logging.getLogger(__name__)

SETTINGS_CHANNEL = "storybot_guild_settings"
_MIGRATION_LOCK = 0x53_74_6F_72_79  # pg_advisory_xact_lock key: "Story"
CONNECT_TIMEOUT = 30.0  # seconds; an unreachable server is an error, not a hang


@functools.lru_cache(maxsize=512)
def numbered(sql: str) -> str:
    """`?` placeholders as PostgreSQL's `$1, $2, …` (a `?` inside a quoted literal stays)."""
    out: list[str] = []
    number = 0
    quote: str | None = None
    for char in sql:
        if quote:
            quote = None if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == "?":
            number += 1
            out.append(f"${number}")
            continue
        out.append(char)
    return "".join(out)


def _rowcount(status: str) -> int:
    """Rows a statement changed, from its status ("INSERT 0 1", "UPDATE 3", "DELETE 0")."""
    last = status.rsplit(" ", 1)[-1]
    return int(last) if last.isdigit() else 0


class _PostgresSession:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self.conn = conn

    async def execute(self, sql: str, params: Params = ()) -> int:
        return _rowcount(await self.conn.execute(numbered(sql), *params))

    async def executemany(self, sql: str, rows: Sequence[Params]) -> None:
        await self.conn.executemany(numbered(sql), rows)

    async def fetchall(self, sql: str, params: Params = ()) -> list[tuple]:
        return [tuple(r) for r in await self.conn.fetch(numbered(sql), *params)]

    async def serialize(self, name: str) -> None:
        await self.conn.execute("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", name)


class PostgresBackend:
    kind = "postgresql"

    def __init__(self, pool: asyncpg.Pool, listener: asyncpg.Connection, where: str) -> None:
        self.pool = pool
        self.listener: asyncpg.Connection | None = listener
        self.where = where
        self._callbacks: list[Callable[[int], None]] = []
        self._closed = False

    @classmethod
    async def open(cls, url: str, *, pool_size: int = 10) -> PostgresBackend:
        """Connect, migrate, listen. A failure closes whatever was opened and raises
        StateError naming the server (never its password)."""
        where = redact_url(url)
        pool: asyncpg.Pool | None = None
        listener: asyncpg.Connection | None = None
        try:
            pool = await asyncpg.create_pool(url, min_size=1, max_size=pool_size,
                                             timeout=CONNECT_TIMEOUT)
            async with pool.acquire() as conn:
                await _migrate(conn, where)
            listener = await asyncpg.connect(url, timeout=CONNECT_TIMEOUT)
            backend = cls(pool, listener, where)
            await listener.add_listener(SETTINGS_CHANNEL, backend._notified)
        except BaseException as exc:
            if listener is not None:
                await listener.close()
            if pool is not None:
                await pool.close()
            if isinstance(exc, StateError):
                raise
            if isinstance(exc, (OSError, asyncio.TimeoutError, asyncpg.PostgresError,
                                asyncpg.InterfaceError, ValueError)):
                raise StateError(f"cannot open the state database {where}: "
                                 f"{type(exc).__name__}: {_without(exc, url)}") from None
            raise
        listener.add_termination_listener(backend._listener_lost)
        return backend

    async def fetchall(self, sql: str, params: Params = ()) -> list[tuple]:
        return [tuple(r) for r in await self.pool.fetch(numbered(sql), *params)]

    @contextlib.asynccontextmanager
    async def transaction(self) -> AsyncIterator[_PostgresSession]:
        async with self.pool.acquire() as conn, conn.transaction():
            yield _PostgresSession(conn)

    async def batch(self, steps: Sequence[Step]) -> list[list[tuple]]:
        async with self.transaction() as session:
            return await run_steps(session, steps)

    # --- keeping each process's settings cache true -------------------------------------------

    @property
    def settings_cache_safe(self) -> bool:
        return self.listener is not None and not self.listener.is_closed()

    def on_settings_changed(self, callback: Callable[[int], None]) -> None:
        self._callbacks.append(callback)

    # a member's exclusions may change through any process (whichever receives /exclude)
    one_process = False

    async def settings_changed(self, session: Session, guild_id: int) -> None:
        # Delivered when (and only if) the saving transaction commits.
        await session.execute("SELECT pg_notify(?, ?)", (SETTINGS_CHANNEL, str(guild_id)))

    def _notified(self, conn: object, pid: int, channel: str, payload: str) -> None:
        if payload.isdigit():
            for callback in self._callbacks:
                callback(int(payload))

    def _listener_lost(self, conn: object) -> None:
        if not self._closed:
            log.warning("lost the connection that hears settings changes from other "
                        "processes; guild settings are now read from %s every time",
                        self.where)
        self.listener = None

    async def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        listener, self.listener = self.listener, None
        if listener is not None:
            await listener.close()
        await self.pool.close()


def _without(exc: BaseException, url: str) -> str:
    """An error's text with the URL (and so its password) taken out, should it quote it."""
    return str(exc).replace(url, redact_url(url)) or "no detail"


async def _migrate(conn: asyncpg.Connection, where: str) -> None:
    async with conn.transaction():
        await conn.execute("SELECT pg_advisory_xact_lock($1)", _MIGRATION_LOCK)
        await conn.execute(
            "CREATE TABLE IF NOT EXISTS state_version (single BOOLEAN PRIMARY KEY DEFAULT TRUE "
            "CHECK (single), version INTEGER NOT NULL)")
        version = await conn.fetchval("SELECT version FROM state_version")
        if version is None:
            version = 0
            await conn.execute("INSERT INTO state_version (version) VALUES (0)")
        if version > len(POSTGRES_MIGRATIONS):
            raise StateError(f"the state database {where} is at version {version}, newer than "
                             f"this storybot ({len(POSTGRES_MIGRATIONS)}); upgrade storybot")
        for number in range(version, len(POSTGRES_MIGRATIONS)):
            await conn.execute(POSTGRES_MIGRATIONS[number])
            await conn.execute("UPDATE state_version SET version = $1", number + 1)

"""What the state API needs from a database, so the same SQL runs on SQLite and PostgreSQL.

The state code writes one dialect, the common ground of SQLite (3.35+) and PostgreSQL: `?`
placeholders (PostgreSQL's backend numbers them), `INSERT … ON CONFLICT … DO NOTHING / DO
UPDATE SET x = excluded.x`, `RETURNING`. Values are the same Python types on both (ints, text,
ISO-8601 UTC text for moments, 0/1 for flags), so a row reads back identically from either and
`storybot state migrate` copies rows verbatim.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

Params = Sequence[Any]


class StateError(RuntimeError):
    """The state database cannot be opened or used; the message names it (never a password)
    and says why."""


@dataclass(frozen=True, slots=True)
class Written:
    """What one write statement did (the attribute a cursor had, for the callers)."""

    rowcount: int


@dataclass(frozen=True, slots=True)
class Step:
    """One statement of a `Backend.batch`: run with `params`, or once per row of `rows`
    (executemany); or, with `lock`, a `Session.serialize(lock)`."""

    sql: str = ""
    params: Params = ()
    rows: Sequence[Params] | None = None
    lock: str | None = None


class Session(Protocol):
    """Statements on one connection inside one transaction."""

    async def execute(self, sql: str, params: Params = ()) -> int:
        """Run one statement; the number of rows it changed."""
        ...

    async def executemany(self, sql: str, rows: Sequence[Params]) -> None: ...

    async def fetchall(self, sql: str, params: Params = ()) -> list[tuple]: ...

    async def serialize(self, name: str) -> None:
        """Until this transaction ends, others that serialize on `name` wait for it."""
        ...


class Backend(Protocol):
    """One state database. Reads and transactions may run from many coroutines at once; each
    transaction is whole (no other coroutine's statements in between)."""

    kind: str        # "sqlite" or "postgresql"
    where: str       # the database, for messages: sqlite:PATH, or a URL without its password

    async def fetchall(self, sql: str, params: Params = ()) -> list[tuple]: ...

    def transaction(self) -> AbstractAsyncContextManager[Session]: ...

    async def batch(self, steps: Sequence[Step]) -> list[list[tuple]]:
        """The steps as one transaction, in as few round trips as the database allows;
        each step's rows (empty for a statement that returns none)."""
        ...

    def on_settings_changed(self, callback: Callable[[int], None]) -> None:
        """Call `callback(guild_id)` when another process saves a guild's settings."""
        ...

    @property
    def settings_cache_safe(self) -> bool:
        """Whether a process may keep guild settings in memory (every change reaches it)."""
        ...

    @property
    def one_process(self) -> bool:
        """Whether this process is the state's only writer (so what it wrote is all there is):
        then members' exclusions, read on every story command, may be kept in memory."""
        ...

    async def settings_changed(self, session: Session, guild_id: int) -> None:
        """Tell the other processes, as part of the transaction that saved them."""
        ...

    async def close(self) -> None: ...


def redact_url(url: str) -> str:
    """A database URL fit for messages and logs: the password (in the address or as a
    `password=` parameter) replaced by ***."""
    try:
        parts = urlsplit(url)
        netloc = parts.netloc
        if "@" in netloc:
            credentials, _, hosts = netloc.rpartition("@")
            user = credentials.split(":", 1)[0]
            netloc = f"{user}:***@{hosts}" if ":" in credentials else f"{user}@{hosts}"
        query = urlencode([(k, "***" if k.lower() == "password" else v)
                           for k, v in parse_qsl(parts.query, keep_blank_values=True)],
                          safe="*")
        return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))
    except ValueError:
        return "(a database URL that cannot be parsed)"


def is_postgres_url(location: object) -> bool:
    return isinstance(location, str) and location.split("://", 1)[0].lower() in {
        "postgresql", "postgres"}


async def run_steps(session: Session, steps: Sequence[Step]) -> list[list[tuple]]:
    """A batch's steps through a session, one statement at a time."""
    out: list[list[tuple]] = []
    for step in steps:
        if step.lock is not None:
            await session.serialize(step.lock)
            out.append([])
        elif step.rows is not None:
            await session.executemany(step.sql, step.rows)
            out.append([])
        else:
            out.append(await session.fetchall(step.sql, step.params))
    return out

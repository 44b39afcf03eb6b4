"""Shared pytest fixtures."""

from __future__ import annotations

import os
import secrets
import tempfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from tests.support import postgres
from tests.support.small_catalog import build_catalog


@pytest.fixture(scope="module")
def small_catalog(tmp_path_factory):
    """The seven-story catalog of tests/support/small_catalog.py, built once per module."""
    return build_catalog(tmp_path_factory.mktemp("cat") / "catalog.db")


@pytest.fixture
async def discord_double():
    """A running local Discord with discord.py pointed at it; fails the test on invalid bodies.

    A test that expects a violation claims it with `discord_double.take_violations()`.
    """
    from tests.discord_double import DiscordDouble
    from tests.discord_double.testing import pointed_at

    double = DiscordDouble()
    await double.start()
    try:
        with pointed_at(double):
            yield double
    finally:
        await double.stop()
    problems = double.problems()
    if problems:
        pytest.fail("the Discord stand-in saw problems:\n  " + "\n  ".join(problems), pytrace=False)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """The maintenance URL of a PostgreSQL server: CI's (STORYBOT_TEST_DATABASE_URL), else a
    throwaway one started for this test session. Fails, never skips, when neither is there."""
    url = os.environ.get(postgres.URL_VARIABLE)
    if url:
        yield url
        return
    # Not under pytest's own temporary folder: as root the server runs as `postgres`, which
    # cannot enter that folder's parents.
    folder = Path(tempfile.mkdtemp(prefix="storybot-pg-"))
    try:
        server = postgres.start(folder)
    except BaseException as exc:
        postgres.stop(folder)
        if isinstance(exc, postgres.PostgresUnavailable):
            pytest.fail(f"PostgreSQL: {exc}", pytrace=False)
        raise
    try:
        yield server.url
    finally:
        postgres.stop(folder)


@pytest.fixture
async def postgres_url(postgres_server: str) -> AsyncIterator[str]:
    """A fresh, empty database on the test server, dropped afterwards: its URL."""
    name = f"storybot_test_{secrets.token_hex(6)}"
    await postgres.create_database(postgres_server, name)
    try:
        yield postgres.database_url(postgres_server, name)
    finally:
        await postgres.drop_database(postgres_server, name)


@pytest.fixture(params=["sqlite", "postgresql"])
def state_location(request: pytest.FixtureRequest, tmp_path: Path) -> Path | str:
    """Where a test's server state lives, once per backend: a SQLite file, then a fresh
    PostgreSQL database. `State.open(state_location)` opens either."""
    if request.param == "sqlite":
        return tmp_path / "state.db"
    return request.getfixturevalue("postgres_url")

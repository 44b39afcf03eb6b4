"""Shared pytest fixtures."""

from __future__ import annotations

import pytest

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

"""Fixtures for the stand-in's own end-to-end tests."""

from __future__ import annotations

import pytest

from tests.discord_double.testing import connected
from tests.e2e.probe_client import ProbeClient


@pytest.fixture
async def probe(discord_double):
    """A connected ProbeClient whose global commands are registered with the stand-in."""
    client = ProbeClient()
    async with connected(discord_double, client):
        await client.tree.sync()
        yield client

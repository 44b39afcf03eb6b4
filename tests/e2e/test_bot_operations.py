"""Running the bot as an operator sees it: what it logs at start."""

from __future__ import annotations

import logging

from tests.e2e import bot_harness
from tests.e2e.bot_harness import running_bot

catalog = bot_harness.catalog  # fixture shared by the test_bot_* modules


async def test_start_logs_the_catalog_it_serves_and_how_many_stories(
        discord_double, catalog, tmp_path, caplog):
    with caplog.at_level(logging.INFO, logger="bot.discord_app.bot"):
        async with running_bot(discord_double, catalog, tmp_path / "state.db"):
            pass
    assert f"serving the catalog {catalog}: 37 stories" in caplog.messages

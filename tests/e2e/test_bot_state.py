"""The bot's server state as an admin configures it: a database it cannot open stops the start
with one clear error (naming the database, never its password), and nothing is left open."""

from __future__ import annotations

import pytest

from bot.discord_app.bot import StoryBot
from bot.state import StateError
from tests.e2e import bot_harness
from tests.e2e.bot_harness import bot_settings

catalog = bot_harness.catalog  # the fixture shared by the test_bot_* modules


async def test_a_state_database_that_cannot_be_opened_stops_the_start(
        discord_double, catalog, unused_tcp_port):
    url = f"postgresql://storybot:pa55-w0rd-secret@127.0.0.1:{unused_tcp_port}/storybot"
    bot = StoryBot(bot_settings(catalog, url))
    try:
        with pytest.raises(StateError) as info:
            await bot.login(discord_double.world.token)  # runs setup_hook, which opens state
    finally:
        await bot.close()
    assert f"postgresql://storybot:***@127.0.0.1:{unused_tcp_port}/storybot" in str(info.value)
    assert "pa55-w0rd-secret" not in str(info.value)
    assert not hasattr(bot, "state")

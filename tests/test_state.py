"""Server state on a real SQLite file: many coroutines at once never interleave statements."""

from __future__ import annotations

import asyncio
from pathlib import Path

from bot.state import HISTORY_LIMIT, GuildSettings, State


async def test_concurrent_writers_and_readers_stay_whole(tmp_path: Path) -> None:
    state = await State.open(tmp_path / "state.db")
    try:
        async def user(uid: int) -> None:
            for round_ in range(20):
                await state.remember_shown(uid, [f"s{uid}-{round_}-{i}" for i in range(3)])
                await state.shelve(uid, f"s{uid}-{round_}-0")
                assert f"s{uid}-{round_}-0" in await state.seen(uid)

        await asyncio.gather(*(user(uid) for uid in range(12)))
        for uid in range(12):
            assert len(await state.seen(uid)) == 60
            assert len(await state.shelf(uid)) == 20
    finally:
        await state.close()


async def test_history_is_capped_and_settings_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    state = await State.open(path, default_rating="general")
    await state.remember_shown(7, [f"s{i}" for i in range(HISTORY_LIMIT + 25)])
    assert len(await state.seen(7)) == HISTORY_LIMIT
    assert (await state.guild_settings(1)).rating_max == "general"
    await state.save_guild_settings(
        GuildSettings(1, "mature", excluded_tags=["Major Character Death"]))
    await state.close()
    again = await State.open(path)
    settings = await again.guild_settings(1)
    assert settings.rating_max == "mature"
    assert settings.excluded_tags == ["Major Character Death"]
    assert not await again.unshelve(7, "missing")
    await again.close()


async def test_the_not_rated_setting_round_trips_and_an_older_state_gains_it(
        tmp_path: Path) -> None:
    import sqlite3

    from bot.state import MIGRATIONS

    path = tmp_path / "state.db"
    old = sqlite3.connect(path)  # as the previous storybot left it: one migration
    old.executescript(MIGRATIONS[0])
    old.execute("INSERT INTO guild_settings (guild_id, rating_max) VALUES (3, 'mature')")
    old.execute("PRAGMA user_version = 1")
    old.commit()
    old.close()
    state = await State.open(path)
    settings = await state.guild_settings(3)
    assert settings.rating_max == "mature" and settings.not_rated == "hide"
    settings.not_rated = "estimate"
    await state.save_guild_settings(settings)
    assert (await state.guild_settings(3)).not_rated == "estimate"
    await state.close()

"""`storybot state migrate`'s copy: every table, row for row, idempotent, all or nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from pathlib import Path

import asyncpg
import pytest

from bot.daily.store import DailyStore
from bot.state import GuildSettings, State, StateError
from bot.state.migrate import copy_state
from bot.state.schema import TABLE_KEYS

NOW = datetime(2024, 6, 10, 9, 0, tzinfo=UTC)


async def fill(path: Path) -> dict[str, int]:
    """A server's state in a SQLite file, every table used; its request ids by name."""
    state = await State.open(path)
    try:
        await state.save_guild_settings(GuildSettings(2**61, "mature", excluded_tags=["Gore"]))
        await state.save_guild_settings(GuildSettings(7, "general", public_replies=False))
        for user in (1, 2**62):
            await state.shelve(user, "story-a")
            await state.remember_shown(user, [f"s{i}" for i in range(30)])
        ids = {"rec": await state.open_request(1, 7, 70, "rec", {"request": "sad spuffy 💔"}),
               "dm": await state.open_request(2, None, None, "random", {})}
        store = DailyStore(state)
        await store.set_schedule(7, 70, time(9), "Europe/Paris", mood="fluff", fandom=None,
                                 now=NOW)
        claim = await store.claim(7, date(2024, 6, 10), "story-a", 70, cycle=0,
                                  fandom="Buffy", pairing="Buffy/Spike", now=NOW)
        assert claim is not None
        await store.record_sent(claim, 2**60, NOW)
        await store.claim(7, date(2024, 6, 11), "story-b", 70, cycle=0, fandom="", pairing="",
                          now=NOW)  # claimed, never sent: copied as it is
        return ids
    finally:
        await state.close()


async def rows_of(location: Path | str) -> dict[str, list[tuple]]:
    state = await State.open(location)
    try:
        return {table: sorted(await state.fetchall(f"SELECT * FROM {table}"), key=repr)
                for table in TABLE_KEYS}
    finally:
        await state.close()


async def test_every_row_is_copied_once(tmp_path: Path, postgres_url: str) -> None:
    source = tmp_path / "state.db"
    ids = await fill(source)
    first = await copy_state(source, postgres_url)
    expected = await rows_of(source)
    assert await rows_of(postgres_url) == expected
    assert {t.table: t.added for t in first.tables} == {t: len(r) for t, r in expected.items()}
    assert first.added == sum(len(r) for r in expected.values()) == 2 + 2 + 60 + 2 + 1 + 2
    again = await copy_state(source, postgres_url)
    assert again.added == 0 and all(t.already_there == t.read for t in again.tables)
    assert await rows_of(postgres_url) == expected
    state = await State.open(postgres_url)
    try:
        # The buttons of messages sent before the move still find their requests, and new
        # requests get new ids.
        assert (await state.request(ids["rec"])).payload == {"request": "sad spuffy 💔"}
        assert await state.open_request(3, None, None, "rec", {}) > max(ids.values())
        assert (await state.guild_settings(2**61)).excluded_tags == ["Gore"]
        row = await DailyStore(state).post(7, date(2024, 6, 10))
        assert row.message_id == 2**60 and row.claimed_at == NOW
    finally:
        await state.close()


async def test_rows_postgresql_already_has_are_kept(tmp_path: Path, postgres_url: str) -> None:
    source = tmp_path / "state.db"
    await fill(source)
    state = await State.open(postgres_url)
    await state.save_guild_settings(GuildSettings(7, "explicit"))
    await state.close()
    copied = await copy_state(source, postgres_url)
    settings = {t.table: t for t in copied.tables}["guild_settings"]
    assert (settings.read, settings.added, settings.already_there) == (2, 1, 1)
    state = await State.open(postgres_url)
    try:
        assert (await state.guild_settings(7)).rating_max == "explicit"
    finally:
        await state.close()


async def test_a_failed_copy_copies_nothing(tmp_path: Path, postgres_url: str) -> None:
    source = tmp_path / "state.db"
    await fill(source)
    state = await State.open(source)
    # A value PostgreSQL cannot take (SQLite stores what it is given) in the last table.
    await state.write("UPDATE daily_posts SET attempts = 'many'")
    await state.close()
    with pytest.raises(StateError, match="copying table daily_posts failed, nothing was copied"):
        await copy_state(source, postgres_url)
    conn = await asyncpg.connect(postgres_url)
    try:
        assert await conn.fetchval("SELECT count(*) FROM guild_settings") == 0
    finally:
        await conn.close()


async def test_a_missing_source_is_refused_not_created(tmp_path: Path, postgres_url: str) -> None:
    with pytest.raises(StateError, match="no state database at"):
        await copy_state(tmp_path / "nowhere.db", postgres_url)
    assert not (tmp_path / "nowhere.db").exists()

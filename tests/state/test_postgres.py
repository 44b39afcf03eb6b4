"""What only the PostgreSQL backend does: several processes on one database (each State here
has its own connections, as a process would), the migration lock, errors that name the server
but never its password."""

from __future__ import annotations

import asyncio

import asyncpg
import pytest

from bot.state import GuildSettings, State, StateError
from bot.state.postgres import numbered
from bot.state.schema import POSTGRES_MIGRATIONS
from tests.support.waiting import eventually


def test_placeholders_are_numbered_outside_quoted_text() -> None:
    assert numbered("SELECT a FROM t WHERE b = ? AND c = ?") == \
        "SELECT a FROM t WHERE b = $1 AND c = $2"
    assert numbered("SELECT '?', \"odd?\" FROM t WHERE x = ?") == \
        "SELECT '?', \"odd?\" FROM t WHERE x = $1"


async def test_a_settings_change_reaches_every_process(postgres_url: str) -> None:
    one, two = await State.open(postgres_url), await State.open(postgres_url)
    try:
        assert (await two.guild_settings(5)).rating_max == "teen"  # now in two's cache
        changed = await one.guild_settings(5)
        changed.rating_max, changed.excluded_tags = "mature", ["Gore"]
        await one.save_guild_settings(changed)

        async def two_sees_it() -> bool:
            return (await two.guild_settings(5)).rating_max == "mature"

        await eventually(two_sees_it, "the other process to hear of the change")
        assert (await two.guild_settings(5)).excluded_tags == ["Gore"]
        assert two.backend.settings_cache_safe
    finally:
        await one.close()
        await two.close()


async def test_a_lost_listener_turns_the_settings_cache_off(postgres_url: str) -> None:
    one, two = await State.open(postgres_url), await State.open(postgres_url)
    try:
        await two.guild_settings(5)
        listener = two.backend.listener
        admin = await asyncpg.connect(postgres_url)
        try:
            await admin.execute("SELECT pg_terminate_backend($1)",
                                listener.get_server_pid())
        finally:
            await admin.close()

        async def cache_off() -> bool:
            return not two.backend.settings_cache_safe

        await eventually(cache_off, "the lost listener to be noticed")
        await one.save_guild_settings(GuildSettings(5, "general"))
        # No notification can come now: two reads the database itself.
        assert (await two.guild_settings(5)).rating_max == "general"
    finally:
        await one.close()
        await two.close()


async def test_processes_starting_together_migrate_once(postgres_url: str) -> None:
    states = await asyncio.gather(*(State.open(postgres_url) for _ in range(4)))
    try:
        assert await states[0].fetchall("SELECT version FROM state_version") == [
            (len(POSTGRES_MIGRATIONS),)]
        assert await states[3].shelve(1, "a") and not await states[1].shelve(1, "a")
    finally:
        for state in states:
            await state.close()


async def test_an_unreachable_server_is_a_clear_error_without_its_password(
        unused_tcp_port: int) -> None:
    url = f"postgresql://storybot:pa55-w0rd-secret@127.0.0.1:{unused_tcp_port}/state"
    with pytest.raises(StateError) as info:
        await State.open(url)
    message = str(info.value)
    assert f"postgresql://storybot:***@127.0.0.1:{unused_tcp_port}/state" in message
    assert "pa55-w0rd-secret" not in message and "refused" in message.lower()
    assert info.value.__cause__ is None and info.value.__context__ is not None


async def test_a_missing_database_is_named(postgres_url: str) -> None:
    missing = postgres_url.rsplit("/", 1)[0] + "/no_such_database"
    with pytest.raises(StateError, match=r'no_such_database.*does not exist'):
        await State.open(missing)


async def test_a_failed_open_leaves_no_connection_behind(postgres_url: str) -> None:
    state = await State.open(postgres_url)
    await state.write("UPDATE state_version SET version = 99")
    await state.close()
    with pytest.raises(StateError, match="newer than this storybot"):
        await State.open(postgres_url)
    assert await _others(postgres_url) == 0


async def _others(url: str) -> int:
    admin = await asyncpg.connect(url)
    try:
        return await admin.fetchval(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid()")
    finally:
        await admin.close()


async def test_every_failure_in_open_closes_what_was_opened(postgres_url: str,
                                                           monkeypatch) -> None:
    """A failure at the last step (listening for settings changes) or in the cleanup State.open
    runs after migrating: the pool and the listener are closed, and it is a StateError."""
    async def refuse(self, channel, callback):
        raise asyncpg.InterfaceError("injected: cannot listen")

    with monkeypatch.context() as patch:
        patch.setattr(asyncpg.Connection, "add_listener", refuse)
        with pytest.raises(StateError, match="injected: cannot listen"):
            await State.open(postgres_url)
    await eventually(lambda: _zero(postgres_url), "every connection to be closed", 10)

    state = await State.open(postgres_url)
    await state.write("ALTER TABLE requests RENAME COLUMN created_at TO made_at")
    await state.close()
    with pytest.raises(StateError, match="cannot open the state database"):
        await State.open(postgres_url)  # its DELETE of old requests fails
    await eventually(lambda: _zero(postgres_url), "every connection to be closed", 10)


async def _zero(url: str) -> bool:
    return await _others(url) == 0

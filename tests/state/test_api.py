"""The state API on both backends (a real SQLite file, a real PostgreSQL database): every test
here runs once per backend through the `state_location` fixture."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.state import HISTORY_LIMIT, REQUEST_TTL_DAYS, GuildSettings, State, StateError, utcnow
from bot.state.backend import Step
from bot.vocabulary import DEFAULT_CEILING


async def test_concurrent_writers_and_readers_stay_whole(state_location) -> None:
    state = await State.open(state_location)
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


async def test_history_is_capped_and_settings_round_trip(state_location) -> None:
    state = await State.open(state_location, default_rating="general")
    await state.remember_shown(7, [f"s{i}" for i in range(HISTORY_LIMIT + 25)])
    assert len(await state.seen(7)) == HISTORY_LIMIT
    await state.remember_shown(7, ["newest", "newest"])  # a repeat in one call is one row
    assert "newest" in await state.seen(7) and len(await state.seen(7)) == HISTORY_LIMIT
    assert (await state.guild_settings(1)).rating_max == "general"
    await state.save_guild_settings(
        GuildSettings(1, "mature", allow_explicit_nsfw=False,
                      excluded_tags=["Major Character Death"], public_replies=False))
    await state.close()
    again = await State.open(state_location)
    settings = await again.guild_settings(1)
    assert settings == GuildSettings(1, "mature", True, False, ["Major Character Death"], False)
    assert (await again.guild_settings(None)).rating_max == DEFAULT_CEILING  # a DM
    assert not await again.unshelve(7, "missing")
    await again.close()


async def test_settings_handed_out_are_copies_until_saved(state_location) -> None:
    state = await State.open(state_location)
    try:
        mine = await state.guild_settings(3)
        mine.excluded_tags.append("Angst")
        mine.rating_max = "explicit"
        assert await state.guild_settings(3) == GuildSettings(3)  # unsaved edits stay mine
        await state.save_guild_settings(mine)
        assert (await state.guild_settings(3)).excluded_tags == ["Angst"]
        mine.excluded_tags.append("Gore")  # edited again after saving: not seen either
        assert (await state.guild_settings(3)).excluded_tags == ["Angst"]
    finally:
        await state.close()


async def test_shelves_keep_order_and_say_what_changed(state_location) -> None:
    state = await State.open(state_location)
    try:
        big_user = 2**62 + 5  # Discord ids need 64 bits
        assert await state.shelve(big_user, "a")
        assert not await state.shelve(big_user, "a")
        assert await state.shelve(big_user, "b")
        assert set(await state.shelf(big_user)) == {"a", "b"}
        assert await state.unshelve(big_user, "a")
        assert not await state.unshelve(big_user, "a")
        assert await state.shelf(big_user) == ["b"]
        assert await state.shelf(1) == []
    finally:
        await state.close()


async def test_requests_round_trip_and_expire(state_location) -> None:
    state = await State.open(state_location)
    payload = {"request": "sad spuffy", "options": {"complete": True}, "emoji": "💔 \"q\""}
    first = await state.open_request(10, 2**60, 3, "rec", payload)
    second = await state.open_request(10, None, None, "random", {})
    assert second != first
    found = await state.request(first)
    assert (found.user_id, found.guild_id, found.channel_id, found.kind, found.payload) == (
        10, 2**60, 3, "rec", payload)
    assert (await state.request(second)).guild_id is None
    assert await state.request(second + 1000) is None
    old = (utcnow().replace(year=utcnow().year - 1)).isoformat()
    await state.write("UPDATE requests SET created_at = ? WHERE id = ?", (old, first))
    await state.close()
    # Buttons older than REQUEST_TTL_DAYS stop working: their requests go at the next open.
    assert REQUEST_TTL_DAYS < 365
    state = await State.open(state_location)
    try:
        assert await state.request(first) is None
        assert (await state.request(second)).kind == "random"
        assert await state.open_request(1, None, None, "rec", {}) > second  # ids never reused
    finally:
        await state.close()


async def test_a_transaction_is_whole_or_not_at_all(state_location) -> None:
    state = await State.open(state_location)
    try:
        with pytest.raises(RuntimeError, match="half way"):
            async with state.transaction() as session:
                assert await session.execute(
                    "INSERT INTO shelves (user_id, story_id, saved_at) VALUES (?, ?, ?)",
                    (1, "kept?", utcnow().isoformat())) == 1
                raise RuntimeError("half way")
        assert await state.shelf(1) == []
    finally:
        await state.close()


async def test_closing_twice_is_harmless(state_location) -> None:
    state = await State.open(state_location)
    await state.close()
    await state.close()


async def test_a_database_newer_than_this_storybot_is_refused(state_location) -> None:
    state = await State.open(state_location)
    if isinstance(state_location, Path):
        await state.write("PRAGMA user_version = 99")
    else:
        await state.write("UPDATE state_version SET version = 99")
    await state.close()
    with pytest.raises(StateError, match="version 99, newer than this storybot"):
        await State.open(state_location)


async def test_an_empty_history_update_changes_nothing(state_location) -> None:
    state = await State.open(state_location)
    try:
        await state.remember_shown(4, ["a"])
        await state.remember_shown(4, [])
        assert await state.seen(4) == frozenset({"a"})
    finally:
        await state.close()


async def test_the_not_rated_setting_round_trips(state_location) -> None:
    state = await State.open(state_location)
    try:
        settings = await state.guild_settings(3)
        assert settings.not_rated == "hide"
        settings.not_rated = "estimate"
        await state.save_guild_settings(settings)
        assert (await state.guild_settings(3)).not_rated == "estimate"
    finally:
        await state.close()


async def test_an_older_sqlite_state_gains_the_not_rated_setting(tmp_path: Path) -> None:
    import sqlite3

    from bot.state.schema import SQLITE_MIGRATIONS

    path = tmp_path / "state.db"
    old = sqlite3.connect(path)  # as the previous storybot left it: one migration
    old.executescript(SQLITE_MIGRATIONS[0])
    old.execute("INSERT INTO guild_settings (guild_id, rating_max) VALUES (3, 'mature')")
    old.execute("PRAGMA user_version = 1")
    old.commit()
    old.close()
    state = await State.open(path)
    try:
        settings = await state.guild_settings(3)
        assert settings.rating_max == "mature" and settings.not_rated == "hide"
    finally:
        await state.close()


async def test_a_request_and_what_it_shows_are_written_together(state_location) -> None:
    state = await State.open(state_location)
    try:
        await state.remember_shown(5, [f"old{i}" for i in range(HISTORY_LIMIT)])
        request_id = await state.open_request(5, 1, 2, "rec", {"request": "fluff"},
                                              shown=["s1", "s1"])
        stored = await state.request(request_id)
        assert stored is not None and stored.payload == {"request": "fluff"}
        seen = await state.seen(5)
        assert "s1" in seen and len(seen) == HISTORY_LIMIT  # still capped
        plain = await state.open_request(6, None, None, "shelf", {})
        assert await state.request(plain) is not None and not await state.seen(6)
    finally:
        await state.close()


async def test_settings_only_read_are_the_kept_ones_and_a_save_replaces_them(
        state_location) -> None:
    """The checks every story command makes read the kept settings without copying them; a
    save leaves what was read as it was and the next read sees the change."""
    state = await State.open(state_location)
    try:
        seen = await state.guild_settings(8, to_edit=False)
        again = await state.guild_settings(8, to_edit=False)
        assert again is seen or not state.backend.settings_cache_safe
        mine = await state.guild_settings(8)
        assert mine is not seen
        mine.channels.append(5)
        await state.save_guild_settings(mine)
        assert seen.channels == []
        assert (await state.guild_settings(8, to_edit=False)).channels == [5]
    finally:
        await state.close()


async def test_a_members_exclusions_are_theirs_and_lift(state_location) -> None:
    state = await State.open(state_location)
    try:
        member = 2**62 + 9
        assert await state.member_exclusions(member) == []
        assert await state.exclude_for_member(member, "tag", "grief")
        assert await state.exclude_for_member(member, "ship", "*/Riley")
        assert not await state.exclude_for_member(member, "tag", "grief")  # already there
        assert await state.exclude_for_member(member, "story", "abc123")
        assert await state.member_exclusions(member) == [
            ("tag", "grief"), ("ship", "*/Riley"), ("story", "abc123")]
        assert await state.member_exclusions(member + 1) == []  # nobody else's
        assert await state.lift_for_member(member, "ship", "*/Riley")
        assert not await state.lift_for_member(member, "ship", "*/Riley")
        assert await state.member_exclusions(member) == [("tag", "grief"), ("story", "abc123")]
    finally:
        await state.close()


async def test_a_members_exclusions_are_read_once_where_one_process_holds_the_state(
        state_location) -> None:
    """Every story command reads its member's exclusions: SQLite (one process) keeps them in
    memory until the member changes them; PostgreSQL (any process may change them) reads."""
    state = await State.open(state_location)
    try:
        member = 2**62 + 11
        assert await state.exclude_for_member(member, "tag", "grief")
        reads = 0
        read = state.backend.fetchall

        async def counted(sql: str, params=()) -> list:
            nonlocal reads
            reads += "member_exclusions" in sql
            return await read(sql, params)

        state.backend.fetchall = counted  # type: ignore[method-assign]
        for _ in range(3):
            assert await state.member_exclusions(member) == [("tag", "grief")]
        assert reads == (1 if state.backend.one_process else 3)
        assert await state.lift_for_member(member, "tag", "grief")
        assert await state.member_exclusions(member) == []  # the change is seen at once
    finally:
        await state.close()


async def test_members_without_exclusions_cost_no_read_where_one_process_holds_the_state(
        state_location) -> None:
    """Most members have no exclusions: SQLite (one process) knows who has any from the
    state's open on, so the others' story commands read nothing; a member who adds one is read
    from then on, and so is one who had some before the state was opened again."""
    ruled, plain, newcomer = 2**62 + 21, 2**62 + 22, 2**62 + 23
    first = await State.open(state_location)
    try:
        assert await first.exclude_for_member(ruled, "tag", "grief")
    finally:
        await first.close()
    state = await State.open(state_location)
    try:
        reads: list[str] = []
        read = state.backend.fetchall

        async def counted(sql: str, params=()) -> list:
            reads.append(sql)
            return await read(sql, params)

        state.backend.fetchall = counted  # type: ignore[method-assign]
        assert await state.member_exclusions(plain) == []
        assert await state.member_exclusions(ruled) == [("tag", "grief")]
        assert len(reads) == (1 if state.backend.one_process else 2)
        assert await state.exclude_for_member(newcomer, "fandom", "Supernatural")
        assert await state.member_exclusions(newcomer) == [("fandom", "Supernatural")]
        assert await state.member_exclusions(plain) == []
    finally:
        await state.close()


async def test_a_cards_request_and_history_are_one_transaction_in_one_call(
        state_location) -> None:
    """A card's request and the history it adds are written together: on SQLite in one call
    on aiosqlite's thread (each statement and the commit were one each); a batch that fails
    part-way leaves nothing behind, on either backend."""
    state = await State.open(state_location)
    try:
        calls = 0
        if state.backend.kind == "sqlite":
            run = state.backend.conn._execute  # type: ignore[attr-defined]

            async def counted(fn, *args, **kwargs):
                nonlocal calls
                calls += 1
                return await run(fn, *args, **kwargs)

            state.backend.conn._execute = counted  # type: ignore[attr-defined]
        first = await state.open_request(31, 5, 6, "rec", {"request": "x"}, shown=["a", "b"])
        assert calls == (1 if state.backend.kind == "sqlite" else 0)
        assert await state.seen(31) == {"a", "b"}
        assert (await state.request(first)).payload == {"request": "x"}
        with pytest.raises(Exception, match="no_such_table"):
            await state.backend.batch([
                Step("INSERT INTO history (user_id, story_id, shown_at) VALUES (?, ?, ?)",
                     (31, "c", utcnow().isoformat())),
                Step("INSERT INTO no_such_table VALUES (1)")])
        assert await state.seen(31) == {"a", "b"}  # the first insert was rolled back
        second = await state.open_request(31, 5, 6, "rec", {})
        assert second > first
    finally:
        await state.close()


async def test_server_exclusions_and_channels_round_trip(state_location) -> None:
    state = await State.open(state_location)
    try:
        big_channel = 2**62 + 3

        def change(settings: GuildSettings) -> None:
            settings.excluded_tags.append("grief")
            settings.exclusions += [("ship", "*/Riley Finn"), ("story", "s1")]
            settings.channels.append(big_channel)

        saved = await state.update_guild_settings(4, change)
        assert saved.exclusion_rules() == [("tag", "grief"), ("ship", "*/Riley Finn"),
                                           ("story", "s1")]
        again = await state.guild_settings(4)
        assert again == saved and again.channels == [big_channel]
        assert again.answers_in(big_channel) and not again.answers_in(big_channel + 1)
        assert again.answers_in(5, parent_id=big_channel)  # a thread of an allowed channel
        assert (await state.guild_settings(5)).answers_in(123)  # no list: every channel
        again.exclusions.clear()  # a copy: unsaved edits change nothing
        assert (await state.guild_settings(4)).exclusions == saved.exclusions
    finally:
        await state.close()


async def test_settings_updates_at_once_keep_every_change(state_location) -> None:
    state = await State.open(state_location)
    try:
        async def add(tag: str) -> None:
            await state.update_guild_settings(6, lambda s: s.excluded_tags.append(tag))

        await asyncio.gather(*(add(f"tag {i}") for i in range(10)))
        assert sorted((await state.guild_settings(6)).excluded_tags) == sorted(
            f"tag {i}" for i in range(10))
    finally:
        await state.close()


async def test_damaged_exclusions_and_channels_are_left_out(state_location) -> None:
    state = await State.open(state_location)
    try:
        await state.save_guild_settings(GuildSettings(8))
        await state.write("UPDATE guild_settings SET exclusions = ?, channels = ? "
                          "WHERE guild_id = 8",
                          ('[["ship", "*/X"], ["nonsense", "y"], "tag", ["fandom", ""]]',
                           '[12, "oops", "34"]'))
        state._settings_cache.clear()
        settings = await state.guild_settings(8)
        assert settings.exclusions == [("ship", "*/X")] and settings.channels == [12, 34]
    finally:
        await state.close()

"""A server's shelf read from the state after a change reads only the records that changed
(a new upload, one read again, one removed and added again), and is the shelf a first read
gives, on both backends."""

from __future__ import annotations

import pytest

from bot.discord_app.shelves import ShelfLoader
from bot.state import State
from bot.state import recommendations as recs


def upload(n: int, reading: int = 1) -> recs.NewUpload:
    return recs.NewUpload(f"Story {n}", [f"key:{n}"], f'{{"story": {n}, "reading": {reading}}}',
                          f"uploads/1/{n}.txt", reading)


async def test_a_change_reads_only_the_records_that_changed(
        state_location, monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[list[str]] = []
    records = recs.records

    async def counted(state: State, guild_id: int, story_ids: list[str]) -> dict:
        asked.append(sorted(story_ids))
        return await records(state, guild_id, story_ids)

    monkeypatch.setattr(recs, "records", counted)
    state = await State.open(state_location)
    try:
        for n in range(3):
            await recs.recommend(state, 1, f"u{n}", 10 + n, "", status=recs.APPROVED, cap=9,
                                 upload=upload(n))
        await recs.recommend(state, 1, "uq", 20, "", status=recs.QUEUED, cap=9,
                             upload=upload(9))  # queued: not on the shelf
        load = ShelfLoader(state)

        async def shelf_now() -> tuple:
            shelf = await load(1)
            fresh = await ShelfLoader(state)(1)  # what a first read gives
            assert shelf == fresh
            return shelf.stories

        assert [sid for sid, _ in await shelf_now()] == ["u0", "u1", "u2"]
        assert asked[0] == ["u0", "u1", "u2"]
        asked.clear()

        await recs.recommend(state, 1, "u3", 13, "", status=recs.APPROVED, cap=9,
                             upload=upload(3))
        assert [sid for sid, _ in await shelf_now()] == ["u0", "u1", "u2", "u3"]
        assert asked[0] == ["u3"]  # the new upload's record only
        asked.clear()

        assert await recs.read_again(state, 1, [("u1", upload(1, reading=2))]) == 1
        stories = dict(await shelf_now())
        assert stories["u1"] == upload(1, reading=2).record and asked[0] == ["u1"]
        asked.clear()

        await recs.remove(state, 1, "u0")
        await recs.approve(state, 1, "uq", 20)
        assert [sid for sid, _ in await shelf_now()] == ["u1", "u2", "uq", "u3"]  # as added
        assert asked[0] == ["uq"]
        asked.clear()

        # the same story removed and added again (another file of it): its record read again
        await recs.remove(state, 1, "u2")
        await recs.recommend(state, 1, "u2", 12, "", status=recs.APPROVED, cap=9,
                             upload=recs.NewUpload("Story 2", ["key:2"], '{"other": 2}',
                                                   "uploads/1/2b.txt", 1))
        stories = dict(await shelf_now())
        assert stories["u2"] == '{"other": 2}' and asked[0] == ["u2"]

        credits_only = await load(1, stories=False)
        assert credits_only.stories == () and credits_only.keys["key:3"] == "u3"
    finally:
        await state.close()


async def test_a_shelf_read_makes_one_plain_row_an_upload(
        state_location, monkeypatch: pytest.MonkeyPatch) -> None:
    """(16y) A shelf is read on every change, on the event loop: its uploads' keys and status
    and its approved credits, as plain rows (`shelf_rows`, `approved_credits`), not every
    upload and credit of the server as a record (titles, files, queued credits)."""
    state = await State.open(state_location)
    try:
        for n in range(3):
            await recs.recommend(state, 1, f"u{n}", 10 + n, f"note {n}",
                                 status=recs.APPROVED, cap=9, upload=upload(n))
        await recs.recommend(state, 1, "u1", 20, "also", status=recs.APPROVED, cap=9)
        await recs.recommend(state, 1, "u0", 21, "queued", status=recs.QUEUED, cap=9)
        before = await ShelfLoader(state)(1)

        async def whole(*args: object, **kwargs: object) -> list:
            raise AssertionError("every upload or credit read as a record")

        monkeypatch.setattr(recs, "uploads", whole)
        monkeypatch.setattr(recs, "credits", whole)
        shelf = await ShelfLoader(state)(1)
        assert shelf == before
        assert shelf.credits == {"u0": ((10, "note 0"),), "u1": ((11, "note 1"), (20, "also")),
                                 "u2": ((12, "note 2"),)}
        assert shelf.keys == {"key:0": "u0", "key:1": "u1", "key:2": "u2"}
    finally:
        await state.close()

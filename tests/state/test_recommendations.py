"""Members' recommendations in the state, on both backends (`state_location`): the daily cap,
"also recommended by", the queue, removal, and a crash mid-way leaving nothing."""

from __future__ import annotations

import asyncio
from dataclasses import replace

import pytest

from bot.state import State
from bot.state import recommendations as recs

UPLOAD = recs.NewUpload("A Story", ["ta:astory|someone", "body:abc"], '{"rows": 1}',
                        "uploads/1/abc.txt")


async def test_upload_credit_queue_and_removal(state_location) -> None:
    state = await State.open(state_location)
    heard: list[int] = []
    state.on_guild_changed(heard.append)
    try:
        added = await recs.recommend(state, 1, "uX", 10, "read it", status=recs.QUEUED, cap=5,
                                     upload=UPLOAD)
        assert added.credited and added.new_story and 1 in heard
        also = await recs.recommend(state, 1, "uX", 11, "", status=recs.QUEUED, cap=5,
                                    upload=UPLOAD)
        assert also.credited and not also.new_story  # "also recommended by"
        again = await recs.recommend(state, 1, "uX", 11, "", status=recs.QUEUED, cap=5)
        assert not again.credited
        assert await recs.approve(state, 1, "uX", 10)
        assert not await recs.approve(state, 1, "uX", 10)  # already dealt with
        [upload] = await recs.uploads(state, 1)
        assert upload.status == recs.APPROVED and upload.keys == tuple(UPLOAD.keys)
        assert upload.record == UPLOAD.record  # and, when only keys and status matter:
        assert await recs.uploads(state, 1, records=False) == [replace(upload, record="")]
        rejected = await recs.reject(state, 1, "uX", 11)
        assert rejected is not None and not rejected.story_gone
        removed = await recs.remove(state, 1, "uX", 10)
        assert removed.story_gone and removed.file == UPLOAD.file
        assert await recs.uploads(state) == [] and await recs.credits(state) == []
    finally:
        await state.close()


async def test_the_daily_cap_counts_a_member_in_one_server(state_location) -> None:
    state = await State.open(state_location)
    try:
        results = await asyncio.gather(*(
            recs.recommend(state, 1, f"s{i}", 10, "", status=recs.APPROVED, cap=3)
            for i in range(6)))
        assert sum(r.credited for r in results) == 3
        assert sum(r.over_cap for r in results) == 3
        assert (await recs.recommend(state, 2, "s0", 10, "", status=recs.APPROVED,
                                     cap=3)).credited  # another server counts apart
    finally:
        await state.close()


async def test_remove_and_add_again_still_counts_against_the_cap(state_location) -> None:
    state = await State.open(state_location)
    try:
        for i in range(3):  # add, take back, add again: three adds today, one row left
            assert (await recs.recommend(state, 1, f"s{i}", 10, "", status=recs.APPROVED,
                                         cap=3)).credited
            await recs.remove(state, 1, f"s{i}", 10)
        assert await recs.credits(state, 1) == []
        refused = await recs.recommend(state, 1, "s9", 10, "", status=recs.APPROVED, cap=3)
        assert refused.over_cap and not refused.credited
        assert (await recs.recommend(state, 1, "s9", 11, "", status=recs.APPROVED,
                                     cap=3)).credited  # another member counts apart
        # a rejected (queued) one was added too; "already recommended" adds nothing
        await recs.recommend(state, 2, "q", 10, "", status=recs.QUEUED, cap=2)
        await recs.reject(state, 2, "q", 10)
        assert not (await recs.recommend(state, 2, "r", 10, "", status=recs.APPROVED,
                                         cap=2)).over_cap
        assert not (await recs.recommend(state, 2, "r", 10, "", status=recs.APPROVED,
                                         cap=2)).credited
        assert (await recs.recommend(state, 2, "t", 10, "", status=recs.APPROVED,
                                     cap=2)).over_cap
    finally:
        await state.close()


async def test_an_upload_read_again_keeps_its_id_credits_and_status(state_location) -> None:
    state = await State.open(state_location)
    heard: list[int] = []
    state.on_guild_changed(heard.append)
    try:
        await recs.recommend(state, 1, "uX", 10, "note", status=recs.QUEUED, cap=5,
                             upload=UPLOAD)  # made before readings were counted (0)
        assert await recs.read_before(state, 2) == [(1, "uX", UPLOAD.file)]
        heard.clear()
        newer = recs.NewUpload("A Story, Read Better", ["ta:better"], '{"rows": 2}',
                               UPLOAD.file, 2)
        assert await recs.read_again(state, 1, [("uX", newer), ("uGone", newer)]) == 1
        assert set(heard) == {1} and await recs.read_before(state, 2) == []  # heard
        [upload] = await recs.uploads(state, 1)
        assert (upload.story_id, upload.title, upload.keys, upload.record, upload.status) == (
            "uX", newer.title, ("ta:better",), newer.record, recs.QUEUED)
        assert [c.note for c in await recs.credits(state, 1)] == ["note"]
    finally:
        await state.close()


async def test_a_failure_mid_way_leaves_nothing(state_location) -> None:
    state = await State.open(state_location)
    try:
        # the story's row is written, then the credit's fails: both are rolled back
        with pytest.raises(Exception):  # noqa: B017 - each backend raises its own error
            await recs.recommend(state, 1, "uY", 10, None, status=recs.APPROVED,  # type: ignore[arg-type]
                                 cap=5, upload=UPLOAD)
        assert await recs.uploads(state) == [] and await recs.credits(state) == []
    finally:
        await state.close()

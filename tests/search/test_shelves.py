"""A server's shelf in the search: built from what the state says, dropped on a change (its
file removed once no call uses it), built again when a change overtook the build, and kept
only briefly when other processes' changes cannot be heard."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from bot.catalog.analyse import init_worker
from bot.catalog.uploads import analyse_upload
from bot.parsers import Limits
from bot.search.engine import Engine
from bot.search.shelves import GuildShelves, Shelf

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures/formats/text/fanficfare.txt"


@pytest.fixture(scope="module")
def record() -> tuple[str, str]:
    init_worker(None, Limits())
    story = analyse_upload(FIXTURE.read_bytes(), FIXTURE.name, Limits())
    return story.story_id(1), story.record


async def test_change_rebuild_and_files(tmp_path: Path, record) -> None:
    loads = []
    gate, loading = asyncio.Event(), asyncio.Event()
    gate.set()

    async def load(guild_id: int) -> Shelf:
        loads.append(guild_id)
        loading.set()
        await gate.wait()
        return Shelf(stories=(record,), credits={record[0]: ((5, "note"),)})

    async def locate(story_id: str) -> int | None:
        return 1 if story_id == record[0] else None

    with ThreadPoolExecutor(2) as pool:
        shelves = GuildShelves(tmp_path, Engine.open, pool, load, locate)
        first = await shelves.get(1)
        assert first.holder is not None and record[0] in first.ids
        assert await shelves.get(1) is first and loads == [1]  # kept in memory
        files = list(shelves.folder.glob("*.sqlite"))
        assert len(files) == 1
        with first.holder.use():
            shelves.forget(1)
            assert files[0].exists()  # a call still uses it
        assert not files[0].exists()  # then it goes
        # a change while building: built again before it is served
        gate.clear()
        loading.clear()
        building = asyncio.create_task(shelves.get(1))
        await loading.wait()  # the build is under way
        shelves.forget(1)
        gate.set()
        served = await building
        assert len(loads) == 3 and await shelves.get(1) is served
        assert await shelves.holder_of(record[0]) is served.holder
        assert await shelves.holder_of("u000000000000") is None
        shelves.close()
        assert not list(shelves.folder.glob("*.sqlite"))


async def test_unheard_changes_keep_a_shelf_briefly(tmp_path: Path, record) -> None:
    async def load(guild_id: int) -> Shelf:
        return Shelf(stories=(record,))

    async def locate(story_id: str) -> int | None:
        return None

    with ThreadPoolExecutor(2) as pool:
        shelves = GuildShelves(tmp_path, Engine.open, pool, load, locate,
                               cache_safe=lambda: False)
        first = await shelves.get(1)
        assert first.expires < float("inf")
        first.expires = 0.0  # as if its time were up
        assert await shelves.get(1) is not first
        shelves.close()

"""The search's view of each server's recommendations, read from the server state.

Joins the two (the search core knows nothing of the state): a server's approved uploads and
credits become the `Shelf` the search serves, and a change to them, heard from this process
or another (PostgreSQL notices), rebuilds that server's shelf. Uploads an older reading made
are read again from their kept files (`read_uploads_again`, at start and catalog reload).
"""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from concurrent.futures import Executor
from pathlib import Path
from typing import Any

from bot.catalog.uploads import READ_VERSION, UploadReader, UploadRefused
from bot.search.shelves import GuildShelves, Shelf
from bot.state import State
from bot.state import recommendations as recs

log = logging.getLogger(__name__)


class ShelfLoader:
    """Reads servers' shelves from the state. The records of the uploads a server's last read
    held (the same story, added at the same moment, made by the same reading) are kept, not
    read again: a change reads only the records that changed, not every upload's (a whole
    story's JSON each, decoded into this process's memory while the searches wait)."""

    def __init__(self, state: State) -> None:
        self.state = state
        # server -> story id -> (created at, reading, record), as of its last read
        self._records: dict[int, dict[str, tuple[str, int, str]]] = {}

    async def __call__(self, guild_id: int, *, stories: bool = True) -> Shelf:
        """A server's shelf: approved uploads and credits, and every upload's identity keys
        (`stories=False`: credits and keys only, the uploads' records not read)."""
        uploads = await recs.shelf_rows(self.state, guild_id)  # (id, status, keys, at, reading)
        credits: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for story_id, user_id, note in await recs.approved_credits(self.state, guild_id):
            credits[story_id].append((user_id, note))  # oldest first
        approved = [u for u in uploads if u[1] == recs.APPROVED] if stories else []
        kept = self._records.get(guild_id, {})
        held = {story_id: found for story_id, _status, _keys, *made in approved
                if (found := kept.get(story_id)) is not None and list(found[:2]) == made}
        held.update(await recs.records(self.state, guild_id,
                                       [u[0] for u in approved if u[0] not in held]))
        if stories:
            self._records[guild_id] = held
        return Shelf(
            stories=tuple((u[0], held[u[0]][2]) for u in approved
                          if u[0] in held),  # one removed meanwhile is gone
            credits={story_id: tuple(found) for story_id, found in credits.items()},
            keys={key: u[0] for u in uploads for key in u[2]})


async def read_uploads_again(state: State, reader: UploadReader, home: Path) -> int:
    """Read again, from their kept files, the uploads an older reading made (newer parsers,
    a newer catalog schema): in the reader's worker process, the files read on a thread,
    so the event loop only waits. Ids, credits and status stay; an upload whose file is gone
    or no longer reads keeps its record (logged; tried again next time). How many changed."""
    stale = await recs.read_before(state, READ_VERSION)
    by_guild: dict[int, list[tuple[str, recs.NewUpload]]] = defaultdict(list)
    for guild_id, story_id, file in stale:
        try:
            data = await asyncio.to_thread((home / file).read_bytes)
            story = await reader.read(data, Path(file).name)
        except (OSError, UploadRefused) as exc:
            log.warning("upload %s (server %s) not read again: %s", story_id, guild_id, exc)
            continue
        by_guild[guild_id].append((story_id, recs.NewUpload(
            story.title, story.keys, story.record, file, READ_VERSION)))
    changed = 0
    for guild_id, readings in by_guild.items():
        changed += await recs.read_again(state, guild_id, readings)
    if stale:
        log.info("uploads read again with the current parsers: %d of %d", changed, len(stale))
    return changed


async def locate_upload(state: State, story_id: str) -> int | None:
    row = await state.fetchone(
        "SELECT guild_id FROM recommended_stories WHERE story_id = ? LIMIT 1", (story_id,))
    return int(row[0]) if row else None


def serve_shelves(search: Any, state: State, folder: Path, opener: Any,
                  executor: Executor, reader: UploadReader | None = None) -> GuildShelves:
    """Give the search every server's recommendations, kept true as they change (a shelf's
    file written in the upload `reader`'s worker when it is up)."""
    load = ShelfLoader(state)
    shelves = GuildShelves(folder, opener, executor, load, lambda s: locate_upload(state, s),
                           lambda: state.backend.settings_cache_safe, catalog=search.holder,
                           load_credits=lambda g: load(g, stories=False),
                           offload=reader.offload if reader else lambda job: (False, None))
    state.on_guild_changed(shelves.forget)
    search.shelves = shelves
    return shelves

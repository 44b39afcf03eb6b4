"""Each server's recommended stories, searchable beside the shared catalog.

A server's shelf (its approved uploads and who recommended what) comes from the server state
through `load`; its uploads are written as a small catalog (bot.catalog.shelf) and served by an
`Engine` like the main catalog, so one ranking code scores both and the service merges their
answers into one list. Built off the event loop on first use and kept in memory. A change
(`forget`, called by the state's change notices from any process) starts a new build at once
while the old engine keeps answering: a search never waits for a build; the new engine is
swapped in when it is ready (built again first when a change overtook it), and the old one
closes when its last call ends.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import itertools
import logging
import math
import os
import shutil
import weakref
from collections.abc import Awaitable, Callable, Mapping
from concurrent.futures import Executor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from bot.catalog.holder import EngineHolder
from bot.catalog.ingest import alive
from bot.catalog.shelf import VocabularyChange, write_shelf
from bot.catalog.uploads import UPLOAD_PREFIX
from bot.search.engine import Engine
from bot.search.model import SearchResult
from bot.search.text import fold

log = logging.getLogger(__name__)

REBUILDS = 3  # builds in a row when changes keep overtaking them (each one is swapped in)
UNHEARD_TTL = 5.0  # seconds a shelf is kept when other processes' changes cannot be heard
Recommenders = tuple[tuple[int, str], ...]  # (member id, note), oldest first


@dataclass(frozen=True, slots=True)
class Shelf:
    """A server's recommendations as the search needs them."""

    # approved uploads: (story id, record as the state keeps it), decoded off the loop
    stories: tuple[tuple[str, str], ...] = ()
    credits: Mapping[str, Recommenders] = field(default_factory=dict)  # approved, any story
    keys: Mapping[str, str] = field(default_factory=dict)  # identity key -> upload id (any)


@dataclass(slots=True)
class Served:
    """A loaded shelf and the engine over its uploads (None when it has none)."""

    shelf: Shelf
    holder: EngineHolder[Engine] | None
    ids: frozenset[str]
    expires: float = math.inf  # loop time after which it is built again
    generation: int = 0  # the server's change count it was loaded at
    # uploads the catalog now holds too (ingest's identity keys): upload id -> catalog id
    in_catalog: Mapping[str, str] = field(default_factory=dict)


class GuildShelves:
    def __init__(self, folder: Path, opener: Callable[[Path], Engine], executor: Executor,
                 load: Callable[[int], Awaitable[Shelf]],
                 locate: Callable[[str], Awaitable[int | None]],
                 cache_safe: Callable[[], bool] = lambda: True,
                 catalog: EngineHolder[Engine] | None = None,
                 load_credits: Callable[[int], Awaitable[Shelf]] | None = None,
                 offload: Callable[[Callable[[], Any]], tuple[bool, Any]] = lambda job: (
                     False, None)) -> None:
        # runs a build's file writing in another process when it can ((True, its answer)),
        # else it is written on this process's thread (UploadReader.offload: the upload worker)
        self.offload = offload
        self.catalog = catalog  # an upload it holds too is served as the catalog's copy
        # this process's own builds (a cluster's processes share the home); a dead one's go
        self.folder = folder / str(os.getpid())
        _clear_dead(folder)
        self.locate = locate  # the server an upload's id belongs to, from the state
        self.cache_safe = cache_safe  # False: another process's changes may not be heard
        self.opener = opener
        self.executor = executor
        self.load = load
        # the shelf without its stories (credits, keys): a lookup's, not reading every upload
        self.load_credits = load_credits or load
        self._served: dict[int, Served] = {}
        self._generation: dict[int, int] = {}
        self._building: dict[int, asyncio.Task[Served]] = {}  # one build at a time a server
        self._builds = itertools.count()  # each build its own file
        self._bases: dict[Path, tuple[tuple[str, str], ...]] = {}  # what each base file holds
        # the catalog engine asked, and its copies: (upload id, *keys) -> catalog id or None
        self._asked: tuple[weakref.ref[Engine] | Callable[[], None],
                           dict[tuple[str, ...], str | None]] = (lambda: None, {})

    def forget(self, guild_id: int) -> None:
        """The server's shelf changed: build it again now (a shelf in memory keeps answering
        until the new one is ready). Safe from any callback on the event loop."""
        self._generation[guild_id] = self._generation.get(guild_id, 0) + 1
        try:
            asyncio.get_running_loop()
        except RuntimeError:  # no loop here (a test, a shutdown): built on its next use
            return
        if guild_id in self._served:
            self._start(guild_id)

    def catalog_changed(self) -> None:
        """A rebuilt catalog is served: every shelf in memory is built again against it (an
        upload it now holds leaves the shelf, its credit going to the catalog's copy)."""
        for guild_id in list(self._served):
            self.forget(guild_id)

    def _current(self, guild_id: int, served: Served) -> bool:
        return (served.generation == self._generation.get(guild_id, 0)
                and served.expires > asyncio.get_running_loop().time())

    async def get(self, guild_id: int, *, fresh: bool = False) -> Served:
        """The server's shelf and engine. While a new one builds, the one in memory answers
        (`fresh`: wait for the shelf as it is now, for a story just added); only a server's
        first use waits for its build. Enter the holder's `use` before the next await: a shelf
        swapped out meanwhile closes only when its callers are done."""
        served = self._served.get(guild_id)
        if served is not None and self._current(guild_id, served):
            return served
        building = self._start(guild_id)
        if served is not None and not fresh:
            return served
        return await asyncio.shield(building)

    async def shelf(self, guild_id: int) -> Shelf:
        """The server's credits and identity keys as the state has them now, without
        waiting for an engine: read again (not its stories) while the shelf in memory is out
        of date."""
        served = self._served.get(guild_id)
        if served is not None and self._current(guild_id, served):
            return served.shelf
        return credited_to(await self.load_credits(guild_id),
                           served.in_catalog if served is not None else {})

    def _start(self, guild_id: int) -> asyncio.Task[Served]:
        building = self._building.get(guild_id)
        if building is None or building.done():
            building = asyncio.get_running_loop().create_task(self._rebuild(guild_id))
            building.add_done_callback(_log_failure)
            self._building[guild_id] = building
        return building

    async def _rebuild(self, guild_id: int) -> Served:
        """Build, and swap in, until a build is not overtaken by a change (at most REBUILDS
        in a row: a shelf changing all the time is served as of the last build, and built
        again on its next use)."""
        loop = asyncio.get_running_loop()
        for _attempt in range(REBUILDS):
            generation = self._generation.get(guild_id, 0)
            served = await self._build(guild_id)
            served.generation = generation
            if not self.cache_safe():  # changes from elsewhere may go unheard
                served.expires = loop.time() + UNHEARD_TTL
            self._swap(guild_id, served)
            if self._generation.get(guild_id, 0) == generation:
                break
        return served

    def _swap(self, guild_id: int, served: Served) -> None:
        old = self._served.get(guild_id)
        self._served[guild_id] = served
        if old is not None and old.holder is not None:  # closing is disk work: off the loop
            try:
                self.executor.submit(old.holder.retire)
            except RuntimeError:  # the pool is shut down: the bot is closing
                old.holder.retire()

    async def _build(self, guild_id: int) -> Served:
        shelf = await self.load(guild_id)
        if not shelf.stories:
            return Served(shelf, None, frozenset())
        path = self.folder / f"{guild_id}.sqlite"
        served = self._served.get(guild_id)  # the last build's, serving until this one is
        return await asyncio.get_running_loop().run_in_executor(
            self.executor, self._open, path, shelf, next(self._builds),
            served.holder if served is not None else None)

    def _open(self, path: Path, shelf: Shelf, build: int,
              previous: EngineHolder[Engine] | None = None) -> Served:
        """The shelf less the uploads the catalog holds too, and its engine. One file per
        build: an engine still answering keeps reading its own file. What `previous` (the
        engine serving now) read of the stories this build copied from its file, the new
        engine keeps: a change costs the searches after it only what changed."""
        in_catalog = self._in_catalog(shelf)
        shelf = credited_to(shelf, in_catalog)
        if not shelf.stories:
            return Served(shelf, None, frozenset(), in_catalog=in_catalog)
        building = path.with_name(f"{path.stem}-{build}.sqlite")
        copied, change = self._write(path, building, shelf.stories,
                                     previous.path if previous is not None else None)
        with contextlib.ExitStack() as stack:
            # the engine serving now, held until the new one took what it keeps
            old = stack.enter_context(previous.use()) if copied and previous else None
            try:
                holder = EngineHolder(building, self._opener_after(old, change),
                                      remove_on_close=True,
                                      close_in=self.executor.submit)
            except BaseException:
                building.unlink(missing_ok=True)
                raise
            if old is not None:
                try:  # its caches only: no read of its file
                    holder.engine.carry(old, copied)
                except Exception:  # what it would keep is read again when asked
                    log.warning("shelf %s: nothing kept from the last engine", path.name,
                                exc_info=True)
        return Served(shelf, holder, frozenset(sid for sid, _ in shelf.stories),
                      in_catalog=in_catalog)

    def _opener_after(self, previous: Engine | None,
                      change: VocabularyChange | None = None) -> Callable[[Path], Engine]:
        """The opener, its first engine taking over `previous`'s vocabulary (a change's
        build: `Engine.open`; `change`, the vocabulary rows the build changed from
        `previous`'s file); a later reload of the holder opens as usual."""
        if previous is None:
            return self.opener
        once = [previous]

        def opener(path: Path) -> Engine:
            return (self.opener(path, previous=once.pop(),  # type: ignore[call-arg]
                                change=change) if once
                    else self.opener(path))
        return opener

    def _in_catalog(self, shelf: Shelf) -> dict[str, str]:
        """Uploads a later catalog holds as well, by ingest's identity keys: the catalog's copy
        is the story (one result, not two)."""
        if self.catalog is None or not shelf.stories:
            return {}
        keys: dict[str, list[str]] = {}
        for key, story_id in shelf.keys.items():
            keys.setdefault(story_id, []).append(key)
        with self.catalog.use() as engine:
            # what this catalog answered before (a change asks about its new uploads only)
            served, known = self._asked
            if served() is not engine:
                known = {}
                self._asked = (weakref.ref(engine), known)
            copies = {}
            for story_id, _ in shelf.stories:
                asked = (story_id, *keys.get(story_id, ()))
                if asked not in known:
                    known[asked] = engine.story_with_keys(asked[1:])
                if (copy := known[asked]) is not None:
                    copies[story_id] = copy
            return copies

    def _write(self, path: Path, building: Path, stories: tuple[tuple[str, str], ...],
               serving: Path | None = None
               ) -> tuple[frozenset[str], VocabularyChange | None]:
        """Build the shelf's file from the last build (kept as a hard link, never written)
        plus what changed: one upload costs one story's work, not the shelf's. Where the
        change is not an append in the shelf's order (an old upload approved late), build it
        whole, so every build holds the stories in the order a whole build would. The ids of
        the stories copied, rows and row ids alike, from the file at `serving` (none when the
        last build is another file), and the vocabulary rows the build changed from that file
        (None when it copied none: then the new engine reads its vocabulary to compare)."""
        base = path.with_name(f"{path.stem}.base")  # not a served build's name
        built = self._bases.pop(path, None)  # per server: its builds hold its lock
        kept: tuple[tuple[str, str], ...] = ()
        if built is not None and base.exists():
            present = set(stories)
            kept = tuple(s for s in built if s in present)
            if stories[:len(kept)] != kept:
                kept = ()
        copied = frozenset(sid for sid, _ in kept) if kept and _same_file(base, serving) \
            else frozenset()
        added = stories[len(kept):]
        gone = {sid for sid, _ in built or ()} - {sid for sid, _ in kept}
        job = functools.partial(write_shelf, building, added, base if kept else None,
                                gone if kept else ())
        ran, change = self.offload(job)
        if not ran:
            change = job()
        change = change if copied else None  # the rows changed from another file's
        linking = base.with_name(f".{base.name}.{os.getpid()}")
        try:
            linking.unlink(missing_ok=True)
            os.link(building, linking)
            os.replace(linking, base)
        except OSError as exc:  # a file system without hard links: the next build is whole
            log.warning("shelf %s: no base kept for the next build (%s)", path.name, exc)
            return copied, change
        self._bases[path] = stories
        return copied, change

    async def holder_of(self, story_id: str) -> EngineHolder[Engine] | None:
        """The engine of the shelf holding an upload (an upload's id names one server's)."""
        if not story_id.startswith(UPLOAD_PREFIX):
            return None
        for served in self._served.values():
            if story_id in served.ids:
                return served.holder
            if story_id in served.in_catalog:
                return self.catalog
        guild_id = await self.locate(story_id)
        if guild_id is None:
            return None
        served = await self.get(guild_id, fresh=True)  # an upload just added: its build
        if story_id in served.in_catalog:
            return self.catalog
        return served.holder if story_id in served.ids else None

    def catalog_id(self, story_id: str) -> str:
        """The catalog's id for an upload it holds too (its cards carry that id), else the id."""
        for served in self._served.values():
            if story_id in served.in_catalog:
                return served.in_catalog[story_id]
        return story_id

    def close(self) -> None:
        for building in self._building.values():
            building.cancel()
        for served in self._served.values():
            if served.holder is not None:
                served.holder.retire()
        self._served.clear()
        for path in list(self._bases):
            self._bases.pop(path, None)
            path.with_name(f"{path.stem}.base").unlink(missing_ok=True)


def credited_to(shelf: Shelf, in_catalog: Mapping[str, str]) -> Shelf:
    """The shelf less the uploads the catalog holds too, their credits on the catalog's copy
    (after any it had)."""
    if not in_catalog:
        return shelf
    credits: dict[str, Recommenders] = {}
    for story_id, found in shelf.credits.items():
        target = in_catalog.get(story_id, story_id)
        known = {member for member, _note in credits.get(target, ())}
        credits[target] = (*credits.get(target, ()),
                           *(c for c in found if c[0] not in known))
    return Shelf(stories=tuple(s for s in shelf.stories if s[0] not in in_catalog),
                 credits=credits, keys=shelf.keys)


def _same_file(a: Path, b: Path | None) -> bool:
    try:
        return b is not None and os.path.samefile(a, b)
    except OSError:
        return False


def _log_failure(building: asyncio.Task[Served]) -> None:
    """A build nobody waited for (the old shelf answered meanwhile) that failed: said once
    here; the next use builds again."""
    if not building.cancelled() and building.exception() is not None:
        log.warning("a server's shelf could not be built", exc_info=building.exception())


def _clear_dead(folder: Path) -> None:
    """Remove the builds of processes that are gone (and this process's id's, reused)."""
    if not folder.is_dir():
        return
    for child in folder.iterdir():
        if child.is_dir() and child.name.isdigit() and (
                int(child.name) == os.getpid() or not alive(int(child.name))):
            shutil.rmtree(child, ignore_errors=True)


def merged(main: SearchResult, own: SearchResult, limit: int) -> SearchResult:
    """The catalog's answer and a server's uploads' answer as one list, best score first (the
    same ranking code scored both), a story whose whole title is the request before all: each
    side read the request without the other's titles ("Upload 10 Quiet Silver" is the catalog's
    "Silver" and a mood there). The catalog's explanations stand unless only the uploads
    matched."""
    if not own.matches:
        return main
    wanted = fold(main.query)  # a story the request names by its whole title
    matches = sorted((*main.matches, *own.matches),
                     key=lambda m: (fold(m.card.title or "") != wanted, -m.score))[:max(1, limit)]
    if main.matches:
        return replace(main, matches=tuple(matches))
    return replace(main, matches=tuple(matches), alternatives=own.alternatives,
                   hidden=own.hidden)

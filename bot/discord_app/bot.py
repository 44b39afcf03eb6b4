"""The Discord bot: opens the catalog and server state, loads each cog, answers slash commands.

Everything Discord-facing hangs off `StoryBot`; the search core it calls knows nothing of
Discord. Search and database work runs in worker threads so the event loop never blocks.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import importlib.util
import logging
import pkgutil
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import discord
from discord.ext import commands

from bot.catalog.uploads import UploadReader
from bot.config import Settings
from bot.discord_app.callbacks import UnechoedAdapter, answer_without_echo
from bot.discord_app.clock import REAL, Clock
from bot.discord_app.errors import install_error_handler
from bot.discord_app.eventloop import share_the_interpreter
from bot.discord_app.heartbeat import beat_forever
from bot.discord_app.overload import Admission, AdmittingTree
from bot.discord_app.shards import EVERY_SHARD, Sharding
from bot.discord_app.shelves import read_uploads_again, serve_shelves
from bot.knowledge import Knowledge
from bot.search.engine import Engine
from bot.search.service import SearchService
from bot.state import State

log = logging.getLogger(__name__)

# Answer directly if the work is done this long after the interaction was created; otherwise
# defer and edit. Well inside 3 s even on a busy machine, and long enough that a normal search
# never pays for the extra round trip.
ANSWER_WINDOW = 1.0


def find_extensions() -> tuple[str, ...]:
    """Every feature module in `cogs/` (one slash-command feature per file), by name. Found
    without importing them: each is loaded on its own, and one that fails is only logged."""
    spec = importlib.util.find_spec("cogs")
    folders = list(spec.submodule_search_locations or ()) if spec else []
    return tuple(sorted(f"cogs.{m.name}" for m in pkgutil.iter_modules(folders)
                        if not m.ispkg and not m.name.startswith("_")))


class StoryBot(commands.AutoShardedBot):
    """Runs the shards `sharding` names in one process (all of them unless told); several
    processes, each with its own shards, share the server state in PostgreSQL."""

    search: SearchService
    state: State
    uploads: UploadReader  # members' story files, read in a worker process

    def __init__(self, settings: Settings, *, catalog: Path | None = None,
                 extensions: tuple[str, ...] | None = None,
                 heartbeat: Path | None = None,
                 sharding: Sharding = EVERY_SHARD, clock: Clock = REAL) -> None:
        intents = discord.Intents.none()
        intents.guilds = True  # channels (NSFW flags) and permissions; nothing privileged
        shards: dict[str, Any] = {} if sharding.ids is None else {
            "shard_ids": list(sharding.ids)}
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents,
            allowed_mentions=discord.AllowedMentions.none(),
            owner_ids=set(settings.owner_ids),
            help_command=None,
            shard_count=sharding.count,
            tree_cls=AdmittingTree,
            **shards,
        )
        self.sharding = sharding
        self.settings = settings
        self.catalog_path = catalog or settings.catalog_path
        self.extensions_to_load = find_extensions() if extensions is None else extensions
        self.failed_extensions: dict[str, str] = {}
        self.executor = ThreadPoolExecutor(max_workers=4, thread_name_prefix="search")
        self._watcher: asyncio.Task | None = None
        self._rereading: asyncio.Task | None = None
        self.heartbeat_path = heartbeat  # where to say "alive" for `storybot health`
        self._heartbeat: asyncio.Task | None = None
        self._knowledge: Knowledge | None = None
        self.answer_window = ANSWER_WINDOW  # seconds, of `clock`
        # the time on an interaction's way (clock.py): the real one, or a test's own
        self.clock = clock
        self.admission = Admission(now=clock.now, monotonic=clock.monotonic)  # overload.py
        self._answers: UnechoedAdapter | None = None  # interaction responses' connections

    async def setup_hook(self) -> None:
        # from here on: the gateway's tasks, and the handlers they start
        self._answers = answer_without_echo()
        share_the_interpreter()  # the search threads and the loop share one GIL
        loop = asyncio.get_running_loop()
        path = await loop.run_in_executor(self.executor, self.settings.ensure_catalog,
                                          self.catalog_path)
        self.search = await SearchService.open(path, self._open_engine, self.executor)
        log.info("serving the catalog %s: %d stories", path, (await self.search.stats()).stories)
        self.state = await State.open(self.settings.state_location, self.settings.default_rating)
        log.info("server state in %s", self.state.where)
        self.uploads = UploadReader(self.settings.upload_limits, self.settings.fandoms_path,
                                    niceness=self.settings.worker_niceness)
        # a shelf's names are never suggested (the catalog's are): no index built per change;
        # its engine reads through one connection (none opened per thread on each change),
        # and its few objects are not frozen (Engine.open)
        serve_shelves(self.search, self.state, self.settings.home / "shelves",
                      functools.partial(self._open_engine, suggestions=False,
                                        one_connection=True, freeze=False), self.executor,
                      self.uploads)
        self.search.on_reload.append(self.read_uploads_again)
        self.read_uploads_again()
        install_error_handler(self.tree)
        for extension in self.extensions_to_load:
            try:
                await self.load_extension(extension)
            except Exception as exc:
                self.failed_extensions[extension] = f"{type(exc).__name__}: {exc}"
                log.exception("failed to load extension %s", extension)
        if self.settings.watch_catalog:
            self._watcher = asyncio.create_task(self._watch_catalog(), name="catalog-watcher")
        if self.heartbeat_path is not None:
            self._start_heartbeat(self.heartbeat_path)

    def read_uploads_again(self) -> asyncio.Task:
        """Read again, in the background, the uploads older parsers read (at start and after
        a catalog reload; one run at a time)."""
        if self._rereading is None or self._rereading.done():
            self._rereading = asyncio.create_task(self._read_uploads_again(),
                                                  name="read-uploads-again")
        return self._rereading

    async def _read_uploads_again(self) -> None:
        try:
            await read_uploads_again(self.state, self.uploads, self.settings.home)
        except Exception:  # the uploads keep their records; the next start tries again
            log.exception("reading uploads again failed")

    def _start_heartbeat(self, path: Path) -> None:
        """Say "alive" in the data home for `storybot health`: every 30 s, and at once when
        the gateway connects, resumes or drops."""
        changed = asyncio.Event()

        async def wake() -> None:
            changed.set()

        for event in ("on_ready", "on_resumed", "on_disconnect"):
            self.add_listener(wake, event)
        self._heartbeat = asyncio.create_task(
            beat_forever(path, lambda: (self.connected(), len(self.guilds)), wake=changed),
            name="heartbeat")

    def connected(self) -> bool:
        """Ready and every gateway connection open now (is_ready stays true while a dropped
        connection is being resumed)."""
        if not self.is_ready() or self.is_closed():
            return False
        shards = getattr(self, "shards", None)  # an AutoShardedBot's
        if shards:
            return not any(shard.is_closed() for shard in shards.values())
        return self.ws is not None and self.ws.open

    def _open_engine(self, path: Path, *, suggestions: bool = True,
                     one_connection: bool = False, freeze: bool = True,
                     previous: Engine | None = None,
                     change: Mapping[str, Mapping[str, int | None]] | None = None) -> Engine:
        if self._knowledge is None:
            self._knowledge = Knowledge.shared(self.settings.fandoms_path)
        return Engine.open(path, self._knowledge, suggestions=suggestions,
                           one_connection=one_connection, freeze=freeze, previous=previous,
                           change=change)

    async def _watch_catalog(self, interval: float = 5.0) -> None:
        """Pick up a rebuilt catalog without a restart (ingest swaps the file atomically)."""
        failing = ""  # the watcher's own failure (not a bad file: the holder logs those)
        while not self.is_closed():
            await asyncio.sleep(interval)
            try:
                if await self.search.changed():
                    await self.search.reload()
                failing = ""
            except Exception as exc:  # noqa: BLE001 - the watcher must outlive any failure
                problem = " ".join(f"{type(exc).__name__}: {exc}".split())
                if problem != failing:  # once, not every few seconds for ever
                    log.warning("catalog watcher failed (%s); will try again", problem)
                failing = problem

    async def close(self) -> None:
        for task in (self._watcher, self._heartbeat, self._rereading):
            if task:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        await super().close()
        if self._answers is not None:
            self._answers.close()
        if hasattr(self, "state"):
            await self.state.close()
        if hasattr(self, "search"):
            self.search.close()
        if hasattr(self, "uploads"):
            self.uploads.close()
        self.executor.shutdown(wait=False, cancel_futures=True)


Interaction = discord.Interaction[StoryBot]

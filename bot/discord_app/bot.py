"""The Discord bot: opens the catalog and server state, loads each cog, answers slash commands.

Everything Discord-facing hangs off `StoryBot`; the search core it calls knows nothing of
Discord. Search and database work runs in worker threads so the event loop never blocks.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import discord
from discord.ext import commands

from bot.catalog.holder import EngineHolder
from bot.catalog.ingest import ensure_catalog
from bot.config import Settings
from bot.discord_app.errors import install_error_handler
from bot.state import State

if TYPE_CHECKING:
    from bot.search.engine import Engine

log = logging.getLogger(__name__)

# One feature per cog; each is loaded on its own so one broken cog cannot take the bot down.
EXTENSIONS: tuple[str, ...] = (
    "cogs.recommend",
    "cogs.pairing",
    "cogs.character",
    "cogs.mood",
    "cogs.random_pick",
    "cogs.story",
    "cogs.shelf",
    "cogs.catalog",
    "cogs.settings",
    "cogs.daily",
)

T = TypeVar("T")


class StoryBot(commands.Bot):
    def __init__(self, settings: Settings, *, catalog: Path | None = None,
                 extensions: tuple[str, ...] = EXTENSIONS) -> None:
        intents = discord.Intents.none()
        intents.guilds = True  # channels (NSFW flags) and permissions; nothing privileged
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents,
            allowed_mentions=discord.AllowedMentions.none(),
            owner_ids=set(settings.owner_ids),
            help_command=None,
        )
        self.settings = settings
        self.catalog_path = catalog or settings.catalog_path
        self.extensions_to_load = extensions
        self.failed_extensions: dict[str, str] = {}
        self.catalog: EngineHolder[Engine] | None = None
        self.state: State | None = None
        self.executor = ThreadPoolExecutor(max_workers=4, thread_name_prefix="search")
        self._watcher: asyncio.Task | None = None

    async def setup_hook(self) -> None:
        from bot.search.engine import Engine

        path = await self.in_thread(ensure_catalog, self.settings, self.catalog_path)
        self.catalog = await self.in_thread(EngineHolder, path, Engine.open)
        self.state = await State.open(self.settings.state_path, self.settings.default_rating)
        install_error_handler(self.tree)
        for extension in self.extensions_to_load:
            try:
                await self.load_extension(extension)
            except Exception as exc:
                self.failed_extensions[extension] = f"{type(exc).__name__}: {exc}"
                log.exception("failed to load extension %s", extension)
        if self.settings.watch_catalog:
            self._watcher = asyncio.create_task(self._watch_catalog(), name="catalog-watcher")

    async def in_thread(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.executor, lambda: fn(*args, **kwargs))

    async def search(self, method: str, *args: Any, **kwargs: Any) -> Any:
        """Call an Engine method in a worker thread against the catalog being served."""
        assert self.catalog is not None

        def call() -> Any:
            with self.catalog.use() as engine:
                return getattr(engine, method)(*args, **kwargs)

        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.executor, call)

    async def reload_catalog(self) -> bool:
        assert self.catalog is not None
        return await self.in_thread(self.catalog.reload)

    async def _watch_catalog(self, interval: float = 5.0) -> None:
        """Pick up a rebuilt catalog without a restart (ingest swaps the file atomically)."""
        while not self.is_closed():
            await asyncio.sleep(interval)
            try:
                if self.catalog and self.catalog.changed():
                    await self.reload_catalog()
            except Exception:
                log.exception("catalog watcher failed; will try again")

    async def close(self) -> None:
        if self._watcher:
            self._watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._watcher
        await super().close()
        if self.state:
            await self.state.close()
        if self.catalog:
            self.catalog.close()
        self.executor.shutdown(wait=False, cancel_futures=True)

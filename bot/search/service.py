"""The search as an async service: what the bot, its cogs and the console call.

Every method that reads SQLite runs on a worker thread against the catalog being served, so the
event loop never waits on disk; autocomplete for names answers from memory on the loop itself
(it is faster than a thread hop). A rebuilt catalog is swapped in by `reload` while calls in
flight finish on the old one.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import TypeVar

from bot.catalog.holder import EngineHolder
from bot.catalog.uploads import UPLOAD_PREFIX
from bot.search.engine import ANY, Engine
from bot.search.exclusions import NOTHING, Covered, Excluded
from bot.search.lookups import Ranked
from bot.search.model import (
    CatalogStats,
    CharacterReport,
    Filters,
    PairingReport,
    SearchResult,
    StoryCard,
)
from bot.search.shelves import GuildShelves, Recommenders, Served, merged

T = TypeVar("T")
L = TypeVar("L")
Report = TypeVar("Report", PairingReport, CharacterReport)


class SearchService:
    def __init__(self, holder: EngineHolder[Engine], executor: ThreadPoolExecutor) -> None:
        self.holder = holder
        self.executor = executor
        # servers' recommendations (bot/search/shelves.py), when the bot has server state
        self.shelves: GuildShelves | None = None
        self.on_reload: list[Callable[[], object]] = []  # called once a reload is served

    @classmethod
    async def open(cls, path: Path, opener: Callable[[Path], Engine],
                   executor: ThreadPoolExecutor) -> SearchService:
        loop = asyncio.get_running_loop()
        holder = await loop.run_in_executor(executor, EngineHolder, path, opener)
        return cls(holder, executor)

    async def _call(self, fn: Callable[[Engine], T],
                    holder: EngineHolder[Engine] | None = None) -> T:
        # Entered here, on the loop: an engine swapped out meanwhile closes only after this.
        with (holder or self.holder).use() as engine:
            return await asyncio.get_running_loop().run_in_executor(self.executor, fn, engine)

    async def _shelf(self, guild_id: int | None) -> Served | None:
        """The asking server's recommendations, when it has uploads to search."""
        if guild_id is None or self.shelves is None:
            return None
        served = await self.shelves.get(guild_id)
        return served if served.holder is not None else None

    async def _holder_of(self, story_id: str) -> tuple[EngineHolder[Engine], str]:
        """Where a story is read, and its id there: the catalog, or the shelf holding a
        server's upload (the catalog's copy of an upload it now holds too)."""
        if self.shelves is not None:
            found = await self.shelves.holder_of(story_id)
            if found is not None:
                return found, self.shelves.catalog_id(story_id)
        return self.holder, story_id

    async def credits(self, guild_id: int | None) -> dict[str, Recommenders]:
        """Who recommended what in a server (approved): story id -> (member, note)."""
        if guild_id is None or self.shelves is None:
            return {}
        return dict((await self.shelves.shelf(guild_id)).credits)

    # -- requests -----------------------------------------------------------------------------
    async def recommend(self, request: str = "", *, pairing: str | None = None,
                        character: str | None = None, mood: str | None = None,
                        fandom: str | None = None, filters: Filters = ANY,
                        limit: int = 5) -> SearchResult:
        def ask(engine: Engine) -> SearchResult:
            return engine.recommend(request, pairing=pairing, character=character, mood=mood,
                                    fandom=fandom, filters=filters, limit=limit)

        served = await self._shelf(filters.guild)
        if served is None or served.holder is None:
            return await self._call(ask)
        with served.holder.use() as own:  # the server's uploads, ranked by the same code
            return await self._call(lambda engine: merged(ask(engine), ask(own), limit))

    async def _listed(self, ask: Callable[[Engine, int, int, Ranked | None], L],
                      filters: Filters, offset: int, limit: int
                      ) -> tuple[L, L | None, tuple[StoryCard, ...]]:
        """A list (a pairing's, a character's, a mood's) of the catalog and, in a server with
        uploads, of its shelf: (the catalog's report, the shelf's or None, the page's cards
        merged in the list's order)."""
        served = await self._shelf(filters.guild)
        if served is None or served.holder is None:
            return await self._call(lambda e: (ask(e, offset, limit, None), None, ()))
        limit = max(1, min(limit, 50))

        def both(engine: Engine, own: Engine) -> tuple[L, L, tuple[StoryCard, ...]]:
            ours: Ranked = []
            theirs: Ranked = []
            main, mine = (ask(engine, 0, offset + limit, ours),
                          ask(own, 0, offset + limit, theirs))
            page = sorted([(key, 0, n) for key, n in ours] + [(key, 1, n) for key, n in theirs],
                          key=lambda row: (row[0], row[1]))[offset:offset + limit]
            found = (engine.cards([n for _k, side, n in page if side == 0]),
                     own.cards([n for _k, side, n in page if side == 1]))
            return main, mine, tuple(found[side][n] for _k, side, n in page
                                     if n in found[side])

        with served.holder.use() as own:  # the server's uploads, listed by the same code
            return await self._call(lambda engine: both(engine, own))

    async def pairing(self, text: str, filters: Filters = ANY, offset: int = 0,
                      limit: int = 10, order: str = "best") -> PairingReport:
        main, mine, cards = await self._listed(
            lambda e, at, n, ranked: e.pairing(text, filters, at, n, order, ranked),
            filters, offset, limit)
        return _joined(main, mine, cards, "pairing", "ship_names")

    async def character(self, text: str, filters: Filters = ANY, offset: int = 0,
                        limit: int = 10, order: str = "best") -> CharacterReport:
        main, mine, cards = await self._listed(
            lambda e, at, n, ranked: e.character(text, filters, at, n, order, ranked),
            filters, offset, limit)
        return _joined(main, mine, cards, "character")

    async def by_mood(self, mood: str, filters: Filters = ANY, offset: int = 0,
                      limit: int = 10, order: str = "best"
                      ) -> tuple[int, tuple[StoryCard, ...]]:
        main, mine, cards = await self._listed(
            lambda e, at, n, ranked: e.by_mood(mood, filters, at, n, order, ranked),
            filters, offset, limit)
        return main if mine is None else (main[0] + mine[0], cards)

    async def random(self, filters: Filters = ANY, *, fandom: str | None = None,
                     mood: str | None = None, rng: random.Random | None = None
                     ) -> StoryCard | None:
        rng = rng or random.Random()

        def pick(engine: Engine) -> StoryCard | None:
            return engine.random(filters, fandom=fandom, mood=mood, rng=rng)

        served = await self._shelf(filters.guild)
        if served is None or served.holder is None:
            return await self._call(pick)
        # the server's uploads as likely as any catalog story: by their share of all stories
        own = served.holder.engine.total
        first, second = (served.holder, self.holder)
        if rng.random() >= own / (own + self.holder.engine.total):
            first, second = second, first
        with served.holder.use():  # open across both draws, should the shelf change
            return await self._call(pick, first) or await self._call(pick, second)

    async def same_story(self, keys: Sequence[str], guild_id: int | None) -> str | None:
        """The story these identity keys name: in the catalog, else among the server's
        uploads (queued ones too): a second copy is the same story, never a new one."""
        found = await self._call(lambda e: e.story_with_keys(keys))
        if found is None and guild_id is not None and self.shelves is not None:
            known = (await self.shelves.shelf(guild_id)).keys
            found = next((known[k] for k in keys if k in known), None)
        return found

    async def find_title(self, text: str, filters: Filters = ANY) -> StoryCard | None:
        """The catalog's story of that title, else the asking server's upload."""
        found = await self._call(lambda e: e.find_title(text, filters))
        served = await self._shelf(filters.guild) if found is None else None
        if served is None or served.holder is None:
            return found
        return await self._call(lambda e: e.find_title(text, filters), served.holder)

    # -- stories ------------------------------------------------------------------------------
    async def story(self, story_id: str) -> StoryCard | None:
        holder, found = await self._holder_of(story_id)
        return await self._call(lambda e: e.story(found), holder)

    async def stories(self, story_ids: list[str]) -> list[StoryCard]:
        """Cards for ids in their order; ids no longer in the catalog (or a server's
        recommendations) are left out."""
        found = await self._call(lambda e: {i: c for i in story_ids if (c := e.story(i))})
        for story_id in story_ids:
            if story_id not in found and story_id.startswith(UPLOAD_PREFIX) and (
                    card := await self.story(story_id)) is not None:
                found[story_id] = card
        return [found[i] for i in story_ids if i in found]

    async def excerpt(self, story_id: str, request: str = "") -> str:
        holder, found = await self._holder_of(story_id)
        return await self._call(lambda e: e.excerpt(found, request), holder)

    async def body(self, story_id: str) -> str:
        holder, found = await self._holder_of(story_id)
        return await self._call(lambda e: e.body(found), holder)

    async def eligible_ids(self, filters: Filters) -> list[str]:
        """Every story the filters admit: the catalog's, then the asking server's uploads."""
        return [*await self._call(lambda e: e.eligible_ids(filters)),
                *await self.shelf_ids(filters)]

    async def shelf_ids(self, filters: Filters) -> list[str]:
        """The asking server's uploads the filters admit (none without a server)."""
        served = await self._shelf(filters.guild)
        if served is None or served.holder is None:
            return []
        return await self._call(lambda e: e.eligible_ids(filters), served.holder)

    async def exclusions(self, rules: Sequence[tuple[str, str]]) -> Excluded:
        """Exclusion rules (kind, text as typed) as the names the search filters out."""
        if not rules:
            return NOTHING
        rules = tuple(rules)
        return await self._call(lambda e: e.exclusions(rules))

    async def covered(self, kind: str, text: str) -> tuple[Covered, int]:
        """What one rule covers in the catalog, and how many stories that keeps out."""
        def work(engine: Engine) -> tuple[Covered, int]:
            covered = engine.covered(kind, text)
            return covered, engine.excluded_count(covered)

        return await self._call(work)

    async def tag_suggestions(self, partial: str, limit: int = 25) -> list[tuple[str, int]]:
        """Catalog tags for what is being typed (the first call builds the tags' word index,
        on a worker thread)."""
        return await self._call(lambda e: e.tag_suggestions(partial, limit))

    async def stats(self) -> CatalogStats:
        return await self._call(lambda e: e.stats())

    async def autocomplete(self, kind: str, partial: str, filters: Filters = ANY,
                           limit: int = 25) -> list[tuple[str, str]]:
        """Names from memory on the loop; titles from the catalog's index on a thread."""
        if kind == "title":  # the asking server's uploads first, then the catalog's
            found = await self._call(lambda e: e.autocomplete(kind, partial, filters, limit))
            served = await self._shelf(filters.guild)
            if served is None or served.holder is None:
                return found
            own = await self._call(lambda e: e.autocomplete(kind, partial, filters, limit),
                                   served.holder)
            return [*own, *found][:limit]
        with self.holder.use() as engine:
            return engine.autocomplete(kind, partial, filters, limit)

    # -- the catalog file ---------------------------------------------------------------------
    async def changed(self) -> bool:
        """Whether the catalog file on disk is no longer the one being served."""
        return await asyncio.get_running_loop().run_in_executor(self.executor,
                                                                self.holder.changed)

    async def reload(self) -> bool:
        """Serve the catalog file as it is now; False (still serving the old) when it fails.
        Servers' shelves are built again against it (an upload it now holds is its copy)."""
        done = await asyncio.get_running_loop().run_in_executor(self.executor,
                                                                self.holder.reload)
        if done and self.shelves is not None:
            self.shelves.catalog_changed()
        if done:
            for listener in self.on_reload:
                listener()
        return done

    def close(self) -> None:
        if self.shelves is not None:
            self.shelves.close()
        self.holder.close()


def _joined(main: Report, mine: Report | None, cards: tuple[StoryCard, ...],
            *named: str) -> Report:
    """A list report of the catalog joined with its server's shelf's: totals added, the page's
    cards merged, what the catalog did not know (`named` fields) taken from the shelf."""
    if mine is None:
        return main
    total = main.total + mine.total
    known = {name: getattr(main, name) or getattr(mine, name) for name in named}
    return replace(main, **known, total=total, stories=cards,
                   alternatives=main.alternatives if not total else ())

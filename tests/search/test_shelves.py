"""A server's shelf in the search: built from what the state says, dropped on a change (its
file removed once no call uses it), built again when a change overtook the build, and kept
only briefly when other processes' changes cannot be heard."""

from __future__ import annotations

import asyncio
import functools
import os
import signal
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from bot.catalog import shelf as shelf_module
from bot.catalog.analyse import init_worker
from bot.catalog.holder import EngineHolder
from bot.catalog.shelf import build_shelf
from bot.catalog.uploads import UploadedStory, UploadReader, analyse_upload
from bot.parsers import Limits
from bot.search.engine import Engine
from bot.search.shelves import GuildShelves, Shelf

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures/formats/text/fanficfare.txt"


@pytest.fixture(scope="module")
def record() -> tuple[str, str]:
    init_worker(None, Limits())
    story = analyse_upload(FIXTURE.read_bytes(), FIXTURE.name, Limits())
    return story.story_id(1), story.record


async def _settled(shelves: GuildShelves) -> None:
    """Let the builds under way finish (and the old engines' retirement, on the pool)."""
    while any(not task.done() for task in shelves._building.values()):
        await asyncio.wait([t for t in shelves._building.values() if not t.done()])
    await asyncio.get_running_loop().run_in_executor(shelves.executor, lambda: None)


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

    with ThreadPoolExecutor(1) as pool:
        shelves = GuildShelves(tmp_path, Engine.open, pool, load, locate)
        first = await shelves.get(1)
        assert first.holder is not None and record[0] in first.ids
        assert await shelves.get(1) is first and loads == [1]  # kept in memory
        files = list(shelves.folder.glob("*.sqlite"))
        assert len(files) == 1
        with first.holder.use():
            shelves.forget(1)  # a new build starts; the old one answers until it is ready
            await _settled(shelves)
            assert files[0].exists()  # a call still uses it
        await _settled(shelves)
        assert not files[0].exists()  # then it goes
        second = await shelves.get(1)
        assert second is not first and loads == [1, 1]
        # a change while building: built again, and the newest build served
        gate.clear()
        loading.clear()
        shelves.forget(1)
        await loading.wait()  # the build is under way
        loading.clear()
        shelves.forget(1)
        gate.set()
        await _settled(shelves)
        served = await shelves.get(1)
        assert len(loads) == 4 and served.generation == shelves._generation[1]
        assert await shelves.holder_of(record[0]) is served.holder
        assert await shelves.holder_of("u000000000000") is None
        shelves.close()
        await _settled(shelves)
        assert not list(shelves.folder.glob("*.sqlite"))


async def test_a_search_never_waits_for_a_build(tmp_path: Path, records) -> None:
    """While a change builds, the shelf in memory answers at once; the new one is swapped in
    when ready, and waited for only by a caller after a story just added (`fresh`)."""
    shelf = [tuple(records[:1])]
    gate, loading = asyncio.Event(), asyncio.Event()
    gate.set()

    async def load(guild_id: int) -> Shelf:
        loading.set()
        await gate.wait()
        return Shelf(stories=shelf[0], keys={f"k{len(shelf[0])}": shelf[0][-1][0]})

    async def locate(story_id: str) -> int | None:
        return 1

    with ThreadPoolExecutor(2) as pool:
        shelves = GuildShelves(tmp_path, Engine.open, pool, load, locate)
        old = await shelves.get(1)
        gate.clear()
        loading.clear()
        shelf[0] = tuple(records[:2])
        shelves.forget(1)  # the new build waits on the state (the gate)
        asking = asyncio.ensure_future(shelves.get(1))
        fresh = asyncio.ensure_future(shelves.holder_of(records[1][0]))
        for _ in range(20):  # loop turns, not time: the build cannot finish meanwhile
            await asyncio.sleep(0)
        assert asking.done() and asking.result() is old  # answered by the old shelf
        assert loading.is_set() and not fresh.done()  # a new story's card waits for its build
        gate.set()
        holder = await fresh
        new = await shelves.get(1)
        assert new is not old and holder is new.holder
        assert new.ids == {sid for sid, _ in records[:2]}
        assert (await shelves.shelf(1)).keys == {"k2": records[1][0]}
        shelves.close()


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
        first.expires = 0.0  # as if its time were up: it answers while built again
        assert await shelves.get(1) is first
        await _settled(shelves)
        assert await shelves.get(1) is not first
        shelves.close()


FILES = [FIXTURE.parent / name for name in ("ao3_indented_old.txt", "ao3_inline_new.txt",
                                            "ffnet_meta.txt", "fanficfare.txt")]


@pytest.fixture(scope="module")
def records() -> list[tuple[str, str]]:
    init_worker(None, Limits())
    stories = [analyse_upload(path.read_bytes(), path.name, Limits()) for path in FILES]
    return [(story.story_id(1), story.record) for story in stories]


def _contents(engine: Engine) -> tuple:
    """What a shelf's engine answers and holds, row ids aside (a removal leaves a gap)."""
    conn = engine._anchor
    stories = conn.execute("SELECT id, title FROM stories ORDER BY n").fetchall()
    vocabulary = conn.execute("SELECT * FROM vocabulary ORDER BY 1, 2").fetchall()
    answers = [[(m.card.id, round(m.score, 9))
                for m in engine.recommend(q, limit=10, seed=16).matches]
               for q in ("", "hurt comfort", "Harry", "dark angst", "the")]
    return stories, vocabulary, answers


async def test_a_change_costs_the_change_and_answers_as_a_whole_build(
        tmp_path: Path, records, monkeypatch: pytest.MonkeyPatch) -> None:
    a, b, c, d = records
    shelf = [(a, b)]

    async def load(guild_id: int) -> Shelf:
        return Shelf(stories=shelf[0])

    async def locate(story_id: str) -> int | None:
        return None

    decoded: list[str] = []
    from_json = UploadedStory.from_json
    monkeypatch.setattr(UploadedStory, "from_json",
                        staticmethod(lambda r: decoded.append(r) or from_json(r)))

    async def whole(stories: tuple) -> tuple:
        async def load_whole(guild_id: int) -> Shelf:
            return Shelf(stories=stories)
        fresh = GuildShelves(tmp_path / "whole", Engine.open, pool, load_whole, locate)
        served = await fresh.get(1)
        assert served.holder is not None
        with served.holder.use() as engine:
            found = _contents(engine)
        fresh.close()
        return found

    with ThreadPoolExecutor(2) as pool:
        shelves = GuildShelves(tmp_path / "changing", Engine.open, pool, load, locate)
        await shelves.get(1)
        # each step: the new shelf, and the uploads a build may decode for it
        for stories, read in (((a, b, c), [c]),  # one upload: one story's work
                              ((a, c), []),  # a removal
                              ((a, c, d), [d]),
                              ((b, a, c, d), [b, a, c, d])):  # not an append: built whole
            shelf[0] = stories
            decoded.clear()
            shelves.forget(1)
            served = await shelves.get(1, fresh=True)
            assert decoded == [r for _, r in read]
            assert served.holder is not None
            with served.holder.use() as engine:
                assert _contents(engine) == await whole(stories)
        shelves.close()
        assert not list(shelves.folder.iterdir())


async def test_without_hard_links_every_build_is_whole(tmp_path: Path, records,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    shelf = [tuple(records[:2])]

    async def load(guild_id: int) -> Shelf:
        return Shelf(stories=shelf[0])

    async def locate(story_id: str) -> int | None:
        return None

    def no_link(source: object, target: object) -> None:
        raise OSError(1, "Operation not permitted")

    monkeypatch.setattr("bot.search.shelves.os.link", no_link)
    with ThreadPoolExecutor(2) as pool:
        shelves = GuildShelves(tmp_path, Engine.open, pool, load, locate)
        await shelves.get(1)
        shelf[0] = tuple(records[:3])
        shelves.forget(1)
        served = await shelves.get(1, fresh=True)
        assert served.holder is not None and served.ids == {sid for sid, _ in records[:3]}
        with served.holder.use() as engine:
            assert engine.total == 3
        shelves.close()


def test_an_upload_named_by_its_whole_title_comes_before_the_catalogs_reading():
    """Each side reads the request without the other's titles: the catalog answers its own
    "Silver" (and "quiet" as a mood) with a higher score, the shelf the upload itself."""
    from bot.search.model import Match, SearchResult, Understood
    from bot.search.shelves import merged
    from tests.support.cards import card

    def answer(title, score):
        match = Match(card(title=title), score, ("quiet",), "", ("quiet",), ())
        return SearchResult("Upload 10 Quiet Silver", Understood(), (match,), (), 0.0)

    both = merged(answer("Silver", 9.0), answer("Upload 10 Quiet  silver", 2.0), 5)
    assert [m.card.title for m in both.matches] == ["Upload 10 Quiet  silver", "Silver"]
    plain = merged(answer("Silver", 9.0), answer("Another Upload", 2.0), 5)
    assert [m.card.title for m in plain.matches] == ["Silver", "Another Upload"]


async def test_a_lookup_while_the_shelf_is_out_of_date_reads_no_stories(tmp_path: Path,
                                                                        record) -> None:
    """Credits and identity keys asked while a change builds come from the state at once,
    without reading its uploads' records (a story's whole text each)."""
    asked: list[str] = []
    credits = {record[0]: ((5, "note"),)}
    gate = asyncio.Event()
    gate.set()

    async def load(guild_id: int) -> Shelf:
        asked.append("stories")
        await gate.wait()
        return Shelf(stories=(record,), credits=dict(credits), keys={"k": record[0]})

    async def load_credits(guild_id: int) -> Shelf:
        asked.append("credits")
        return Shelf(credits=dict(credits), keys={"k": record[0]})

    async def locate(story_id: str) -> int | None:
        return 1

    with ThreadPoolExecutor(1) as pool:
        shelves = GuildShelves(tmp_path, Engine.open, pool, load, locate,
                               load_credits=load_credits)
        await shelves.get(1)
        assert (await shelves.shelf(1)).credits == credits and asked == ["stories"]
        gate.clear()
        credits[record[0]] = ((5, "note"), (6, "me too"))
        shelves.forget(1)  # a new build starts, waiting on the state
        for _ in range(5):  # loop turns: the build is under way
            await asyncio.sleep(0)
        assert asked == ["stories", "stories"]
        now = await shelves.shelf(1)
        assert now.credits == credits and now.keys == {"k": record[0]}
        assert asked == ["stories", "stories", "credits"]
        gate.set()
        await _settled(shelves)
        assert (await shelves.shelf(1)).credits == credits and len(asked) == 3
        shelves.close()


async def test_a_change_asks_the_catalog_about_its_new_uploads_only(
        tmp_path: Path, records, monkeypatch: pytest.MonkeyPatch) -> None:
    """Which uploads the catalog holds too is asked once per upload and catalog: a change
    asks about what it added; a rebuilt catalog is asked about every upload again."""
    a, b, c, _d = records
    catalog_path = tmp_path / "catalog.db"

    def catalog_of(*stories: tuple[str, tuple[str, str]]) -> None:
        build_shelf(catalog_path, [(cid, UploadedStory.from_json(rec)) for cid, (_, rec)
                                   in stories])

    asked: list[tuple[str, ...]] = []
    story_with_keys = Engine.story_with_keys
    monkeypatch.setattr(Engine, "story_with_keys",
                        lambda self, keys: (asked.append(tuple(keys)),
                                            story_with_keys(self, keys))[1])
    shelf = [(a, b)]

    async def load(guild_id: int) -> Shelf:
        return Shelf(stories=shelf[0], keys={key: sid for sid, rec in shelf[0]
                                             for key in UploadedStory.from_json(rec).keys})

    async def locate(story_id: str) -> int | None:
        return 1

    catalog_of(("0123abcd", a))
    with ThreadPoolExecutor(1) as pool:
        catalog = EngineHolder(catalog_path, Engine.open)
        shelves = GuildShelves(tmp_path / "shelves", Engine.open, pool, load, locate,
                               catalog=catalog)
        served = await shelves.get(1)
        assert served.in_catalog == {a[0]: "0123abcd"} and len(asked) == 2
        shelf[0] = (a, b, c)
        shelves.forget(1)
        served = await shelves.get(1, fresh=True)
        assert served.in_catalog == {a[0]: "0123abcd"} and served.ids == {b[0], c[0]}
        assert len(asked) == 3  # the new upload only
        catalog_of(("0123abcd", a), ("4567cdef", c))
        assert catalog.reload()
        shelves.catalog_changed()
        served = await shelves.get(1, fresh=True)
        assert served.in_catalog == {a[0]: "0123abcd", c[0]: "4567cdef"}
        assert served.ids == {b[0]} and len(asked) == 6
        shelves.close()
        catalog.close()


async def test_shelf_file_written_in_the_upload_worker(tmp_path: Path, record,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """With the upload worker up, a build's file is written there (its Python then holds
    none of the bot's threads, which share one GIL with the searches); with none up, or a
    dead one, here, and the next upload gets a fresh worker."""
    here: list[Path] = []
    build = shelf_module._build  # what a build writes with, here (not in the worker)
    monkeypatch.setattr(shelf_module, "_build",
                        lambda path, *a, **k: (here.append(path), build(path, *a, **k))[1])

    async def load(guild_id: int) -> Shelf:
        return Shelf(stories=(record,))

    async def locate(story_id: str) -> int | None:
        return 1

    reader = UploadReader(Limits(), None)
    try:
        with ThreadPoolExecutor(1) as pool:
            shelves = GuildShelves(tmp_path, Engine.open, pool, load, locate,
                                   offload=reader.offload)
            await shelves.get(1)
            assert len(here) == 1  # no worker is started for it
            reader._executor()  # started, not yet answered (it may be loading): not waited for
            shelves.forget(1)
            await shelves.get(1, fresh=True)
            assert len(here) == 2
            await reader.ready()
            for written_here in (0, 1):
                shelves.forget(1)
                served = await shelves.get(1, fresh=True)
                assert len(here) == 2 + written_here
                assert served.holder is not None
                with served.holder.use() as engine:
                    card = engine.story(record[0])
                    assert card is not None and card.title == "The Quiet Orbit"
                for pid in reader.worker_pids():  # killed: the next build is written here
                    os.kill(pid, signal.SIGKILL)
            shelves.close()
        story = await reader.read(FIXTURE.read_bytes(), FIXTURE.name)  # a fresh worker
        assert story.title == "The Quiet Orbit"
    finally:
        reader.close()


def test_a_shelf_engine_reads_through_one_connection(tmp_path: Path, records) -> None:
    """A shelf's engine is opened on every change: its searches, from every thread of the
    pool, read through the connection it was opened with (no connection opened and no schema
    read per thread on each change), and answer as per-thread connections do."""
    path = build_shelf(tmp_path / "shelf.sqlite",
                       [(sid, UploadedStory.from_json(rec)) for sid, rec in records])
    requests = ["hurt comfort", "Harry", "dark angst", "the", ""] * 2
    own = Engine.open(path, one_connection=True)
    apart = Engine.open(path)
    try:
        with ThreadPoolExecutor(4) as pool:
            shared = list(pool.map(lambda q: own.recommend(q, limit=10, seed=16).matches,
                                   requests))
            single = list(pool.map(lambda q: apart.recommend(q, limit=10, seed=16).matches,
                                   requests))
        assert own._connections == [own._anchor]
        assert len(apart._connections) > 1  # the main catalog's engine: one a thread
        assert [[(m.card.id, m.score) for m in found] for found in shared] == \
            [[(m.card.id, m.score) for m in found] for found in single]
    finally:
        own.close()
        apart.close()


def test_a_shelf_engine_freezes_nothing(tmp_path: Path, records) -> None:
    """A shelf's engine, opened on every change, leaves the collector as it was: no freeze,
    which would make whatever the other threads hold then permanent (a search's garbage
    cycles never collected) and was part of each change's cost. The main catalog's still
    freezes its vocabularies. The collector is paused meanwhile: since the main catalog's
    open, a full pass freezes what it leaves (the next test), whichever code allocated."""
    import gc

    path = build_shelf(tmp_path / "shelf.sqlite",
                       [(sid, UploadedStory.from_json(rec)) for sid, rec in records])
    gc.unfreeze()
    gc.disable()
    try:
        shelf = Engine.open(path, one_connection=True, freeze=False)
        assert gc.get_freeze_count() == 0
        assert shelf.recommend("hurt comfort", limit=3).matches  # it answers as ever
        shelf.close()
        catalog = Engine.open(path)
        assert gc.get_freeze_count() > 0
        catalog.close()
    finally:
        gc.enable()
        gc.freeze()  # as the engines opened before this test left it


def test_a_shelf_engine_copies_none_of_the_knowledges_tables(tmp_path: Path, records) -> None:
    """A shelf's engine, opened on every change, shares the knowledge's phrases and the
    phrases naming each name instead of copying them: what the collector's young passes walk
    of a new engine (the references of the tracked objects its open made; each pass inside a
    search, until they age out of the young generations) is its own names', fewer than half
    the knowledge's phrases, not all of them again."""
    import gc

    from bot.knowledge import Knowledge
    from bot.search.vocab import known_names

    path = build_shelf(tmp_path / "shelf.sqlite",
                       [(sid, UploadedStory.from_json(rec)) for sid, rec in records])
    known = known_names(Knowledge.default())
    first = Engine.open(path, one_connection=True, freeze=False)  # what any first open makes
    gc.disable()
    try:
        gc.collect()
        old = gc.get_objects()  # kept alive: no id of theirs is reused meanwhile
        ids = {id(o) for o in old} | {id(old)}
        ids.add(id(ids))  # the test's own lists are no engine's
        shelf = Engine.open(path, one_connection=True, freeze=False, suggestions=False)
        walked = sum(len(gc.get_referents(o)) for o in gc.get_objects() if id(o) not in ids)
        assert walked < len(known.phrases) // 2
        assert shelf.recommend("hurt comfort", limit=3).matches  # it answers as ever
        shelf.close()
    finally:
        first.close()
        gc.enable()


def test_a_full_pass_leaves_the_next_nothing_to_walk_again(tmp_path: Path, records) -> None:
    """Once the main catalog is open, what a full pass of the collector leaves is frozen: the
    next full pass walks only what became long-lived since, not again everything the process
    made after start-up (the catalog's kept cards, the state's and Discord's caches), the GIL
    held throughout. Garbage cycles are still collected: the pass has freed them first."""
    import gc
    import weakref

    class Node:
        pass

    path = build_shelf(tmp_path / "shelf.sqlite",
                       [(sid, UploadedStory.from_json(rec)) for sid, rec in records])
    catalog = Engine.open(path)
    try:
        kept = [[n] for n in range(1000)]  # long-lived: alive across the pass
        cycle = Node()
        cycle.self = cycle  # type: ignore[attr-defined]
        dead = weakref.ref(cycle)
        del cycle
        before = gc.get_freeze_count()
        gc.collect()
        assert dead() is None  # the garbage cycle collected, not frozen
        assert gc.get_objects(2) == []  # the next full pass walks none of these again
        assert gc.get_freeze_count() >= before + len(kept)
    finally:
        catalog.close()


def test_a_closed_engine_is_freed_without_the_collector(tmp_path: Path, records) -> None:
    """A shelf's engine retired on a change is freed as soon as its last user lets go: it
    holds no reference cycle (its cache of what each exclusion rule covers held one), so it
    never waits for the collector, whose passes would walk its vocabulary meanwhile, and a
    freeze (the main catalog's) never keeps it for good."""
    import gc
    import weakref

    path = build_shelf(tmp_path / "shelf.sqlite",
                       [(sid, UploadedStory.from_json(rec)) for sid, rec in records])
    gc.disable()
    try:
        engine = Engine.open(path, one_connection=True, freeze=False)
        rules = engine.exclusions([("tag", "angst"), ("character", "Harry")])
        engine.recommend("hurt comfort", limit=3)
        engine.tag_suggestions("ang")
        assert engine.covered("tag", "angst") is engine.covered("tag", "angst")  # kept
        freed = weakref.ref(engine), weakref.ref(engine.vocab)
        engine.close()
        del engine, rules
        assert [ref() for ref in freed] == [None, None]
    finally:
        gc.enable()


async def test_a_change_keeps_what_the_last_engine_read_of_the_stories_it_copied(
        tmp_path: Path, records, monkeypatch: pytest.MonkeyPatch) -> None:
    """A new shelf's engine starts with the cards (and fact rows, passages, excerpts) the
    engine it replaces read of the stories its file copied: its first searches read only the
    new upload's. A whole build (not an append) copies nothing, and keeps nothing."""
    from bot.search import engine as engine_module

    a, b, c, d = records
    shelf = [(a, b)]
    read: list[int] = []
    load_cards = engine_module.load_cards
    monkeypatch.setattr(engine_module, "load_cards",
                        lambda conn, numbers: (read.extend(numbers), load_cards(conn, numbers))[1])

    async def load(guild_id: int) -> Shelf:
        return Shelf(stories=shelf[0])

    async def locate(story_id: str) -> int | None:
        return 1

    def shown(served) -> set[str]:
        """Every story's card shown once, and the row ids whose cards were read for it."""
        read.clear()
        with served.holder.use() as engine:
            found = engine.recommend("", limit=10, seed=16).matches
            numbers = dict(engine._anchor.execute("SELECT id, n FROM stories"))
        assert {m.card.id for m in found} == served.ids
        return {sid for sid, n in numbers.items() if n in read}

    with ThreadPoolExecutor(2) as pool:
        shelves = GuildShelves(tmp_path, Engine.open, pool, load, locate)
        assert shown(await shelves.get(1)) == {a[0], b[0]}
        shelf[0] = (a, b, c)
        shelves.forget(1)
        assert shown(await shelves.get(1, fresh=True)) == {c[0]}  # the new upload's only
        shelf[0] = (d, a, b, c)  # not an append: a whole build, read afresh
        shelves.forget(1)
        assert shown(await shelves.get(1, fresh=True)) == {a[0], b[0], c[0], d[0]}
        shelves.close()


def test_no_full_pass_walks_the_frozen_objects_again(tmp_path: Path, records) -> None:
    """Once the main catalog is open, no full pass of the collector walks again what the
    freezes kept (every 1000th walked all: 220 k objects, 130-200 ms with the GIL held, the
    loop stalled): a frozen object is freed by reference counting alone. So what is alive at
    a full pass must not die in a cycle, or it stays for good: Discord's interactions are cut
    free when handled (bot.discord_app.lifetime; tests/e2e/test_bot_lifetime.py counts them)."""
    import gc
    import weakref

    class Node:
        pass

    path = build_shelf(tmp_path / "shelf.sqlite",
                       [(sid, UploadedStory.from_json(rec)) for sid, rec in records])
    catalog = Engine.open(path)
    try:
        cycle, plain = Node(), Node()
        cycle.self = cycle  # type: ignore[attr-defined]
        dead, gone = weakref.ref(cycle), weakref.ref(plain)
        gc.collect()  # a full pass while both are alive: frozen
        assert gc.get_objects(2) == []
        del plain
        assert gone() is None  # freed as it dies, frozen or not
        del cycle
        for _ in range(1000):  # as many as once came before a walk over all
            gc.collect()
        assert dead() is not None  # never walked again, so never collected
    finally:
        catalog.close()
        gc.unfreeze()  # the cycle, freed for the tests after this one
        gc.collect()


async def test_a_change_probes_only_the_stories_it_added(
        tmp_path: Path, records, monkeypatch: pytest.MonkeyPatch) -> None:
    """The searches right after a change do not probe the whole shelf again for each word:
    the last engine's answers are carried, and completed by probing the stories they lack
    (an upload, one story), with the answers a whole probe gives (removals too)."""
    from bot.search import wordsearch

    a, b, c, d = records
    shelf = [(a, b)]
    whole: list[tuple] = []
    probe = wordsearch._probe
    monkeypatch.setattr(wordsearch, "_probe",
                        lambda conn, *key: (whole.append(key), probe(conn, *key))[1])

    async def load(guild_id: int) -> Shelf:
        return Shelf(stories=shelf[0])

    async def locate(story_id: str) -> int | None:
        return 1

    requests = ("hurt comfort", "Harry", "the dark", "angst")
    with ThreadPoolExecutor(2) as pool:
        shelves = GuildShelves(tmp_path, Engine.open, pool, load, locate)
        served = await shelves.get(1)
        with served.holder.use() as engine:
            for request in requests:
                engine.recommend(request, limit=10)
        asked = set(whole)
        assert asked
        for stories in ((a, b, c), (a, c), (a, c, d)):  # an upload, a removal, an upload
            shelf[0] = stories
            shelves.forget(1)
            served = await shelves.get(1, fresh=True)
            whole.clear()
            with served.holder.use() as engine:
                for request in requests:
                    engine.recommend(request, limit=10)
                assert not whole  # no word probed over the whole shelf again
                for key in asked:
                    assert engine._probes._kept[key] == probe(engine.conn(), *key)
        shelves.close()


async def test_a_change_takes_over_the_last_engines_vocabulary(tmp_path: Path, record) -> None:
    """(16w) The new engine's vocabulary is the last one's, completed with the change: the
    same as a whole load of its file."""
    from tests.search.test_vocab_carry import state
    held = [record]

    async def load(guild_id: int) -> Shelf:
        return Shelf(stories=tuple(held))

    async def locate(story_id: str) -> int | None:
        return 1

    with ThreadPoolExecutor(1) as pool:
        shelves = GuildShelves(tmp_path, Engine.open, pool, load, locate)
        first = await shelves.get(1)
        assert first.holder is not None
        old = first.holder.engine.vocab
        held.append((record[0] + "x", record[1]))  # the same story again, another upload
        shelves.forget(1)
        second = await shelves.get(1, fresh=True)
        assert second.holder is not None and second.holder is not first.holder
        engine = second.holder.engine
        assert old._carrying is None and engine.vocab._carrying is not None  # taken over
        whole = Engine.open(engine.catalog, suggestions=False)
        try:
            assert state(engine.vocab) == state(whole.vocab)
        finally:
            whole.close()
        shelves.close()


def _dies_writing(job):  # run in the upload worker: it dies with the new file half-written
    from bot.catalog import writer
    writer.refresh_vocabulary = lambda conn: os._exit(9)
    return job()


async def test_a_worker_that_dies_mid_build_leaves_the_served_shelf(
        tmp_path: Path, records, monkeypatch: pytest.MonkeyPatch) -> None:
    """(16y) The worker writes a change's file and finds the vocabulary rows it changed: the
    new engine's open then reads no whole vocabulary here. A worker killed while it writes
    leaves the shelf served as it was (its base untouched, nothing half-written served); the
    build is then written here, and the next in a fresh worker."""
    from bot.search import vocab_carry
    from tests.search.test_vocab_carry import state
    a, b, c, d = records
    held = [a]

    async def load(guild_id: int) -> Shelf:
        return Shelf(stories=tuple(held))

    async def locate(story_id: str) -> int | None:
        return 1

    dying = [False]
    reader = UploadReader(Limits(), None)

    def offload(job):
        return reader.offload(functools.partial(_dies_writing, job) if dying[0] else job)

    whole_read = vocab_carry._read_whole
    reads: list[int] = []
    monkeypatch.setattr(vocab_carry, "_read_whole",
                        lambda *a: (reads.append(1), whole_read(*a))[1])
    try:
        await reader.ready()
        with ThreadPoolExecutor(1) as pool:
            shelves = GuildShelves(tmp_path, Engine.open, pool, load, locate, offload=offload)
            await shelves.get(1)
            for story, dies in ((b, False), (c, True), (d, False)):
                before = shelves._served[1].holder
                assert before is not None
                with before.use() as serving:  # the last shelf's engine, held meanwhile
                    served_then = _contents(serving)
                    held.append(story)
                    dying[0] = dies
                    shelves.forget(1)
                    served = await shelves.get(1, fresh=True)
                    assert _contents(serving) == served_then  # as it was
                assert served.holder is not None and served.ids == {s for s, _ in held}
                engine = served.holder.engine
                whole = Engine.open(engine.catalog, suggestions=False)
                try:
                    assert state(engine.vocab) == state(whole.vocab)
                    assert _contents(engine) == _contents(whole)
                finally:
                    whole.close()
                assert reads == []  # the change's rows came from its writer
                assert bool(reader.worker_pids()) != dies  # died, or still up
                if dies:
                    await reader.ready()  # the next build's worker
            shelves.close()
    finally:
        reader.close()


def _traced(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The statements every connection an engine opens from now on runs, in order."""
    from bot.search import engine as engine_module

    ran: list[str] = []
    opened = engine_module.open_readonly

    def open_traced(path: Path):
        conn = opened(path)
        conn.set_trace_callback(ran.append)
        return conn
    monkeypatch.setattr(engine_module, "open_readonly", open_traced)
    return ran


def test_a_shelf_engine_sets_up_its_full_text_tables_as_it_opens(
        tmp_path: Path, records, monkeypatch: pytest.MonkeyPatch) -> None:
    """A shelf's engine is opened on each change, off the searches (its build); SQLite sets
    up a full-text table on a connection's first statement on it (FTS5 reads its configuration
    and index structure), which the first search after each change paid: the open does it."""
    import sqlite3

    path = build_shelf(tmp_path / "shelf.sqlite",
                       [(sid, UploadedStory.from_json(rec)) for sid, rec in records])
    with sqlite3.connect(path) as conn:
        tables = [name for name, in conn.execute(
            "SELECT name FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE%'")]
    assert len(tables) == 3
    ran = _traced(monkeypatch)
    shelf = Engine.open(path, one_connection=True, freeze=False, suggestions=False)
    try:
        for table in tables:
            assert any(f"FROM {table} WHERE {table} MATCH" in sql for sql in ran), table
        assert shelf.recommend("hurt comfort", limit=3).matches  # it answers as ever
    finally:
        shelf.close()


def test_a_shelf_engine_ranks_titles_in_one_query(tmp_path: Path, records,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """A shelf's engine keeps no title word's rows (the main catalog's does: FTS5 ranking its
    many titles for an OR of words cost milliseconds): FTS5 ranks a shelf's few titles in the
    one query, where those rows, lost on each change, cost the first search after it a query
    per rare word. Its answers are the ones an engine keeping them gives."""
    path = build_shelf(tmp_path / "shelf.sqlite",
                       [(sid, UploadedStory.from_json(rec)) for sid, rec in records])
    requests = ["Paper Boats", "the lantern keeper", "lantern boats", "paper keeper angst",
                "Lanten Keper", "boats"]
    keeping = Engine.open(path, freeze=False)
    expected = [keeping.recommend(q, limit=10, seed=16) for q in requests]
    keeping.close()
    ran = _traced(monkeypatch)
    shelf = Engine.open(path, one_connection=True, freeze=False, suggestions=False)
    try:
        ran.clear()
        found = [shelf.recommend(q, limit=10, seed=16) for q in requests]
        assert not [sql for sql in ran if "bm25(title_fts)" in sql]  # no word's rows read
        assert [(r.matches, r.understood, r.alternatives) for r in found] == \
            [(r.matches, r.understood, r.alternatives) for r in expected]
    finally:
        shelf.close()

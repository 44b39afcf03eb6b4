"""A bad file moved over the catalog while the bot serves (issue 18): the engine that works
keeps answering every request, from threads old and new; the watcher's failure is one line,
logged once per bad file, however often it tries again; a good file is then picked up."""

from __future__ import annotations

import logging
import os
import random
import shutil
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bot.catalog.holder import EngineHolder
from bot.search.engine import Engine
from tests.support.waiting import wait_until

REQUESTS = ("spuffy", "sad", "Willow", "fluff", "something funny", "Buffy", "angst", "tara")


def replace_with(path: Path, data: bytes) -> None:
    """As a careless copy would: a whole new file moved over the catalog."""
    temporary = path.with_name(path.name + ".incoming")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def search_everywhere(holder: EngineHolder[Engine], threads: int = 8) -> list[int]:
    """One request per fresh thread (each opens its own connection), all at once."""
    start = threading.Barrier(threads)

    def ask(request: str) -> int:
        start.wait()
        with holder.use() as engine:
            return engine.stats().stories + len(engine.recommend(request).matches)

    with ThreadPoolExecutor(threads) as pool:
        return list(pool.map(ask, REQUESTS[:threads]))


def test_a_bad_file_over_the_catalog_keeps_the_working_engine(small_catalog, tmp_path,
                                                               caplog) -> None:
    served = tmp_path / "catalog.db"
    shutil.copyfile(small_catalog, served)
    good = served.read_bytes()
    holder = EngineHolder(served, Engine.open)
    try:
        assert all(search_everywhere(holder))
        caplog.set_level(logging.DEBUG, logger="bot.catalog.holder")
        replace_with(served, random.Random(18).randbytes(50 * 1024))
        # The watcher's ticks, driven by hand (no clock to wait on): it sees the change and
        # fails to open the new file, five times over; meanwhile every request succeeds.
        for _ in range(5):
            assert holder.changed()
            assert not holder.reload()
            assert all(search_everywhere(holder))
        warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
        assert len(warnings) == 1, [r.getMessage() for r in warnings]
        assert warnings[0].exc_info is None and "\n" not in warnings[0].getMessage()
        assert str(served) in warnings[0].getMessage()
        # A good catalog moved over it is served at the next tick.
        replace_with(served, good)
        assert holder.changed() and holder.reload()
        assert all(search_everywhere(holder))
        # A second bad file is a new problem: one more line.
        replace_with(served, b"")
        assert holder.changed() and not holder.reload()
        assert len([r for r in caplog.records if r.levelno >= logging.WARNING]) == 2
    finally:
        holder.close()


def test_requests_during_a_swap_all_succeed(small_catalog, tmp_path) -> None:
    """Searches run without pause while good and bad files replace the catalog and the
    watcher reloads: none fails."""
    served = tmp_path / "catalog.db"
    shutil.copyfile(small_catalog, served)
    good = served.read_bytes()
    holder = EngineHolder(served, Engine.open)
    stop = threading.Event()
    failures: list[BaseException] = []
    answered = [0]

    def keep_asking(request: str) -> None:
        while not stop.is_set():
            try:
                with holder.use() as engine:
                    engine.recommend(request)
                answered[0] += 1
            except BaseException as exc:
                failures.append(exc)

    threads = [threading.Thread(target=keep_asking, args=(r,)) for r in REQUESTS]
    for thread in threads:
        thread.start()
    try:
        for round_ in range(6):
            replace_with(served, good if round_ % 2 else random.Random(round_).randbytes(4096))
            if holder.changed():
                holder.reload()
            before = answered[0]
            wait_until(lambda: answered[0] >= before + 16 or failures,  # noqa: B023
                       "requests on this file")
    finally:
        stop.set()
        for thread in threads:
            thread.join()
        holder.close()
    assert not failures, failures[:3]


def test_a_retired_engine_is_closed_where_the_holder_says(tmp_path: Path) -> None:
    """The last call on a retired engine may end on the event loop: with `close_in`, closing
    it (and removing a shelf's file) is handed there instead of done by that caller."""
    closed: list[str] = []

    class Spy:
        def close(self) -> None:
            closed.append(threading.current_thread().name)

    served = tmp_path / "shelf.sqlite"
    served.write_bytes(b"")
    with ThreadPoolExecutor(1, thread_name_prefix="closer") as pool:
        holder = EngineHolder(served, lambda path: Spy(), remove_on_close=True,
                              close_in=pool.submit)
        with holder.use():
            holder.retire()
            assert not closed and served.exists()  # in use: left open
        wait_until(lambda: closed and not served.exists(), "the retired engine closed")
    assert closed == ["closer_0"]

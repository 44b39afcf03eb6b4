"""A member's uploaded story file: read like ingest reads one, kept safely, stored as a record.

`analyse_upload` runs in a worker process (the bot's event loop never parses), with the same
parsers, limits, fandom knowledge and identity keys as ingest (bot.catalog.analyse). Its
result is an `UploadedStory`: the rows the catalog would store, as plain JSON, so a server's
recommendations live in the server state (shared by every bot process) and a small catalog is
built from them for the search (bot.catalog.shelf). `keep_file` stores the bytes under the data
home, atomically, so a rebuild can read them again with newer parsers.
"""

from __future__ import annotations

import asyncio
import base64
import dataclasses
import hashlib
import json
import logging
import multiprocessing
import os
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import TypeVar

from bot.catalog.analyse import Analysed, analyse_story, init_worker, stable_id
from bot.catalog.schema import SCHEMA_VERSION
from bot.catalog.writer import StoryRows
from bot.parsers import STORY_SUFFIXES, Limits, ParseError, parse_bytes
from bot.vocabulary import shown_rating

log = logging.getLogger(__name__)
T = TypeVar("T")

UPLOAD_PREFIX = "u"  # every upload's story id starts so; no catalog id does (hex)
# How the parsers and the understanding read a file: raise it when they read one differently.
PARSE_VERSION = 1
# The reading an upload's record is made with (the catalog's rows, and how files are read): a
# record made with an older one is read again from its kept file (bot start, catalog reload).
READ_VERSION = SCHEMA_VERSION * 1000 + PARSE_VERSION
MIN_WORDS = 40  # fewer is a note, a link or a page of something else: not a story


_ROW_LISTS = ("authors", "fandoms", "characters", "relationships", "tags", "moods",
              "stated_moods", "evidence", "inferred_fandoms")


class UploadRefused(ValueError):
    """The file is not taken; the message is the reason, fit to show its uploader."""


@dataclass(frozen=True, slots=True)
class UploadedStory:
    """One analysed upload: what the catalog would store, its identity keys and its file."""

    keys: tuple[str, ...]
    rows: StoryRows
    body_hash: str
    richness: int
    sha256: str
    suffix: str  # the stored file's, e.g. ".epub"
    # the record as the state keeps it (to_json), made where the story was read: a big
    # story's JSON is never encoded on the bot's event loop
    record: str = field(default="", compare=False, repr=False)

    @property
    def title(self) -> str:
        return self.rows.title or "Untitled"

    @property
    def rating(self) -> str:
        return str(self.rows.fields[4])

    @property
    def gated_as(self) -> str:
        """The rating it counts as where it might show (a not-rated story reading as
        explicit counts as explicit: bot.vocabulary.shown_rating)."""
        return shown_rating(self.rating, self.rows.estimate)

    def story_id(self, guild_id: int) -> str:
        """Stable: the same story in the same server always gets the same id, across
        restarts, catalog rebuilds and new parsers (it is derived from the identity key
        ingest prefers). The prefix keeps it apart from every catalog id."""
        return UPLOAD_PREFIX + stable_id(f"{guild_id}:{self.keys[0]}")

    def to_json(self) -> str:
        rows = dataclasses.asdict(self.rows)
        rows["body_z"] = base64.b64encode(self.rows.body_z).decode("ascii")
        return json.dumps({"keys": list(self.keys), "rows": rows, "body_hash": self.body_hash,
                           "richness": self.richness, "sha256": self.sha256,
                           "suffix": self.suffix}, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> UploadedStory:
        data = json.loads(text)
        rows = data["rows"]
        rows["body_z"] = base64.b64decode(rows["body_z"])
        for name in ("fields", "search"):
            rows[name] = tuple(rows[name])
        if rows["understanding"] is not None:
            rows["understanding"] = tuple(rows["understanding"])
        for name in _ROW_LISTS:  # JSON made each row a list: rows are tuples again
            rows[name] = [tuple(row) for row in rows[name]]
        return cls(tuple(data["keys"]), StoryRows(**rows), data["body_hash"],
                   int(data["richness"]), data["sha256"], data["suffix"], text)


def check_name(name: str) -> str:
    """The file's suffix when ingest would read a file of that name, else UploadRefused."""
    suffix = PurePath(name).suffix.lower()
    if suffix not in STORY_SUFFIXES:
        accepted = ", ".join(sorted(STORY_SUFFIXES))
        raise UploadRefused(f"not a story file: {safe_name(name)} is not one of {accepted}")
    return suffix


def safe_name(name: str) -> str:
    return PurePath(name).name[:80] or "the file"


def analyse_upload(data: bytes, name: str, limits: Limits) -> UploadedStory:
    """Parse and understand an upload as ingest would (run in a worker process whose
    knowledge `analyse.init_worker` loaded). Raises UploadRefused naming the reason."""
    suffix = check_name(name)
    result = Analysed(key=name, path=name, sha256=hashlib.sha256(data).hexdigest(),
                      size=len(data))
    try:
        analyse_story(result, parse_bytes(data, safe_name(name), limits))
    except ParseError as exc:
        raise UploadRefused(f"cannot read it as a story: {exc}") from None
    except RecursionError:
        raise UploadRefused("cannot read it as a story: it is nested too deeply") from None
    except Exception as exc:  # a parser bug costs this upload, never the bot
        log.warning("parser failure on an upload (%s)", safe_name(name), exc_info=True)
        raise UploadRefused(f"cannot read it as a story ({type(exc).__name__})") from None
    assert result.rows is not None  # analyse_story fills it or raises
    words = int(result.rows.fields[8] or 0)
    if words < MIN_WORDS:
        raise UploadRefused(f"not a story: only {words} words of text "
                            f"(a story has at least {MIN_WORDS})")
    story = UploadedStory(tuple(result.keys), result.rows, result.body_hash, result.richness,
                          result.sha256, suffix)
    return dataclasses.replace(story, record=story.to_json())


def upload_path(root: Path, guild_id: int, story: UploadedStory) -> Path:
    """Where an upload is kept: `<root>/<guild>/<sha256><suffix>` (content-addressed)."""
    return root / str(guild_id) / f"{story.sha256}{story.suffix}"


def keep_file(root: Path, guild_id: int, story: UploadedStory, data: bytes) -> Path | None:
    """Store the uploaded bytes, atomically (temp file, fsync, rename): a crash leaves the
    whole file or none. The path, or None when the same bytes were already kept."""
    target = upload_path(root, guild_id, story)
    if target.is_file():
        return None
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=".upload-", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return target


ORPHAN_CHECK = 1.0  # seconds between a worker's checks that the bot is still there


def _init_upload_worker(fandoms: str | None, limits: Limits, bot_pid: int,
                        niceness: int) -> None:
    """Ingest's worker set-up (its priority `niceness` steps below the bot's), and a watch on
    the bot: a bot killed outright (kill -9, OOM) cannot shut its pool down, and a pool worker
    would otherwise live on (and with it the forkserver), one more after every crash."""
    init_worker(fandoms, limits, niceness=niceness)

    def watch() -> None:
        while True:
            time.sleep(ORPHAN_CHECK)
            try:
                os.kill(bot_pid, 0)
            except ProcessLookupError:
                os._exit(0)
            except PermissionError:
                continue  # the pid exists (someone else's now would be rare and harmless)

    threading.Thread(target=watch, name="orphan-watch", daemon=True).start()


class UploadReader:
    """Reads uploads in a worker process: a parse (or a parser's crash) never holds the bot's
    event loop or its memory. One worker is plenty (uploads are rare); it starts on first use
    with ingest's fandom knowledge loaded once, and is started again if it dies. It runs
    `niceness` steps of OS priority below the bot (settings.worker_niceness): its parse is
    background work, and the bot's searches take a core from it whenever they want one."""

    def __init__(self, limits: Limits, fandoms_path: Path | None, workers: int = 1,
                 niceness: int = 0) -> None:
        self.limits = limits
        self.fandoms = str(fandoms_path) if fandoms_path else None
        self.workers = workers
        self.niceness = niceness
        self._pool: ProcessPoolExecutor | None = None
        self._reading = 0  # uploads being read now
        self._answered: ProcessPoolExecutor | None = None  # a pool whose worker is up

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() \
                else "spawn"  # never fork a process that has threads running
            self._pool = ProcessPoolExecutor(
                self.workers, mp_context=multiprocessing.get_context(method),
                initializer=_init_upload_worker,
                initargs=(self.fandoms, self.limits, os.getpid(), self.niceness))
        return self._pool

    def warm(self) -> None:
        """Start the worker now, so the first upload does not wait for it."""
        pool = self._executor()
        pool.submit(len, b"").add_done_callback(
            lambda done: None if done.cancelled() or done.exception() else self._up(pool))

    async def ready(self) -> None:
        """Wait until the worker is up (benchmarks measure uploads, not the start)."""
        pool = self._executor()
        await asyncio.get_running_loop().run_in_executor(pool, len, b"")
        self._up(pool)

    def _up(self, pool: ProcessPoolExecutor) -> None:
        """The pool's worker answered: it is started (its knowledge loaded)."""
        self._answered = pool

    def worker_pids(self) -> list[int]:
        """The worker processes' ids (for CPU accounting)."""
        return list(getattr(self._pool, "_processes", None) or ())

    async def read(self, data: bytes, name: str) -> UploadedStory:
        """The analysed upload, or UploadRefused naming why it is not taken."""
        loop = asyncio.get_running_loop()
        self._reading += 1
        try:
            pool = self._executor()
            story = await loop.run_in_executor(pool, analyse_upload, data, name, self.limits)
            self._up(pool)
            return story
        except BrokenProcessPool:
            self.close()  # the next upload gets a fresh worker
            raise UploadRefused("cannot read it as a story: reading it crashed the reader "
                                "(the file may be damaged)") from None
        finally:
            self._reading -= 1

    def offload(self, job: Callable[[], T]) -> tuple[bool, T | None]:
        """Run a picklable job in the worker and wait for it (from a thread, never the loop):
        Python work there holds none of the bot's threads, which share one GIL with the
        searches. Only when the worker is up (it has answered) and reading no upload: never
        started for it, never waited for while it starts or parses. (True, what the job
        returned), or (False, None) when it did not run there, for the caller to run it. The
        job's own exceptions are raised."""
        pool = self._answered
        if pool is None or pool is not self._pool or self._reading:
            return False, None
        try:
            future = pool.submit(job)
        except BrokenProcessPool:
            return self._broken(pool)
        except RuntimeError:  # shut down meanwhile: the bot is closing
            return False, None
        try:
            return True, future.result()
        except BrokenProcessPool:
            return self._broken(pool)

    def _broken(self, pool: ProcessPoolExecutor) -> tuple[bool, None]:
        """The worker died: the next use gets a fresh one."""
        if self._pool is pool:
            self.close()
        return False, None

    def close(self) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)

"""`storybot ingest`: walk story files into the catalog, incrementally and atomically.

The new catalog is always built in a temporary file beside the old one and moved over it with
one `os.replace`, so a reader (or a `kill -9` half-way) only ever sees a whole catalog. Files
whose content hash is unchanged are not parsed again; nothing changed means nothing is rebuilt.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import logging
import multiprocessing
import os
import shutil
import sqlite3
import stat
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from bot.catalog import learning, writer
from bot.catalog.analyse import Analysed, analyse_task, init_worker, load_knowledge, stable_id
from bot.catalog.export import CatalogMissing
from bot.catalog.recast import recast as recast_stories
from bot.catalog.schema import SCHEMA_VERSION, migrate
from bot.knowledge import LearnedFacts
from bot.parsers import STORY_SUFFIXES, Limits

log = logging.getLogger(__name__)


class IngestError(RuntimeError):
    """Nothing usable could be built (the message says why)."""


@dataclass(slots=True)
class IngestReport:
    ingested: int = 0  # new or changed files parsed into stories
    unchanged: int = 0
    duplicates: int = 0  # files that are another copy of a story already in the catalog
    removed: int = 0  # files gone from disk since the last ingest
    failures: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    stories: int = 0
    rebuilt: bool = False
    seconds: float = 0.0
    bytes_parsed: int = 0

    def summary(self) -> str:
        lines = [f"ingested {self.ingested}, unchanged {self.unchanged}, duplicates "
                 f"{self.duplicates}, removed {self.removed}, failed {len(self.failures)} — "
                 f"{self.stories} stories in the catalog ({self.seconds:.1f} s"
                 + (f", {self.bytes_parsed / 1e6 / max(self.seconds, 1e-9):.1f} MB/s" if
                    self.bytes_parsed else "") + ")"]
        lines += [f"  failed: {path}: {reason}" for path, reason in self.failures]
        return "\n".join(lines)


@dataclass(slots=True)
class _File:
    key: str
    path: str
    size: int
    sha256: str = ""


def find_files(paths: Iterable[str], failures: list[tuple[str, str]]) -> list[_File]:
    """Every story file under the given paths (explicit files whatever their suffix)."""
    found: dict[str, _File] = {}
    for given in paths:
        root = Path(given)
        if root.is_dir():
            for dirpath, dirnames, filenames in os.walk(root):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                real = os.path.realpath(dirpath)  # once per folder, not per file
                for name in sorted(filenames):
                    if name.startswith(".") or \
                            os.path.splitext(name)[1].lower() not in STORY_SUFFIXES:
                        continue
                    given = os.path.join(dirpath, name)
                    key = os.path.realpath(given) if os.path.islink(given) else \
                        os.path.join(real, name)
                    if key in found:
                        continue
                    _add(found, key, given, failures)
        elif root.exists():
            if str(root.resolve()) not in found:
                _add(found, str(root.resolve()), given, failures)
        else:
            failures.append((given, "no such file or folder"))
    return list(found.values())


def _add(found: dict[str, _File], key: str, given: str,
         failures: list[tuple[str, str]]) -> None:
    """Only regular files: reading a named pipe or a device (a link to /dev/zero) never ends."""
    try:
        status = os.stat(key)
    except OSError as exc:  # a dangling link, a file gone meanwhile
        failures.append((given, f"cannot read file: {exc.strerror or exc}"))
        return
    if not stat.S_ISREG(status.st_mode):
        failures.append((given, "not a regular file (a named pipe, a device or a socket)"))
        return
    found[key] = _File(key=key, path=given, size=status.st_size)


def _sha256(path: str) -> str:
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


class _Progress:
    """A bar on a terminal; otherwise one log line per 1,000 files."""

    def __init__(self, total: int, stream=None) -> None:
        # sys.stderr as it is now, not as it was at import (a test may have swapped it since)
        stream = stream or sys.stderr
        self.total, self.done, self.stream = total, 0, stream
        self.tty = stream.isatty()
        self.start = time.monotonic()
        self.bytes = 0

    def step(self, size: int) -> None:
        self.done += 1
        self.bytes += size
        if self.tty:
            if self.done % 25 == 0 or self.done == self.total:
                width = 30
                filled = int(width * self.done / max(self.total, 1))
                rate = self.bytes / 1e6 / max(time.monotonic() - self.start, 1e-6)
                self.stream.write(f"\r[{'#' * filled}{' ' * (width - filled)}] "
                                  f"{self.done}/{self.total} files  {rate:5.1f} MB/s")
                self.stream.flush()
        elif self.done % 1000 == 0:
            log.info("parsed %d of %d files", self.done, self.total)

    def close(self) -> None:
        if self.tty and self.total:
            self.stream.write("\n")


@contextlib.contextmanager
def _lock(catalog: Path) -> Iterator[None]:
    """One ingest at a time per catalog."""
    lock_path = catalog.with_name(catalog.name + ".lock")
    with open(lock_path, "w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise IngestError(f"another ingest is already writing {catalog}") from None
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _clean_stale_builds(catalog: Path) -> None:
    for stale in catalog.parent.glob(f".{catalog.name}.building-*"):
        pid = stale.name.rsplit("-", 1)[-1]
        if pid.isdigit() and not alive(int(pid)):
            stale.unlink(missing_ok=True)


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _open_existing(catalog: Path) -> sqlite3.Connection | None:
    """The catalog being replaced, read-only; None when there is none or it is damaged (one
    line says so: the build then starts anew from the files)."""
    if not catalog.exists():
        return None
    conn = sqlite3.connect(f"file:{catalog}?mode=ro", uri=True)
    try:
        conn.execute("SELECT 1 FROM files LIMIT 1")
        problem = damage(conn)
    except sqlite3.DatabaseError as exc:
        problem = str(exc)
    if problem is None:
        return conn
    conn.close()
    log.warning("existing catalog %s is damaged (%s); building a new one from the files",
                catalog, problem)
    return None


def damage(conn: sqlite3.Connection) -> str | None:
    """What `PRAGMA quick_check` finds wrong with a catalog (its first complaint), or None."""
    try:
        first = conn.execute("PRAGMA quick_check(1)").fetchone()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    if first and first[0] == "ok":
        return None
    return " ".join(str(first[0] if first else "no answer").split())  # one line


def _files_listed(catalog: Path) -> dict[str, str]:
    """The story files a damaged catalog still lists (key -> path), as far as it can be read:
    they are read again, so a damaged catalog is rebuilt rather than emptied."""
    listed: dict[str, str] = {}
    with contextlib.suppress(sqlite3.Error), \
            contextlib.closing(sqlite3.connect(f"file:{catalog}?mode=ro", uri=True)) as conn:
        for key, path in conn.execute("SELECT key, path FROM files"):
            if isinstance(key, str) and isinstance(path, str):
                listed[key] = path
    return listed


def ingest(paths: Iterable[str], catalog: Path, *, fandoms_path: Path | None = None,
           limits: Limits = Limits(), workers: int = 0,
           progress: Callable[[int], _Progress] | None = None,
           niceness: int = 0) -> IngestReport:
    """Ingest story files and folders into `catalog`. Raises IngestError if nothing usable.
    Worker processes run `niceness` steps of OS priority below this one (a bot on the same
    machine keeps answering); reading in this process (one worker) keeps its priority."""
    started = time.monotonic()
    report = IngestReport()
    # A symlinked catalog: the lock, the build and the swap happen beside the file it points
    # at, so every ingest shares one lock and the link stays a link to the new catalog.
    catalog = catalog.resolve()
    catalog.parent.mkdir(parents=True, exist_ok=True)
    paths = list(paths)
    with _lock(catalog):
        _clean_stale_builds(catalog)
        files = find_files(paths, report.failures)
        roots = [str(Path(p).resolve()) for p in paths]
        old = _open_existing(catalog)
        if old is None and catalog.exists():  # damaged: every file it lists is read again
            listed = {f.key for f in files}
            files += [_File(key=k, path=p, size=Path(k).stat().st_size)
                      for k, p in _files_listed(catalog).items()
                      if k not in listed and Path(k).is_file()]
        old_version = old.execute("PRAGMA user_version").fetchone()[0] if old else 0
        known: dict[str, str] = {}
        old_failures: dict[str, tuple[str, str]] = {}
        learned = LearnedFacts()
        if old:
            learned = learning.load_facts(old)
            rows = old.execute("SELECT key, sha256, path FROM files").fetchall()
            known = {key: sha for key, sha, _ in rows}
            stored = {key: path for key, _, path in rows}
            old_failures = {k: (s, r) for k, s, r in
                            old.execute("SELECT key, sha256, reason FROM failures")}
            old.close()
        if old_version > SCHEMA_VERSION:
            raise IngestError(f"catalog schema version {old_version} is newer than this "
                              f"storybot ({SCHEMA_VERSION}); upgrade storybot")
        schema_stale = old is not None and old_version < SCHEMA_VERSION
        if schema_stale:
            # A newer schema may hold data the old catalog lacks (indexes, understanding):
            # every file it knows is read again, wherever it lives; ids are kept.
            listed = {f.key for f in files}
            files += [_File(key=k, path=p, size=Path(k).stat().st_size)
                      for k, p in stored.items() if k not in listed and Path(k).is_file()]
            known, old_failures = {}, {}
        todo: list[_File] = []
        # Nothing to compare with (a fresh build, or a stale schema): every file is read anyway,
        # and the workers hash what they read, in parallel.
        compare = bool(known or old_failures)
        for f in files:
            if f.size > limits.max_file_bytes:
                report.failures.append((f.path, f"file is {f.size / 1048576:.1f} MB, over the "
                                        f"{limits.max_file_bytes / 1048576:.0f} MB limit"))
                continue
            if not compare:
                todo.append(f)
                continue
            try:
                f.sha256 = _sha256(f.key)
            except OSError as exc:
                report.failures.append((f.path, f"cannot read file: {exc.strerror or exc}"))
                continue
            if known.get(f.key) == f.sha256:
                report.unchanged += 1
            elif f.key in old_failures and old_failures[f.key][0] == f.sha256:
                report.failures.append((f.path, old_failures[f.key][1]))
            else:
                todo.append(f)
        present = {f.key for f in files}
        gone = [k for k in [*known, *old_failures] if k not in present
                and any(k == r or k.startswith(r.rstrip(os.sep) + os.sep) for r in roots)]
        if not todo and not gone and old is not None and not schema_stale:
            report.stories = _count(catalog)
            report.seconds = time.monotonic() - started
            return report
        _build(catalog, todo, gone, fandoms_path, limits, workers, report, progress, learned,
               base=old is not None, niceness=niceness)
    report.seconds = time.monotonic() - started
    return report


def _count(catalog: Path) -> int:
    with contextlib.closing(sqlite3.connect(f"file:{catalog}?mode=ro", uri=True)) as conn:
        return conn.execute("SELECT COUNT(*) FROM stories").fetchone()[0]


def _build(catalog: Path, todo: list[_File], gone: list[str], fandoms_path: Path | None,
           limits: Limits, workers: int, report: IngestReport, progress,
           learned: LearnedFacts, base: bool, niceness: int) -> None:
    temp = catalog.with_name(f".{catalog.name}.building-{os.getpid()}")
    temp.unlink(missing_ok=True)
    conn: sqlite3.Connection | None = None
    try:
        if base:  # start from the catalog being replaced (a damaged one: anew)
            shutil.copyfile(catalog, temp)  # a full disk: the finally removes the part copied
        conn = sqlite3.connect(temp, isolation_level=None)
        conn.execute("PRAGMA journal_mode = OFF")  # a crash discards the temp file anyway
        conn.execute("PRAGMA synchronous = OFF")
        # Deletes are explicit (writer.delete_story), so the per-row foreign-key checks
        # would only cost time (~0.1 ms a story); the tests check the result instead.
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("BEGIN")
        migrate(conn)
        old_ids = dict(conn.execute(
            "SELECT k.key, s.id FROM story_keys k JOIN stories s ON s.n = k.story"))
        changed = [f.key for f in todo] + gone
        _drop_files(conn, changed)
        report.removed = len(gone)
        # Loaded before the workers start: forked workers share the bundled knowledge.
        knowledge = load_knowledge(str(fandoms_path) if fandoms_path else None)
        bar = (progress or _Progress)(len(todo))
        for result in _analyse_all(todo, fandoms_path, limits, workers, learned, niceness):
            bar.step(result.size)
            report.bytes_parsed += result.size
            if result.error:
                report.failures.append((result.path, result.error))
                conn.execute("INSERT OR REPLACE INTO failures VALUES (?, ?, ?, ?)",
                             (result.key, result.path, result.sha256, result.error))
                continue
            if _merge(conn, result, old_ids):
                report.duplicates += 1
            else:
                report.ingested += 1
        bar.close()
        report.stories = conn.execute("SELECT COUNT(*) FROM stories").fetchone()[0]
        if report.stories == 0 and not catalog.exists():
            raise IngestError("no story could be read: the catalog was not created")
        facts = learning.learn(conn, knowledge)
        recast = learning.recast_fandoms(learned, facts)
        # No story is parsed or analysed again: their characters are named as the cast.
        recast_stories(conn, knowledge, facts, recast)
        learning.apply(conn, knowledge, facts)
        writer.refresh_vocabulary(conn)
        conn.execute("INSERT OR REPLACE INTO meta VALUES ('built_at', ?)",
                     (datetime.now(UTC).isoformat(timespec="seconds"),))
        conn.execute("COMMIT")
        if (problem := damage(conn)) is not None:  # never install a damaged catalog
            raise IngestError(f"the new catalog failed its integrity check ({problem}); "
                              f"{catalog} was left as it was")
        conn.close()
        _fsync(temp)
        os.replace(temp, catalog)
        _fsync(catalog.parent)
        report.rebuilt = True
    except sqlite3.OperationalError as exc:
        if exc.sqlite_errorcode & 0xFF not in _WRITE_FAILURES:
            raise
        # SQLite's word for ENOSPC / EFBIG: the same one line as a failed copy (exit 5)
        raise OSError(errno.ENOSPC, f"no room to build the new catalog ({exc})",
                      str(catalog)) from None
    except OSError as exc:  # the copy or the swap: name the catalog, not the temporary file
        raise OSError(exc.errno, f"{exc.strerror or exc} (building the new catalog)",
                      str(catalog)) from None
    finally:
        if conn is not None:
            with contextlib.suppress(sqlite3.Error):
                conn.close()
        temp.unlink(missing_ok=True)


_WRITE_FAILURES = {sqlite3.SQLITE_FULL, sqlite3.SQLITE_IOERR}  # primary result codes


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _drop_files(conn: sqlite3.Connection, keys: list[str]) -> None:
    """Forget changed and removed files; a story left with no file goes too."""
    for key in keys:
        conn.execute("DELETE FROM failures WHERE key = ?", (key,))
        row = conn.execute("SELECT story FROM files WHERE key = ?", (key,)).fetchone()
        if row is None:
            continue
        conn.execute("DELETE FROM files WHERE key = ?", (key,))
        if conn.execute("SELECT 1 FROM files WHERE story = ?", (row[0],)).fetchone() is None:
            writer.delete_story(conn, row[0])


def _merge(conn: sqlite3.Connection, result: Analysed, old_ids: dict[str, str]) -> bool:
    """Insert a parsed file's story, or attach it to the story it duplicates. True if a dupe."""
    existing = None
    for key in result.keys:
        row = conn.execute("SELECT story FROM story_keys WHERE key = ?", (key,)).fetchone()
        if row:
            existing = row[0]
            break
    rows = result.rows
    assert rows is not None
    if existing is None:
        story_id = next((old_ids[k] for k in result.keys if k in old_ids), None)
        story_id = story_id or stable_id(result.keys[0])
        while conn.execute("SELECT 1 FROM stories WHERE id = ?", (story_id,)).fetchone():
            story_id = stable_id(story_id + result.keys[-1])  # a rare clash: derive another
        n = writer.insert_story(conn, story_id, rows, result.body_hash,
                                result.richness)
    else:
        n = existing
        story_id, richness = conn.execute(
            "SELECT id, richness FROM stories WHERE n = ?", (n,)).fetchone()
        if result.richness > richness:
            writer.replace_story(conn, n, story_id, rows, result.body_hash,
                                 result.richness)
    conn.executemany("INSERT OR IGNORE INTO story_keys VALUES (?, ?)",
                     [(k, n) for k in result.keys])
    conn.execute("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?)",
                 (result.key, result.path, n, result.sha256, result.size))
    return existing is not None


def _analyse_all(todo: list[_File], fandoms_path: Path | None, limits: Limits,
                 workers: int, learned: LearnedFacts, niceness: int
                 ) -> Iterator[Analysed]:
    tasks = [(f.key, f.path, f.sha256, f.size) for f in todo]
    # Results come back in path order whatever the scheduling, so ids and duplicate
    # resolution are the same on every run.
    workers = workers or os.cpu_count() or 1
    fandoms = str(fandoms_path) if fandoms_path else None
    if workers == 1 or len(tasks) < 8:
        init_worker(fandoms, limits, learned)
        yield from map(analyse_task, sorted(tasks, key=lambda t: t[1]))
        return
    ctx = multiprocessing.get_context("fork" if sys.platform != "win32" else "spawn")
    with ctx.Pool(workers, initializer=init_worker,
                  initargs=(fandoms, limits, learned, niceness)) as pool:
        yield from pool.imap(analyse_task, sorted(tasks, key=lambda t: t[1]), chunksize=8)


def ensure_catalog(path: Path, *, stories: Path | None, fandoms: Path,
                   limits: Limits = Limits()) -> Path:
    """The catalog to serve; built from `stories` (the bundled sample) the first time, and
    brought forward (every file it knows read again) when an older storybot wrote it.

    With `stories=None` a missing catalog raises `CatalogMissing`: a catalog someone chose
    is never quietly replaced by the sample (their stories would seem to vanish)."""
    if not path.exists():
        if stories is None or not stories.is_dir():
            raise CatalogMissing(f"no catalog at {path}" + (
                "" if stories is None else f" and no story folder at {stories} to build it"))
        log.info("no catalog at %s yet: ingesting %s", path, stories)
        report = ingest([str(stories)], path, fandoms_path=fandoms, limits=limits, workers=1)
        log.info("%s", report.summary().splitlines()[0])
    elif (version := _version(path)) is not None and version < SCHEMA_VERSION:
        log.info("catalog %s has schema %d: reading its files again for schema %d",
                 path, version, SCHEMA_VERSION)
        report = ingest([], path, fandoms_path=fandoms, limits=limits)
        log.info("%s", report.summary().splitlines()[0])
    return path


def _version(catalog: Path) -> int | None:
    """The catalog's schema version, None when it is not an SQLite file (opening it as the
    catalog says what is wrong)."""
    try:
        with contextlib.closing(sqlite3.connect(f"file:{catalog}?mode=ro", uri=True)) as conn:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError:
        return None
    return version or None  # 0: an empty file or not a catalog at all

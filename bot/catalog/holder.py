"""The search engine currently serving, swapped for a new one when the catalog is rebuilt.

An ingest replaces the catalog file with `os.replace`; the holder notices (inode change),
opens a new engine beside the old, swaps the reference, and closes the old one only after the
calls that were using it have finished — so no request fails during the swap.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Generic, Protocol, TypeVar

log = logging.getLogger(__name__)


class Closeable(Protocol):
    def close(self) -> None: ...


E = TypeVar("E", bound=Closeable)


class EngineHolder(Generic[E]):
    """Thread-safe: `with holder.use() as engine:` from any thread; `reload()` from any thread."""

    def __init__(self, path: Path, opener: Callable[[Path], E], *,
                 remove_on_close: bool = False,
                 close_in: Callable[[Callable[[], None]], object] | None = None) -> None:
        self.path = path
        self.remove_on_close = remove_on_close  # a file only this holder reads (a shelf's)
        # where a retired engine is closed when its last call ends (an executor's submit):
        # that call may end on the event loop, and closing is disk work (retire and reload
        # close idle engines on their own thread)
        self._close_in = close_in
        self._retiring = False
        self._opener = opener
        self._lock = threading.Lock()
        self._engine: E = opener(path)
        self._identity = self._file_identity()
        self._users: dict[int, int] = {id(self._engine): 0}
        self._retired: list[E] = []
        self._failed: tuple[int, int, int] | None = None  # the file a reload last failed on

    def _file_identity(self) -> tuple[int, int, int] | None:
        try:
            st = self.path.stat()
        except FileNotFoundError:
            return None
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    @property
    def engine(self) -> E:
        return self._engine

    @contextlib.contextmanager
    def use(self) -> Iterator[E]:
        with self._lock:
            engine = self._engine
            self._users[id(engine)] = self._users.get(id(engine), 0) + 1
        try:
            yield engine
        finally:
            with self._lock:
                self._users[id(engine)] -= 1
                self._close_idle_retired(handed=True)

    def changed(self) -> bool:
        """True when the catalog file on disk is not the one being served."""
        identity = self._file_identity()
        return identity is not None and identity != self._identity

    def reload(self) -> bool:
        """Open the catalog file again and swap engines. False if it could not be opened: the
        engine that works keeps serving; the failure is logged once per file that fails
        (one line), and trying again on the same file stays quiet."""
        identity = self._file_identity()
        try:
            fresh = self._opener(self.path)
        except Exception as exc:  # noqa: BLE001 - whatever the file is, keep serving
            problem = " ".join(f"{type(exc).__name__}: {exc}".split())
            if identity != self._failed:
                self._failed = identity
                log.warning("cannot serve the new catalog at %s (%s); still serving the "
                            "previous one, and trying again quietly until it is replaced",
                            self.path, problem)
            else:
                log.debug("the catalog at %s still cannot be served (%s)", self.path, problem)
            return False
        self._failed = None
        with self._lock:
            old = self._engine
            self._engine = fresh
            self._identity = identity
            self._users.setdefault(id(fresh), 0)
            self._retired.append(old)
            self._close_idle_retired()
        log.info("catalog reloaded from %s", self.path)
        return True

    def _close_idle_retired(self, *, handed: bool = False) -> None:
        idle, still = [], []
        for engine in self._retired:
            if self._users.get(id(engine), 0) == 0:
                self._users.pop(id(engine), None)
                idle.append(engine)
            else:
                still.append(engine)
        self._retired = still
        remove = self._retiring and not still and self.remove_on_close
        if not idle and not remove:
            return

        def close() -> None:
            for engine in idle:
                engine.close()
            if remove:
                self.path.unlink(missing_ok=True)

        if handed and self._close_in is not None:
            try:
                self._close_in(close)
                return
            except RuntimeError:  # the executor is shut down: the bot is closing
                pass
        close()

    def retire(self) -> None:
        """No new callers: close the engine once the calls using it have finished (and remove
        its file, when this holder owns it)."""
        with self._lock:
            if not self._retiring:
                self._retiring = True
                self._retired.append(self._engine)
            self._close_idle_retired()

    def close(self) -> None:
        with self._lock:
            for engine in [*self._retired, self._engine]:
                engine.close()
            self._retired = []

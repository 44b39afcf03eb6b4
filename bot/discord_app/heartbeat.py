"""A running bot says it is alive, for `storybot health` (a container's healthcheck).

Every `HEARTBEAT_EVERY` seconds the bot writes, into a small file in the data home, when it
last looked and whether it was connected to Discord. A file that is recent and says "ready"
means the event loop runs and the gateway is up; a stale one means the process hangs or is
gone. Nothing here imports discord.py, so the check starts fast.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

log = logging.getLogger(__name__)

HEARTBEAT_EVERY = 30.0  # seconds between writes
STALE_AFTER = 90.0  # three missed writes: the bot is not well


@dataclass(frozen=True, slots=True)
class Beat:
    at: float  # Unix time of the write
    pid: int
    ready: bool  # connected to Discord and serving
    guilds: int


def write_beat(path: Path, beat: Beat) -> None:
    """Replace the file in one step, so a reader never sees half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{beat.pid}")
    partial.write_text(json.dumps(asdict(beat)), encoding="utf-8")
    os.replace(partial, path)


def read_beat(path: Path) -> Beat | None:
    """The last beat written, or None when there is none (or it is not one)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Beat(float(data["at"]), int(data["pid"]), bool(data["ready"]),
                    int(data["guilds"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def judge(beat: Beat | None, now: float, stale_after: float = STALE_AFTER) -> str | None:
    """What is wrong, in one phrase, or None when the bot is healthy."""
    if beat is None:
        return "no heartbeat: the bot is not running (or has not started yet)"
    age = now - beat.at
    if age > stale_after:
        return f"the last heartbeat is {age:.0f} s old (process {beat.pid} hangs or is gone)"
    if not beat.ready:
        return f"process {beat.pid} is not connected to Discord"
    return None


async def beat_forever(path: Path, status: Callable[[], tuple[bool, int]], *,
                       every: float = HEARTBEAT_EVERY, wake: asyncio.Event | None = None,
                       clock: Callable[[], float] = time.time) -> None:
    """Write a beat now and every `every` seconds, and at once whenever `wake` is set (the
    bot connecting or losing Discord); `status()` says (ready, guild count). On the way out
    (the bot closing) it writes one that says "not ready"."""
    pid = os.getpid()
    wake = wake or asyncio.Event()
    writing: asyncio.Future | None = None
    try:
        while True:
            wake.clear()
            ready, guilds = status()
            writing = asyncio.ensure_future(
                asyncio.to_thread(write_beat, path, Beat(clock(), pid, ready, guilds)))
            try:
                await asyncio.shield(writing)  # cancelled or not, the write runs to its end
            except OSError as exc:
                log.warning("cannot write the heartbeat %s: %s", path, exc)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(wake.wait(), every)
    finally:
        # The last word is "not ready": after a write still in flight, never before it.
        if writing is not None:
            with contextlib.suppress(OSError, asyncio.CancelledError):
                await writing
        with contextlib.suppress(OSError):
            write_beat(path, Beat(clock(), pid, False, 0))

"""The bot's event loop: uvloop where it is installed (not on Windows), else asyncio's own.

Per interaction the loop wakes for the gateway frame, the worker threads' results and the HTTP
answer; uvloop does that bookkeeping in C. Everything else is the same asyncio API.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

T = TypeVar("T")

# How long a thread holding the interpreter (the GIL) keeps it while another waits for it.
# Python's 5 ms default is a quarter of the loop's 20 ms budget and of a search's 25: the
# loop and the search threads take it from each other several times per search (a hand-off,
# a syscall, an answer), and each time waited up to 5 ms behind a busy thread.
SWITCH_INTERVAL = 0.001  # seconds


def share_the_interpreter() -> None:
    """Let the loop and the search threads take the interpreter from a busy thread within
    SWITCH_INTERVAL (process-wide; never made longer than it is)."""
    if sys.getswitchinterval() > SWITCH_INTERVAL:
        sys.setswitchinterval(SWITCH_INTERVAL)


def loop_factory() -> Callable[[], asyncio.AbstractEventLoop] | None:
    """uvloop's loop, or None (asyncio's default) when uvloop is not there."""
    try:
        import uvloop
    except ImportError:
        return None
    return uvloop.new_event_loop


def run(main: Coroutine[Any, Any, T]) -> T:
    """`asyncio.run`, on the fast loop when there is one."""
    with asyncio.Runner(loop_factory=loop_factory()) as runner:
        return runner.run(main)

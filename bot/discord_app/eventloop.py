"""The bot's event loop: uvloop where it is installed (not on Windows), else asyncio's own.

Per interaction the loop wakes for the gateway frame, the worker threads' results and the HTTP
answer; uvloop does that bookkeeping in C. Everything else is the same asyncio API.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

T = TypeVar("T")


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

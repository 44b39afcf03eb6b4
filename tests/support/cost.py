"""The work a call does, counted rather than timed: the same on any machine, however loaded.

Counts every function call (Python and C) made while `fn` runs; a parser that goes quadratic
on hostile input makes calls out of proportion to its input, whatever the clock says.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any


def calls(fn: Callable[..., Any], *args: Any) -> int:
    count = 0

    def profile(frame: Any, event: str, arg: Any) -> None:
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    sys.setprofile(profile)
    try:
        fn(*args)
    finally:
        sys.setprofile(None)
    return count

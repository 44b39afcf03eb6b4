"""Waiting on what another process does: poll its effect (a file appearing or growing), with a
generous deadline that only a hang reaches. Never a fixed sleep standing in for progress."""

from __future__ import annotations

import time
from collections.abc import Callable


def wait_until(condition: Callable[[], object], what: str, within: float = 60.0) -> None:
    deadline = time.monotonic() + within
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what} after {within:.0f} s")
        time.sleep(0.005)

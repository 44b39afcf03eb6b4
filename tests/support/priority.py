"""The OS priority a worker process started from this one should run at."""

from __future__ import annotations

import os

from bot.config import MAX_NICENESS


def below(steps: int) -> int:
    """This process's priority `steps` nice steps lower (the kernel caps it at the lowest)."""
    return min(MAX_NICENESS, os.getpriority(os.PRIO_PROCESS, 0) + steps)

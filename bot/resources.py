"""Where the bundled data lives: the fandom knowledge files and the sample catalog's stories.

One place to say it, so the core never reads the app's settings to find its own data.
"""

from __future__ import annotations

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
FANDOMS_DIR = DATA_DIR / "fandoms"
SAMPLE_STORIES_DIR = DATA_DIR / "stories"

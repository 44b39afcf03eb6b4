"""Where the bundled data lives: the fandom knowledge files, the sample catalog's stories and
the list of large places.

One place to say it, so the core never reads the app's settings to find its own data. The
repository keeps that data in its top-level `data/`; a built wheel carries the same folder
inside the package as `bot/data/` (mapped there at build time by `setup.py`), so an install
anywhere finds it as well as a source checkout does.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _source_checkout(root: Path) -> Path | None:
    """The repository `bot/` was imported from, or None when it runs from an install."""
    return root if (root / "pyproject.toml").is_file() and (root / "data").is_dir() else None


SOURCE_CHECKOUT = _source_checkout(_PACKAGE.parent)
DATA_DIR = SOURCE_CHECKOUT / "data" if SOURCE_CHECKOUT else _PACKAGE / "data"
FANDOMS_DIR = DATA_DIR / "fandoms"
SAMPLE_STORIES_DIR = DATA_DIR / "stories"
PLACES_FILE = DATA_DIR / "places.txt"

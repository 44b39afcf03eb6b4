"""A server's recommended stories as a small catalog file, written like ingest writes one.

The search reads catalogs; a server's uploads become one (same schema, same writer, same
vocabulary refresh), so the same engine and the same ranking code search them. The file is
derived data, rebuilt from the server state whenever the shelf changes, and replaced
atomically (temp file, rename) like the main catalog.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
from collections.abc import Iterable
from pathlib import Path

from bot.catalog import writer
from bot.catalog.schema import migrate
from bot.catalog.uploads import UploadedStory


def build_shelf(path: Path, stories: Iterable[tuple[str, UploadedStory]]) -> Path:
    """Write the catalog of `(story id, upload)` pairs to `path`, replacing what was there."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(fd)
    temp = Path(name)
    try:
        with contextlib.closing(sqlite3.connect(temp, isolation_level=None)) as conn:
            conn.execute("PRAGMA journal_mode = OFF")
            conn.execute("PRAGMA synchronous = OFF")
            conn.execute("BEGIN")
            migrate(conn)
            for story_id, story in stories:
                n = writer.insert_story(conn, story_id, story.rows, story.body_hash,
                                        story.richness)
                conn.executemany("INSERT OR IGNORE INTO story_keys VALUES (?, ?)",
                                 [(key, n) for key in story.keys])
            writer.refresh_vocabulary(conn)
            conn.execute("COMMIT")
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)
    return path

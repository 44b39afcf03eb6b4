"""A server's recommended stories as a small catalog file, written like ingest writes one.

The search reads catalogs; a server's uploads become one (same schema, same writer, same
vocabulary refresh), so the same engine and the same ranking code search them. The file is
derived data, made from the server state whenever the shelf changes (from the last build plus
what changed), and replaced atomically (temp file, rename) like the main catalog.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from bot.catalog import writer
from bot.catalog.schema import migrate
from bot.catalog.uploads import UploadedStory

# The vocabulary rows a build from a base changed, by kind: name -> its stories now, or None
# where the name left. What a search engine's open needs of the change (bot.search.vocab_carry),
# made where the file is written (the upload worker), so the bot's process reads no whole table.
VocabularyChange = dict[str, dict[str, int | None]]


def write_shelf(path: Path, records: Sequence[tuple[str, str]], base: Path | None,
                remove: Iterable[str]) -> VocabularyChange | None:
    """`build_shelf` from `(story id, record as the state keeps it)` pairs: plain strings, so
    a worker process can be given the job (the bot's threads keep the GIL meanwhile). The
    change to the vocabulary table from `base`'s (None without a base)."""
    return _build(path, ((sid, UploadedStory.from_json(record)) for sid, record in records),
                  base, remove)


def build_shelf(path: Path, stories: Iterable[tuple[str, UploadedStory]], *,
                base: Path | None = None, remove: Iterable[str] = ()) -> Path:
    """Write the catalog of `(story id, upload)` pairs to `path`, replacing what was there.

    With `base` (an earlier build, left untouched), start from a copy of it less the stories
    in `remove`: a change to a shelf then costs what changed, not the whole shelf."""
    _build(path, stories, base, remove)
    return path


def _vocabulary(conn: sqlite3.Connection) -> dict[tuple[str, str], int]:
    return {(kind, name): stories for kind, name, stories
            in conn.execute("SELECT kind, name, stories FROM vocabulary")}


def _build(path: Path, stories: Iterable[tuple[str, UploadedStory]], base: Path | None,
           remove: Iterable[str]) -> VocabularyChange | None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(fd)
    temp = Path(name)
    try:
        if base is not None:
            shutil.copyfile(base, temp)
        with contextlib.closing(sqlite3.connect(temp, isolation_level=None)) as conn:
            conn.execute("PRAGMA journal_mode = OFF")
            conn.execute("PRAGMA synchronous = OFF")
            conn.execute("BEGIN")
            migrate(conn)
            before = _vocabulary(conn) if base is not None else None
            for story_id in remove:
                row = conn.execute("SELECT n FROM stories WHERE id = ?", (story_id,)).fetchone()
                if row is not None:
                    writer.delete_story(conn, row[0])
            for story_id, story in stories:
                n = writer.insert_story(conn, story_id, story.rows, story.body_hash,
                                        story.richness)
                conn.executemany("INSERT OR IGNORE INTO story_keys VALUES (?, ?)",
                                 [(key, n) for key in story.keys])
            writer.refresh_vocabulary(conn)
            change: VocabularyChange | None = None
            if before is not None:
                after = _vocabulary(conn)
                change = {}
                for kind, name in before.keys() | after.keys():
                    if before.get((kind, name)) != (now := after.get((kind, name))):
                        change.setdefault(kind, {})[name] = now
            conn.execute("COMMIT")
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)
    return change

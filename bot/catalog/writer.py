"""Rows in and out of the catalog being built: insert, replace and delete one story."""

from __future__ import annotations

import json
import sqlite3
import zlib

from bot.search.chunks import indexed_chunks, rowid
from bot.story import Story

_STORY_COLUMNS = ("id", "format", "title", "summary", "url", "rating", "status",
                  "chapters_posted", "chapters_total", "words", "stated_words", "published",
                  "updated", "language", "recipient", "prompt", "series", "notes", "richness",
                  "body_hash")
_INSERT_STORY = (f"INSERT INTO stories ({', '.join(_STORY_COLUMNS)}) "
                 f"VALUES ({', '.join('?' * len(_STORY_COLUMNS))})")
_UPDATE_STORY = (f"UPDATE stories SET {', '.join(c + ' = ?' for c in _STORY_COLUMNS)} "
                 "WHERE n = ?")
_CHILD_TABLES = ("authors", "fandoms", "characters", "relationships", "tags", "moods",
                 "passages", "bodies")


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def _story_row(story_id: str, story: Story, body_hash: str, richness: int) -> tuple:
    return (story_id, story.format, story.title, story.summary, story.url, story.rating,
            story.status, story.chapters_posted, story.chapters_total, story.words,
            story.stated_words, _iso(story.published), _iso(story.updated), story.language,
            story.recipient, story.prompt, story.series, story.notes, richness, body_hash)


def insert_story(conn: sqlite3.Connection, story_id: str, story: Story, body_z: bytes,
                 body_hash: str, richness: int) -> int:
    """Insert a story with all its child rows; returns its row id."""
    n = conn.execute(_INSERT_STORY, _story_row(story_id, story, body_hash, richness)).lastrowid
    _insert_children(conn, n, story, body_z)
    return n


def replace_story(conn: sqlite3.Connection, n: int, story_id: str, story: Story, body_z: bytes,
                  body_hash: str, richness: int) -> None:
    """Swap a story's fields for a richer copy, keeping its row id, id, keys and files."""
    _delete_children(conn, n)
    conn.execute(_UPDATE_STORY, (*_story_row(story_id, story, body_hash, richness), n))
    _insert_children(conn, n, story, body_z)


def _insert_children(conn: sqlite3.Connection, n: int, story: Story, body_z: bytes) -> None:
    conn.executemany("INSERT INTO authors VALUES (?, ?, ?)",
                     [(n, i, a) for i, a in enumerate(story.authors)])
    conn.executemany("INSERT INTO fandoms VALUES (?, ?, ?)",
                     [(n, i, f) for i, f in enumerate(story.fandoms)])
    conn.executemany(
        "INSERT OR IGNORE INTO characters VALUES (?, ?, ?, ?, ?)",
        [(n, c.name, int(c.stated), c.mentions, c.prominence) for c in story.characters])
    conn.executemany(
        "INSERT OR IGNORE INTO relationships VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [(n, r.key, r.kind, json.dumps(r.members), int(r.stated), r.modifier, r.confidence, i)
         for i, r in enumerate(story.relationships)])
    conn.executemany(
        "INSERT INTO tags (story, kind, ord, tag) VALUES (?, ?, ?, ?)",
        [(n, "tag", i, t) for i, t in enumerate(story.tags)]
        + [(n, "warning", i, w) for i, w in enumerate(story.warnings)])
    conn.executemany("INSERT INTO moods VALUES (?, ?, ?)",
                     [(n, m, s) for m, s in story.moods.items()])
    conn.executemany(
        "INSERT INTO passages VALUES (?, ?, ?, ?, ?, ?)",
        [(n, i, p.text, json.dumps(list(p.characters)), p.mood, p.score)
         for i, p in enumerate(story.passages)])
    conn.execute("INSERT INTO bodies VALUES (?, ?)", (n, body_z))
    conn.execute("INSERT INTO story_fts (rowid, title, summary, tags) VALUES (?, ?, ?, ?)",
                 (n, story.title or "", story.summary or "",
                  " ".join([*story.tags, *story.fandoms, *(r.key for r in story.relationships),
                            *(c.name for c in story.characters if c.stated)])))
    _index_text(conn, n, story.body or zlib.decompress(body_z).decode("utf-8"), story.title)


def _index_text(conn: sqlite3.Connection, n: int, body: str, title: str | None) -> None:
    """Add a story's title and body chunks to the search's full-text indexes (migration 2)."""
    if title:
        conn.execute("INSERT INTO title_fts (rowid, title) VALUES (?, ?)", (n, title))
    pieces = indexed_chunks(body)
    conn.executemany("INSERT INTO body_fts (rowid, text) VALUES (?, ?)",
                     [(rowid(n, i), text) for i, text in enumerate(pieces)])
    conn.execute("INSERT OR REPLACE INTO body_fts_docs VALUES (?, ?)", (n, len(pieces)))


def _unindex_text(conn: sqlite3.Connection, n: int) -> None:
    """Remove a story from the contentless indexes, which need the indexed text to do so;
    call it while the stories and bodies rows still hold that text."""
    if conn.execute("SELECT 1 FROM body_fts_docs WHERE story = ?", (n,)).fetchone() is None:
        return
    title = conn.execute("SELECT title FROM stories WHERE n = ?", (n,)).fetchone()
    if title and title[0]:
        conn.execute("INSERT INTO title_fts (title_fts, rowid, title) VALUES ('delete', ?, ?)",
                     (n, title[0]))
    row = conn.execute("SELECT body FROM bodies WHERE story = ?", (n,)).fetchone()
    if row is not None:
        body = zlib.decompress(row[0]).decode("utf-8")
        conn.executemany(
            "INSERT INTO body_fts (body_fts, rowid, text) VALUES ('delete', ?, ?)",
            [(rowid(n, i), text) for i, text in enumerate(indexed_chunks(body))])
    conn.execute("DELETE FROM body_fts_docs WHERE story = ?", (n,))


def _delete_children(conn: sqlite3.Connection, n: int) -> None:
    _unindex_text(conn, n)
    for table in _CHILD_TABLES:
        conn.execute(f"DELETE FROM {table} WHERE story = ?", (n,))
    conn.execute("DELETE FROM story_fts WHERE rowid = ?", (n,))


def delete_story(conn: sqlite3.Connection, n: int) -> None:
    """Remove a story and everything that refers to it."""
    _delete_children(conn, n)
    conn.execute("DELETE FROM story_keys WHERE story = ?", (n,))
    conn.execute("DELETE FROM files WHERE story = ?", (n,))
    conn.execute("DELETE FROM stories WHERE n = ?", (n,))


def refresh_vocabulary(conn: sqlite3.Connection) -> None:
    """Distinct names with story counts: what the search loads into memory at start."""
    conn.execute("DELETE FROM vocabulary")
    # One statement at a time: executescript would COMMIT the caller's open transaction.
    script = """
        INSERT INTO vocabulary
            SELECT 'fandom', name, COUNT(DISTINCT story) FROM fandoms GROUP BY name;
        INSERT INTO vocabulary SELECT 'character', name, COUNT(*) FROM characters GROUP BY name;
        INSERT INTO vocabulary SELECT 'relationship', key, COUNT(*) FROM relationships GROUP BY key;
        INSERT OR IGNORE INTO vocabulary
            SELECT 'tag', tag, COUNT(DISTINCT story) FROM tags GROUP BY tag;
        INSERT OR IGNORE INTO vocabulary
            SELECT 'author', name, COUNT(DISTINCT story) FROM authors GROUP BY name;
        INSERT INTO vocabulary
            SELECT 'mood', mood, COUNT(*) FROM moods WHERE score >= 0.5 GROUP BY mood;
    """
    for statement in filter(str.strip, script.split(";")):
        conn.execute(statement)
    # Title words (porter stems, as the title index holds them) for the search's typo
    # correction of titles: read from the index itself instead of re-tokenizing every title.
    conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.title_terms "
                 "USING fts5vocab(main, title_fts, row)")
    conn.execute("INSERT OR IGNORE INTO vocabulary SELECT 'title-word', term, doc "
                 "FROM temp.title_terms")
    conn.execute("DROP TABLE temp.title_terms")

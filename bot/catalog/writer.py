"""Rows in and out of the catalog being built: insert, replace and delete one story."""

from __future__ import annotations

import json
import sqlite3
import zlib
from dataclasses import dataclass

from bot.catalog.chunks import indexed_chunks, rowid
from bot.catalog.stored import MOOD_INDEX_FLOOR, pack_moods, pack_passages
from bot.story import Story
from bot.understanding.rating_estimate import estimate_rating

_STORY_COLUMNS = ("id", "format", "title", "summary", "url", "rating", "status",
                  "chapters_posted", "chapters_total", "words", "stated_words", "published",
                  "updated", "language", "recipient", "prompt", "series", "notes", "richness",
                  "body_hash", "estimate")  # StoryRows.fields: the ones between id and richness
_INSERT_STORY = (f"INSERT INTO stories ({', '.join(_STORY_COLUMNS)}) "
                 f"VALUES ({', '.join('?' * len(_STORY_COLUMNS))})")
_UPDATE_STORY = (f"UPDATE stories SET {', '.join(c + ' = ?' for c in _STORY_COLUMNS)} "
                 "WHERE n = ?")
_CHILD_TABLES = ("authors", "fandoms", "characters", "relationships", "tags", "moods",
                 "understanding", "bodies", "learned_links", "stated_moods",
                 "relationship_evidence", "inferred_fandoms")


def _iso(value) -> str | None:
    return value.isoformat() if value else None


@dataclass(slots=True)
class StoryRows:
    """Everything the catalog stores for one story, as rows still missing the story's row id.

    Built in the ingest worker that parsed the story (in parallel), so the one process that
    writes the catalog only inserts, and pickles plain tuples rather than objects.
    """

    fields: tuple  # the stories columns after id, up to (not including) richness
    authors: list[tuple]
    fandoms: list[tuple]
    characters: list[tuple]
    relationships: list[tuple]
    tags: list[tuple]
    moods: list[tuple]  # the indexed mood rows: scores from MOOD_INDEX_FLOOR on
    understanding: tuple[str, str] | None  # all mood scores and the passages, packed
    search: tuple[str, str, str]  # story_fts: title, summary, tags and names
    stated_moods: list[tuple]  # (mood,): the moods the story's tags state
    evidence: list[tuple]  # (relationship key, sentence) of inferred pairings
    inferred_fandoms: list[tuple]  # (fandom,) guessed because the file states none
    title: str | None
    chunks: list[str]  # body pieces for the body full-text index
    body_z: bytes
    estimate: str | None = None  # the rating its text reads as (every story)


def story_rows(story: Story, body_z: bytes) -> StoryRows:
    body = story.body or zlib.decompress(body_z).decode("utf-8")
    return StoryRows(
        fields=(story.format, story.title, story.summary, story.url, story.rating,
                story.status, story.chapters_posted, story.chapters_total, story.words,
                story.stated_words, _iso(story.published), _iso(story.updated),
                story.language, story.recipient, story.prompt, story.series, story.notes),
        authors=list(enumerate(story.authors)),
        fandoms=list(enumerate(story.fandoms)),
        characters=[(c.name, int(c.stated), c.mentions, c.prominence)
                    for c in story.characters],
        relationships=[(r.key.label, r.kind, json.dumps(r.members), int(r.stated), r.modifier,
                        r.confidence, i) for i, r in enumerate(story.relationships)],
        tags=[("tag", i, t) for i, t in enumerate(story.tags)]
        + [("warning", i, w) for i, w in enumerate(story.warnings)],
        moods=[(m, s) for m, s in story.moods.items() if s >= MOOD_INDEX_FLOOR],
        understanding=((pack_moods(story.moods), pack_passages(story.passages))
                       if story.moods or story.passages else None),
        search=(story.title or "", story.summary or "",
                search_names(story.tags, story.fandoms, [r.key.label for r in story.relationships],
                             [c.name for c in story.characters if c.stated])),
        stated_moods=[(m,) for m in story.stated_moods],
        evidence=[(r.key.label, r.evidence) for r in story.relationships
                  if r.evidence and not r.stated],
        inferred_fandoms=[(f,) for f in story.fandoms] if story.fandoms_inferred else [],
        title=story.title,
        chunks=indexed_chunks(body),
        body_z=body_z,
        estimate=estimate_rating(body, story.tags, story.warnings),
    )


def search_names(tags: list[str], fandoms: list[str], relationships: list[str],
                 characters: list[str]) -> str:
    """The story_fts `tags` column: tags and the names a story is about."""
    return " ".join([*tags, *fandoms, *relationships, *characters])


def refresh_search_names(conn: sqlite3.Connection, n: int) -> None:
    """Rewrite a story's story_fts names from its rows, after something changed them."""
    def column(sql: str) -> list[str]:
        return [v for (v,) in conn.execute(sql, (n,))]
    text = search_names(
        column("SELECT tag FROM tags WHERE story = ? AND kind = 'tag' ORDER BY ord"),
        column("SELECT name FROM fandoms WHERE story = ? ORDER BY ord"),
        column("SELECT key FROM relationships WHERE story = ? ORDER BY ord"),
        column("SELECT name FROM characters WHERE story = ? AND stated = 1 ORDER BY name"))
    conn.execute("UPDATE story_fts SET tags = ? WHERE rowid = ?", (text, n))


def insert_story(conn: sqlite3.Connection, story_id: str, rows: StoryRows, body_hash: str,
                 richness: int) -> int:
    """Insert a story with all its child rows; returns its row id."""
    n = conn.execute(_INSERT_STORY, (story_id, *rows.fields, richness, body_hash,
                                     rows.estimate)).lastrowid
    assert n is not None  # an INSERT always sets the row id
    _insert_children(conn, n, rows)
    return n


def replace_story(conn: sqlite3.Connection, n: int, story_id: str, rows: StoryRows,
                  body_hash: str, richness: int) -> None:
    """Swap a story's fields for a richer copy, keeping its row id, id, keys and files."""
    _delete_children(conn, n)
    conn.execute(_UPDATE_STORY, (story_id, *rows.fields, richness, body_hash, rows.estimate, n))
    _insert_children(conn, n, rows)


def _insert_children(conn: sqlite3.Connection, n: int, rows: StoryRows) -> None:
    for sql, table in _CHILD_INSERTS:
        values = getattr(rows, table)
        if values:
            conn.executemany(sql, [(n, *v) for v in values])
    if rows.understanding:
        conn.execute("INSERT INTO understanding VALUES (?, ?, ?)", (n, *rows.understanding))
    conn.execute("INSERT INTO bodies VALUES (?, ?)", (n, rows.body_z))
    conn.execute("INSERT INTO story_fts (rowid, title, summary, tags) VALUES (?, ?, ?, ?)",
                 (n, *rows.search))
    # The search's full-text indexes over titles and body chunks (migration 2).
    if rows.title:
        conn.execute("INSERT INTO title_fts (rowid, title) VALUES (?, ?)", (n, rows.title))
    conn.executemany("INSERT INTO body_fts (rowid, text) VALUES (?, ?)",
                     [(rowid(n, i), text) for i, text in enumerate(rows.chunks)])
    conn.execute("INSERT OR REPLACE INTO body_fts_docs VALUES (?, ?)", (n, len(rows.chunks)))


_CHILD_INSERTS = (
    ("INSERT INTO authors VALUES (?, ?, ?)", "authors"),
    ("INSERT INTO fandoms VALUES (?, ?, ?)", "fandoms"),
    ("INSERT OR IGNORE INTO characters VALUES (?, ?, ?, ?, ?)", "characters"),
    ("INSERT OR IGNORE INTO relationships VALUES (?, ?, ?, ?, ?, ?, ?, ?)", "relationships"),
    ("INSERT INTO tags (story, kind, ord, tag) VALUES (?, ?, ?, ?)", "tags"),
    ("INSERT INTO moods VALUES (?, ?, ?)", "moods"),
    ("INSERT INTO stated_moods (story, mood) VALUES (?, ?)", "stated_moods"),
    ("INSERT OR IGNORE INTO relationship_evidence (story, key, sentence) VALUES (?, ?, ?)",
     "evidence"),
    ("INSERT OR IGNORE INTO inferred_fandoms (story, name) VALUES (?, ?)", "inferred_fandoms"),
)


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
    """Distinct names with story counts: what the search loads into memory at start. The
    `sfw:` kinds count only stories that are not explicit: what autocomplete offers outside
    age-restricted channels, so a name only explicit stories carry is not suggested there."""
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
        INSERT INTO vocabulary
            SELECT 'sfw:fandom', f.name, COUNT(DISTINCT f.story) FROM fandoms f
            JOIN stories s ON s.n = f.story WHERE s.rating != 'explicit' GROUP BY f.name;
        INSERT INTO vocabulary
            SELECT 'sfw:character', c.name, COUNT(*) FROM characters c
            JOIN stories s ON s.n = c.story WHERE s.rating != 'explicit' GROUP BY c.name;
        INSERT INTO vocabulary
            SELECT 'sfw:relationship', r.key, COUNT(*) FROM relationships r
            JOIN stories s ON s.n = r.story WHERE s.rating != 'explicit' GROUP BY r.key;
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

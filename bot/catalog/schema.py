"""The catalog's SQLite schema, versioned with `PRAGMA user_version` and ordered migrations.

Each migration is a script applied once, in order; a catalog built by an older storybot is
brought forward when an ingest opens it. Readers refuse a catalog newer than they understand.
"""

from __future__ import annotations

import sqlite3

MIGRATIONS: tuple[str, ...] = (
    # 1: the normalized story and everything searched by tag tables.
    """
    CREATE TABLE stories (
        n INTEGER PRIMARY KEY,               -- internal row id, also the FTS rowid
        id TEXT NOT NULL UNIQUE,             -- stable public id (servers keep it)
        format TEXT NOT NULL,
        title TEXT,
        summary TEXT,
        url TEXT,
        rating TEXT NOT NULL,
        status TEXT NOT NULL,
        chapters_posted INTEGER,
        chapters_total INTEGER,
        words INTEGER NOT NULL,
        stated_words INTEGER,
        published TEXT,
        updated TEXT,
        language TEXT,
        recipient TEXT,
        prompt TEXT,
        series TEXT,
        notes TEXT,
        richness INTEGER NOT NULL DEFAULT 0,  -- how much metadata the winning file stated
        body_hash TEXT NOT NULL
    );
    CREATE INDEX stories_rating ON stories(rating, status, words);
    CREATE TABLE story_keys (               -- identities that map files to one story
        key TEXT PRIMARY KEY,
        story INTEGER NOT NULL REFERENCES stories(n) ON DELETE CASCADE
    );
    CREATE INDEX story_keys_story ON story_keys(story);
    CREATE TABLE files (
        key TEXT PRIMARY KEY,                -- resolved absolute path
        path TEXT NOT NULL,                  -- the path as given to ingest
        story INTEGER NOT NULL REFERENCES stories(n) ON DELETE CASCADE,
        sha256 TEXT NOT NULL,
        size INTEGER NOT NULL
    );
    CREATE INDEX files_story ON files(story);
    CREATE TABLE failures (
        key TEXT PRIMARY KEY,
        path TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        reason TEXT NOT NULL
    );
    CREATE TABLE authors (
        story INTEGER NOT NULL REFERENCES stories(n) ON DELETE CASCADE,
        ord INTEGER NOT NULL,
        name TEXT NOT NULL,
        PRIMARY KEY (story, ord)
    ) WITHOUT ROWID;
    CREATE INDEX authors_name ON authors(name COLLATE NOCASE);
    CREATE TABLE fandoms (
        story INTEGER NOT NULL REFERENCES stories(n) ON DELETE CASCADE,
        ord INTEGER NOT NULL,
        name TEXT NOT NULL,
        PRIMARY KEY (story, ord)
    ) WITHOUT ROWID;
    CREATE INDEX fandoms_name ON fandoms(name, story);
    CREATE TABLE characters (
        story INTEGER NOT NULL REFERENCES stories(n) ON DELETE CASCADE,
        name TEXT NOT NULL,
        stated INTEGER NOT NULL,
        mentions INTEGER NOT NULL DEFAULT 0,
        prominence REAL NOT NULL DEFAULT 0,
        PRIMARY KEY (story, name)
    ) WITHOUT ROWID;
    CREATE INDEX characters_name ON characters(name, prominence);
    CREATE TABLE relationships (
        story INTEGER NOT NULL REFERENCES stories(n) ON DELETE CASCADE,
        key TEXT NOT NULL,                   -- "A/B" or "A & B", members sorted
        kind TEXT NOT NULL,
        members TEXT NOT NULL,               -- JSON list
        stated INTEGER NOT NULL,
        modifier TEXT,
        confidence REAL NOT NULL,
        ord INTEGER NOT NULL,
        PRIMARY KEY (story, key)
    ) WITHOUT ROWID;
    CREATE INDEX relationships_key ON relationships(key, stated, confidence);
    CREATE TABLE tags (                     -- key columns first (SQLite 3.40 integrity_check)
        story INTEGER NOT NULL REFERENCES stories(n) ON DELETE CASCADE,
        kind TEXT NOT NULL,                  -- "tag" or "warning"
        ord INTEGER NOT NULL,
        tag TEXT NOT NULL,
        PRIMARY KEY (story, kind, ord)
    ) WITHOUT ROWID;
    CREATE INDEX tags_tag ON tags(tag COLLATE NOCASE, kind);
    CREATE TABLE moods (
        story INTEGER NOT NULL REFERENCES stories(n) ON DELETE CASCADE,
        mood TEXT NOT NULL,
        score REAL NOT NULL,
        PRIMARY KEY (story, mood)
    ) WITHOUT ROWID;
    CREATE INDEX moods_mood ON moods(mood, score);
    CREATE TABLE passages (
        story INTEGER NOT NULL REFERENCES stories(n) ON DELETE CASCADE,
        ord INTEGER NOT NULL,
        text TEXT NOT NULL,
        characters TEXT NOT NULL,            -- JSON list of canonical names shown
        mood TEXT,
        score REAL NOT NULL,
        PRIMARY KEY (story, ord)
    ) WITHOUT ROWID;
    CREATE TABLE bodies (
        story INTEGER PRIMARY KEY REFERENCES stories(n) ON DELETE CASCADE,
        body BLOB NOT NULL                   -- zlib-compressed UTF-8
    );
    CREATE TABLE vocabulary (               -- distinct names with story counts, for search
        kind TEXT NOT NULL,                  -- fandom, character, relationship, tag, author, mood
        name TEXT NOT NULL,
        stories INTEGER NOT NULL,
        PRIMARY KEY (kind, name)
    ) WITHOUT ROWID;
    CREATE VIRTUAL TABLE story_fts USING fts5(
        title, summary, tags, tokenize = 'porter unicode61 remove_diacritics 2'
    );
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    """,
    # 2: full-text search over story bodies, for "the one where they drive away in a Winnebago",
    # and over titles alone (title words must not drag the summaries' and tags' postings along).
    # Both contentless (the text is stored once elsewhere); body_fts is detail=none (term
    # queries only) and unstemmed (the search asks for word prefixes) to keep ingest fast;
    # its rows are the opening body chunks cut by bot.catalog.chunks.indexed_chunks,
    # rowid = story * MAX_CHUNKS + chunk; title_fts rowid = story. body_fts_docs records which
    # stories are indexed, so a delete never removes rows a story does not have (which would
    # corrupt a contentless index).
    """
    CREATE VIRTUAL TABLE title_fts USING fts5(
        title, content = '', tokenize = 'porter unicode61 remove_diacritics 2'
    );
    CREATE VIRTUAL TABLE body_fts USING fts5(
        text, content = '', detail = none, tokenize = 'unicode61 remove_diacritics 2'
    );
    CREATE TABLE body_fts_docs (
        story INTEGER PRIMARY KEY REFERENCES stories(n) ON DELETE CASCADE,
        chunks INTEGER NOT NULL
    );
    """,
    # 3: what the catalog learned from its own stories (bot.knowledge.learn), recomputed at the
    # end of every ingest build. learned: kind 'ship' (name = the tag as most often written,
    # target = relationship key, members = JSON list, fandom = the pairing's fandom) or kind
    # 'character' (name = a character, target = the unknown fandom whose stories state it).
    # learned_links: what applying a learned ship tag changed in a story, so the next build can
    # tell it from what the file states and undo it exactly: kind 'relationship' (name = key,
    # previous = NULL if the row was added, else the confidence of the inferred row it made
    # stated) or 'character' (previous = NULL if added, '0' if it was there unstated).
    """
    CREATE TABLE learned (
        kind TEXT NOT NULL,
        name TEXT NOT NULL,
        target TEXT NOT NULL,
        members TEXT,
        fandom TEXT,
        stories INTEGER NOT NULL,
        PRIMARY KEY (kind, name, target)
    ) WITHOUT ROWID;
    CREATE TABLE learned_links (
        story INTEGER NOT NULL REFERENCES stories(n) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        name TEXT NOT NULL,
        previous TEXT,
        PRIMARY KEY (story, kind, name)
    ) WITHOUT ROWID;
    """,
    # 4: understanding stored lean (ingest speed: one process writes every row and index
    # entry). `understanding` holds one row per story: all ten mood scores and the candidate
    # passages, as the compact strings of bot.catalog.stored; it replaces the passages table
    # (a row per passage). The moods table keeps only the scores the search looks a mood up by
    # (>= bot.catalog.stored.MOOD_INDEX_FLOOR), so its index stays small. An older catalog is
    # read again in full by the ingest that migrates it, which fills the new table.
    """
    DROP TABLE passages;
    CREATE TABLE understanding (
        story INTEGER PRIMARY KEY REFERENCES stories(n) ON DELETE CASCADE,
        moods TEXT NOT NULL,                 -- ten scores in bot.story.MOODS order
        passages TEXT NOT NULL               -- packed records, see bot.catalog.stored
    );
    DELETE FROM moods WHERE score < 0.3;
    """,
    # 5: passages are stored as offsets into the story's body instead of their text (the text
    # made the understanding row larger than the compressed body, and every byte is written by
    # the one process that builds the catalog). Passages in the old form are dropped here; the
    # ingest that migrates a catalog reads every file again and stores them anew.
    """
    UPDATE understanding SET passages = '';
    """,
    # 6: where understanding came from, kept beside what it found (the tables above keep their
    # meaning, so their readers are unchanged). stated_moods: the moods a story's own tags state
    # (every other score in `moods`/`understanding` is the bot's inference). relationship_evidence:
    # for an inferred pairing, the sentence that shows it (stated ones have none). inferred_fandoms:
    # fandoms guessed from the names a story uses because its file states none. Whether a
    # character or a relationship is stated is the `stated` column of their tables.
    """
    CREATE TABLE stated_moods (
        story INTEGER NOT NULL REFERENCES stories(n) ON DELETE CASCADE,
        mood TEXT NOT NULL,
        PRIMARY KEY (story, mood)
    ) WITHOUT ROWID;
    CREATE TABLE relationship_evidence (
        story INTEGER NOT NULL REFERENCES stories(n) ON DELETE CASCADE,
        key TEXT NOT NULL,
        sentence TEXT NOT NULL,
        PRIMARY KEY (story, key)
    ) WITHOUT ROWID;
    CREATE TABLE inferred_fandoms (
        story INTEGER NOT NULL REFERENCES stories(n) ON DELETE CASCADE,
        name TEXT NOT NULL,
        PRIMARY KEY (story, name)
    ) WITHOUT ROWID;
    """,
    # 7: what a story that states no rating reads as (bot/understanding/rating_estimate.py):
    # general, teen, mature or explicit; NULL for a story with a rating (until issue 14e: since,
    # every story's, which "smut" reads). A server may show the not-rated stories that read as
    # teen or lower. The ingest that migrates reads every file again and fills it.
    """
    ALTER TABLE stories ADD COLUMN estimate TEXT;
    """,
)

SCHEMA_VERSION = len(MIGRATIONS)


class CatalogVersionError(RuntimeError):
    """The catalog file was written by a newer storybot."""


def migrate(conn: sqlite3.Connection) -> int:
    """Apply every migration the catalog has not seen; return the resulting version."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise CatalogVersionError(
            f"catalog schema version {version} is newer than this storybot ({SCHEMA_VERSION})")
    for number in range(version, SCHEMA_VERSION):
        # Statement by statement: executescript would COMMIT the caller's open transaction
        # (ingest migrates inside its build transaction). Migrations are plain DDL, no ";"
        # inside statements.
        for statement in filter(str.strip, _without_comments(MIGRATIONS[number]).split(";")):
            conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {number + 1}")
    return SCHEMA_VERSION


def _without_comments(script: str) -> str:
    return "\n".join(line.split("--", 1)[0] for line in script.splitlines())


def check_version(conn: sqlite3.Connection) -> None:
    """For readers: the catalog must be exactly the version this code reads."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version != SCHEMA_VERSION:
        newer = version > SCHEMA_VERSION
        raise CatalogVersionError(
            f"catalog schema version {version} is {'newer' if newer else 'older'} than this "
            f"storybot reads ({SCHEMA_VERSION}); {'upgrade storybot' if newer else 'run ingest'}")

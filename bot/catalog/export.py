"""`storybot export`: one JSON object per story, a stable contract other tools read."""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from bot.catalog.schema import check_version
from bot.catalog.stored import unpack_moods


class CatalogMissing(FileNotFoundError):
    """No catalog file where one was expected."""


class CatalogDamaged(CatalogMissing):
    """A file is there but is not a whole storybot catalog (truncated, garbage, empty)."""


def open_readonly(path: Path) -> sqlite3.Connection:
    """A read-only connection to a whole catalog; it stays valid across a rebuild's swap."""
    if not Path(path).is_file():
        raise CatalogMissing(f"no catalog at {path}: run `storybot ingest PATH` first")
    if Path(path).stat().st_size == 0:
        raise CatalogDamaged(f"{path} is empty: build it with `storybot ingest PATH`")
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    try:
        check_version(conn)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise CatalogDamaged(f"{path} is not a storybot catalog ({exc})") from None
    except Exception:
        conn.close()
        raise
    return conn


def _grouped(conn: sqlite3.Connection, sql: str) -> dict[int, list[tuple]]:
    out: dict[int, list[tuple]] = defaultdict(list)
    for row in conn.execute(sql):
        out[row[0]].append(row[1:])
    return out


def export_records(conn: sqlite3.Connection) -> Iterator[dict]:
    """Every story as the export contract's dict, ordered by first path."""
    paths = _grouped(conn, "SELECT story, path FROM files ORDER BY story, path")
    authors = _grouped(conn, "SELECT story, name FROM authors ORDER BY story, ord")
    fandoms = _grouped(conn, "SELECT story, name FROM fandoms ORDER BY story, ord")
    characters = _grouped(conn, "SELECT story, name, stated FROM characters "
                                "ORDER BY story, stated DESC, prominence DESC, name")
    relationships = _grouped(
        conn, "SELECT r.story, r.members, r.kind, r.stated, r.modifier, r.confidence, e.sentence "
              "FROM relationships r LEFT JOIN relationship_evidence e "
              "ON e.story = r.story AND e.key = r.key "
              "ORDER BY r.story, r.stated DESC, r.confidence DESC, r.ord")
    stated_moods = _grouped(conn, "SELECT story, mood FROM stated_moods")
    inferred_fandoms = _grouped(conn, "SELECT story, name FROM inferred_fandoms")
    tags = _grouped(conn, "SELECT story, tag, kind FROM tags ORDER BY story, kind, ord")
    moods = dict(conn.execute("SELECT story, moods FROM understanding"))
    rows = conn.execute(
        "SELECT n, id, format, title, rating, status, chapters_posted, chapters_total, words, "
        "stated_words, summary, url, published, language FROM stories")
    records = []
    for (n, sid, fmt, title, rating, status, posted, total, words, stated_words, summary, url,
         published, language) in rows:
        story_paths = [p for (p,) in paths.get(n, [])]
        records.append({
            "id": sid,
            "path": story_paths[0] if story_paths else None,
            "paths": story_paths,
            "format": fmt,
            "title": title,
            "authors": [a for (a,) in authors.get(n, [])],
            "fandoms": [f for (f,) in fandoms.get(n, [])],
            "fandom_source": _fandom_source(fandoms.get(n), inferred_fandoms.get(n)),
            "relationships": [
                {"members": json.loads(m), "kind": k, "stated": bool(s), "modifier": mod,
                 "confidence": c,  # 1.0 when stated; how sure the inference is otherwise
                 "source": _source(s), "evidence": evidence}
                for m, k, s, mod, c, evidence in relationships.get(n, [])],
            "characters": [{"name": c, "source": _source(s)}
                           for c, s in characters.get(n, [])],
            "rating": rating,
            "warnings": [t for t, kind in tags.get(n, []) if kind == "warning"],
            "tags": [t for t, kind in tags.get(n, []) if kind == "tag"],
            "moods": _all_moods(moods.get(n), {m for (m,) in stated_moods.get(n, [])}),
            "status": status,
            "chapters": {"posted": posted, "total": total},
            "words": words,
            "stated_words": stated_words,
            "summary": summary,
            "url": url,
            "published": published,
            "language": language,
        })
    records.sort(key=lambda r: (r["path"] or "", r["id"]))
    yield from records


def _source(stated) -> str:
    return "stated" if stated else "inferred"


def _fandom_source(fandoms: list | None, inferred: list | None) -> str | None:
    """"stated" when the file names the story's fandoms, "inferred" when they were guessed
    from the names it uses, None when it has none."""
    if not fandoms:
        return None
    return "inferred" if inferred else "stated"


def _all_moods(packed: str | None, stated: set[str]) -> list[dict]:
    """Every mood of the vocabulary with its score and source, best first (ties in vocabulary
    order; a story with no scores stored has 0 for each). "stated": the story's tags state
    it; "inferred": the bot read it from the text."""
    scores = {m: round(s, 3) for m, s in unpack_moods(packed).items()}
    return [{"mood": m, "score": s, "source": _source(m in stated)}
            for m, s in sorted(scores.items(), key=lambda i: -i[1])]


def export_lines(conn: sqlite3.Connection) -> Iterator[str]:
    for record in export_records(conn):
        yield json.dumps(record, ensure_ascii=False)

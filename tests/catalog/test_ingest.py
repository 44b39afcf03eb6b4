"""Ingest on real files into real SQLite catalogs: incremental, duplicates, failures, swap."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pytest

from bot.catalog import ingest as ingesting
from bot.catalog.analyse import analyse_task
from bot.catalog.export import export_records, open_readonly
from bot.catalog.ingest import IngestError, find_files, ingest
from bot.parsers import Limits
from tests.support.priority import below
from tests.support.waiting import wait_until

REPO = Path(__file__).resolve().parents[2]

HEADER_STORY = """Title: {title}
Author: {author}
Fandom: Buffy the Vampire Slayer
Pairing: Willow/Tara
Rating: PG
Summary: {summary}

Willow found the spell book called {title} under a pile of library returns, its spine warm.
Tara laughed when the pages turned by themselves, and Willow decided that was the best sound
in Sunnydale. They read until the lamps hummed and Giles pretended not to notice them.
{extra}

The End
"""


def write_story(folder: Path, name: str, title: str = "Warm Pages", author: str = "quillfeather",
                summary: str = "Two witches and a library.", extra: str = "") -> Path:
    path = folder / name
    path.write_text(HEADER_STORY.format(title=title, author=author, summary=summary,
                                        extra=extra), encoding="utf-8")
    return path


def records(db: Path) -> list[dict]:
    conn = open_readonly(db)
    try:
        return list(export_records(conn))
    finally:
        conn.close()


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "stories"
    folder.mkdir()
    write_story(folder, "one.txt")
    write_story(folder, "two.txt", title="Second Helping", author="otherhand",
                extra="Dawn stole the last cookie and blamed Spike.")
    return folder


def test_ingest_then_export_contract(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "catalog.db"
    report = ingest([str(corpus)], db, workers=1)
    assert (report.ingested, report.failures, report.stories) == (2, [], 2)
    rows = records(db)
    assert [r["title"] for r in rows] == ["Warm Pages", "Second Helping"]
    first = rows[0]
    assert set(first) == {
        "id", "path", "paths", "format", "title", "authors", "fandoms", "fandom_source",
        "relationships", "characters", "rating", "warnings", "tags", "moods", "status",
        "chapters", "words", "stated_words", "summary", "url", "published", "language"}
    assert first["path"] == str(corpus / "one.txt")
    assert first["paths"] == [first["path"]]
    assert first["authors"] == ["quillfeather"]
    assert first["fandoms"] == ["Buffy the Vampire Slayer"]
    assert first["rating"] == "teen"
    assert first["status"] == "complete"
    assert first["fandom_source"] == "stated"
    assert {"members": ["Tara Maclay", "Willow Rosenberg"], "kind": "romantic",
            "stated": True, "modifier": None, "confidence": 1.0, "source": "stated",
            "evidence": None} in first["relationships"]
    assert first["words"] > 40
    assert isinstance(first["chapters"], dict)
    assert all(isinstance(m["score"], float) for m in first["moods"])
    assert all(m["source"] in ("stated", "inferred") for m in first["moods"])
    assert all(set(c) == {"name", "source"} for c in first["characters"])
    assert {"name": "Willow Rosenberg", "source": "stated"} in first["characters"]


def test_understanding_is_one_row_per_story_and_only_real_moods_are_indexed(
        corpus: Path, tmp_path: Path) -> None:
    from bot.catalog.stored import MOOD_INDEX_FLOOR, unpack_moods, unpack_passages
    from bot.vocabulary import MOODS

    db = tmp_path / "catalog.db"
    ingest([str(corpus)], db, workers=1)
    conn = sqlite3.connect(db)
    stored = conn.execute("SELECT story, moods, passages FROM understanding").fetchall()
    indexed = conn.execute("SELECT story, mood, score FROM moods").fetchall()
    bodies = {n: zlib.decompress(b).decode() for n, b in conn.execute("SELECT * FROM bodies")}
    conn.close()
    assert len(stored) == 2
    scores = {n: unpack_moods(moods) for n, moods, _p in stored}
    assert all(list(s) == list(MOODS) and any(s.values()) for s in scores.values())
    for n, _m, packed in stored:  # passages are places in the body, which holds their text
        passages = unpack_passages(packed, bodies[n])
        assert passages and passages[0].text[:30] not in packed and len(packed) < 1000
        assert all(p.text.rstrip("…") == bodies[n][p.start:p.end] for p in passages)
    # an index row for exactly the scores from the floor on, each equal to the stored one
    assert sorted(indexed) == sorted((n, m, v) for n, s in scores.items()
                                     for m, v in s.items() if v >= MOOD_INDEX_FLOOR)
    exported = {r["title"]: {m["mood"]: m["score"] for m in r["moods"]} for r in records(db)}
    assert all(len(moods) == len(MOODS) for moods in exported.values())


def test_unchanged_reingest_skips_and_keeps_file(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "catalog.db"
    ingest([str(corpus)], db, workers=1)
    before = db.stat().st_ino
    again = ingest([str(corpus)], db, workers=1)
    assert (again.unchanged, again.ingested, again.rebuilt) == (2, 0, False)
    assert db.stat().st_ino == before


def test_changed_and_removed_files(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "catalog.db"
    ingest([str(corpus)], db, workers=1)
    ids = {r["title"]: r["id"] for r in records(db)}
    write_story(corpus, "one.txt", extra="A new paragraph about the Bronze and a slow dance.")
    (corpus / "two.txt").unlink()
    report = ingest([str(corpus)], db, workers=1)
    assert (report.ingested, report.removed, report.unchanged) == (1, 1, 0)
    rows = records(db)
    assert [r["title"] for r in rows] == ["Warm Pages"]
    assert rows[0]["id"] == ids["Warm Pages"], "an edited story keeps its id"
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []  # nothing left dangling
    orphans = [t for t in ("authors", "fandoms", "characters", "relationships", "tags", "moods",
                           "understanding", "bodies", "body_fts_docs", "story_keys", "files")
               if conn.execute(f"SELECT 1 FROM {t} WHERE story NOT IN (SELECT n FROM stories)")
               .fetchone()]
    conn.close()
    assert orphans == []


def test_ids_are_stable_across_a_rebuild_from_scratch(corpus: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "a.db", tmp_path / "b.db"
    ingest([str(corpus)], first, workers=1)
    ingest([str(corpus)], second, workers=2)
    assert [r["id"] for r in records(first)] == [r["id"] for r in records(second)]


def noting_priority(task: tuple[str, str, str, int]):
    """analyse_task, noting the OS priority of the process that ran it beside its file."""
    Path(task[0] + ".priority").write_text(str(os.getpriority(os.PRIO_PROCESS, 0)))
    return analyse_task(task)


def test_ingest_workers_run_below_its_priority(tmp_path: Path, monkeypatch) -> None:
    folder = tmp_path / "stories"
    folder.mkdir()
    for n in range(8):  # enough files for worker processes
        write_story(folder, f"s{n}.txt", title=f"Warm Pages {n}", author=f"writer{n}")
    monkeypatch.setattr(ingesting, "analyse_task", noting_priority)
    report = ingest([str(folder)], tmp_path / "catalog.db", workers=2, niceness=3)
    assert report.stories == 8
    noted = {int(p.read_text()) for p in folder.glob("*.priority")}
    assert noted == {below(3)}  # every worker's


def test_same_story_in_two_files_is_one_story(corpus: Path, tmp_path: Path) -> None:
    copy = corpus / "one-again.md"
    copy.write_text(
        "---\ntitle: Warm Pages\nauthor: quillfeather\nfandom: BtVS\n---\n\n"
        + (corpus / "one.txt").read_text().split("\n\n", 1)[1], encoding="utf-8")
    db = tmp_path / "catalog.db"
    report = ingest([str(corpus)], db, workers=1)
    assert report.duplicates == 1
    rows = records(db)
    assert len(rows) == 2
    warm = next(r for r in rows if r["title"] == "Warm Pages")
    assert sorted(warm["paths"]) == sorted([str(corpus / "one.txt"), str(copy)])


def test_bad_files_are_reported_and_the_rest_ingests(corpus: Path, tmp_path: Path) -> None:
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.txt").write_bytes(bytes(range(256)) * 64)
    (corpus / "bad-encoding.txt").write_bytes(b"Title: x\n\n" + b"\x81\x8d\x8f\x90\x9d" * 50)
    (corpus / "not-a-zip.epub").write_bytes(b"this is not a zip at all")
    with zipfile.ZipFile(corpus / "truncated.epub", "w") as zf:
        zf.writestr("mimetype", "application/epub+zip")
        zf.writestr("OEBPS/a.xhtml", "<html>" + "word " * 5000 + "</html>")
    data = (corpus / "truncated.epub").read_bytes()
    (corpus / "truncated.epub").write_bytes(data[: len(data) // 2])
    (corpus / "huge.txt").write_bytes(b"word " * (2 * 1024 * 1024 // 5 + 10))
    db = tmp_path / "catalog.db"
    report = ingest([str(corpus)], db, workers=1, limits=Limits(max_file_bytes=2 * 1024 * 1024))
    failed = {Path(p).name: reason for p, reason in report.failures}
    assert set(failed) == {"empty.txt", "binary.txt", "bad-encoding.txt", "not-a-zip.epub",
                           "truncated.epub", "huge.txt"}
    assert all(reason for reason in failed.values())
    assert "MB" in failed["huge.txt"]
    assert report.stories == 2
    # An unchanged broken file is reported again without being parsed again.
    again = ingest([str(corpus)], db, workers=1, limits=Limits(max_file_bytes=2 * 1024 * 1024))
    assert {Path(p).name for p, _ in again.failures} == set(failed)
    assert again.rebuilt is False


def test_pipes_devices_and_odd_links_are_reported_never_read(corpus: Path,
                                                             tmp_path: Path) -> None:
    """Reading a named pipe (no writer) or a link to /dev/zero never ends: such names are
    reported, the rest ingests. Before, the ingest waited on the pipe for ever."""
    os.mkfifo(corpus / "pipe.txt")
    (corpus / "zero.txt").symlink_to("/dev/zero")
    (corpus / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    (corpus / "loop").symlink_to(corpus)  # a folder linking to its parent
    files = find_files([str(corpus), str(corpus / "pipe.txt")], failures := [])
    assert {Path(f.path).name for f in files} == {"one.txt", "two.txt"}
    reasons = {Path(p).name: reason for p, reason in failures}
    assert reasons["zero.txt"] == "not a regular file (a named pipe, a device or a socket)"
    assert reasons["pipe.txt"] == reasons["zero.txt"]
    assert reasons["dangling.txt"] == "cannot read file: No such file or directory"
    report = ingest([str(corpus)], tmp_path / "catalog.db", workers=1)
    assert {Path(p).name for p, _ in report.failures} == {"pipe.txt", "zero.txt",
                                                          "dangling.txt"}
    assert report.stories == 2


def test_nothing_usable_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    db = tmp_path / "catalog.db"
    with pytest.raises(IngestError):
        ingest([str(tmp_path / "empty.txt")], db, workers=1)
    assert not db.exists()


def test_readers_keep_a_whole_catalog_during_a_rebuild(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "catalog.db"
    ingest([str(corpus)], db, workers=1)
    reader = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    assert reader.execute("SELECT COUNT(*) FROM stories").fetchone() == (2,)
    write_story(corpus, "three.txt", title="Third Time", author="thirdhand")
    ingest([str(corpus)], db, workers=1)
    assert reader.execute("SELECT COUNT(*) FROM stories").fetchone() == (2,)
    reader.close()
    assert len(records(db)) == 3


def test_killed_ingest_leaves_the_old_catalog_readable(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "catalog.db"
    ingest([str(corpus)], db, workers=1)
    big = tmp_path / "big"
    big.mkdir()
    filler = "Buffy walked the cemetery again and thought about nothing at all. " * 400
    for i in range(400):
        write_story(big, f"s{i:04d}.txt", title=f"Patrol {i}", author=f"a{i}", extra=filler)
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "ingest", str(big), "--db", str(db), "--workers", "1"],
        cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    temp_glob = f".{db.name}.building-*"
    # Killed once its new catalog exists beside the old: the build is under way.
    wait_until(lambda: list(tmp_path.glob(temp_glob)), "the ingest to start building")
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    rows = records(db)
    assert sorted(r["title"] for r in rows) == ["Second Helping", "Warm Pages"]
    # The next ingest clears the dead build's leftovers and finishes the job.
    report = ingest([str(big)], db, workers=1)
    assert report.ingested == 400
    assert not list(tmp_path.glob(temp_glob))


def test_cli_ingest_and_export(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "catalog.db"
    run = subprocess.run([sys.executable, "-m", "bot", "ingest", str(corpus), "--db", str(db)],
                         cwd=REPO, capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    assert "ingested 2" in run.stdout
    out = subprocess.run([sys.executable, "-m", "bot", "export", "--db", str(db)],
                         cwd=REPO, capture_output=True, text=True, check=False)
    assert out.returncode == 0
    lines = [json.loads(line) for line in out.stdout.splitlines()]
    assert [r["title"] for r in lines] == ["Warm Pages", "Second Helping"]


def test_cli_export_without_catalog_is_one_clear_line(tmp_path: Path) -> None:
    run = subprocess.run([sys.executable, "-m", "bot", "export", "--db", str(tmp_path / "x.db")],
                         cwd=REPO, capture_output=True, text=True, check=False)
    assert run.returncode == 3  # Exit.CATALOG
    assert "Traceback" not in run.stderr
    assert "storybot ingest" in run.stderr


def test_an_ao3_html_and_its_epub_are_one_story(tmp_path: Path) -> None:
    from tests.support.epub import ao3_epub_files, build_epub

    html = (REPO / "tests" / "fixtures" / "formats" / "html" / "ao3_single_new.html").read_text()
    folder = tmp_path / "pair"
    folder.mkdir()
    (folder / "work.html").write_text(html, encoding="utf-8")
    build_epub(folder / "work.epub", opf={"title": "ignored by the preface"},
               files=ao3_epub_files(html))
    db = tmp_path / "catalog.db"
    report = ingest([str(folder)], db, workers=1)
    assert (report.ingested, report.duplicates) == (1, 1)
    (record,) = records(db)
    assert sorted(Path(p).name for p in record["paths"]) == ["work.epub", "work.html"]
    assert record["format"] == "ao3-html"  # the richer copy supplies the fields


def test_an_older_catalog_is_migrated_and_keeps_its_ids(corpus: Path, tmp_path: Path) -> None:
    from bot.catalog.schema import MIGRATIONS, SCHEMA_VERSION

    db = tmp_path / "catalog.db"
    ingest([str(corpus)], db, workers=1)
    ids = sorted(r["id"] for r in records(db))
    # Rebuild the same catalog at version 1 (as an older storybot left it).
    old = tmp_path / "old.db"
    conn = sqlite3.connect(old)
    conn.executescript(MIGRATIONS[0])
    conn.execute("PRAGMA user_version = 1")
    src = sqlite3.connect(db)
    for table in ("stories", "story_keys", "files"):
        columns = ", ".join(r[1] for r in conn.execute(f"PRAGMA table_info({table})"))
        rows = src.execute(f"SELECT {columns} FROM {table}").fetchall()  # version 1's columns
        if rows:
            marks = ", ".join("?" * len(rows[0]))
            conn.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
    conn.commit()
    conn.close()
    src.close()
    db.unlink()
    old.rename(db)
    write_story(corpus, "three.txt", title="Third Time", author="thirdhand")
    ingest([str(corpus)], db, workers=1)
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    # Every known file was read again, so data the old schema lacked is there now.
    assert conn.execute("SELECT COUNT(*) FROM authors").fetchone()[0] == 3
    conn.close()
    assert set(ids) <= {r["id"] for r in records(db)}


def test_progress_is_a_bar_on_a_terminal_and_a_log_line_per_1000_files(caplog) -> None:
    import io
    import logging

    from bot.catalog.ingest import _Progress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    bar = _Progress(50, stream=screen)
    for _ in range(50):
        bar.step(1000)
    bar.close()
    assert "50/50 files" in screen.getvalue() and "#" in screen.getvalue()
    with caplog.at_level(logging.INFO, logger="bot.catalog.ingest"):
        plain = _Progress(2500, stream=io.StringIO())
        for _ in range(2500):
            plain.step(10)
    lines = [r.getMessage() for r in caplog.records]
    assert lines == ["parsed 1000 of 2500 files", "parsed 2000 of 2500 files"]


def test_ensure_catalog_brings_an_older_catalog_forward(corpus: Path, tmp_path: Path) -> None:
    from bot.catalog.ingest import ensure_catalog
    from bot.catalog.schema import SCHEMA_VERSION
    from bot.catalog.stored import unpack_passages
    from bot.resources import FANDOMS_DIR

    db = tmp_path / "catalog.db"
    ingest([str(corpus)], db, workers=1)
    conn = sqlite3.connect(db)  # as storybot 4 left it: passages stored as text, no
    # understanding sources (migration 6), no rating estimate (migration 7)
    for table in ("stated_moods", "relationship_evidence", "inferred_fandoms"):
        conn.execute(f"DROP TABLE {table}")
    conn.execute("ALTER TABLE stories DROP COLUMN estimate")
    conn.execute("PRAGMA user_version = 4")
    conn.execute("UPDATE understanding SET passages = '1.0\x1f\x1fsome passage text'")
    conn.commit()
    conn.close()
    assert ensure_catalog(db, stories=tmp_path / "elsewhere", fandoms=FANDOMS_DIR) == db
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    rows = conn.execute("SELECT u.passages, b.body FROM understanding u "
                        "JOIN bodies b ON b.story = u.story").fetchall()
    conn.close()
    assert len(rows) == 2
    assert all(unpack_passages(p, zlib.decompress(b).decode()) for p, b in rows)

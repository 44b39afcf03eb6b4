"""Ingest never carries damage forward nor leaves debris (issue 18): a damaged base catalog is
rebuilt from the files, a damaged result is never installed, a full disk is one line and
leaves the old catalog whole, a symlinked catalog stays a link and shares the lock."""

from __future__ import annotations

import os
import random
import resource
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from bot.catalog import ingest as ingest_module
from bot.catalog.ingest import IngestError, ingest
from bot.cli.exits import Exit
from tests.catalog.test_ingest import REPO, records, write_story
from tests.support.damage import overwrite

FILLER = "Willow read the spell twice, then once more, and the library lights hummed. " * 60


def library(folder: Path, count: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        write_story(folder, f"s{i:03d}.txt", title=f"Chapter House {i}", author=f"a{i}",
                    extra=FILLER + f" Story number {i}.")
    return folder


def integrity(db: Path) -> str:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        return " ".join(row[0] for row in conn.execute("PRAGMA integrity_check"))


def storybot(args: list[str], cwd: Path, *, file_limit: int | None = None,
             **env: str) -> subprocess.CompletedProcess[str]:
    def limit() -> None:  # Python ignores SIGXFSZ: a write past the limit fails with EFBIG
        resource.setrlimit(resource.RLIMIT_FSIZE, (file_limit, file_limit))

    environment = {**{k: v for k, v in os.environ.items() if not k.startswith("STORYBOT_")},
                   "STORYBOT_HOME": str(cwd / "home"), "STORYBOT_INGEST_WORKERS": "1", **env}
    return subprocess.run([sys.executable, "-m", "bot", *args], cwd=REPO, env=environment,
                          capture_output=True, text=True, timeout=300, check=False,
                          preexec_fn=limit if file_limit else None)


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A catalog of 30 stories (about 1 MB) and the folder it was built from."""
    root = tmp_path_factory.mktemp("damage-base")
    folder = library(root / "stories", 30)
    db = root / "catalog.db"
    ingest([str(folder)], db, workers=1)
    return folder, db


def test_a_damaged_base_catalog_is_rebuilt_from_the_files(base, tmp_path: Path) -> None:
    folder, good = base
    new = tmp_path / "new"
    new.mkdir()
    write_story(new, "late.txt", title="A Late Arrival", author="latecomer")
    chance = random.Random(18)
    for trial in range(5):
        db = tmp_path / f"catalog-{trial}.db"
        db.write_bytes(good.read_bytes())
        overwrite(db, chance, 6, past=4096)
        ingest([str(folder), str(new)], db, workers=1)
        assert integrity(db) == "ok", trial
        assert len(records(db)) == 31, trial
        assert not list(tmp_path.glob(f".{db.name}.building-*"))


def test_a_damaged_catalog_is_rebuilt_from_the_files_it_lists(base, tmp_path: Path) -> None:
    """Damage that spares the file list: its files are read again even when not given."""
    _, good = base
    db = tmp_path / "catalog.db"
    db.write_bytes(good.read_bytes())
    with sqlite3.connect(db) as conn:  # the body pages, far from the file list
        (page,) = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'bodies'"
                               ).fetchone()
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    with db.open("r+b") as out:
        out.seek((page - 1) * page_size + 8)
        out.write(b"\xff" * 64)
    late = tmp_path / "late.txt"
    write_story(tmp_path, "late.txt", title="A Late Arrival", author="latecomer")
    ingest([str(late)], db, workers=1)
    assert integrity(db) == "ok"
    assert len(records(db)) == 31


def test_a_build_that_fails_its_check_is_never_installed(base, tmp_path: Path,
                                                         monkeypatch) -> None:
    _, good = base
    db = tmp_path / "catalog.db"
    db.write_bytes(good.read_bytes())
    before = db.read_bytes()
    checked: list[str] = []

    def damaged_build(conn: sqlite3.Connection) -> str | None:
        (name,) = [row[2] for row in conn.execute("PRAGMA database_list") if row[1] == "main"]
        checked.append(name)
        return "injected damage" if ".building-" in name else None

    monkeypatch.setattr(ingest_module, "damage", damaged_build)
    write_story(tmp_path, "late.txt", title="A Late Arrival", author="latecomer")
    with pytest.raises(IngestError, match="failed its integrity check"):
        ingest([str(tmp_path / "late.txt")], db, workers=1)
    assert any(".building-" in name for name in checked)
    assert db.read_bytes() == before
    assert not list(tmp_path.glob(f".{db.name}.building-*"))


def test_a_full_disk_is_one_line_and_leaves_the_old_catalog(base, tmp_path: Path) -> None:
    folder, good = base
    # A fresh build that does not fit: SQLite runs out of room.
    fresh = tmp_path / "fresh.db"
    run = storybot(["ingest", str(folder), "--db", str(fresh)], tmp_path, file_limit=200_000)
    assert run.returncode == Exit.DISK, run.stderr
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(
        f"storybot: cannot write {fresh}: no room to build the new catalog ("), lines
    assert not fresh.exists() and not list(tmp_path.glob(".fresh.db.building-*"))
    # An update whose copy of the old catalog does not fit.
    db = tmp_path / "catalog.db"
    db.write_bytes(good.read_bytes())
    before = db.read_bytes()
    write_story(tmp_path, "late.txt", title="A Late Arrival", author="latecomer")
    run = storybot(["ingest", str(tmp_path / "late.txt"), "--db", str(db)], tmp_path,
                   file_limit=len(before) // 2)
    assert run.returncode == Exit.DISK, run.stderr
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"storybot: cannot write {db}: "), lines
    assert db.read_bytes() == before
    assert not list(tmp_path.glob(".catalog.db.building-*"))  # the partial copy is gone


@pytest.mark.parametrize("fandoms", ["missing", "not-toml"])
def test_a_bad_fandom_folder_is_one_line(tmp_path: Path, fandoms: str) -> None:
    folder = tmp_path / "fandoms"
    if fandoms == "not-toml":
        folder.mkdir()
        (folder / "broken.toml").write_text("this = = is not [ toml", encoding="utf-8")
    write_story(tmp_path, "one.txt")
    run = storybot(["ingest", str(tmp_path / "one.txt"), "--db", str(tmp_path / "c.db")],
                   tmp_path, STORYBOT_FANDOMS=str(folder))
    assert run.returncode == Exit.CONFIG, run.stderr
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(
        "storybot: configuration error: STORYBOT_FANDOMS: "), lines


def test_a_symlinked_catalog_stays_a_link_and_shares_the_lock(base, tmp_path: Path) -> None:
    _, good = base
    real = tmp_path / "real" / "catalog.db"
    real.parent.mkdir()
    real.write_bytes(good.read_bytes())
    link = tmp_path / "served.db"
    link.symlink_to(real)
    write_story(tmp_path, "late.txt", title="A Late Arrival", author="latecomer")
    with ingest_module._lock(real), pytest.raises(IngestError, match="another ingest"):
        ingest([str(tmp_path / "late.txt")], link, workers=1)  # the target's lock is held
    report = ingest([str(tmp_path / "late.txt")], link, workers=1)
    assert report.rebuilt
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert len(records(real)) == 31
    assert not (tmp_path / "served.db.lock").exists()

"""The bundled sample catalog and the two seeds, ingested for real and exported.

Each sample file has its expected metadata in tests/data/expected/<file>.toml; this checks the
export contract field by field, and the body boundaries in the stored (compressed) text.
"""

from __future__ import annotations

import re
import sqlite3
import tomllib
import zlib
from pathlib import Path

import pytest

from bot.catalog.export import export_records, open_readonly
from bot.catalog.ingest import ingest

REPO = Path(__file__).resolve().parents[2]
STORIES = REPO / "data" / "stories"
EXPECTED = REPO / "tests" / "data" / "expected"
SEEDS = REPO.parent / "shared" / "seeds"


def _expected() -> list[dict]:
    return [tomllib.loads(p.read_text(encoding="utf-8")) for p in sorted(EXPECTED.glob("*.toml"))]


@pytest.fixture(scope="module")
def sample_catalog(tmp_path_factory: pytest.TempPathFactory) -> dict:
    db = tmp_path_factory.mktemp("sample") / "catalog.db"
    paths = [str(STORIES)] + ([str(SEEDS)] if SEEDS.is_dir() else [])
    report = ingest(paths, db, workers=2)
    conn = open_readonly(db)
    records = list(export_records(conn))
    bodies = {}
    rows = conn.execute("SELECT s.id, b.body FROM stories s JOIN bodies b ON b.story = s.n")
    for sid, body in rows:
        bodies[sid] = zlib.decompress(body).decode("utf-8")
    conn.close()
    by_file = {Path(p).name: r for r in records for p in r["paths"]}
    return {"report": report, "records": records, "by_file": by_file, "bodies": bodies, "db": db}


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_every_sample_file_ingests(sample_catalog: dict) -> None:
    report = sample_catalog["report"]
    assert report.failures == []
    files = {p.name for p in STORIES.iterdir() if not p.name.startswith(".")}
    assert files <= set(sample_catalog["by_file"])
    assert len(files) >= 30
    fandoms = {f for r in sample_catalog["records"] for f in r["fandoms"]}
    assert len(fandoms) >= 8
    formats = {r["format"] for r in sample_catalog["records"]}
    assert formats >= {"ao3-html", "ao3-epub", "ao3-text", "fanficfare-txt", "fanficfare-html",
                       "fanficfare-epub", "ffnet-text", "header-text", "tumblr", "markdown",
                       "plain"}


@pytest.mark.parametrize("expected", _expected(), ids=lambda e: e["file"])
def test_sample_story_fields(sample_catalog: dict, expected: dict) -> None:
    record = sample_catalog["by_file"][expected["file"]]
    assert record["format"] == expected["format"]
    if "title" in expected:
        assert record["title"] == expected["title"]
    assert record["authors"] == expected.get("authors", [])
    assert record["fandoms"] == expected["fandoms"]
    assert record["rating"] == expected["rating"]
    assert record["status"] == expected["status"]
    if "chapters" in expected:
        posted, total = expected["chapters"]
        assert record["chapters"] == {"posted": posted, "total": None if total == -1 else total}
    assert abs(record["words"] - expected["words"]) <= max(2, expected["words"] * 0.02)
    assert record["stated_words"] == expected.get("stated_words")
    for key in ("url", "published", "language"):
        assert record[key] == expected.get(key), key
    if "summary_contains" in expected:
        assert expected["summary_contains"].lower() in (record["summary"] or "").lower()
    assert record["warnings"] == expected.get("warnings", [])
    tags = {t.lower() for t in record["tags"]}
    for tag in expected.get("tags_include", []):
        assert tag.lower() in tags, tag
    stated = {(tuple(r["members"]), r["kind"], r["modifier"] or "")
              for r in record["relationships"] if r["stated"]}
    for rel in expected.get("relationships", []):
        assert (tuple(rel["members"]), rel["kind"], rel.get("modifier", "")) in stated, rel
    body = _squash(sample_catalog["bodies"][record["id"]])
    assert body.startswith(_squash(expected["body_starts"]))
    assert body.endswith(_squash(expected["body_ends"]))


def test_the_same_epub_and_html_never_double_count(sample_catalog: dict) -> None:
    ids = [r["id"] for r in sample_catalog["records"]]
    assert len(ids) == len(set(ids))


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not beside the repo")
def test_seed_000_fanfiction_net_copy(sample_catalog: dict) -> None:
    record = sample_catalog["by_file"]["000_249ac26c44cd4879.txt"]
    assert record["title"] == "What She Has"
    assert record["authors"] == ["alltherealice"]
    assert record["fandoms"] == ["Buffy the Vampire Slayer"]
    assert record["status"] == "in-progress"
    assert record["rating"] == "not-rated"
    body = sample_catalog["bodies"][record["id"]]
    assert body.startswith("Being alone was... lonely.")
    assert body.rstrip().endswith("'She has what she needs.'")
    assert "Disclaimer" not in body and "beta" not in body.lower()
    # whitespace tokens of the story text proper, as a reader would count them
    assert abs(record["words"] - len(body.split())) == 0


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not beside the repo")
def test_seed_003_livejournal_header(sample_catalog: dict) -> None:
    record = sample_catalog["by_file"]["003_2d0561438f38f227.txt"]
    assert record["title"] == "Everything They Do"
    assert record["authors"] == ["Kat Lee"]
    assert record["fandoms"] == ["Buffy the Vampire Slayer", "Angel: the Series"]
    assert record["rating"] == "teen"
    assert record["status"] == "complete"
    assert record["stated_words"] == 1214
    assert abs(record["words"] - 1214) <= 1214 * 0.02
    assert record["published"] == "2018-07-31"
    stated = [(r["members"], r["modifier"]) for r in record["relationships"] if r["stated"]]
    assert (["Buffy Summers", "Spike"], None) in stated
    assert (["Angel", "Buffy Summers"], "past") in stated


def test_export_rows_are_json_contract_types(sample_catalog: dict) -> None:
    conn = sqlite3.connect(sample_catalog["db"])
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    conn.close()
    for record in sample_catalog["records"]:
        assert isinstance(record["id"], str) and len(record["id"]) == 12
        assert record["rating"] in {"general", "teen", "mature", "explicit", "not-rated"}
        assert record["status"] in {"complete", "in-progress", "unknown"}
        assert all(r["kind"] in {"romantic", "platonic"} for r in record["relationships"])
        assert record["published"] is None or re.fullmatch(r"\d{4}-\d\d-\d\d", record["published"])


def test_sample_epubs_are_built_from_their_readable_sources() -> None:
    from tests.support.make_sample_epubs import DEFAULT_SOURCES, build_epub

    for folder in sorted(p for p in DEFAULT_SOURCES.iterdir() if p.is_dir()):
        name, data = build_epub(folder)
        assert (STORIES / name).read_bytes() == data, f"{name} is out of date with {folder.name}"

"""Files fans really have, read through the real ingest and export, compared with their labels.

`../shared/real-stories/` holds 29 real fan-fiction files from public repositories (never copied
here); `tests/fixtures/blind/` holds development fixtures written from layout descriptions by
a helper who never read the parsers (`books`, `web`) and the final held-out files another such
helper wrote (`books-final`, `web-final`). Each set is ingested into a fresh catalog, exported, and
compared field by field (tests/parsers/labelled.py says how). The per-field tables are printed
(`pytest tests/parsers/test_real_stories.py -s`).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.parsers.labelled import FIELDS, Comparison, compare_folder

ROOT = Path(__file__).resolve().parents[2]
REAL = ROOT.parent / "shared" / "real-stories"
BLIND = ROOT / "tests" / "fixtures" / "blind"


def _compare(folder: Path, labels: Path, tmp_path_factory, title: str) -> Comparison:
    catalog = tmp_path_factory.mktemp("labelled") / "catalog.db"
    comparison = compare_folder(folder, labels, catalog)
    print()
    print(comparison.table(title))
    if comparison.misses():
        print(comparison.misses())
    return comparison


@pytest.fixture(scope="module")
def real(tmp_path_factory) -> Comparison:
    if not REAL.is_dir():
        pytest.skip("../shared/real-stories is not present")
    return _compare(REAL / "stories", REAL / "labels-real.json", tmp_path_factory,
                    "real stories (../shared/real-stories)")


@pytest.fixture(scope="module")
def books(tmp_path_factory) -> Comparison:
    return _compare(BLIND / "books", BLIND / "books" / "labels.json", tmp_path_factory,
                    "blind development set: books (EPUB, PDF, Markdown)")


@pytest.fixture(scope="module")
def web(tmp_path_factory) -> Comparison:
    return _compare(BLIND / "web", BLIND / "web" / "labels.json", tmp_path_factory,
                    "blind development set: web pages and text layouts")


def test_every_real_file_ingests(real):
    assert real.failed_files == []
    assert real.missing == []


@pytest.mark.parametrize("field", FIELDS)
def test_real_stated_fields(real, field):
    """Every field a file states is read right at least 95% of the time (pairings too)."""
    assert real.rate(field) >= 0.95, real.misses()


def test_real_inferred_fields_hold_their_level(real):
    """Fields the files do not state (inferred from the text by the understanding stage)."""
    held, total = real.overall(stated=False)
    assert held / total >= 0.70, real.misses()


# The blind development sets: guards a notch under the level reached (see the report).
BOOKS_STATED = {"characters": 0.85}
WEB_STATED: dict[str, float] = {}


@pytest.mark.parametrize("field", FIELDS)
def test_blind_books_stated_fields(books, field):
    assert books.failed_files == [] and books.missing == []
    assert books.rate(field) >= BOOKS_STATED.get(field, 0.9), books.misses()


@pytest.mark.parametrize("field", FIELDS)
def test_blind_web_stated_fields(web, field):
    assert web.failed_files == [] and web.missing == []
    assert web.rate(field) >= WEB_STATED.get(field, 0.9), web.misses()


# The final held-out files (12 books, 12 web pages and text layouts, by a helper who never read
# the parsers), measured once at the end: books 102/120 checks (85%), web 93/120 (78%). Guards a
# notch under that; the misses are printed and listed in the README.
FINAL_OVERALL = {"books-final": 0.83, "web-final": 0.75}


@pytest.mark.parametrize("name", sorted(FINAL_OVERALL))
def test_final_held_out_files_keep_their_measured_level(name, tmp_path_factory):
    comparison = _compare(BLIND / name, BLIND / name / "labels.json", tmp_path_factory,
                          f"final held-out set: {name}")
    assert comparison.failed_files == [] and comparison.missing == []
    held, total = comparison.overall()
    assert held / total >= FINAL_OVERALL[name], comparison.misses()


def test_blind_sets_overall(books, web):
    for comparison in (books, web):
        held, total = comparison.overall()
        assert held / total >= 0.93, comparison.misses()

"""The bundled sample catalog's text-family files read back as their expectation files say.

Fandoms, characters and relationships are compared after canonicalisation elsewhere; here
only what the text parsers own (layout, stated metadata, body boundaries) is checked.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from bot.parsers import parse_bytes

ROOT = Path(__file__).resolve().parents[2]
EXPECTED = sorted((ROOT / "tests" / "data" / "expected").glob("*.toml"))
TEXT_CASES = [p for p in EXPECTED if p.name.split(".")[-2] in {"txt", "md"}]


@pytest.mark.skipif(not TEXT_CASES, reason="no sample catalog expectations")
@pytest.mark.parametrize("expected_path", TEXT_CASES, ids=lambda p: p.name)
def test_sample_story_matches_expectation(expected_path):
    want = tomllib.loads(expected_path.read_text(encoding="utf-8"))
    path = ROOT / "data" / "stories" / want["file"]
    s = parse_bytes(path.read_bytes(), path.name)
    assert s.format == want["format"]
    for key in ("title", "authors", "rating", "status", "stated_words", "url", "language",
                "warnings"):
        if key in want:
            assert getattr(s, key) == want[key], key
    if "published" in want:
        assert str(s.published) == want["published"]
    if "chapters" in want:
        posted, total = want["chapters"]  # -1 stands for "unknown" (TOML has no null)
        assert (s.chapters_posted, s.chapters_total) == (posted, None if total < 0 else total)
    if "words" in want:
        assert abs(s.words - want["words"]) <= max(2, want["words"] * 0.02)
    if "summary_contains" in want:
        assert want["summary_contains"] in (s.summary or "")
    for tag in want.get("tags_include", []):
        assert tag in s.tags
    assert s.body.startswith(want.get("body_starts", ""))
    assert s.body.endswith(want.get("body_ends", ""))

"""The two real seed stories beside the repo, read through the public entry point."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot.parsers import parse_bytes

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
FFNET_SEED = SEEDS / "000_249ac26c44cd4879.txt"
HEADER_SEED = SEEDS / "003_2d0561438f38f227.txt"

pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not present")


def load(path: Path):
    return parse_bytes(path.read_bytes(), path.name)


def test_ffnet_seed():
    s = load(FFNET_SEED)
    assert s.format == "ffnet-text"
    assert (s.title, s.authors) == ("What She Has", ["alltherealice"])
    assert s.status == "in-progress"
    assert s.fandoms == []
    assert s.body.startswith("Being alone was... lonely.")
    assert s.body.endswith("'She has what she needs.'")
    for note in ("not so long awaited sequel", "Joss Whedon", "Many thanks to Missy"):
        assert note in s.notes and note not in s.body
    assert "TBC" not in s.body and "What She Has\n" not in s.body


def test_header_seed():
    s = load(HEADER_SEED)
    assert s.format == "header-text"
    assert (s.title, s.authors) == ("Everything They Do", ["Kat Lee"])
    assert s.recipient.startswith("feliciacraft, who requested ")
    assert s.fandoms == ["Buffy the Vampire Slayer", "Angel"]
    rels = {r.key.label: (r.modifier, r.stated) for r in s.relationships}
    assert rels == {"Buffy/Spike": (None, True), "Angel/Buffy": ("past", True)}
    assert s.rating == "teen" and s.warnings == []
    assert s.stated_words == 1214
    assert s.published == date(2018, 7, 31)
    assert s.status == "complete"
    assert abs(len(s.body.split()) - 1214) <= 1214 * 0.02
    assert s.body.startswith("At first, she looked at the floor")
    assert s.body.endswith("it always would be.")
    assert "Disclaimer" in s.notes and "Whedon" not in s.body

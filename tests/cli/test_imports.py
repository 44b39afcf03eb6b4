"""`storybot ingest`, `export` and `query` never load discord.py: `python -X importtime` lists
every module a command imported, and none of them is discord."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
STORIES = REPO / "data" / "stories"


def imported(args: list[str], cwd: Path) -> set[str]:
    run = subprocess.run([sys.executable, "-X", "importtime", "-m", "bot", *args], cwd=cwd,
                         capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 0, run.stderr[-2000:]
    return {line.rsplit("|", 1)[1].strip() for line in run.stderr.splitlines()
            if line.startswith("import time:") and line.count("|") == 2}


@pytest.fixture(scope="module")
def story_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("stories")
    (folder / "one.txt").write_bytes((STORIES / "plain-giles-trivia-night.txt").read_bytes())
    return folder


def test_the_catalog_and_search_commands_load_no_discord(story_folder: Path,
                                                          tmp_path: Path) -> None:
    db = str(tmp_path / "catalog.db")
    for args in (["ingest", str(story_folder), "--db", db, "--workers", "1"],
                 ["export", "--db", db], ["query", "--db", db, "trivia"]):
        modules = imported(args, tmp_path)
        assert "bot.cli" in modules, args  # the listing is real
        assert not {m for m in modules if m.split(".")[0] == "discord"}, args

"""The catalog a command serves: the same one from any working directory, and a configured
catalog that is missing is reported (how to build it) rather than replaced by the sample."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

STORYBOT = Path(sys.executable).with_name("storybot")  # the installed console script
TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GabcDE.abcdefghijklmnopqrstuvwxyz0123"

# One original story in the header layout (bot/parsers/header.py), so the catalog the test
# builds is told apart from the bundled sample at a glance.
STORY = """Title: The Engine Room Ledger
Author: gullwing
Fandom: Firefly
Pairing: Kaylee/Simon
Rating: G
Summary: Kaylee keeps a ledger of every part she fixes; Simon starts leaving notes in it.

Kaylee wiped her hands and opened the ledger to the page for the catalyzer. Under her own
list of bolts somebody had written, in careful doctor's letters, "Thank you for the tea."

She found Simon in the infirmary sorting gauze. "You wrote in my book," she said.

"I thought it was a guest book," he said, and she laughed so hard Wash came to look.
"""


def storybot(*args: str, cwd: Path, env: dict[str, str],
             timeout: float = 120) -> subprocess.CompletedProcess[str]:
    assert STORYBOT.exists(), f"{STORYBOT} is missing: pip install -e '.[test]' first"
    return subprocess.run([str(STORYBOT), *args], cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=timeout, check=False)


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("STORYBOT_") and k != "DISCORD_TOKEN"}
    env.update(extra)
    return env


def test_storybot_finds_the_same_data_from_any_working_directory(tmp_path: Path) -> None:
    """STORYBOT_HOME in the environment (as a service sets it), the rest in the home's .env:
    started from three different folders, storybot ingests into and reads one catalog."""
    home = tmp_path / "home"
    home.mkdir()
    (home / ".env").write_text("STORYBOT_CATALOG=library/catalog.db\n")
    stories = tmp_path / "my-stories"
    stories.mkdir()
    (stories / "engine-room-ledger.txt").write_text(STORY, encoding="utf-8")
    env = clean_env(STORYBOT_HOME=str(home))
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()

    built = storybot("ingest", str(stories), cwd=first, env=env)
    assert built.returncode == 0, built.stderr
    assert (home / "library" / "catalog.db").is_file()

    found = storybot("query", "--json", "kaylee/simon", cwd=second, env=env)
    assert found.returncode == 0, found.stderr
    titles = [r["title"] for r in json.loads(found.stdout)["results"]]
    assert titles == ["The Engine Room Ledger"]
    exported = storybot("export", cwd=Path("/"), env=env)
    assert [json.loads(line)["title"] for line in exported.stdout.splitlines()] == \
        ["The Engine Room Ledger"]
    assert "ingesting" not in found.stderr + exported.stderr  # no sample built anywhere
    assert sorted(p.name for p in home.iterdir()) == [".env", "library"]
    assert not list(first.iterdir()) and not list(second.iterdir())


@pytest.mark.parametrize("command", [["query", "spuffy"], ["console"], ["export"], ["run"],
                                     ["sync"]])
def test_a_configured_catalog_that_is_missing_says_how_to_build_it(
        tmp_path: Path, command: list[str]) -> None:
    missing = tmp_path / "gone" / "catalog.db"
    env = clean_env(STORYBOT_HOME=str(tmp_path / "home"), STORYBOT_CATALOG=str(missing),
                    DISCORD_TOKEN=TOKEN)  # with a token, `run` and `sync` fail before Discord
    done = storybot(*command, cwd=tmp_path, env=env, timeout=60)
    assert done.returncode == 3  # Exit.CATALOG
    assert done.stderr.splitlines() == [
        f"storybot: no catalog at {missing} (STORYBOT_CATALOG); build it with `storybot "
        "ingest PATH...` from your story files, or unset STORYBOT_CATALOG to start from the "
        "bundled sample in the data home"]
    assert not missing.exists() and not missing.parent.exists()
    assert not (tmp_path / "home").exists()


def test_the_default_catalog_is_built_from_the_sample_once(tmp_path: Path) -> None:
    env = clean_env(STORYBOT_HOME=str(tmp_path / "home"))
    first = storybot("query", "--json", "spuffy", cwd=tmp_path, env=env)
    assert first.returncode == 0, first.stderr
    assert "ingesting" in first.stderr and (tmp_path / "home" / "catalog.db").is_file()
    assert json.loads(first.stdout)["results"]
    again = storybot("query", "--json", "spuffy", cwd=tmp_path / "home", env=env)
    assert again.returncode == 0 and "ingesting" not in again.stderr
    # the same stories (equal scores may come in another order: ties are shuffled)
    assert {r["id"] for r in json.loads(again.stdout)["results"]} == \
        {r["id"] for r in json.loads(first.stdout)["results"]}

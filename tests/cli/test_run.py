"""`storybot run` without a token: it explains how to set one and still shows the bot working."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from bot.cli.exits import Exit
from tests.support.damage import CATALOG_DAMAGE, damaged_catalog

REPO = Path(__file__).resolve().parents[2]


def test_run_without_a_token_builds_the_sample_catalog_and_answers(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DISCORD_TOKEN"}
    env.update(STORYBOT_HOME=str(tmp_path / "home"))
    run = subprocess.run([sys.executable, "-m", "bot", "run"], cwd=tmp_path, env=env,
                         stdin=subprocess.DEVNULL, capture_output=True, text=True,
                         timeout=120, check=False)
    assert run.returncode == 0, run.stderr
    assert "no DISCORD_TOKEN is set" in run.stderr
    assert "storybot console" in run.stderr
    assert f"in the data home, {tmp_path / 'home'}" in run.stderr
    assert (tmp_path / "home" / "catalog.db").exists()
    assert "36 stories" in run.stdout
    assert "Buffy Summers/Spike" in run.stdout  # the answer to "sad spuffy"
    assert "Traceback" not in run.stderr


def test_sync_without_a_token_is_one_clear_line(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DISCORD_TOKEN"}
    run = subprocess.run([sys.executable, "-m", "bot", "sync"], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=60, check=False)
    assert run.returncode == 2
    assert run.stderr.strip().splitlines() == [
        "storybot: DISCORD_TOKEN is not set; sync needs the bot's token"]


def test_run_refuses_shards_that_cannot_work_in_one_line(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DISCORD_TOKEN"}
    for args, says in ((["--shards", "0-3"], "--shards needs --shard-count"),
                       (["--shards", "0-8", "--shard-count", "8"], "shards are 0-7"),
                       (["--shards", "3-1", "--shard-count", "8"], "runs backwards")):
        run = subprocess.run([sys.executable, "-m", "bot", "run", *args], cwd=tmp_path,
                             env=env, capture_output=True, text=True, timeout=60, check=False)
        assert run.returncode == 2, run.stderr
        lines = run.stderr.strip().splitlines()
        assert len(lines) == 1 and says in lines[0], lines


def test_run_without_a_token_on_a_damaged_catalog_is_one_line(tmp_path: Path,
                                                              small_catalog: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD", "STORYBOT_"))}
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    cases = {kind: {"STORYBOT_CATALOG": str(damaged_catalog(small_catalog, kind,
                                                            tmp_path / f"{kind}.db"))}
             for kind in CATALOG_DAMAGE}
    # the sample cannot be built where the data home should be
    cases["unwritable home"] = {"STORYBOT_HOME": str(blocker / "home")}
    for kind, settings in cases.items():
        run = subprocess.run([sys.executable, "-m", "bot", "run"], cwd=tmp_path,
                             env={"STORYBOT_HOME": str(tmp_path / "home"), **env, **settings},
                             stdin=subprocess.DEVNULL, capture_output=True, text=True,
                             timeout=120, check=False)
        assert run.returncode == Exit.CATALOG, (kind, run.stderr)
        assert "Traceback" not in run.stderr, kind
        # after the no-token explanation, one line says what is wrong
        last = run.stderr.strip().splitlines()[-1]
        assert last.startswith(("storybot: cannot open the catalog: ",
                                "storybot: cannot prepare the catalog ")), (kind, last)

"""STORYBOT_LOG_FILE: the log also goes to a rotating file (in the home when relative), with
the token redacted there too; a log file that cannot be written is one line and exit 2."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot import cli
from bot.config import load_settings

TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GabcDE.abcdefghijklmnopqrstuvwxyz0123"


@pytest.fixture
def restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    for handler in root.handlers:
        if handler not in handlers:
            handler.close()
    root.handlers[:], root.level = handlers, level


def test_the_log_file_rotates_and_never_shows_the_token(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, restore_logging: None) -> None:
    monkeypatch.setattr(cli, "LOG_FILE_BYTES", 4_000)
    settings = load_settings({"STORYBOT_HOME": str(tmp_path), "DISCORD_TOKEN": TOKEN,
                              "STORYBOT_LOG_FILE": "logs/storybot.log"}, env_file=None)
    cli.setup_logging(settings)
    log = logging.getLogger("storybot.test")
    for n in range(400):
        log.info("line %d with the token %s in it", n, TOKEN)
    logs = tmp_path / "logs"
    names = sorted(p.name for p in logs.iterdir())
    assert names == ["storybot.log", *(f"storybot.log.{i}" for i in range(1, 6))]
    assert all(p.stat().st_size <= 4_000 for p in logs.iterdir())
    newest = (logs / "storybot.log").read_text(encoding="utf-8")
    assert "line 399 with the token ********** in it" in newest
    assert not any(TOKEN in p.read_text(encoding="utf-8") for p in logs.iterdir())


def test_the_log_file_gets_what_the_command_logs(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("STORYBOT_")}
    env.update(STORYBOT_HOME=str(tmp_path), STORYBOT_LOG_FILE="storybot.log")
    done = subprocess.run([sys.executable, "-m", "bot", "query", "spuffy"], cwd="/", env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    logged = (tmp_path / "storybot.log").read_text(encoding="utf-8")
    assert f"no catalog at {tmp_path / 'catalog.db'} yet: ingesting" in logged
    assert logged.splitlines() == done.stderr.splitlines()


def test_a_log_file_that_cannot_be_written_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "taken").write_text("")  # a file where the log's folder should be
    env = {k: v for k, v in os.environ.items() if not k.startswith("STORYBOT_")}
    env.update(STORYBOT_HOME=str(tmp_path), STORYBOT_LOG_FILE="taken/storybot.log")
    done = subprocess.run([sys.executable, "-m", "bot", "export"], cwd="/", env=env,
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 2
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and "STORYBOT_LOG_FILE cannot be written" in lines[0]
    assert str(tmp_path / "taken" / "storybot.log") in lines[0]

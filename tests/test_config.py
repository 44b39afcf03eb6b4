"""Settings: typed values, clear one-line errors, exit 2, and the token never shown."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import ConfigError, documented_variables, load_settings

REPO = Path(__file__).resolve().parents[1]
TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GabcDE.abcdefghijklmnopqrstuvwxyz0123"


def test_defaults_without_environment() -> None:
    settings = load_settings({}, env_file=None)
    assert settings.discord_token is None
    assert settings.default_rating == "teen"
    assert settings.limits.max_file_bytes == 32 * 1024 * 1024


def test_dotenv_is_read_and_environment_wins(tmp_path: Path) -> None:
    env = tmp_path / ".env"
    env.write_text("STORYBOT_MAX_FILE_MB=5\nSTORYBOT_LOG_LEVEL=debug\n")
    settings = load_settings({"STORYBOT_MAX_FILE_MB": "7"}, env_file=env)
    assert settings.max_file_mb == 7
    assert settings.log_level == "DEBUG"


@pytest.mark.parametrize(("variable", "value", "fragment"), [
    ("STORYBOT_MAX_FILE_MB", "lots", "whole number"),
    ("STORYBOT_MAX_FILE_MB", "-3", "between 1 and 1024"),
    ("STORYBOT_MAX_FILE_MB", "1" + "0" * 23, "between 1 and 1024"),
    ("STORYBOT_MAX_UNPACKED_MB", "0", "between 1 and 4096"),
    ("STORYBOT_INGEST_WORKERS", "100000", "between 0 and 64"),
    ("STORYBOT_INGEST_WORKERS", "-1", "between 0 and 64"),
    ("STORYBOT_INGEST_WORKERS", "four", "whole number"),
    ("STORYBOT_WORKER_NICENESS", "20", "between 0 and 19"),
    ("STORYBOT_WORKER_NICENESS", "-5", "between 0 and 19"),
    ("STORYBOT_CATALOG", ".", "must name a file"),
    ("STORYBOT_CATALOG", "var/", "must name a file"),
    ("STORYBOT_STATE_DB", "..", "must name a file"),
    ("STORYBOT_LOG_FILE", "logs/", "must name a file"),
    ("STORYBOT_DEFAULT_RATING", "spicy", "general, teen, mature, explicit"),
    ("STORYBOT_OWNER_IDS", "12,abc", "Discord ids"),
    ("STORYBOT_WATCH_CATALOG", "maybe", "true or false"),
])
def test_invalid_values_name_the_variable(variable: str, value: str, fragment: str) -> None:
    with pytest.raises(ConfigError) as info:
        load_settings({variable: value}, env_file=None)
    assert info.value.variable == variable
    assert str(info.value).startswith(variable)
    assert fragment in str(info.value)


def test_token_never_appears_in_errors_or_reprs() -> None:
    bad = "MTIz NDU2 this has spaces and is long enough"
    with pytest.raises(ConfigError) as info:
        load_settings({"DISCORD_TOKEN": bad}, env_file=None)
    assert bad not in str(info.value)
    settings = load_settings({"DISCORD_TOKEN": TOKEN}, env_file=None)
    assert TOKEN not in repr(settings)
    assert TOKEN not in f"{settings.discord_token}"
    assert settings.discord_token.reveal() == TOKEN


def test_cli_config_error_is_one_line_and_exit_2() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "bot", "export"], cwd=REPO, capture_output=True, text=True,
        env={"PATH": "/usr/bin:/bin", "STORYBOT_MAX_FILE_MB": "zero", "DISCORD_TOKEN": TOKEN},
        check=False)
    assert run.returncode == 2
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "STORYBOT_MAX_FILE_MB" in lines[0]
    assert TOKEN not in run.stderr + run.stdout


def test_env_example_documents_every_variable_with_its_default() -> None:
    text = (REPO / ".env.example").read_text()
    assigned = dict(re.findall(r"^([A-Z_]+)=(.*)$", text, re.MULTILINE))
    for name, default, _doc in documented_variables():
        assert name in assigned, f"{name} is missing from .env.example"
        assert assigned[name] == default, name
    assert set(assigned) == {name for name, _, _ in documented_variables()}


def test_readme_test_command_is_what_ci_runs() -> None:
    readme = (REPO / "README.md").read_text()
    ci = (REPO / ".ci" / "run").read_text()
    commands = re.findall(r"^    (python3 -m venv .+)$", readme, re.MULTILINE)
    assert len(commands) >= 2, "the README starts with the run and test commands"
    test_command = commands[1]
    assert "pytest" in test_command
    assert test_command.split("&& ")[-1] in ci


def test_database_url_chooses_postgresql_and_never_shows_its_password() -> None:
    url = "postgresql://bot:hunter2-long-secret@db.internal:5432/storybot"
    settings = load_settings({"STORYBOT_DATABASE_URL": url}, env_file=None)
    assert settings.state_location == url
    assert "hunter2" not in repr(settings) and "hunter2" not in f"{settings.database_url}"
    default = load_settings({"STORYBOT_HOME": "/srv/storybot"}, env_file=None)
    assert default.state_location == Path("/srv/storybot/state.db")
    bad = "mysql://bot:hunter2-long-secret@db.internal/storybot"
    with pytest.raises(ConfigError) as info:
        load_settings({"STORYBOT_DATABASE_URL": bad}, env_file=None)
    assert info.value.variable == "STORYBOT_DATABASE_URL"
    assert "postgresql://" in str(info.value) and "hunter2" not in str(info.value)


@pytest.mark.parametrize("variable", ["STORYBOT_CATALOG", "STORYBOT_STATE_DB",
                                      "STORYBOT_LOG_FILE"])
def test_a_file_setting_that_names_a_folder_is_refused(tmp_path: Path, variable: str) -> None:
    with pytest.raises(ConfigError) as info:
        load_settings({variable: str(tmp_path)}, env_file=None)
    assert info.value.variable == variable
    assert f"{tmp_path} is a folder" in str(info.value)


def test_bounded_settings_and_an_empty_path_in_a_dotenv_file(tmp_path: Path) -> None:
    """The largest allowed values are taken; an empty path is the default place in the home,
    never the folder the bot was started from."""
    env = tmp_path / ".env"
    env.write_text("STORYBOT_INGEST_WORKERS=64\nSTORYBOT_MAX_FILE_MB=1024\n"
                   "STORYBOT_WORKER_NICENESS=19\nSTORYBOT_CATALOG=\nSTORYBOT_STATE_DB=''\n")
    home = tmp_path / "home"
    settings = load_settings({"STORYBOT_HOME": str(home)}, env_file=env)
    assert (settings.ingest_workers, settings.max_file_mb) == (64, 1024)
    assert settings.worker_niceness == 19
    assert settings.catalog_path == home / "catalog.db"
    assert settings.state_path == home / "state.db"


def test_ingest_workers_option_is_bounded_in_one_line(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "bot", "ingest", str(tmp_path), "--workers", "100000",
         "--db", str(tmp_path / "c.db")], cwd=REPO, capture_output=True, text=True,
        env={"PATH": "/usr/bin:/bin", "STORYBOT_HOME": str(tmp_path / "home")}, check=False)
    assert run.returncode == 2, run.stderr
    assert "--workers: must be between 0 and 64" in run.stderr
    assert "Traceback" not in run.stderr
    assert not (tmp_path / "c.db").exists()

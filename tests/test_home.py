"""The data home: where it is, which `.env` files are read, what relative paths mean."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import ConfigError, load_settings
from bot.home import default_home, gather
from bot.resources import FANDOMS_DIR, SAMPLE_STORIES_DIR, SOURCE_CHECKOUT

REPO = Path(__file__).resolve().parents[1]


def test_the_default_home_is_the_checkouts_var_else_the_per_user_data_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert SOURCE_CHECKOUT == REPO  # the tests run from a checkout
    assert default_home() == REPO / "var"
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default_home(checkout=None) == tmp_path / "xdg" / "storybot"


def test_every_unset_path_lives_in_the_home(tmp_path: Path) -> None:
    settings = load_settings({"STORYBOT_HOME": str(tmp_path)}, env_file=None)
    assert settings.home == tmp_path
    assert settings.catalog_path == tmp_path / "catalog.db"
    assert settings.state_path == tmp_path / "state.db"
    assert settings.heartbeat_path == tmp_path / "heartbeat.json"
    assert settings.log_file is None
    assert settings.build_sample  # only the default catalog is ever built from the sample
    assert (settings.stories_path, settings.fandoms_path) == (SAMPLE_STORIES_DIR, FANDOMS_DIR)
    assert not tmp_path.joinpath("catalog.db").exists()  # reading settings creates nothing


def test_a_catalog_that_was_set_is_never_built_from_the_sample(tmp_path: Path) -> None:
    settings = load_settings({"STORYBOT_HOME": str(tmp_path),
                              "STORYBOT_CATALOG": str(tmp_path / "mine.db")}, env_file=None)
    assert settings.catalog_path == tmp_path / "mine.db" and not settings.build_sample


def test_env_files_in_the_working_directory_and_the_home_by_precedence(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home, cwd = tmp_path / "home", tmp_path / "cwd"
    home.mkdir()
    cwd.mkdir()
    (home / ".env").write_text("STORYBOT_LOG_LEVEL=debug\nSTORYBOT_MAX_FILE_MB=3\n"
                               "STORYBOT_DEFAULT_RATING=general\n"
                               "STORYBOT_HOME=/somewhere/else\n")  # the home cannot move itself
    (cwd / ".env").write_text(f"STORYBOT_HOME={home}\nSTORYBOT_MAX_FILE_MB=5\n"
                              "STORYBOT_DEFAULT_RATING=mature\n")
    monkeypatch.chdir(cwd)
    settings = load_settings({"STORYBOT_DEFAULT_RATING": "teen"})
    assert settings.home == home
    assert settings.log_level == "DEBUG"  # the home's .env
    assert settings.max_file_mb == 5  # the working directory's .env wins over the home's
    assert settings.default_rating == "teen"  # the environment wins over both
    assert settings.env_files == (cwd / ".env", home / ".env")
    assert load_settings({"STORYBOT_HOME": str(home)}, env_file=None).max_file_mb == 32


def test_relative_paths_are_taken_from_their_env_file_or_else_the_home(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home, cwd = tmp_path / "home", tmp_path / "cwd"
    home.mkdir()
    cwd.mkdir()
    (home / ".env").write_text("STORYBOT_CATALOG=books/catalog.db\n")
    (cwd / ".env").write_text("STORYBOT_HOME=home-here\nSTORYBOT_STORIES=shelf\n")
    monkeypatch.chdir(cwd)
    from_files = load_settings({})
    assert from_files.home == cwd / "home-here"  # a relative home: from the working directory
    assert from_files.stories_path == cwd / "shelf"
    from_environment = load_settings({"STORYBOT_HOME": str(home),
                                      "STORYBOT_STATE_DB": "state/bot.db",
                                      "STORYBOT_LOG_FILE": "logs/storybot.log"})
    assert from_environment.catalog_path == home / "books" / "catalog.db"
    assert from_environment.state_path == home / "state" / "bot.db"
    assert from_environment.log_file == home / "logs" / "storybot.log"
    assert from_environment.stories_path == cwd / "shelf"


def test_the_same_settings_from_any_working_directory(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What a service gets with STORYBOT_HOME in its environment and its .env in the home."""
    home = tmp_path / "home"
    home.mkdir()
    (home / ".env").write_text("STORYBOT_CATALOG=catalog/main.db\nSTORYBOT_MAX_FILE_MB=9\n")
    seen = []
    for folder in (tmp_path, home, tmp_path / "elsewhere"):
        folder.mkdir(exist_ok=True)
        monkeypatch.chdir(folder)
        settings = load_settings({"STORYBOT_HOME": str(home)})
        seen.append((settings.catalog_path, settings.state_path, settings.max_file_mb))
    assert seen == [(home / "catalog" / "main.db", home / "state.db", 9)] * 3


def test_a_home_that_is_a_file_is_one_clear_error(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "home"
    not_a_folder.write_text("")
    with pytest.raises(ConfigError) as info:
        load_settings({"STORYBOT_HOME": str(not_a_folder)}, env_file=None)
    assert info.value.variable == "STORYBOT_HOME"
    assert str(info.value) == f"STORYBOT_HOME must be a folder ({not_a_folder} is a file)"


def test_gather_reads_no_file_when_told_not_to(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".env").write_text("STORYBOT_LOG_LEVEL=debug\n")
    monkeypatch.chdir(tmp_path)
    sources = gather({"STORYBOT_HOME": str(tmp_path)}, None)
    assert sources.files == () and "STORYBOT_LOG_LEVEL" not in sources.values

"""The data home: one folder for the catalog, server state and logs, wherever the bot starts.

`STORYBOT_HOME` when set; else, run from a source checkout, the checkout's `var/` (where a
developer's data has always been); else the platform's per-user data folder (platformdirs:
`~/.local/share/storybot` on Linux). Settings come from the environment, the `.env` in the
working directory and the `.env` in the home, in that order of precedence. A relative path is
taken from the folder of the `.env` file that gave it, and from the home when it came from the
environment: nothing but the working directory's own `.env` depends on where the bot was
started, so a service started from the wrong folder still serves the same catalog.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import platformdirs
from dotenv import dotenv_values

from bot.resources import SOURCE_CHECKOUT

HOME_VARIABLE = "STORYBOT_HOME"
ENV_FILE_NAME = ".env"


class HomeError(ValueError):
    """STORYBOT_HOME names something that cannot be the data home."""


def default_home(checkout: Path | None = SOURCE_CHECKOUT) -> Path:
    """The home when STORYBOT_HOME is not set."""
    if checkout is not None:
        return checkout / "var"
    return platformdirs.user_data_path("storybot", appauthor=False)


@dataclass(frozen=True, slots=True)
class Raw:
    """One setting as written, and the folder a relative path in it is taken from."""

    text: str
    base: Path


@dataclass(frozen=True, slots=True)
class Sources:
    """Every setting given, the home they point at and the `.env` files that were read."""

    home: Path
    values: dict[str, Raw]
    files: tuple[Path, ...]


def _read(env_file: Path) -> dict[str, Raw]:
    base = env_file.parent.absolute()
    return {k: Raw(v, base) for k, v in dotenv_values(env_file).items() if v is not None}


def _home(given: Raw | None, checkout: Path | None) -> Path:
    if given is None or not given.text.strip():
        return default_home(checkout)
    home = given.base / Path(given.text.strip()).expanduser()
    if home.exists() and not home.is_dir():
        raise HomeError(f"{HOME_VARIABLE} must be a folder ({home} is a file)")
    return home


def gather(environ: Mapping[str, str], env_file: Path | None, *,
           checkout: Path | None = SOURCE_CHECKOUT) -> Sources:
    """Settings by precedence: the environment, then `env_file` (the working directory's
    `.env`), then the home's `.env`. `env_file=None` reads no file at all."""
    cwd = Path.cwd()
    files: list[Path] = []
    local: dict[str, Raw] = {}
    if env_file is not None and env_file.is_file():
        local = _read(env_file)
        files.append(env_file.absolute())
    environment = {k: Raw(v, cwd) for k, v in environ.items()}
    home = _home(environment.get(HOME_VARIABLE) or local.get(HOME_VARIABLE), checkout)
    values: dict[str, Raw] = {}
    home_file = home / ENV_FILE_NAME
    if env_file is not None and home_file.is_file() and home_file.absolute() not in files:
        values.update(_read(home_file))
        files.append(home_file.absolute())
    values.update(local)
    # Paths from the environment are taken from the home; the home itself from here.
    values.update({k: Raw(raw.text, home) for k, raw in environment.items()})
    values[HOME_VARIABLE] = Raw(str(home), cwd)
    return Sources(home, values, tuple(files))

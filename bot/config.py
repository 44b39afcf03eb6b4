"""Typed settings, filled once from the environment and `.env`.

Every variable is declared once in `_FIELDS`; `.env.example` documents the same list and a test
keeps the two in step. A bad value raises `ConfigError` naming the variable (never echoing a
secret), which the CLI turns into one line and exit status 2. Where settings are read from, and
what a relative path is taken from, is `bot/home.py`'s business (the data home).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.home import HOME_VARIABLE, HomeError, gather
from bot.parsers import Limits
from bot.resources import FANDOMS_DIR, SAMPLE_STORIES_DIR
from bot.vocabulary import CEILINGS

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
# Bounds on the numbers a setting may hold: beyond them a typo (an extra zero or three) would
# fork a hundred thousand processes or let one file fill the memory.
MAX_INGEST_WORKERS = 64
MAX_FILE_MB = 1024
MAX_UNPACKED_MB = 4096
MAX_NICENESS = 19  # the OS's lowest priority (nice 19)


class ConfigError(Exception):
    """A setting is missing or invalid; the message names the variable."""

    def __init__(self, variable: str, problem: str) -> None:
        super().__init__(f"{variable} {problem}")
        self.variable = variable


class Secret(str):
    """A string that never shows its value in repr, str() or f-strings."""

    def __repr__(self) -> str:
        return "Secret('**********')"

    def __str__(self) -> str:
        return "**********"

    __format__ = lambda self, spec: "**********"  # noqa: E731

    def reveal(self) -> str:
        return str.__str__(self)


def _path(raw: str) -> Path:
    return Path(raw).expanduser()


def _optional_path(raw: str) -> Path | None:
    """Empty means the default place in the data home."""
    return _path(raw.strip()) if raw.strip() else None


def _optional_file(raw: str) -> Path | None:
    """A file's path; empty means the default place in the data home. "." or a path ending
    in a separator names a folder, never a file to write."""
    text = raw.strip()
    if text and (text.endswith(("/", os.sep)) or Path(text).name in ("", ".", "..")):
        raise ValueError(f"must name a file, not a folder (got {text!r})")
    return _optional_path(text)


def whole_number(low: int, high: int) -> Callable[[str], int]:
    """A parser of whole numbers from `low` to `high` (ValueError saying which, and what came)."""
    def parse(raw: str) -> int:
        shown = raw.strip() if len(raw.strip()) <= 24 else raw.strip()[:24] + "…"
        try:
            value = int(raw.strip())
        except ValueError:
            raise ValueError(f"must be a whole number (got {shown!r})") from None
        if not low <= value <= high:
            raise ValueError(f"must be between {low} and {high} (got {shown!r})")
        return value

    return parse


def _choice(options: tuple[str, ...]) -> Callable[[str], str]:
    upper = options[0].isupper()

    def parse(raw: str) -> str:
        value = raw.strip().upper() if upper else raw.strip().lower()
        if value not in options:
            raise ValueError(f"must be one of {', '.join(options)}")
        return value

    return parse


def _id_list(raw: str) -> tuple[int, ...]:
    parts = [p.strip() for p in raw.replace(";", ",").split(",") if p.strip()]
    ids = []
    for part in parts:
        if not part.isdigit():
            raise ValueError("must be a comma-separated list of Discord ids (digits only)")
        ids.append(int(part))
    return tuple(ids)


def _optional_id(raw: str) -> int | None:
    raw = raw.strip()
    if not raw:
        return None
    if not raw.isdigit():
        raise ValueError("must be a Discord id (digits only)")
    return int(raw)


def _token(raw: str) -> Secret | None:
    raw = raw.strip()
    if not raw:
        return None
    if any(c.isspace() for c in raw) or len(raw) < 20:
        # The message must not contain the value: it may be a real token with a typo.
        raise ValueError("does not look like a Discord bot token (check for spaces or a cut)")
    return Secret(raw)


def _database_url(raw: str) -> Secret | None:
    raw = raw.strip()
    if not raw:
        return None
    scheme, separator, rest = raw.partition("://")
    if not separator or scheme.lower() not in {"postgresql", "postgres"} or not rest:
        # Never echo the value: it may carry a password.
        raise ValueError("must be a postgresql://user:password@host:port/database URL "
                         "(or empty for the SQLite file)")
    return Secret(raw)


def _bool(raw: str) -> bool:
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError("must be true or false")


@dataclass(frozen=True, slots=True)
class _Field:
    env: str
    attr: str
    default: str
    parse: Callable[[str], Any]
    doc: str


_FIELDS: tuple[_Field, ...] = (
    _Field("DISCORD_TOKEN", "discord_token", "", _token,
           "Bot token from the Discord developer portal. Empty: `storybot run` explains how to "
           "set one and offers the console instead."),
    _Field(HOME_VARIABLE, "home", "", _optional_path,
           "The data home: the folder for the catalog, server state and logs, and a second "
           "`.env`. Empty: the checkout's var/ when run from a source checkout, else the "
           "per-user data folder (~/.local/share/storybot on Linux). A relative path in the "
           "path settings below is taken from the home when set in the environment, and from "
           "the file's folder when set in a `.env` file."),
    _Field("STORYBOT_CATALOG", "catalog_path", "", _optional_file,
           "SQLite catalog built by `storybot ingest`. Empty: catalog.db in the home, built "
           "from the sample stories the first time. A catalog set here and missing is an "
           "error, never replaced by the sample."),
    _Field("STORYBOT_STATE_DB", "state_path", "", _optional_file,
           "SQLite file for server state (settings, shelves, history, daily posts). Empty: "
           "state.db in the home."),
    _Field("STORYBOT_DATABASE_URL", "database_url", "", _database_url,
           "PostgreSQL for server state instead of the SQLite file: "
           "postgresql://user:password@host:5432/database. Needed to run several bot "
           "processes; `storybot state migrate --from sqlite:PATH` copies the file's state in. "
           "The password is never printed."),
    _Field("STORYBOT_STORIES", "stories_path", "", _optional_path,
           "Story folder ingested the first time, when STORYBOT_CATALOG is not set and the "
           "home has no catalog yet. Empty: the sample stories that come with storybot."),
    _Field("STORYBOT_FANDOMS", "fandoms_path", "", _optional_path,
           "Folder of fandom knowledge files (one TOML file per fandom). Empty: the fandoms "
           "that come with storybot."),
    _Field("STORYBOT_MAX_FILE_MB", "max_file_mb", "32", whole_number(1, MAX_FILE_MB),
           f"Story files larger than this many MB (1 to {MAX_FILE_MB}) are reported and "
           "skipped."),
    _Field("STORYBOT_MAX_UNPACKED_MB", "max_unpacked_mb", "64",
           whole_number(1, MAX_UNPACKED_MB),
           f"An EPUB whose contents unpack to more than this many MB (1 to {MAX_UNPACKED_MB}) "
           "is refused (zip bombs)."),
    _Field("STORYBOT_UPLOAD_MAX_MB", "upload_max_mb", "8", whole_number(1, MAX_FILE_MB),
           f"Story files members upload with /recommend add: larger than this many MB (1 to "
           f"{MAX_FILE_MB}) are refused before they are downloaded (and cut off while "
           "downloading)."),
    _Field("STORYBOT_INGEST_WORKERS", "ingest_workers", "0",
           whole_number(0, MAX_INGEST_WORKERS),
           f"Parser processes for ingest (at most {MAX_INGEST_WORKERS}); 0 means one per CPU "
           "core."),
    _Field("STORYBOT_WORKER_NICENESS", "worker_niceness", "10", whole_number(0, MAX_NICENESS),
           f"How many steps of OS priority (nice, 0 to {MAX_NICENESS}) below their bot or "
           "ingest the worker processes run that read story files (an upload's, ingest's): "
           "a member's search then takes a CPU core from them at once. 0: the same priority."),
    _Field("STORYBOT_OWNER_IDS", "owner_ids", "", _id_list,
           "Comma-separated Discord user ids allowed to run owner-only commands."),
    _Field("STORYBOT_DEV_GUILD", "dev_guild", "", _optional_id,
           "Guild id that `storybot sync` targets when no --guild is given (empty: global)."),
    _Field("STORYBOT_DEFAULT_RATING", "default_rating", "teen", _choice(CEILINGS),
           "Rating ceiling for ordinary channels until a server sets its own."),
    _Field("STORYBOT_WATCH_CATALOG", "watch_catalog", "true", _bool,
           "Reload the catalog when its file is replaced by a new ingest."),
    _Field("STORYBOT_LOG_LEVEL", "log_level", "INFO", _choice(LOG_LEVELS),
           "Logging level: DEBUG, INFO, WARNING or ERROR."),
    _Field("STORYBOT_LOG_FILE", "log_file", "", _optional_file,
           "Also log to this file, rotated at 10 MB with 5 old files kept (e.g. "
           "logs/storybot.log, in the home). Empty: standard error only."),
)


@dataclass(frozen=True, slots=True)
class Settings:
    discord_token: Secret | None = None
    home: Path = Path("var")
    catalog_path: Path = Path("var/catalog.db")
    state_path: Path = Path("var/state.db")
    database_url: Secret | None = None
    stories_path: Path = SAMPLE_STORIES_DIR
    fandoms_path: Path = FANDOMS_DIR
    max_file_mb: int = 32
    max_unpacked_mb: int = 64
    upload_max_mb: int = 8
    ingest_workers: int = 0
    worker_niceness: int = 10
    owner_ids: tuple[int, ...] = field(default_factory=tuple)
    dev_guild: int | None = None
    default_rating: str = "teen"
    watch_catalog: bool = True
    log_level: str = "INFO"
    log_file: Path | None = None
    # True when STORYBOT_CATALOG was not set: only then is the sample built at catalog_path.
    build_sample: bool = False
    env_files: tuple[Path, ...] = ()  # the `.env` files read, for the start-up log

    @property
    def limits(self) -> Limits:
        """What one story file may weigh, as the parsers take it."""
        return Limits(self.max_file_mb * 1024 * 1024, self.max_unpacked_mb * 1024 * 1024)

    @property
    def upload_limits(self) -> Limits:
        """Ingest's limits, with the smaller file size members may upload."""
        return Limits(min(self.upload_max_mb, self.max_file_mb) * 1024 * 1024,
                      self.max_unpacked_mb * 1024 * 1024)

    @property
    def uploads_path(self) -> Path:
        """Where members' uploaded story files are kept (uploads/<guild>/<sha256>.<ext>)."""
        return self.home / "uploads"

    @property
    def state_location(self) -> Path | str:
        """Where server state lives, as `State.open` takes it: the PostgreSQL URL when one is
        set, else the SQLite file."""
        return self.database_url.reveal() if self.database_url else self.state_path

    @property
    def heartbeat_path(self) -> Path:
        """Where a running bot says it is alive, for `storybot health`."""
        return self.heartbeat_of(None)

    def heartbeat_of(self, shards: str | None) -> Path:
        """The heartbeat of the process running `shards` ("0-3"; None: every shard), so the
        processes of a cluster sharing one home never overwrite each other's."""
        return self.home / ("heartbeat.json" if not shards else f"heartbeat-shards-{shards}.json")

    def ensure_catalog(self, path: Path | None = None) -> Path:
        """The catalog to serve (the configured one unless given). The sample stories are
        built there the first time only at the default place; a catalog that is missing
        anywhere else raises `CatalogMissing` rather than being quietly replaced."""
        from bot.catalog.ingest import ensure_catalog

        path = path or self.catalog_path
        sample = self.build_sample and path == self.catalog_path
        return ensure_catalog(path, stories=self.stories_path if sample else None,
                              fandoms=self.fandoms_path, limits=self.limits)


def documented_variables() -> list[tuple[str, str, str]]:
    """(name, default, doc) of every variable, in `.env.example` order."""
    return [(f.env, f.default, f.doc) for f in _FIELDS]


def load_settings(environ: Mapping[str, str] | None = None,
                  env_file: Path | str | None = ".env") -> Settings:
    """Read settings: the process environment wins over `env_file` (the working directory's
    `.env`), which wins over the home's `.env`, which wins over defaults. `env_file=None`
    reads no `.env` at all."""
    try:
        sources = gather(os.environ if environ is None else environ,
                         None if env_file is None else Path(env_file))
    except HomeError as exc:
        raise ConfigError(HOME_VARIABLE, str(exc).removeprefix(HOME_VARIABLE + " ")) from None
    values: dict[str, Any] = {}
    for f in _FIELDS:
        given = sources.values.get(f.env)
        raw = given.text if given else f.default
        try:
            values[f.attr] = f.parse(raw)
            if isinstance(values[f.attr], Path):  # relative: from its .env file, or the home
                values[f.attr] = (given.base if given else sources.home) / values[f.attr]
                if f.parse is _optional_file and values[f.attr].is_dir():
                    raise ValueError(f"must name a file, but {values[f.attr]} is a folder")
        except ValueError as exc:
            raise ConfigError(f.env, str(exc)) from None
    return _in_home(values, sources.home, sources.files)


def _in_home(values: dict[str, Any], home: Path, env_files: tuple[Path, ...]) -> Settings:
    """Settings with every unset path at its default place in the data home."""
    build_sample = values["catalog_path"] is None
    values.update(home=home, env_files=env_files, build_sample=build_sample,
                  catalog_path=values["catalog_path"] or home / "catalog.db",
                  state_path=values["state_path"] or home / "state.db",
                  stories_path=values["stories_path"] or SAMPLE_STORIES_DIR,
                  fandoms_path=values["fandoms_path"] or FANDOMS_DIR)
    return Settings(**values)

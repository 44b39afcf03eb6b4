"""`storybot` command line: ingest, export, query, console, run, sync, cluster, invite, health,
state.

Every command reads the same typed settings; a bad setting is one line on stderr and exit 2.
Building the parser imports no command's code: `ingest`, `export` and `query` never load
discord.py.
"""

from __future__ import annotations

import argparse
import logging
import sys
from logging.handlers import RotatingFileHandler
from pathlib import Path

from bot.cli import catalog, cluster, operate, recommendations, run, search, state
from bot.cli.exits import Exit, operator_mistake
from bot.config import ConfigError, Settings, load_settings

log = logging.getLogger("storybot")

# STORYBOT_LOG_FILE: rotated at this size, this many old files kept (storybot.log.1 …).
LOG_FILE_BYTES = 10 * 1024 * 1024
LOG_FILE_BACKUPS = 5


class _RedactSecrets(logging.Filter):
    """Belt and braces: no log line may carry the token, whoever formats it."""

    def __init__(self, secrets: list[str]) -> None:
        super().__init__()
        self.secrets = [s for s in secrets if s]

    def filter(self, record: logging.LogRecord) -> bool:
        if self.secrets:
            message = record.getMessage()
            if any(s in message for s in self.secrets):
                for s in self.secrets:
                    message = message.replace(s, "**********")
                record.msg, record.args = message, None
        return True


def _log_file(path: Path) -> logging.Handler:
    """STORYBOT_LOG_FILE: a rotating file (its folder made); OSError when it cannot be."""
    path.parent.mkdir(parents=True, exist_ok=True)
    return RotatingFileHandler(path, maxBytes=LOG_FILE_BYTES, backupCount=LOG_FILE_BACKUPS,
                               encoding="utf-8")


def setup_logging(settings: Settings) -> None:
    handlers: list[logging.Handler] = [logging.StreamHandler(sys.stderr)]
    if settings.log_file is not None:
        handlers.append(_log_file(settings.log_file))
    token = settings.discord_token.reveal() if settings.discord_token else ""
    for handler in handlers:
        handler.setFormatter(
            logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        handler.addFilter(_RedactSecrets([token]))
    root = logging.getLogger()
    root.handlers[:] = handlers
    root.setLevel(settings.log_level)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="storybot", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    # Each area adds parsers whose `handler(args, settings) -> int` is set with set_defaults.
    for area in (catalog, search, run, cluster, state, recommendations, operate):
        area.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = load_settings()
    except ConfigError as exc:
        print(f"storybot: configuration error: {exc}", file=sys.stderr)
        return Exit.CONFIG
    try:
        setup_logging(settings)
    except OSError as exc:
        print(f"storybot: configuration error: STORYBOT_LOG_FILE cannot be written "
              f"({exc.strerror or exc}: {settings.log_file})", file=sys.stderr)
        return Exit.CONFIG
    try:
        return args.handler(args, settings)
    except KeyboardInterrupt:
        print("storybot: interrupted", file=sys.stderr)
        return Exit.INTERRUPTED
    except Exception as exc:  # an operator's mistake is one line; a bug keeps its traceback
        known = operator_mistake(exc)
        if known is None:
            raise
        status, line = known
        print(f"storybot: {line}", file=sys.stderr)
        return status


if __name__ == "__main__":
    sys.exit(main())

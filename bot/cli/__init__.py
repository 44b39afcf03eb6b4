"""`storybot` command line: ingest, export, query, console, run, sync, cluster, state migrate.

Every command reads the same typed settings; a bad setting is one line on stderr and exit 2.
Building the parser imports no command's code: `ingest`, `export` and `query` never load
discord.py.
"""

from __future__ import annotations

import argparse
import logging
import sys

from bot.cli import catalog, cluster, run, search, state
from bot.config import ConfigError, Settings, load_settings

log = logging.getLogger("storybot")


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


def setup_logging(settings: Settings) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    token = settings.discord_token.reveal() if settings.discord_token else ""
    handler.addFilter(_RedactSecrets([token]))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(settings.log_level)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="storybot", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    # Each area adds parsers whose `handler(args, settings) -> int` is set with set_defaults.
    for area in (catalog, search, run, cluster, state):
        area.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = load_settings()
    except ConfigError as exc:
        print(f"storybot: configuration error: {exc}", file=sys.stderr)
        return 2
    setup_logging(settings)
    try:
        return args.handler(args, settings)
    except KeyboardInterrupt:
        print("storybot: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())

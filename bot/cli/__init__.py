"""`storybot` command line: ingest, export, query, console, run, sync.

Every command reads the same typed settings; a bad setting is one line on stderr and exit 2.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from pathlib import Path

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

    p = sub.add_parser("ingest", help="parse story files and folders into the catalog")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--db", type=Path, help="catalog file (default: STORYBOT_CATALOG)")
    p.add_argument("--workers", type=int, help="parser processes (default: one per core)")
    p.set_defaults(handler=cmd_ingest)

    p = sub.add_parser("export", help="print every story as JSON Lines")
    p.add_argument("--db", type=Path, help="catalog file (default: STORYBOT_CATALOG)")
    p.set_defaults(handler=cmd_export)

    for module in _COMMAND_MODULES:
        importlib.import_module(module).register(sub)
    return parser


# Feature areas register their own subcommands: `register(subparsers)` adds parsers whose
# `handler(args, settings) -> int` is set with `set_defaults(handler=...)`.
_COMMAND_MODULES: tuple[str, ...] = ("bot.cli.run", "bot.cli.search")


def catalog_path(args: argparse.Namespace, settings: Settings) -> Path:
    """The catalog a command reads: `--db` when given, else the STORYBOT_CATALOG setting."""
    return args.db or settings.catalog_path


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    from bot.catalog.ingest import IngestError, ingest
    from bot.parsers import Limits

    limits = Limits(settings.max_file_bytes, settings.max_unpacked_bytes)
    try:
        report = ingest(args.paths, catalog_path(args, settings),
                        fandoms_path=settings.fandoms_path, limits=limits,
                        workers=args.workers if args.workers is not None
                        else settings.ingest_workers)
    except IngestError as exc:
        print(f"storybot: ingest failed: {exc}", file=sys.stderr)
        return 1
    print(report.summary())
    return 0


def cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    from bot.catalog.export import CatalogMissing, export_lines, open_readonly
    from bot.catalog.schema import CatalogVersionError

    try:
        conn = open_readonly(catalog_path(args, settings))
    except (CatalogMissing, CatalogVersionError) as exc:
        print(f"storybot: {exc}", file=sys.stderr)
        return 1
    try:
        for line in export_lines(conn):
            sys.stdout.write(line + "\n")
    except BrokenPipeError:  # `storybot export | head` is fine
        sys.stderr.close()
    finally:
        conn.close()
    return 0


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

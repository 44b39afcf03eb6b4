"""`storybot ingest` and `storybot export`: story files into the catalog, the catalog as JSON."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.config import Settings


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("ingest", help="parse story files and folders into the catalog")
    p.add_argument("paths", nargs="+", metavar="PATH")
    add_db_option(p)
    p.add_argument("--workers", type=int, help="parser processes (default: one per core)")
    p.set_defaults(handler=cmd_ingest)

    p = sub.add_parser("export", help="print every story as JSON Lines")
    add_db_option(p)
    p.set_defaults(handler=cmd_export)


def add_db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", type=Path, help="catalog file (default: STORYBOT_CATALOG)")


def catalog_path(args: argparse.Namespace, settings: Settings) -> Path:
    """The catalog a command reads: `--db` when given, else the STORYBOT_CATALOG setting."""
    return args.db or settings.catalog_path


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    from bot.catalog.ingest import IngestError, ingest

    try:
        report = ingest(args.paths, catalog_path(args, settings),
                        fandoms_path=settings.fandoms_path, limits=settings.limits,
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

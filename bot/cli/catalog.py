"""`storybot ingest` and `storybot export`: story files into the catalog, the catalog as JSON."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.cli.exits import WRITE_ERRNOS, Exit
from bot.config import MAX_INGEST_WORKERS, Settings, whole_number


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("ingest", help="parse story files and folders into the catalog")
    p.add_argument("paths", nargs="+", metavar="PATH")
    add_db_option(p)
    p.add_argument("--workers", type=_workers, metavar="N",
                   help=f"parser processes, 0 to {MAX_INGEST_WORKERS} (default: "
                        "STORYBOT_INGEST_WORKERS, 0: one per core)")
    p.set_defaults(handler=cmd_ingest)

    p = sub.add_parser("export", help="print every story as JSON Lines")
    add_db_option(p)
    p.set_defaults(handler=cmd_export)


def _workers(raw: str) -> int:
    try:
        return whole_number(0, MAX_INGEST_WORKERS)(raw)
    except ValueError as exc:  # argparse: "argument --workers: must be between …", exit 2
        raise argparse.ArgumentTypeError(str(exc)) from None


def _catalog_file(raw: str) -> Path:
    if not raw.strip():  # Path("") is ".", the working directory: never a catalog
        raise argparse.ArgumentTypeError("must name the catalog file (got an empty value)")
    return Path(raw).expanduser()


def add_db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", type=_catalog_file,
                        help="catalog file (default: STORYBOT_CATALOG)")


def catalog_path(args: argparse.Namespace, settings: Settings) -> Path:
    """The catalog a command reads: `--db` when given, else the STORYBOT_CATALOG setting."""
    return args.db or settings.catalog_path


def ready_catalog(settings: Settings, db: Path | None = None) -> Path | None:
    """The catalog a command serves, ready to open: `db` as given, else the configured one,
    brought up to date; the bundled sample is built only at the default place in the data
    home, the first time. When it cannot be had: one line on stderr (what is missing and how
    to build it) and None."""
    from bot.catalog.export import CatalogMissing
    from bot.catalog.ingest import IngestError

    if db is not None:
        return db  # opening it says what is wrong with it
    try:
        return settings.ensure_catalog()
    except CatalogMissing as exc:
        print(f"storybot: {exc} (STORYBOT_CATALOG); build it with `storybot ingest PATH...` "
              "from your story files, or unset STORYBOT_CATALOG to start from the bundled "
              "sample in the data home", file=sys.stderr)
    except (IngestError, OSError) as exc:
        if isinstance(exc, OSError) and exc.errno in WRITE_ERRNOS:
            raise  # a full or read-only disk: `storybot: cannot write …`, exit 5
        print(f"storybot: cannot prepare the catalog {settings.catalog_path}: {exc}",
              file=sys.stderr)
    return None


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    from bot.catalog.ingest import IngestError, ingest

    try:
        report = ingest(args.paths, catalog_path(args, settings),
                        fandoms_path=settings.fandoms_path, limits=settings.limits,
                        workers=args.workers if args.workers is not None
                        else settings.ingest_workers, niceness=settings.worker_niceness)
    except IngestError as exc:
        print(f"storybot: ingest failed: {exc}", file=sys.stderr)
        return Exit.FAILED
    print(report.summary())
    return Exit.OK


def cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    from bot.catalog.export import export_lines, open_readonly

    path = ready_catalog(settings, args.db)
    if path is None:
        return Exit.CATALOG
    conn = open_readonly(path)  # what is wrong with it: one line (bot.cli.exits)
    try:
        for line in export_lines(conn):
            sys.stdout.write(line + "\n")
    except BrokenPipeError:  # `storybot export | head` is fine
        sys.stderr.close()
    finally:
        conn.close()
    return Exit.OK

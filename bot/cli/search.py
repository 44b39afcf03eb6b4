"""`storybot query` and `storybot console`: the search from the command line."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from bot.cli.catalog import add_db_option, ready_catalog
from bot.cli.exits import Exit
from bot.config import Settings
from bot.vocabulary import CEILINGS

if TYPE_CHECKING:
    from bot.search.engine import Engine


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("query", help="run requests through the search and print results")
    p.add_argument("text", nargs="*", metavar="TEXT", help="the request, e.g. sad spuffy")
    add_db_option(p)
    p.add_argument("--json", action="store_true", help="one JSON object per line per query")
    p.add_argument("--limit", type=int, default=5, help="results per query (default 5)")
    p.add_argument("--rating-max", choices=CEILINGS, help="rating ceiling (default: every rating)")
    p.add_argument("--queries-file", type=Path, metavar="F",
                   help="one request per line, all answered in this one process")
    p.set_defaults(handler=cmd_query)

    p = subparsers.add_parser("console", help="try the bot's commands in a terminal")
    add_db_option(p)
    p.set_defaults(handler=cmd_console)


def engine_opener(settings: Settings) -> Callable[[Path], Engine]:
    """Opens a catalog with the configured fandom knowledge (loaded once)."""
    from bot.knowledge import Knowledge
    from bot.search.engine import Engine

    return lambda path: Engine.open(path, Knowledge.shared(settings.fandoms_path))


def _requests(args: argparse.Namespace) -> list[str] | None:
    requests = []
    if args.text:
        requests.append(" ".join(args.text))
    if args.queries_file:
        try:
            lines = args.queries_file.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError as exc:
            print(f"storybot: cannot read {args.queries_file}: {exc.strerror or exc}",
                  file=sys.stderr)
            return None
        requests += [line.strip() for line in lines if line.strip()]
    return requests


def cmd_query(args: argparse.Namespace, settings: Settings) -> int:
    from bot.search.model import Filters
    from bot.search.render import for_terminal, result_json, result_text

    requests = _requests(args)
    if requests is None:
        return 2
    if not requests:
        print("storybot: give a request (storybot query sad spuffy) or --queries-file",
              file=sys.stderr)
        return 2
    if not 1 <= args.limit <= 50:
        print("storybot: --limit must be between 1 and 50", file=sys.stderr)
        return 2
    path = ready_catalog(settings, args.db)
    if path is None:
        return Exit.CATALOG
    engine = engine_opener(settings)(path)  # what is wrong with it: one line (bot.cli.exits)
    filters = Filters(rating_max=args.rating_max or "explicit")
    try:
        for request in requests:
            result = engine.recommend(request, filters=filters, limit=args.limit)
            if args.json:
                sys.stdout.write(json.dumps(result_json(result), ensure_ascii=False) + "\n")
            else:
                sys.stdout.write(for_terminal(result_text(result)) + "\n\n")
            sys.stdout.flush()
    except BrokenPipeError:  # `storybot query … | head` is fine
        sys.stderr.close()
    finally:
        engine.close()
    return 0


def cmd_console(args: argparse.Namespace, settings: Settings) -> int:
    path = ready_catalog(settings, args.db)
    if path is None:
        return Exit.CATALOG
    engine_opener(settings)(path).close()  # what is wrong with it: one line (bot.cli.exits)
    from bot.console import run_console

    return run_console(path, sys.stdin, sys.stdout, engine_opener=engine_opener(settings))

"""`storybot state migrate --from sqlite:PATH`: move a server's state into PostgreSQL.

Copies every state table from the SQLite file into the database named by
STORYBOT_DATABASE_URL, and says what it copied. Safe to run again: rows PostgreSQL already has
are left as they are.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from bot.cli.exits import Exit
from bot.config import Settings


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("state", help="server state: move it from SQLite to PostgreSQL")
    actions = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    m = actions.add_parser(
        "migrate", help="copy a SQLite state file into STORYBOT_DATABASE_URL (PostgreSQL)")
    m.add_argument("--from", dest="source", required=True, metavar="sqlite:PATH",
                   help="the state file to copy, e.g. sqlite:var/state.db")
    m.set_defaults(handler=cmd_migrate)


def cmd_migrate(args: argparse.Namespace, settings: Settings) -> int:
    from bot.state import StateError
    from bot.state.migrate import copy_state

    scheme, _, path = args.source.partition(":")
    if scheme != "sqlite" or not path:
        print("storybot: --from takes sqlite:PATH (e.g. --from sqlite:var/state.db)",
              file=sys.stderr)
        return 2
    if settings.database_url is None:
        print("storybot: set STORYBOT_DATABASE_URL (postgresql://…) to the database to copy "
              "into", file=sys.stderr)
        return 2
    try:
        done = asyncio.run(copy_state(Path(path).expanduser(), settings.database_url.reveal()))
    except StateError as exc:
        print(f"storybot: {exc}", file=sys.stderr)
        return Exit.STATE
    print(f"copied server state from {done.source} into {done.target}:")
    for table in done.tables:
        print(f"  {table.table:<16} {table.read:>9} rows read, {table.added:>9} added, "
              f"{table.already_there:>9} already there")
    print(f"{done.added} rows added" + (" (nothing new: it was copied before)"
                                        if done.added == 0 and any(t.read for t in done.tables)
                                        else ""))
    return 0

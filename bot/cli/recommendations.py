"""`storybot recommendations list|remove|export [--guild ID]`: members' recommendations, from
the host.

Reads and changes the server state the bot uses (SQLite or PostgreSQL); a running bot hears
a removal like one made in Discord (its search drops the server's shelf). Exit statuses are
bot.cli.exits': 1 when nothing matched, 4 when the state cannot be opened.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys

from bot.cli.exits import Exit
from bot.config import Settings


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("recommendations", help="members' recommended stories: list, remove, "
                                               "export")
    actions = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    for name, helptext in (("list", "one line per recommendation"),
                           ("export", "one JSON object per recommendation")):
        a = actions.add_parser(name, help=helptext)
        a.add_argument("--guild", type=int, help="only this server's (its id)")
        a.set_defaults(handler=cmd_show)
    r = actions.add_parser("remove", help="remove a story from a server's shelf (every "
                                          "credit; an upload's kept file too)")
    r.add_argument("story", help="the story id (see `list`)")
    r.add_argument("--guild", type=int, required=True, help="the server's id")
    r.add_argument("--member", type=int, help="only this member's recommendation")
    r.set_defaults(handler=cmd_remove)


def cmd_show(args: argparse.Namespace, settings: Settings) -> int:
    return asyncio.run(_show(args, settings))


async def _show(args: argparse.Namespace, settings: Settings) -> int:
    from bot.state import State
    from bot.state import recommendations as recs

    state = await State.open(settings.state_location, settings.default_rating)
    try:
        uploads = {(u.guild_id, u.story_id): u for u in await recs.uploads(state, args.guild)}
        credits = await recs.credits(state, args.guild)
    finally:
        await state.close()
    for c in credits:
        upload = uploads.get((c.guild_id, c.story_id))
        row = {"guild": c.guild_id, "story": c.story_id, "member": c.user_id, "note": c.note,
               "status": c.status, "at": c.created_at,
               "title": upload.title if upload else None,
               "file": upload.file if upload else None,
               "source": "upload" if upload else "catalog"}
        if args.action == "export":
            print(json.dumps(row, ensure_ascii=False))
        else:
            print(f"{c.guild_id}  {c.story_id:<14} {c.status:<8} member {c.user_id}  "
                  f"{row['title'] or '(catalog story)'}" + (f"  — {c.note}" if c.note else ""))
    if args.action == "list":
        print(f"{len(credits)} recommendations", file=sys.stderr)
    return Exit.OK


def cmd_remove(args: argparse.Namespace, settings: Settings) -> int:
    return asyncio.run(_remove(args, settings))


async def _remove(args: argparse.Namespace, settings: Settings) -> int:
    from bot.state import State
    from bot.state import recommendations as recs

    state = await State.open(settings.state_location, settings.default_rating)
    try:
        removed = await recs.remove(state, args.guild, args.story, args.member)
    finally:
        await state.close()
    if removed.file:
        (settings.home / removed.file).unlink(missing_ok=True)
    if not removed.credits:
        print(f"storybot: no recommendation of {args.story} in server {args.guild}",
              file=sys.stderr)
        return Exit.FAILED
    print(f"removed {removed.credits} recommendation(s) of {args.story}"
          + ("; the story left the server's shelf" if removed.story_gone else ""))
    return Exit.OK

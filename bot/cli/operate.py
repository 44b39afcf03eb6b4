"""`storybot invite` and `storybot health`: what an operator needs around a running bot.

`invite` prints the OAuth2 link that adds the bot with exactly the permissions it uses
(`bot/discord_app/permissions.py`), offline. `health` is the container's healthcheck: exit 0
when a running bot wrote a recent heartbeat saying it is connected, else one line and exit 1.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import sys
import time

from bot.config import Settings


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("invite", help="print the link that adds the bot to a server")
    p.add_argument("--client-id", type=int, metavar="ID",
                   help="the application id (default: read from DISCORD_TOKEN)")
    p.add_argument("--guild", type=int, metavar="ID", help="preselect this server")
    p.set_defaults(handler=cmd_invite)

    p = sub.add_parser("health", help="exit 0 if the running bot is connected (healthcheck)")
    p.add_argument("--max-age", type=float, metavar="SECONDS",
                   help="how old the last heartbeat may be (default 90)")
    p.add_argument("--shards", metavar="IDS",
                   help="the process running these shards (as given to run --shards)")
    p.set_defaults(handler=cmd_health)


def application_id_from_token(token: str) -> int | None:
    """A bot token starts with its bot user's id in base64, and a bot's user id is its
    application's id: the link needs no call to Discord."""
    head = token.split(".", 1)[0]
    try:
        text = base64.b64decode(head + "=" * (-len(head) % 4), validate=True).decode("ascii")
    except (binascii.Error, UnicodeDecodeError):
        return None
    return int(text) if text.isdigit() else None


def cmd_invite(args: argparse.Namespace, settings: Settings) -> int:
    from bot.discord_app.permissions import invite_url

    client_id = args.client_id
    if client_id is None and settings.discord_token is not None:
        client_id = application_id_from_token(settings.discord_token.reveal())
    if client_id is None:
        print("storybot: give --client-id ID (the Application ID on the developer portal's "
              "General Information page) or set DISCORD_TOKEN", file=sys.stderr)
        return 2
    print(invite_url(client_id, args.guild))
    return 0


def cmd_health(args: argparse.Namespace, settings: Settings) -> int:
    from bot.discord_app.heartbeat import STALE_AFTER, judge, read_beat

    beat = read_beat(settings.heartbeat_of(args.shards))
    problem = judge(beat, time.time(), args.max_age or STALE_AFTER)
    if problem:
        print(f"storybot: unhealthy: {problem}", file=sys.stderr)
        return 1
    assert beat is not None
    print(f"healthy: process {beat.pid} connected, {beat.guilds} servers")
    return 0

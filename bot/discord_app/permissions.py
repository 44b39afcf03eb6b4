"""What the bot may do in a server, said once: the invite link asks for exactly this, and the
story of the day checks its channel against the same names.

Slash commands, their buttons and their replies need no channel permission at all: Discord
delivers them through the application's own webhook. Only the story of the day acts in a
channel as the bot, so the bot asks for what that takes and nothing else: posting, and reading
the history, without which a post sent just before a crash cannot be found and would go out
twice (Discord answers an empty history, not an error, to a bot that may not read it).
"""

from __future__ import annotations

import discord

# Posting the card (a thread needs its own send permission instead of Send Messages).
POST_IN_CHANNEL = ("view_channel", "send_messages", "embed_links")
POST_IN_THREAD = ("view_channel", "send_messages_in_threads", "embed_links")
# After a crash between sending and recording, looking back for the day's post.
FIND_SENT_POST = ("read_message_history",)

SCOPES = ("bot", "applications.commands")


def needed_for_daily(in_thread: bool) -> tuple[str, ...]:
    """What the story of the day needs in its channel: `/daily set` refuses a channel that
    lacks one, and the schedule is turned off when one is lost."""
    return (POST_IN_THREAD if in_thread else POST_IN_CHANNEL) + FIND_SENT_POST


def bot_permissions() -> discord.Permissions:
    """Every permission the bot uses, and only those."""
    names = {*POST_IN_CHANNEL, *POST_IN_THREAD, *FIND_SENT_POST}
    return discord.Permissions(**dict.fromkeys(names, True))


def invite_url(application_id: int, guild_id: int | None = None) -> str:
    """The OAuth2 link that adds the bot with `bot_permissions()` and its slash commands."""
    if guild_id is None:
        return discord.utils.oauth_url(application_id, permissions=bot_permissions(),
                                       scopes=SCOPES)
    return discord.utils.oauth_url(application_id, permissions=bot_permissions(),
                                   scopes=SCOPES, guild=discord.Object(id=guild_id),
                                   disable_guild_select=True)

"""Where the bot answers: a server may name the channels (its allow-list, `/settings
answer_in`); a story command anywhere else gets a private pointer to them instead of a reply.
A thread counts as its parent channel. Private commands (/shelf, /exclude, /help) and the
moderators' tools answer anywhere, since they never post for others to see."""

from __future__ import annotations

from typing import Any

from discord import app_commands

from bot.discord_app.bot import Interaction
from bot.discord_app.errors import UserFacingError

POINTED_MAX = 10  # channels named in the pointer


def where_i_answer(interaction: Any, channels: list[int]) -> str:
    """ "I answer in #recs and #library here …": the allow-list as channel mentions (which
    never ping), leaving out channels the server no longer has."""
    guild = interaction.guild
    known = [c for c in channels if guild is None or guild.get_channel_or_thread(c) is not None]
    named = [f"<#{c}>" for c in (known or channels)[:POINTED_MAX]]
    listed = named[0] if len(named) == 1 else f"{', '.join(named[:-1])} and {named[-1]}"
    return (f"I don't answer in this channel. Ask me in {listed}. (/shelf, /exclude and "
            "/help work anywhere, privately.)")


def answers_here():
    """An app-command check: the channel is one the server lets the bot answer in."""

    async def predicate(interaction: Interaction) -> bool:
        if interaction.guild_id is None:
            return True
        settings = await interaction.client.state.guild_settings(interaction.guild_id,
                                                                 to_edit=False)
        parent = getattr(interaction.channel, "parent_id", None)
        if settings.answers_in(interaction.channel_id, parent):
            return True
        raise UserFacingError(where_i_answer(interaction, settings.channels))

    return app_commands.check(predicate)

"""One error handler for the command tree: each error type becomes a short, friendly reply.

Never a traceback in chat. Unexpected errors get a reference id that also appears in the log,
so an admin can find the traceback a user reports.
"""

from __future__ import annotations

import logging
import secrets
from datetime import timedelta

import discord
from discord import app_commands

log = logging.getLogger(__name__)


class UserFacingError(app_commands.AppCommandError):
    """An error whose message is meant for the user as it is (bad input, nothing found...)."""


def _permissions(names: list[str]) -> str:
    return ", ".join(f"**{n.replace('_', ' ').replace('guild', 'server').title()}**"
                     for n in names)


def describe(error: Exception) -> tuple[str, str | None]:
    """(message for the user, reference id if it was unexpected)."""
    original = getattr(error, "original", error)
    if isinstance(original, UserFacingError):
        return str(original), None
    if isinstance(error, app_commands.MissingPermissions):
        return f"You need {_permissions(error.missing_permissions)} to do that.", None
    if isinstance(error, app_commands.BotMissingPermissions):
        return (f"I need {_permissions(error.missing_permissions)} in this channel to do "
                f"that.", None)
    if isinstance(error, app_commands.CommandOnCooldown):
        when = discord.utils.utcnow() + timedelta(seconds=error.retry_after)
        return (f"Easy there — you can use this again {discord.utils.format_dt(when, 'R')}.",
                None)
    if isinstance(error, app_commands.NoPrivateMessage):
        return "That command only works in a server.", None
    if isinstance(error, app_commands.CheckFailure):
        return "You can't use that command here.", None
    if isinstance(error, app_commands.TransformerError):
        return f"I couldn't understand {error.value!r} for that option.", None
    if isinstance(error, app_commands.CommandNotFound):
        return "That command no longer exists; it may take a moment to disappear.", None
    reference = secrets.token_hex(3)
    return f"Something went wrong on my side (reference `{reference}`).", reference


async def reply_privately(interaction: discord.Interaction, message: str) -> None:
    """Answer whatever state the interaction is in: first response, followup, or nothing."""
    try:
        if not interaction.response.is_done():
            await interaction.response.send_message(message, ephemeral=True)
        elif not interaction.is_expired():
            await interaction.followup.send(message, ephemeral=True)
    except discord.HTTPException:
        log.warning("could not tell user %s about an error", interaction.user.id)


async def report_error(interaction: discord.Interaction, error: Exception, where: str) -> None:
    """Tell the user in one friendly line; log unexpected errors with the reference id."""
    message, reference = describe(error)
    if reference:
        log.error("error %s in %s for user %s", reference, where, interaction.user.id,
                  exc_info=getattr(error, "original", error))
    await reply_privately(interaction, message)


async def on_app_command_error(interaction: discord.Interaction,
                               error: app_commands.AppCommandError) -> None:
    command = interaction.command.qualified_name if interaction.command else "?"
    await report_error(interaction, error, f"/{command}")


def install_error_handler(tree: app_commands.CommandTree) -> None:
    tree.error(on_app_command_error)

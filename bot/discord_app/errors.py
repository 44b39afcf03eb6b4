"""One error handler for the command tree: each error type becomes a short, friendly reply.

Never a traceback in chat. Unexpected errors get a reference id that also appears in the log,
so an admin can find the traceback a user reports. An interaction Discord no longer knows
(answered too late: "Unknown interaction", or an edit after its 15 minutes) is one warning line
and no reply: nothing can reach the user any more, and under load there may be thousands.
Nor can anything reach the user when Discord's TLS certificate is refused (a wrong or missing
authority, another host name): one error line naming the host and why, no traceback and no
reply, since the reply would be refused the same way.
"""

from __future__ import annotations

import logging
import secrets
from datetime import timedelta
from typing import Any

import discord
from discord import app_commands

from bot.discord_app.tls import refused_certificate

log = logging.getLogger(__name__)


class UserFacingError(app_commands.AppCommandError):
    """An error whose message is meant for the user as it is (bad input, nothing found...)."""


# Discord's answers to a response that came too late: the 3 s for the first one, the
# 15 minutes of the interaction's token for edits and follow-ups.
UNKNOWN_INTERACTION = 10062
INVALID_WEBHOOK_TOKEN = 50027


def expired_interaction(error: BaseException | None) -> discord.HTTPException | None:
    """The HTTP error saying the interaction can no longer be answered, if that is what
    `error` (or the error it wraps) is."""
    original = getattr(error, "original", error)
    if isinstance(original, discord.HTTPException) and original.code in (
            UNKNOWN_INTERACTION, INVALID_WEBHOOK_TOKEN):
        return original
    return None


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
    expired = expired_interaction(error)
    if expired is not None:
        log.warning("%s for user %s expired before it was answered (%s)", where,
                    interaction.user.id, expired.text or expired.code)
        return
    refused = refused_certificate(error)
    if refused is not None:
        log.error("%s for user %s could not be answered: %s", where, interaction.user.id,
                  refused)
        return
    message, reference = describe(error)
    if reference:
        log.error("error %s in %s for user %s", reference, where, interaction.user.id,
                  exc_info=getattr(error, "original", error))
    await reply_privately(interaction, message)


async def on_app_command_error(interaction: discord.Interaction,
                               error: app_commands.AppCommandError) -> None:
    command = interaction.command.qualified_name if interaction.command else "?"
    await report_error(interaction, error, f"/{command}")


class _ExpiredAutocomplete(logging.Filter):
    """discord.py logs an autocomplete's failure itself, traceback and all; an expired one
    becomes the same one warning line as a command's, a refused certificate the same one
    error line."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not (record.exc_info and record.msg.startswith("Ignoring exception in autocomplete")):
            return True
        args = record.args if isinstance(record.args, tuple) else ()
        command, user = (args[0] if args else "?"), (args[2] if len(args) > 2 else "?")
        expired = expired_interaction(record.exc_info[1])
        refused = refused_certificate(record.exc_info[1])
        if expired is not None:
            record.msg = "autocomplete for /%s for user %s expired before it was answered (%s)"
            record.args = (command, user, expired.text or expired.code)
            record.levelno, record.levelname = logging.WARNING, "WARNING"
        elif refused is not None:
            record.msg = "autocomplete for /%s for user %s could not be answered: %s"
            record.args = (command, user, refused)
        else:
            return True
        record.exc_info = record.exc_text = None
        return True


_AUTOCOMPLETE_FILTER = _ExpiredAutocomplete()


def install_error_handler(tree: app_commands.CommandTree[Any]) -> None:
    tree.error(on_app_command_error)
    tree_log = logging.getLogger("discord.app_commands.tree")
    if _AUTOCOMPLETE_FILTER not in tree_log.filters:
        tree_log.addFilter(_AUTOCOMPLETE_FILTER)

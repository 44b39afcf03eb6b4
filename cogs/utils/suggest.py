"""Autocomplete callbacks: answered from the engine's in-memory indexes, never from disk.

Suggestions respect the channel's rating ceiling and the server's exclusions (the engine
filters on them), so a title the channel may not show is never offered. At most 25 choices,
names and values cut to 100 characters, as Discord requires.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from typing import Any

from discord import app_commands

from bot.discord_app.bot import Interaction
from cogs.utils.replies import filters_for, place_of
from cogs.utils.safety import CHOICE_NAME, CHOICE_VALUE, plain

log = logging.getLogger(__name__)

MAX_CHOICES = 25

Suggest = Callable[[Interaction, str], Coroutine[Any, Any, list[app_commands.Choice[str]]]]


def choices(found: list[tuple[str, str]]) -> list[app_commands.Choice[str]]:
    """Engine (label, value) pairs as Discord choices within every limit, duplicates dropped."""
    out: list[app_commands.Choice[str]] = []
    values: set[str] = set()
    for label, value in found:
        value = (value or "")[:CHOICE_VALUE]
        name = plain(label, CHOICE_NAME) or plain(value, CHOICE_NAME)
        if not value or not name or value in values:
            continue
        values.add(value)
        out.append(app_commands.Choice(name=name, value=value))
        if len(out) == MAX_CHOICES:
            break
    return out


def suggester(kind: str) -> Suggest:
    """An autocomplete callback for one engine vocabulary (pairing, character, fandom, title)."""

    async def suggest(interaction: Interaction,
                      current: str) -> list[app_commands.Choice[str]]:
        try:
            place = await place_of(interaction)
            found = await interaction.client.search.autocomplete(
                kind, (current or "")[:100], filters_for(place), limit=MAX_CHOICES)
        except Exception:
            log.exception("autocomplete for %s failed on %r", kind, current)
            return []
        return choices(found)

    suggest.__name__ = f"suggest_{kind}"
    return suggest

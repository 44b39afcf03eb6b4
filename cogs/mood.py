"""/mood: stories by mood, paged; the ten moods are offered as choices."""

from __future__ import annotations

from functools import partial
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.state import StoredRequest
from cogs.utils.lists import list_embed, nothing_found, paged, stories
from cogs.utils.options import MOOD_CHOICES
from cogs.utils.replies import Place, Reply, filters_for, open_request, place_of, respond
from cogs.utils.views import LIST_RENDERERS, PAGE_SIZE, register_buttons


async def mood_page(bot: Any, mood: str, place: Place, offset: int, request_id: int | None,
                    opener=None) -> Reply:
    total, cards = await bot.search("by_mood", mood, filters_for(place), offset, PAGE_SIZE)
    if total == 0:
        return Reply(content=nothing_found(f"the mood “{mood}” here", ()), clear_view=True)
    if request_id is None and total > PAGE_SIZE and opener is not None:
        request_id = await opener()
    shown = [c for c in cards if place.may_show(c)]
    embed = list_embed(f"Mood: {mood} — {stories(total)}", shown, offset, total, mood=mood)
    return paged(embed, request_id, offset, total)


async def render(bot: Any, request: StoredRequest, place: Place, offset: int) -> Reply:
    return await mood_page(bot, request.payload["mood"], place, offset, request.id)


class Mood(commands.Cog):
    def __init__(self, bot: commands.Bot) -> None:
        self.bot = bot

    @app_commands.command(name="mood", description="Stories that fit a mood")
    @app_commands.describe(mood="how you'd like to feel")
    @app_commands.choices(mood=MOOD_CHOICES)
    @app_commands.checks.cooldown(4, 10.0, key=lambda i: i.user.id)
    async def mood(self, interaction: discord.Interaction, mood: str) -> None:
        place = await place_of(interaction)

        opener = partial(open_request, interaction, "mood", {"mood": mood})
        await respond(interaction,
                      lambda: mood_page(self.bot, mood, place, 0, None, opener),
                      ephemeral=place.ephemeral)


async def setup(bot: commands.Bot) -> None:
    register_buttons(bot)
    LIST_RENDERERS["mood"] = render
    await bot.add_cog(Mood(bot))


async def teardown(bot: commands.Bot) -> None:
    LIST_RENDERERS.pop("mood", None)

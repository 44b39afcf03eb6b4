"""/character: stories where a character matters most, paged. Nicknames and typos ("Red",
"wilow") are resolved by the engine."""

from __future__ import annotations

from functools import partial
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.state import StoredRequest
from cogs.utils.lists import list_embed, nothing_found, paged, stories
from cogs.utils.replies import Place, Reply, filters_for, open_request, place_of, respond
from cogs.utils.safety import safe
from cogs.utils.suggest import suggester
from cogs.utils.views import LIST_RENDERERS, PAGE_SIZE, register_buttons


async def character_page(bot: Any, text: str, place: Place, offset: int,
                         request_id: int | None, opener=None) -> Reply:
    report = await bot.search("character", text, filters_for(place), offset, PAGE_SIZE)
    if report.total == 0:
        return Reply(content=nothing_found(f"“{safe(text, 100, single_line=True)}”",
                                           report.alternatives), clear_view=True)
    if request_id is None and report.total > PAGE_SIZE and opener is not None:
        request_id = await opener()
    name = safe(report.character or text, 150, single_line=True)
    cards = [c for c in report.stories if place.may_show(c)]
    embed = list_embed(f"{name} — {stories(report.total)}", cards, offset, report.total)
    return paged(embed, request_id, offset, report.total)


async def render(bot: Any, request: StoredRequest, place: Place, offset: int) -> Reply:
    return await character_page(bot, request.payload["text"], place, offset, request.id)


class Character(commands.Cog):
    def __init__(self, bot: commands.Bot) -> None:
        self.bot = bot

    @app_commands.command(name="character", description="Stories where a character matters most")
    @app_commands.describe(name="a character, e.g. Willow or Castiel")
    @app_commands.autocomplete(name=suggester("character"))
    @app_commands.checks.cooldown(4, 10.0, key=lambda i: i.user.id)
    async def character(self, interaction: discord.Interaction,
                        name: app_commands.Range[str, 1, 100]) -> None:
        place = await place_of(interaction)

        opener = partial(open_request, interaction, "character", {"text": name})
        await respond(interaction,
                      lambda: character_page(self.bot, name, place, 0, None, opener),
                      ephemeral=place.ephemeral)


async def setup(bot: commands.Bot) -> None:
    register_buttons(bot)
    LIST_RENDERERS["character"] = render
    await bot.add_cog(Character(bot))


async def teardown(bot: commands.Bot) -> None:
    LIST_RENDERERS.pop("character", None)

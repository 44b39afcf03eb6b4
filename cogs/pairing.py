"""/pairing: how many stories a pairing has, a paged list, related pairings and ship names.

Typos and ship names ("spuffy", "spkie/bufy") are the engine's job; this cog pages and renders.
"""

from __future__ import annotations

from functools import partial
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.state import StoredRequest
from cogs.utils.lists import counted, list_embed, nothing_found, paged, stories
from cogs.utils.replies import Place, Reply, filters_for, open_request, place_of, respond
from cogs.utils.safety import join_trimmed, safe
from cogs.utils.suggest import suggester
from cogs.utils.views import LIST_RENDERERS, PAGE_SIZE, register_buttons


async def pairing_page(bot: Any, text: str, place: Place, offset: int,
                       request_id: int | None, opener=None) -> Reply:
    report = await bot.search("pairing", text, filters_for(place), offset, PAGE_SIZE)
    if report.total == 0:
        return Reply(content=nothing_found(f"“{safe(text, 100, single_line=True)}”",
                                           report.alternatives), clear_view=True)
    cards = [c for c in report.stories if place.may_show(c)]
    if request_id is None and report.total > PAGE_SIZE and opener is not None:
        request_id = await opener()
    key = safe(report.pairing or text, 150, single_line=True)
    fields = [("Ship names", join_trimmed(list(report.ship_names), 1024)),
              ("Related pairings", counted(report.related))]
    embed = list_embed(f"{key} — {stories(report.total)}", cards, offset, report.total,
                       fields=fields)
    return paged(embed, request_id, offset, report.total)


async def render(bot: Any, request: StoredRequest, place: Place, offset: int) -> Reply:
    return await pairing_page(bot, request.payload["text"], place, offset, request.id)


class Pairing(commands.Cog):
    def __init__(self, bot: commands.Bot) -> None:
        self.bot = bot

    @app_commands.command(name="pairing", description="Stories for a pairing, "
                                                      "e.g. Spike/Buffy or spuffy")
    @app_commands.describe(pairing="two names with / (or &), or a ship name")
    @app_commands.autocomplete(pairing=suggester("pairing"))
    @app_commands.checks.cooldown(4, 10.0, key=lambda i: i.user.id)
    async def pairing(self, interaction: discord.Interaction,
                      pairing: app_commands.Range[str, 1, 100]) -> None:
        place = await place_of(interaction)

        opener = partial(open_request, interaction, "pairing", {"text": pairing})
        await respond(interaction,
                      lambda: pairing_page(self.bot, pairing, place, 0, None, opener),
                      ephemeral=place.ephemeral)


async def setup(bot: commands.Bot) -> None:
    register_buttons(bot)
    LIST_RENDERERS["pairing"] = render
    await bot.add_cog(Pairing(bot))


async def teardown(bot: commands.Bot) -> None:
    LIST_RENDERERS.pop("pairing", None)

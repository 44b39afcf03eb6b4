"""/catalog stats: what the catalog holds, for everyone. (Its owner-only reload is
/owner reload, in `cogs/owner.py`: members never see it.)"""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord_app.bot import Interaction, StoryBot
from bot.search.model import CatalogStats
from cogs.utils.channels import answers_here
from cogs.utils.cooldowns import per_user
from cogs.utils.lists import LIST_COLOUR, FeatureCog, Usage, counted, plural, stories
from cogs.utils.options import PRIVATE
from cogs.utils.replies import Place, Reply, place_of, respond
from cogs.utils.safety import safe


def stats_embed(stats: CatalogStats) -> discord.Embed:
    embed = discord.Embed(
        title="The catalog", colour=LIST_COLOUR,
        description=f"{stories(stats.stories)} · {plural(stats.words, 'word')}")
    embed.add_field(name="Top fandoms", value=counted(stats.fandoms, 8) or "—", inline=False)
    embed.add_field(name="Top pairings", value=counted(stats.pairings, 8) or "—", inline=False)
    embed.add_field(name="Moods", value=counted(stats.moods, 10) or "—", inline=False)
    if stats.built_at:
        embed.set_footer(text=f"built {safe(stats.built_at, 100, single_line=True)}")
    return embed


class CatalogCog(FeatureCog, commands.GroupCog, group_name="catalog",
                 group_description="What the catalog holds"):
    usage = Usage("stats", None, "what the catalog holds")

    async def answer(self, place: Place, **options: Any) -> Reply:
        return Reply(embeds=[stats_embed(await self.bot.search.stats())])

    @app_commands.command(name="stats", description="Size of the catalog, top fandoms, "
                                                    "pairings and moods")
    @app_commands.describe(private=PRIVATE)
    @per_user(2, 10.0)
    @answers_here()
    async def stats(self, interaction: Interaction, private: bool | None = None) -> None:
        place = await place_of(interaction, private=private)
        await respond(interaction, lambda: self.answer(place), ephemeral=place.ephemeral)


async def setup(bot: StoryBot) -> None:
    await bot.add_cog(CatalogCog(bot))

"""/story: one story's full card, found by title (autocomplete offers only titles this channel
may show; the value is the story's id, typed text is matched as a title)."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord_app.errors import UserFacingError
from cogs.utils.lists import nothing_found
from cogs.utils.replies import Reply, filters_for, place_of, respond
from cogs.utils.safety import safe
from cogs.utils.suggest import suggester
from cogs.utils.views import card_reply, register_buttons

NOT_HERE = "That story can't be shown in this channel."


class Story(commands.Cog):
    def __init__(self, bot: commands.Bot) -> None:
        self.bot = bot

    @app_commands.command(name="story", description="Show one story's card")
    @app_commands.describe(title="the story's title")
    @app_commands.autocomplete(title=suggester("title"))
    @app_commands.checks.cooldown(6, 10.0, key=lambda i: i.user.id)
    async def story(self, interaction: discord.Interaction,
                    title: app_commands.Range[str, 1, 100]) -> None:
        place = await place_of(interaction)
        filters = filters_for(place)

        async def work() -> Reply:
            card = await self.bot.search("story", title.strip())
            if card is None:
                card = await self.bot.search("find_title", title, filters)
            if card is None:
                return Reply(content=nothing_found(
                    f"a story called “{safe(title, 100, single_line=True)}”", ()))
            if not place.may_show(card):
                raise UserFacingError(NOT_HERE)
            await self.bot.state.remember_shown(interaction.user.id, [card.id])
            return card_reply(card)

        await respond(interaction, work, ephemeral=place.ephemeral)


async def setup(bot: commands.Bot) -> None:
    register_buttons(bot)
    await bot.add_cog(Story(bot))

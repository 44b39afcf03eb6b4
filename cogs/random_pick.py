"""/random: a random story within the server's limits, optionally from one fandom or mood."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord_app.errors import UserFacingError
from bot.state import StoredRequest
from cogs.utils.lists import nothing_found
from cogs.utils.options import MOOD_CHOICES
from cogs.utils.replies import Place, Reply, filters_for, open_request, place_of, respond
from cogs.utils.safety import safe
from cogs.utils.suggest import suggester
from cogs.utils.views import ANOTHER_MAKERS, card_reply, register_buttons

EXHAUSTED = "You've seen every story that fits here. Try another fandom or mood."


async def pick(bot: Any, options: dict[str, Any], place: Place,
               exclude: frozenset[str] = frozenset()):
    card = await bot.search("random", filters_for(place, exclude_ids=exclude),
                            fandom=options.get("fandom"), mood=options.get("mood"))
    return card if card is not None and place.may_show(card) else None


async def another(bot: Any, request: StoredRequest, place: Place, user_id: int) -> Reply:
    """Another random pick, never one this user has already been shown."""
    seen = await bot.state.seen(user_id)
    card = await pick(bot, request.payload, place, seen)
    if card is None:
        raise UserFacingError(EXHAUSTED)
    await bot.state.remember_shown(user_id, [card.id])
    return card_reply(card, request_id=request.id)


class RandomPick(commands.Cog):
    def __init__(self, bot: commands.Bot) -> None:
        self.bot = bot

    @app_commands.command(name="random", description="A random story")
    @app_commands.describe(fandom="limit to one fandom", mood="limit to one mood")
    @app_commands.choices(mood=MOOD_CHOICES)
    @app_commands.autocomplete(fandom=suggester("fandom"))
    @app_commands.checks.cooldown(4, 10.0, key=lambda i: i.user.id)
    async def random(self, interaction: discord.Interaction,
                     fandom: app_commands.Range[str, 1, 100] | None = None,
                     mood: str | None = None) -> None:
        options = {"fandom": fandom, "mood": mood}
        place = await place_of(interaction)
        user = interaction.user.id

        async def work() -> Reply:
            card = await pick(self.bot, options, place)
            if card is None:
                what = " · ".join(safe(v, 100, single_line=True) for v in options.values() if v)
                return Reply(content=nothing_found(f"“{what}”" if what else "this channel", ()))
            request_id = await open_request(interaction, "random", options)
            await self.bot.state.remember_shown(user, [card.id])
            return card_reply(card, request_id=request_id)

        await respond(interaction, work, ephemeral=place.ephemeral)


async def setup(bot: commands.Bot) -> None:
    register_buttons(bot)
    ANOTHER_MAKERS["random"] = another
    await bot.add_cog(RandomPick(bot))


async def teardown(bot: commands.Bot) -> None:
    ANOTHER_MAKERS.pop("random", None)

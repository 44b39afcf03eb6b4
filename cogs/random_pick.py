"""/random: a random story within the server's limits, optionally from one fandom or mood."""

from __future__ import annotations

from typing import Any

from discord import app_commands

from bot.discord_app.bot import Interaction, StoryBot
from bot.discord_app.errors import UserFacingError
from bot.search.model import StoryCard
from bot.state import StoredRequest
from cogs.utils.channels import answers_here
from cogs.utils.controls import story_reply
from cogs.utils.cooldowns import per_user
from cogs.utils.lists import FeatureCog, Usage, nothing_found
from cogs.utils.options import MOOD_CHOICES, PRIVATE
from cogs.utils.replies import Place, Reply, filters_for, open_request, place_of, respond
from cogs.utils.safety import safe
from cogs.utils.suggest import suggester

EXHAUSTED = "You've seen every story that fits here. Try another fandom or mood."


class RandomCog(FeatureCog):
    usage = Usage("random", "mood", "a random story, optionally of a mood")
    request_kind = "random"

    async def pick(self, options: dict[str, Any], place: Place,
                   exclude: frozenset[str] = frozenset()) -> StoryCard | None:
        card = await self.bot.search.random(filters_for(place, exclude_ids=exclude),
                                            fandom=options.get("fandom"),
                                            mood=options.get("mood"))
        return card if card is not None and place.may_show(card) else None

    async def answer(self, place: Place, **options: Any) -> Reply:
        card = await self.pick(options, place)
        if card is None:
            what = " · ".join(safe(v, 100, single_line=True) for v in options.values()
                              if isinstance(v, str) and v)
            return Reply(content=nothing_found(f"“{what}”" if what else "this channel", ()))
        request_id = await open_request(self.bot, place, "random", options, shown=[card.id])
        return story_reply(card, place, request_id=request_id)

    async def another(self, request: StoredRequest, place: Place) -> Reply:
        """Another random pick, never one this user has already been shown."""
        seen = await self.bot.state.seen(place.user_id)
        card = await self.pick(request.payload, place, seen)
        if card is None:
            raise UserFacingError(EXHAUSTED)
        await self.bot.state.remember_shown(place.user_id, [card.id])
        return story_reply(card, place, request_id=request.id)

    @app_commands.command(name="random", description="A random story")
    @app_commands.describe(fandom="limit to one fandom", mood="limit to one mood",
                           private=PRIVATE)
    @app_commands.choices(mood=MOOD_CHOICES)
    @app_commands.autocomplete(fandom=suggester("fandom"))
    @per_user(4, 10.0)
    @answers_here()
    async def random(self, interaction: Interaction,
                     fandom: app_commands.Range[str, 1, 100] | None = None,
                     mood: str | None = None, private: bool | None = None) -> None:
        place = await place_of(interaction, private=private)
        await respond(interaction, lambda: self.answer(place, fandom=fandom, mood=mood),
                      ephemeral=place.ephemeral)


async def setup(bot: StoryBot) -> None:
    await bot.add_cog(RandomCog(bot))

"""/story: one story's full card, found by title (autocomplete offers only titles this channel
may show; the value is the story's id, typed text is matched as a title)."""

from __future__ import annotations

from typing import Any

from discord import app_commands

from bot.discord_app.bot import Interaction, StoryBot
from bot.discord_app.errors import UserFacingError
from cogs.utils.channels import answers_here
from cogs.utils.controls import story_reply
from cogs.utils.cooldowns import per_user
from cogs.utils.lists import FeatureCog, Usage, nothing_found
from cogs.utils.options import PRIVATE
from cogs.utils.replies import Place, Reply, filters_for, place_of, respond
from cogs.utils.safety import safe
from cogs.utils.suggest import suggester

NOT_HERE = "That story can't be shown in this channel."


class StoryCog(FeatureCog):
    usage = Usage("story", "title", "one story's card, by title (typos are fine)")

    async def answer(self, place: Place, **options: Any) -> Reply:
        title = (options.get("title") or "").strip()
        card = await self.bot.search.story(title) if title else None
        if card is None and title:
            card = await self.bot.search.find_title(title, filters_for(place))
        if card is None:
            return Reply(content=nothing_found(
                f"a story called “{safe(title, 100, single_line=True)}”", ()))
        if not place.may_show(card):
            raise UserFacingError(NOT_HERE)
        await self.bot.state.remember_shown(place.user_id, [card.id])
        return story_reply(card, place, excerpt=await self.bot.search.excerpt(card.id))

    @app_commands.command(name="story", description="Show one story's card")
    @app_commands.describe(title="the story's title", private=PRIVATE)
    @app_commands.autocomplete(title=suggester("title"))
    @per_user(6, 10.0)
    @answers_here()
    async def story(self, interaction: Interaction,
                    title: app_commands.Range[str, 1, 100],
                    private: bool | None = None) -> None:
        place = await place_of(interaction, private=private)
        await respond(interaction, lambda: self.answer(place, title=title),
                      ephemeral=place.ephemeral)


async def setup(bot: StoryBot) -> None:
    await bot.add_cog(StoryCog(bot))

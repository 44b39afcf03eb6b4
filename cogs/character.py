"""/character: stories where a character matters most, paged. Nicknames and typos ("Red",
"wilow") are resolved by the search."""

from __future__ import annotations

from typing import Any

from discord import app_commands

from bot.discord_app.bot import Interaction, StoryBot
from cogs.utils.channels import answers_here
from cogs.utils.cooldowns import per_user
from cogs.utils.lists import ListCog, Usage, nothing_found, stories
from cogs.utils.options import PRIVATE, SORT, SORT_CHOICES
from cogs.utils.replies import Place, Reply, filters_for, place_of, respond
from cogs.utils.safety import safe
from cogs.utils.suggest import suggester
from cogs.utils.views import PAGE_SIZE


class CharacterCog(ListCog):
    usage = Usage("character", "text", "stories by how much a character is in them "
                                       "(red, dru, bones)")
    request_kind = "character"

    async def page(self, payload: dict[str, Any], place: Place, offset: int,
                   request_id: int | None) -> Reply:
        text = payload["text"]
        report = await self.bot.search.character(text, filters_for(place), offset, PAGE_SIZE,
                                                 payload.get("sort") or "best")
        if report.total == 0:
            return Reply(content=nothing_found(f"“{safe(text, 100, single_line=True)}”",
                                               report.alternatives), clear_view=True)
        name = safe(report.character or text, 150, single_line=True)
        return await self.story_list(place, payload, request_id,
                                     f"{name} — {stories(report.total)}", report.stories,
                                     report.total, offset)

    @app_commands.command(name="character", description="Stories where a character matters most")
    @app_commands.describe(name="a character, e.g. Willow or Castiel", sort=SORT,
                           private=PRIVATE)
    @app_commands.choices(sort=SORT_CHOICES)
    @app_commands.autocomplete(name=suggester("character"))
    @per_user(4, 10.0)
    @answers_here()
    async def character(self, interaction: Interaction,
                        name: app_commands.Range[str, 1, 100], sort: str | None = None,
                        private: bool | None = None) -> None:
        place = await place_of(interaction, private=private)
        await respond(interaction, lambda: self.answer(place, text=name, sort=sort),
                      ephemeral=place.ephemeral)


async def setup(bot: StoryBot) -> None:
    await bot.add_cog(CharacterCog(bot))

"""/mood: stories by mood, paged; the ten moods are offered as choices."""

from __future__ import annotations

from typing import Any

from discord import app_commands

from bot.discord_app.bot import Interaction, StoryBot
from cogs.utils.channels import answers_here
from cogs.utils.cooldowns import per_user
from cogs.utils.lists import ListCog, Usage, nothing_found, stories
from cogs.utils.options import MOOD_CHOICES, PRIVATE, SORT, SORT_CHOICES
from cogs.utils.replies import Place, Reply, filters_for, place_of, respond
from cogs.utils.safety import safe
from cogs.utils.views import PAGE_SIZE


class MoodCog(ListCog):
    usage = Usage("mood", "mood", "stories by mood (fluff, angst, something sad, cozy)")
    request_kind = "mood"

    async def page(self, payload: dict[str, Any], place: Place, offset: int,
                   request_id: int | None) -> Reply:
        mood = payload.get("mood") or "fluff"
        total, cards = await self.bot.search.by_mood(mood, filters_for(place), offset,
                                                     PAGE_SIZE, payload.get("sort") or "best")
        shown = safe(mood, 100, single_line=True)
        if total == 0:
            return Reply(content=nothing_found(f"the mood “{shown}” here", ()), clear_view=True)
        return await self.story_list(place, payload, request_id,
                                     f"Mood: {shown} — {stories(total)}", cards, total, offset,
                                     mood=mood)

    @app_commands.command(name="mood", description="Stories that fit a mood")
    @app_commands.describe(mood="how you'd like to feel", sort=SORT, private=PRIVATE)
    @app_commands.choices(mood=MOOD_CHOICES, sort=SORT_CHOICES)
    @per_user(4, 10.0)
    @answers_here()
    async def mood(self, interaction: Interaction, mood: str, sort: str | None = None,
                   private: bool | None = None) -> None:
        place = await place_of(interaction, private=private)
        await respond(interaction, lambda: self.answer(place, mood=mood, sort=sort),
                      ephemeral=place.ephemeral)


async def setup(bot: StoryBot) -> None:
    await bot.add_cog(MoodCog(bot))

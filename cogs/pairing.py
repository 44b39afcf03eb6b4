"""/pairing: how many stories a pairing has, a paged list, related pairings and ship names.

Typos and ship names ("spuffy", "spkie/bufy") are the search's job; this cog pages and renders.
"""

from __future__ import annotations

from typing import Any

from discord import app_commands

from bot.discord_app.bot import Interaction, StoryBot
from cogs.utils.channels import answers_here
from cogs.utils.cooldowns import per_user
from cogs.utils.lists import ListCog, Usage, counted, nothing_found, stories
from cogs.utils.options import PRIVATE, SORT, SORT_CHOICES
from cogs.utils.replies import Place, Reply, filters_for, place_of, respond
from cogs.utils.safety import join_trimmed, safe
from cogs.utils.suggest import suggester
from cogs.utils.views import PAGE_SIZE


class PairingCog(ListCog):
    usage = Usage("pairing", "text", "every story of a pairing, ship names and related "
                                     "pairings (spuffy, dean/cas)")
    request_kind = "pairing"

    async def page(self, payload: dict[str, Any], place: Place, offset: int,
                   request_id: int | None) -> Reply:
        text = payload["text"]
        report = await self.bot.search.pairing(text, filters_for(place), offset, PAGE_SIZE,
                                               payload.get("sort") or "best")
        if report.total == 0:
            return Reply(content=nothing_found(f"“{safe(text, 100, single_line=True)}”",
                                               report.alternatives), clear_view=True)
        key = safe(report.pairing or text, 150, single_line=True)
        fields = [("Ship names", join_trimmed(list(report.ship_names), 1024)),
                  ("Related pairings", counted(report.related))]
        return await self.story_list(place, payload, request_id,
                                     f"{key} — {stories(report.total)}", report.stories,
                                     report.total, offset, fields=fields)

    @app_commands.command(name="pairing", description="Stories for a pairing, "
                                                      "e.g. Spike/Buffy or spuffy")
    @app_commands.describe(pairing="two names with / (or &), or a ship name", sort=SORT,
                           private=PRIVATE)
    @app_commands.choices(sort=SORT_CHOICES)
    @app_commands.autocomplete(pairing=suggester("pairing"))
    @per_user(4, 10.0)
    @answers_here()
    async def pairing(self, interaction: Interaction,
                      pairing: app_commands.Range[str, 1, 100], sort: str | None = None,
                      private: bool | None = None) -> None:
        place = await place_of(interaction, private=private)
        await respond(interaction, lambda: self.answer(place, text=pairing, sort=sort),
                      ephemeral=place.ephemeral)


async def setup(bot: StoryBot) -> None:
    await bot.add_cog(PairingCog(bot))

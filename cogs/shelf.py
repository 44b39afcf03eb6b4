"""/shelf: the stories a user saved with the Save button, private, paged, with Remove buttons.

Shelves are per user and shown only to their owner (ephemeral). A saved story above the
channel's rating ceiling is counted but not listed there.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from discord import app_commands

from bot.discord_app.bot import Interaction, StoryBot
from bot.search.model import StoryCard
from cogs.utils.cooldowns import per_user
from cogs.utils.lists import ListCog, Usage, list_embed, paged, stories
from cogs.utils.options import SORT, SORT_CHOICES
from cogs.utils.replies import Place, Reply, open_request, place_of, respond
from cogs.utils.safety import plain
from cogs.utils.views import PAGE_SIZE, UnshelveButton

EMPTY = "Your shelf is empty. Press **Save** on any story card to keep it here."


def in_order(cards: list[StoryCard], order: str) -> list[StoryCard]:
    """The shelf in a list order: "best" is the order saved (newest first)."""
    if order == "newest":
        return sorted(cards, key=lambda c: c.updated or c.published or date.min, reverse=True)
    if order == "words":
        return sorted(cards, key=lambda c: -c.words)
    if order == "title":
        return sorted(cards, key=lambda c: ((c.title or "").casefold(), c.id))
    return cards


class ShelfCog(ListCog):
    usage = Usage("shelf", None, "the stories you saved")
    request_kind = "shelf"

    async def page(self, payload: dict[str, Any], place: Place, offset: int,
                   request_id: int | None) -> Reply:
        cards = await self.bot.search.stories(await self.bot.state.shelf(place.user_id))
        shown = [c for c in cards if place.may_show(c)]
        hidden = len(cards) - len(shown)
        if not shown:
            note = EMPTY if not hidden else (
                f"Your shelf has {stories(hidden)} that can't be shown in this channel.")
            return Reply(content=note, clear_view=True)
        total = len(shown)
        order = payload.get("sort") or "best"
        shown = in_order(shown, order)
        offset = max(0, min(offset, ((total - 1) // PAGE_SIZE) * PAGE_SIZE))
        page = shown[offset:offset + PAGE_SIZE]
        if request_id is None:  # the Remove buttons act on a stored request
            request_id = await open_request(self.bot, place, "shelf", payload)
        note = (f"*{stories(hidden)} on your shelf can't be shown in this channel, or are "
                "excluded.*" if hidden else "")
        embed = list_embed(f"Your shelf — {stories(total)}", page, offset, total, note=note,
                           place=place)
        removes = [UnshelveButton(request_id, offset, card.id,
                                  f"Remove {offset + i + 1}: "
                                  f"{plain(card.title or 'Untitled', 60)}")
                   for i, card in enumerate(page)]
        return paged(embed, request_id, offset, total, removes, place=place, cards=page,
                     order=order)

    @app_commands.command(name="shelf", description="Your saved stories (only you see them)")
    @app_commands.describe(sort=SORT)
    @app_commands.choices(sort=SORT_CHOICES)
    @per_user(6, 10.0)
    async def shelf(self, interaction: Interaction, sort: str | None = None) -> None:
        place = await place_of(interaction, private=True)
        await respond(interaction, lambda: self.answer(place, sort=sort), ephemeral=True)


async def setup(bot: StoryBot) -> None:
    await bot.add_cog(ShelfCog(bot))

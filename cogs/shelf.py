"""/shelf: the stories a user saved with the Save button, private, paged, with Remove buttons.

Shelves are per user and shown only to their owner (ephemeral). A saved story above the
channel's rating ceiling is counted but not listed there.
"""

from __future__ import annotations

from functools import partial
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.state import StoredRequest
from cogs.utils.lists import list_embed, paged, stories
from cogs.utils.replies import Place, Reply, open_request, place_of, respond
from cogs.utils.safety import plain
from cogs.utils.views import LIST_RENDERERS, PAGE_SIZE, UnshelveButton, register_buttons

EMPTY = "Your shelf is empty. Press **Save** on any story card to keep it here."


def _cards(holder: Any, ids: list[str]) -> list[Any]:
    """Cards for the saved ids, in shelf order; stories gone from the catalog are skipped."""
    with holder.use() as engine:
        return [card for card in (engine.story(i) for i in ids) if card is not None]


async def shelf_page(bot: Any, user_id: int, place: Place, offset: int,
                     request_id: int | None, opener=None) -> Reply:
    ids = await bot.state.shelf(user_id)
    cards = await bot.in_thread(_cards, bot.catalog, ids)
    shown = [c for c in cards if place.may_show(c)]
    hidden = len(cards) - len(shown)
    if not shown:
        note = EMPTY if not hidden else (
            f"Your shelf has {stories(hidden)} that can't be shown in this channel.")
        return Reply(content=note, clear_view=True)
    total = len(shown)
    offset = max(0, min(offset, ((total - 1) // PAGE_SIZE) * PAGE_SIZE))
    page = shown[offset:offset + PAGE_SIZE]
    if request_id is None and opener is not None:
        request_id = await opener()
    note = (f"*{stories(hidden)} on your shelf can't be shown in this channel.*"
            if hidden else "")
    embed = list_embed(f"Your shelf — {stories(total)}", page, offset, total, note=note)
    removes = [UnshelveButton(request_id, offset, card.id,
                              f"Remove {offset + i + 1}: {plain(card.title or 'Untitled', 60)}")
               for i, card in enumerate(page)] if request_id is not None else []
    return paged(embed, request_id, offset, total, removes)


async def render(bot: Any, request: StoredRequest, place: Place, offset: int) -> Reply:
    return await shelf_page(bot, request.user_id, place, offset, request.id)


class Shelf(commands.Cog):
    def __init__(self, bot: commands.Bot) -> None:
        self.bot = bot

    @app_commands.command(name="shelf", description="Your saved stories (only you see them)")
    @app_commands.checks.cooldown(6, 10.0, key=lambda i: i.user.id)
    async def shelf(self, interaction: discord.Interaction) -> None:
        place = await place_of(interaction)
        user = interaction.user.id
        opener = partial(open_request, interaction, "shelf", {})
        await respond(interaction,
                      lambda: shelf_page(self.bot, user, place, 0, None, opener),
                      ephemeral=True)


async def setup(bot: commands.Bot) -> None:
    register_buttons(bot)
    LIST_RENDERERS["shelf"] = render
    await bot.add_cog(Shelf(bot))


async def teardown(bot: commands.Bot) -> None:
    LIST_RENDERERS.pop("shelf", None)

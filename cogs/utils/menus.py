"""The menus on a list page: open a story's card, open it in the reader, and order the list.

Custom ids (DynamicItems, so they work after a restart; the chosen story is the option's
value, so nothing is kept per message):
  sb:open:card            show the chosen story's card (privately, to whoever chose)
  sb:open:read            open the chosen story in the reader (privately)
  sb:sort:<request>       order the list again (only the asker): best, newest, words, title
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any, Self

import discord

from bot.discord_app.bot import Interaction
from bot.discord_app.errors import UserFacingError
from bot.search.model import LIST_ORDERS, StoryCard
from bot.state import StoredRequest
from cogs.utils.controls import story_reply
from cogs.utils.replies import Place, open_request, place_of, respond
from cogs.utils.safety import plain
from cogs.utils.views import REQUEST_ID, STORY_ID, _card, _Guarded, handler, reader_reply

ORDER_LABELS = {"best": "Best match", "newest": "Newest first", "words": "Longest first",
                "title": "Title A–Z"}
OPTION_MAX = 100  # Discord's limit for an option's label, value and description


def _values(interaction: Interaction) -> list[str]:
    data: Any = interaction.data or {}
    return [str(v) for v in data.get("values") or ()]


def story_options(cards: Sequence[StoryCard], offset: int,
                  describe: Callable[[StoryCard], str]) -> list[discord.SelectOption]:
    """One option per story on the page: "3. Title", described by rating and words."""
    return [discord.SelectOption(label=plain(f"{offset + i + 1}. {card.title or 'Untitled'}",
                                             OPTION_MAX),
                                 value=card.id, description=plain(describe(card), OPTION_MAX))
            for i, card in enumerate(cards)]


class OpenSelect(_Guarded, discord.ui.DynamicItem[discord.ui.Select],
                 template=r"sb:open:(?P<how>card|read)"):
    def __init__(self, how: str, options: list[discord.SelectOption] | None = None) -> None:
        reading = how == "read"
        super().__init__(discord.ui.Select(
            custom_id=f"sb:open:{how}", options=options or [],
            placeholder="📖 Read one of these…" if reading else "📇 Show a story's card…"))
        self.how = how

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction[Any],
                             item: discord.ui.Item[Any], match: re.Match[str]) -> Self:
        return cls(match["how"])

    async def run(self, interaction: Interaction) -> None:
        values = _values(interaction)
        if not values or not re.fullmatch(STORY_ID, values[0]):
            raise UserFacingError("Pick a story from the list.")
        story_id = values[0]
        place = await place_of(interaction, private=True)
        if self.how == "read":
            await respond(interaction, lambda: reader_reply(interaction, story_id, 0, place),
                          ephemeral=True)
            return

        async def card_reply():
            card = await _card(interaction, story_id, place)
            excerpt = await interaction.client.search.excerpt(story_id)
            await interaction.client.state.remember_shown(place.user_id, [story_id])
            return story_reply(card, place, excerpt=excerpt)

        await respond(interaction, card_reply, ephemeral=True)


class SortSelect(_Guarded, discord.ui.DynamicItem[discord.ui.Select],
                 template=rf"sb:sort:(?P<request>{REQUEST_ID})"):
    def __init__(self, request_id: int, current: str = "best") -> None:
        super().__init__(discord.ui.Select(
            custom_id=f"sb:sort:{request_id}", placeholder="Order…",
            options=[discord.SelectOption(label=f"Order: {label}", value=order,
                                          default=order == current)
                     for order, label in ORDER_LABELS.items()]))
        self.request_id = request_id

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction[Any],
                             item: discord.ui.Item[Any], match: re.Match[str]) -> Self:
        return cls(int(match["request"]))

    async def run(self, interaction: Interaction) -> None:
        request = await self.stored(interaction, self.request_id)
        if interaction.user.id != request.user_id:
            raise UserFacingError("Only the person who asked can reorder this list; run the "
                                  "command yourself to browse.")
        values = _values(interaction)
        order = values[0] if values and values[0] in LIST_ORDERS else "best"
        turn = handler(interaction.client, request.kind, "turn")
        place = await place_of(interaction)

        async def reordered():
            # the list in its new order is a request of its own: its pages keep that order
            payload = {**request.payload, "sort": order}
            new_id = await open_request(interaction.client, place, request.kind, payload)
            again = StoredRequest(new_id, request.user_id, request.guild_id,
                                  request.channel_id, request.kind, payload)
            return await turn(again, place, 0)

        await respond(interaction, reordered, ephemeral=True, update=True)


def list_menus(view: discord.ui.View, place: Place, cards: Sequence[StoryCard], offset: int,
               request_id: int | None, order: str | None,
               describe: Callable[[StoryCard], str]) -> None:
    """A list page's menus: order (when there is more than one story and a request to
    reorder), then open a card, then read."""
    if not cards:
        return
    if request_id is not None and order is not None:
        view.add_item(SortSelect(request_id, order))
    for how in ("card", "read"):
        view.add_item(OpenSelect(how, story_options(cards, offset, describe)))


MENU_ITEMS: tuple[type[discord.ui.DynamicItem], ...] = (OpenSelect, SortSelect)

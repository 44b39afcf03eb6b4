"""A card's own controls beside Another / Read / Save: "Not for me" (a member excludes that
one work, with an Undo) and Delete (the asker or a moderator removes a public reply).

Custom ids (all ≤ 100 characters; DynamicItems, so they work after a restart):
  sb:hide:<story>          exclude this work for the clicker
  sb:unhide:<story>        lift that again
  sb:delete:<user>         delete the message (only <user>, who asked, or a moderator)
and, on a story members recommended here, Remove recommendation (cogs/utils/recommended.py).
"""

from __future__ import annotations

import re
from typing import Any, Self

import discord

from bot.discord_app.bot import Interaction
from bot.discord_app.errors import UserFacingError
from bot.search.model import StoryCard
from cogs.utils.embeds import story_embed
from cogs.utils.recommended import RemoveRecommendationButton
from cogs.utils.replies import Place, Reply, estimate_note
from cogs.utils.safety import safe
from cogs.utils.views import StoryButton, _Guarded, card_view

MAX_HIDDEN_WORKS = 500  # works one member may hide (each is one id in the search's filter)
NOT_YOURS = "Only the person who asked, or a moderator (Manage Messages), can delete this."


class HideButton(StoryButton, action="hide", label="Not for me", emoji="🚫"):
    async def run(self, interaction: Interaction) -> None:
        client = interaction.client
        card = await client.search.story(self.story_id)
        if card is None:
            raise UserFacingError("That story is no longer in the catalog.")
        mine = await client.state.member_exclusions(interaction.user.id)
        if sum(kind == "story" for kind, _v in mine) >= MAX_HIDDEN_WORKS:
            raise UserFacingError(f"You have hidden {MAX_HIDDEN_WORKS} works already; lift some "
                                  "with /exclude lift first.")
        await client.state.exclude_for_member(interaction.user.id, "story", self.story_id)
        title = safe(card.title or "Untitled", 200, single_line=True)
        view = discord.ui.View(timeout=None)
        view.add_item(UnhideButton(self.story_id))
        await interaction.response.send_message(
            f"Hidden: you won't see **{title}** again, anywhere I answer you. "
            "See what you've excluded with /exclude list.", view=view, ephemeral=True)


class UnhideButton(StoryButton, action="unhide", label="Undo", emoji="↩️"):
    async def run(self, interaction: Interaction) -> None:
        await interaction.client.state.lift_for_member(interaction.user.id, "story",
                                                       self.story_id)
        await interaction.response.edit_message(
            content="Undone: that story can come up for you again.", view=None)


class DeleteButton(_Guarded, discord.ui.DynamicItem[discord.ui.Button],
                   template=r"sb:delete:(?P<user>[0-9]{1,20})"):
    def __init__(self, user_id: int) -> None:
        super().__init__(discord.ui.Button(
            label="Delete", emoji="🗑️", style=discord.ButtonStyle.danger,
            custom_id=self.custom_id_for(user_id)))
        self.user_id = user_id

    @staticmethod
    def custom_id_for(user_id: int) -> str:
        return f"sb:delete:{user_id}"

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction[Any],
                             item: discord.ui.Item[Any], match: re.Match[str]) -> Self:
        return cls(int(match["user"]))

    async def run(self, interaction: Interaction) -> None:
        if not may_delete(interaction, self.user_id):
            raise UserFacingError(NOT_YOURS)
        # The bot's own message: deleting it needs no permission; for a button, the
        # interaction's original response is the message the button is on.
        await interaction.response.defer()
        await interaction.delete_original_response()


def may_delete(interaction: Interaction, asker_id: int) -> bool:
    """The asker, or whoever may manage messages in that channel."""
    return interaction.user.id == asker_id or bool(interaction.permissions.manage_messages)


def deletable(place: Place) -> bool:
    """A reply everyone sees gets a Delete button (a private one the asker can dismiss)."""
    return not place.ephemeral


def delete_button(place: Place) -> DeleteButton | None:
    return DeleteButton(place.user_id) if deletable(place) else None


def story_reply(card: StoryCard, place: Place, *, excerpt: str = "",
                reasons: tuple[str, ...] = (), request_id: int | None = None,
                content: str | None = None) -> Reply:
    """A story card for `place` with every control: Another (when there is a request to go on
    with), Read, Save, Not for me, and Delete on a public reply."""
    card = place.credited(card)
    view = card_view(card.id, request_id).add(HideButton, card.id)
    if card.recommended_by:
        view.add(RemoveRecommendationButton, card.id)
    if deletable(place):
        view.add(DeleteButton, place.user_id)
    note = estimate_note(card, place)
    embed = story_embed(card, excerpt=excerpt, reasons=reasons,
                        rating_note=note[:1].upper() + note[1:] if note else None)
    return Reply(content=content, embeds=[embed], view=view)


CONTROL_ITEMS: tuple[type[discord.ui.DynamicItem], ...] = (
    HideButton, UnhideButton, DeleteButton, RemoveRecommendationButton)

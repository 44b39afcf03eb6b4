"""Buttons that keep working after a restart: each is a `DynamicItem` whose custom id carries
everything it needs (a story id, a `requests` row id, a page), so no view has to be in memory.

Custom ids (all ≤ 100 characters):
  sb:another:<request>                 next best for the request (rec, random)
  sb:read:<story>                      open the ephemeral reader at page 1
  sb:page:<user>:<story>:<page>:<p|n>  turn the reader's page (only <user> may)
  sb:save:<story>                      put the story on the clicker's shelf
  sb:list:<request>:<offset>:<p|n>     page a list (pairing, character, mood, shelf)
  sb:unshelve:<request>:<offset>:<story>  remove from the shelf, then show that page again

The cog whose `request_kind` matches a stored request answers its "Another" (`another`) and
its pages (`turn`): whichever cogs are loaded are the registry. Every click runs under the
per-user in-flight guard and reports failures as one friendly ephemeral line.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any, ClassVar, Self

import discord

from bot.discord_app.bot import Interaction
from bot.discord_app.errors import UserFacingError, report_error
from bot.discord_app.lifetime import free_at_end
from bot.search.model import StoryCard
from bot.state import StoredRequest
from cogs.utils.reader import page_embed, paginate
from cogs.utils.replies import Place, Reply, in_flight, place_of, respond
from cogs.utils.safety import BUTTON_LABEL, safe, trim

log = logging.getLogger(__name__)

STORY_ID = r"[A-Za-z0-9_-]{1,40}"
REQUEST_ID = r"[0-9]{1,19}"
PAGE_SIZE = 5
CUSTOM_ID_MAX = 100


STALE = "These buttons belong to a request I no longer have; run the command again."


def handler(bot: Any, kind: str, method: str) -> Callable[..., Awaitable[Reply]]:
    """The loaded cog's `method` ("another" or "turn") for requests of `kind`."""
    for cog in bot.cogs.values():
        if getattr(cog, "request_kind", None) == kind and hasattr(cog, method):
            return getattr(cog, method)
    raise UserFacingError(STALE)
BUSY = "Still working on your last click — one moment."


def _label(text: str) -> str:
    return trim(text, BUTTON_LABEL)


class _Guarded:
    """Shared click handling: one piece of work per user, friendly errors, no tracebacks."""

    # discord.py's items take any client's interaction; this bot's are StoryBot's (`run`)
    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        # freed when this task ends, with the view discord.py made of the message for this
        # click alone (a DynamicItem is never dispatched from a stored view: ViewStore.add_view)
        free_at_end(interaction, getattr(self, "view", None))
        admission = getattr(interaction.client, "admission", None)
        if admission is not None and not await admission.admit(interaction):
            return  # overloaded: it was told to try again in a moment
        guard = in_flight(interaction.client)
        with guard.claim(interaction.user.id) as claimed:
            try:
                if not claimed:
                    await interaction.response.send_message(BUSY, ephemeral=True)
                    return
                await self.run(interaction)
            except Exception as error:  # noqa: BLE001 - report_error logs it with an id
                custom_id = getattr(self, "custom_id", "?")
                await report_error(interaction, error, f"button {custom_id}")

    async def run(self, interaction: Interaction) -> None:
        """The click's work; each button defines its own."""

    @staticmethod
    async def stored(interaction: Interaction, request_id: int) -> StoredRequest:
        found = await interaction.client.state.request(request_id)
        if found is None:
            raise UserFacingError(STALE)
        return found


class StoryButton(_Guarded, discord.ui.DynamicItem[discord.ui.Button],
                  template=rf"sb:[a-z]+:(?P<story>{STORY_ID})"):
    """A button whose custom id is `sb:<action>:<story>`: a subclass names its action and looks
    (`class Read(StoryButton, action="read", label="Read", emoji="📖")`) and writes `run`.
    The custom id and template are built here once, so they stay as sent on old messages.
    This base is never registered; each subclass gets its own template."""

    action: ClassVar[str]
    label: ClassVar[str]
    emoji: ClassVar[str | None]
    style: ClassVar[discord.ButtonStyle]

    def __init_subclass__(cls, *, action: str, label: str, emoji: str | None = None,
                          style: discord.ButtonStyle = discord.ButtonStyle.secondary) -> None:
        super().__init_subclass__(template=rf"sb:{action}:(?P<story>{STORY_ID})")
        cls.action, cls.label, cls.emoji, cls.style = action, label, emoji, style

    def __init__(self, story_id: str) -> None:
        super().__init__(discord.ui.Button(label=self.label, emoji=self.emoji, style=self.style,
                                           custom_id=self.custom_id_for(story_id)))
        self.story_id = story_id

    @classmethod
    def custom_id_for(cls, story_id: str) -> str:
        return f"sb:{cls.action}:{story_id}"

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction[Any],
                             item: discord.ui.Item[Any], match: re.Match[str]) -> Self:
        return cls(match["story"])


def _turn(direction: str, custom_id: str, disabled: bool) -> discord.ui.Button:
    """A Previous ("p") or Next ("n") button, for the reader and for lists."""
    return discord.ui.Button(
        label="Previous" if direction == "p" else "Next",
        emoji="◀️" if direction == "p" else "▶️",
        style=discord.ButtonStyle.secondary, disabled=disabled, custom_id=custom_id)


async def _card(interaction: Interaction, story_id: str, place: Place) -> StoryCard:
    card = await interaction.client.search.story(story_id)
    if card is None:
        raise UserFacingError("That story is no longer in the catalog.")
    if not place.may_show(card):
        raise UserFacingError("That story can't be shown in this channel.")
    return card


# --- cards ----------------------------------------------------------------------------------


class AnotherButton(_Guarded, discord.ui.DynamicItem[discord.ui.Button],
                    template=rf"sb:another:(?P<request>{REQUEST_ID})"):
    def __init__(self, request_id: int) -> None:
        super().__init__(discord.ui.Button(
            label="Another", emoji="🔁", style=discord.ButtonStyle.primary,
            custom_id=self.custom_id_for(request_id)))
        self.request_id = request_id

    @staticmethod
    def custom_id_for(request_id: int) -> str:
        return f"sb:another:{request_id}"

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction[Any],
                             item: discord.ui.Item[Any], match: re.Match[str]) -> Self:
        return cls(int(match["request"]))

    async def run(self, interaction: Interaction) -> None:
        request = await self.stored(interaction, self.request_id)
        another = handler(interaction.client, request.kind, "another")
        mine = interaction.user.id == request.user_id
        place = await place_of(interaction, private=not mine or on_private_message(interaction))
        # The asker's card changes in place; anyone else gets their own private card.
        await respond(interaction, lambda: another(request, place), ephemeral=True, update=mine)


class ReadButton(StoryButton, action="read", label="Read", emoji="📖"):
    async def run(self, interaction: Interaction) -> None:
        place = await place_of(interaction)
        await respond(interaction,
                      lambda: reader_reply(interaction, self.story_id, 0, place),
                      ephemeral=True)


class ReaderPageButton(_Guarded, discord.ui.DynamicItem[discord.ui.Button],
                       template=rf"sb:page:(?P<user>[0-9]{{1,20}}):(?P<story>{STORY_ID}):"
                                rf"(?P<page>[0-9]{{1,5}}):(?P<dir>[pn])"):
    def __init__(self, user_id: int, story_id: str, page: int, direction: str,
                 *, disabled: bool = False) -> None:
        super().__init__(_turn(direction, f"sb:page:{user_id}:{story_id}:{page}:{direction}",
                               disabled))
        self.user_id, self.story_id, self.page = user_id, story_id, page

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction[Any],
                             item: discord.ui.Item[Any], match: re.Match[str]) -> Self:
        return cls(int(match["user"]), match["story"], int(match["page"]), match["dir"])

    async def run(self, interaction: Interaction) -> None:
        if interaction.user.id != self.user_id:
            raise UserFacingError("Only the reader who opened this can turn its pages.")
        place = await place_of(interaction)
        await respond(interaction,
                      lambda: reader_reply(interaction, self.story_id, self.page, place),
                      ephemeral=True, update=True)


async def reader_reply(interaction: Interaction, story_id: str, page: int,
                       place: Place) -> Reply:
    card = await _card(interaction, story_id, place)
    body = await interaction.client.search.body(story_id)
    pages = paginate(body)
    page = max(0, min(page, len(pages) - 1))
    user = interaction.user.id
    view = discord.ui.View(timeout=None)
    view.add_item(ReaderPageButton(user, story_id, max(page - 1, 0), "p", disabled=page == 0))
    view.add_item(ReaderPageButton(user, story_id, min(page + 1, len(pages) - 1), "n",
                                   disabled=page >= len(pages) - 1))
    return Reply(embeds=[page_embed(card, pages, page)], view=view)


class SaveButton(StoryButton, action="save", label="Save", emoji="🔖",
                 style=discord.ButtonStyle.success):
    async def run(self, interaction: Interaction) -> None:
        # never a story this place may not show (its rating, or one excluded since)
        card = await _card(interaction, self.story_id, await place_of(interaction))
        added = await interaction.client.state.shelve(interaction.user.id, self.story_id)
        title = safe(card.title or "Untitled", 200, single_line=True)
        text = (f"Saved **{title}** to your shelf — see it with /shelf." if added
                else f"**{title}** is already on your shelf.")
        await interaction.response.send_message(text, ephemeral=True)


class CardButtons(discord.ui.View):
    """A card's buttons, sent as the component dicts discord.py makes of them, each kind's
    made once (from the first one added) and given its custom id per reply.

    Every /rec sends a card, and making its five `discord.ui` items (a Button inside each
    DynamicItem, laid out by the View) cost more than the rest of the card, embed and JSON
    included. Every button on a card is a DynamicItem whose class is registered by its template
    (`register_buttons`, CONTROL_ITEMS), so a click is found by its custom id on any message:
    the view needs no items to answer one, and has none. `to_components` makes new dicts on
    every call (no reply shares what another sends), in rows of five as discord.py lays out
    buttons."""

    ROW = 5  # buttons in an action row

    def __init__(self) -> None:
        super().__init__(timeout=None)
        self.buttons: list[tuple[type, str]] = []  # (its DynamicItem class, its custom id)

    def add(self, kind: Any, *args: Any) -> Self:
        """Add the button `kind(*args)` would be (`kind.custom_id_for(*args)` its custom id)."""
        if kind not in _faces:
            face = dict(kind(*args).to_component_dict())
            del face["custom_id"]
            _faces[kind] = face
        self.buttons.append((kind, kind.custom_id_for(*args)))
        return self

    def add_item(self, item: discord.ui.Item[Any]) -> Self:
        raise TypeError("a card's buttons are added by kind: CardButtons.add(kind, *args)")

    def to_components(self) -> list[dict[str, Any]]:
        made = [_made(_faces[kind], custom_id) for kind, custom_id in self.buttons]
        return [{"type": 1, "components": made[start:start + self.ROW]}
                for start in range(0, len(made), self.ROW)]


_faces: dict[type, dict[str, Any]] = {}  # a button kind's component dict but its custom id


def _made(face: dict[str, Any], custom_id: str) -> dict[str, Any]:
    made = {**face, "custom_id": custom_id}
    if "emoji" in face:
        made["emoji"] = dict(face["emoji"])
    return made


def card_view(story_id: str, request_id: int | None = None) -> CardButtons:
    view = CardButtons()
    if request_id is not None:
        view.add(AnotherButton, request_id)
    return view.add(ReadButton, story_id).add(SaveButton, story_id)


# --- lists ----------------------------------------------------------------------------------


class ListPageButton(_Guarded, discord.ui.DynamicItem[discord.ui.Button],
                     template=rf"sb:list:(?P<request>{REQUEST_ID}):(?P<offset>[0-9]{{1,6}}):"
                              r"(?P<dir>[pn])"):
    def __init__(self, request_id: int, offset: int, direction: str, *,
                 disabled: bool = False) -> None:
        super().__init__(_turn(direction, f"sb:list:{request_id}:{offset}:{direction}",
                               disabled))
        self.request_id, self.offset = request_id, offset

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction[Any],
                             item: discord.ui.Item[Any], match: re.Match[str]) -> Self:
        return cls(int(match["request"]), int(match["offset"]), match["dir"])

    async def run(self, interaction: Interaction) -> None:
        request = await self.stored(interaction, self.request_id)
        if interaction.user.id != request.user_id:
            raise UserFacingError("Only the person who asked can turn these pages; "
                                  "run the command yourself to browse.")
        await _show_page(interaction, request, self.offset)


class UnshelveButton(_Guarded, discord.ui.DynamicItem[discord.ui.Button],
                     template=rf"sb:unshelve:(?P<request>{REQUEST_ID}):(?P<offset>[0-9]{{1,6}}):"
                              rf"(?P<story>{STORY_ID})"):
    def __init__(self, request_id: int, offset: int, story_id: str, label: str = "Remove") -> None:
        super().__init__(discord.ui.Button(
            label=_label(label), emoji="🗑️", style=discord.ButtonStyle.danger,
            custom_id=f"sb:unshelve:{request_id}:{offset}:{story_id}"))
        self.request_id, self.offset, self.story_id = request_id, offset, story_id

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction[Any],
                             item: discord.ui.Item[Any], match: re.Match[str]) -> Self:
        return cls(int(match["request"]), int(match["offset"]), match["story"])

    async def run(self, interaction: Interaction) -> None:
        request = await self.stored(interaction, self.request_id)
        if interaction.user.id != request.user_id or request.kind != "shelf":
            raise UserFacingError("That is not your shelf.")
        await interaction.client.state.unshelve(request.user_id, self.story_id)
        await _show_page(interaction, request, self.offset)


async def _show_page(interaction: Interaction, request: StoredRequest,
                     offset: int) -> None:
    """The list page at `offset`, drawn by the cog that owns the request's kind, in place."""
    turn = handler(interaction.client, request.kind, "turn")
    place = await place_of(interaction, private=on_private_message(interaction))
    await respond(interaction, lambda: turn(request, place, offset), ephemeral=True, update=True)


def on_private_message(interaction: Interaction) -> bool:
    """Whether the message a button is on is private (its replacement stays so, and a public
    one keeps its Delete button)."""
    message = interaction.message
    return bool(message is not None and message.flags.ephemeral)


def pager_row(view: discord.ui.View, request_id: int, offset: int, total: int,
              page_size: int = PAGE_SIZE) -> None:
    """Previous/Next for a list, disabled at the ends; nothing when it fits on one page."""
    if total <= page_size:
        return
    view.add_item(ListPageButton(request_id, max(offset - page_size, 0), "p",
                                 disabled=offset <= 0))
    last = ((total - 1) // page_size) * page_size
    view.add_item(ListPageButton(request_id, min(offset + page_size, last), "n",
                                 disabled=offset + page_size >= total))


def page_footer(offset: int, total: int, page_size: int = PAGE_SIZE) -> str:
    pages = max(1, -(-total // page_size))
    return f"Page {offset // page_size + 1} of {pages}"


DYNAMIC_ITEMS: tuple[type[discord.ui.DynamicItem], ...] = (
    AnotherButton, ReadButton, ReaderPageButton, SaveButton, ListPageButton, UnshelveButton,
)


def register_buttons(bot: Any) -> None:
    """Make every button answerable after a restart. Idempotent (keyed by template), so each
    cog that sends cards calls it and any one of them loading is enough."""
    bot.add_dynamic_items(*DYNAMIC_ITEMS)

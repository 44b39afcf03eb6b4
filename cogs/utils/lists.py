"""Paged story lists (pairing, character, mood, shelf), the "nothing found" answer, and the
base of every feature cog: one `answer` that the slash command, the buttons and the console
all call."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

import discord
from discord.ext import commands

from bot.search.model import StoryCard
from bot.state import StoredRequest
from bot.vocabulary import RATING_LABELS
from cogs.utils.controls import CONTROL_ITEMS, delete_button
from cogs.utils.embeds import list_line
from cogs.utils.menus import MENU_ITEMS, list_menus
from cogs.utils.replies import Place, Reply, Services, estimate_note, open_request
from cogs.utils.safety import (
    CONTENT,
    EMBED_DESCRIPTION,
    EMBED_FIELD_VALUE,
    EMBED_TITLE,
    join_trimmed,
    safe,
    trim,
)
from cogs.utils.views import PAGE_SIZE, page_footer, pager_row, register_buttons

LIST_COLOUR = discord.Colour(0x8B5CF6)


@dataclass(frozen=True, slots=True)
class Usage:
    """How a command is typed in the console: its name, the option the rest of the line fills,
    and a line of help."""

    command: str
    option: str | None
    help: str


class FeatureCog(commands.Cog):
    """One slash-command feature. A feature the console offers has a `usage` and an
    `answer(place, **options)` that builds its reply from the search and the server state
    only, so Discord, its buttons and the console share one piece of code."""

    usage: ClassVar[Usage | None] = None
    request_kind: ClassVar[str | None] = None  # the kind of the stored request its buttons use
    answer: Callable[..., Awaitable[Reply]]  # (place, **options) -> the reply

    def __init__(self, bot: Services) -> None:
        self.bot = bot

    async def cog_load(self) -> None:
        register_buttons(self.bot)
        add = getattr(self.bot, "add_dynamic_items", None)  # the console has no Discord
        if add is not None:
            add(*CONTROL_ITEMS, *MENU_ITEMS)


class ListCog(FeatureCog):
    """A feature whose answer is a paged list; Previous/Next turn it after a restart too.
    Each list cog defines `page(payload, place, offset, request_id)`."""

    page: Callable[[dict[str, Any], Place, int, int | None], Awaitable[Reply]]

    async def answer(self, place: Place, **options: Any) -> Reply:
        return await self.page(options, place, 0, None)

    async def turn(self, request: StoredRequest, place: Place, offset: int) -> Reply:
        return await self.page(request.payload, place, offset, request.id)

    async def story_list(self, place: Place, payload: dict[str, Any], request_id: int | None,
                         title: str, cards: Sequence[StoryCard], total: int, offset: int, *,
                         fields: Sequence[tuple[str, str]] = (), mood: str | None = None,
                         note: str = "") -> Reply:
        """One page of stories with its menus; the request is stored (for the page buttons
        and the order menu) when there is more than one story."""
        if request_id is None and total > 1:
            assert self.request_kind is not None
            request_id = await open_request(self.bot, place, self.request_kind, payload)
        shown = [c for c in cards if place.may_show(c)]
        embed = list_embed(title, shown, offset, total, mood=mood, fields=fields, note=note,
                           place=place)
        return paged(embed, request_id, offset, total, place=place, cards=shown,
                     order=payload.get("sort") or "best")


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n:,} {word}" if n == 1 else f"{n:,} {many or word + 's'}"


def stories(n: int) -> str:
    return plural(n, "story", "stories")


def paged(embed: discord.Embed, request_id: int | None, offset: int, total: int,
          extra: Sequence[discord.ui.Item] = (), *, place: Place | None = None,
          cards: Sequence[StoryCard] = (), order: str | None = None) -> Reply:
    """The list page with Previous/Next when there is more than a page (and a request to page),
    Delete on a public reply, its order menu and the menus that open its stories."""
    view = discord.ui.View(timeout=None)
    if request_id is not None:
        pager_row(view, request_id, offset, total)
    delete = delete_button(place) if place is not None else None
    if delete is not None:
        view.add_item(delete)
    if place is not None:
        list_menus(view, place, cards, offset, request_id if total > 1 else None, order,
                   lambda card: rating_words(card, place))
    for item in extra:
        view.add_item(item)
    return Reply(embeds=[embed], view=view if view.children else None,
                 clear_view=not view.children)


def rating_shown(card: StoryCard, place: Place | None) -> str:
    """The rating a list shows for a story: its own, or what a not-rated one reads as."""
    note = estimate_note(card, place) if place is not None else None
    return note[:1].upper() + note[1:] if note else RATING_LABELS.get(card.rating, card.rating)


def rating_words(card: StoryCard, place: Place | None) -> str:
    """ "by nightshade · Teen · 4,210 words", for a menu option."""
    author = f"by {', '.join(card.authors)} · " if card.authors else ""
    return f"{author}{rating_shown(card, place)} · {card.words:,} words"


def list_embed(title: str, cards: Sequence[StoryCard], offset: int, total: int, *,
               mood: str | None = None, fields: Sequence[tuple[str, str]] = (),
               note: str = "", place: Place | None = None) -> discord.Embed:
    """A numbered page of stories; `title` and field values must already be escaped."""
    credited = [place.credited(card) if place else card for card in cards]
    lines = [f"**{offset + i + 1}.** "
             f"{list_line(card, mood=mood, rating=rating_shown(card, place))}"
             for i, card in enumerate(credited)]
    description = "\n".join(lines)
    if note:
        description = f"{description}\n\n{note}" if description else note
    embed = discord.Embed(title=trim(title, EMBED_TITLE), colour=LIST_COLOUR,
                          description=trim(description, EMBED_DESCRIPTION))
    for name, value in fields:
        if value:
            embed.add_field(name=name, value=trim(value, EMBED_FIELD_VALUE), inline=False)
    embed.set_footer(text=page_footer(offset, total, PAGE_SIZE))
    return embed


def counted(items: Sequence[tuple[str, int]], limit: int = 8) -> str:
    """ "Name (n), Name (n)" with every name escaped."""
    return join_trimmed([f"{name} ({n})" for name, n in items[:limit]], EMBED_FIELD_VALUE)


def nothing_found(what: str, alternatives: Sequence[str]) -> str:
    """The friendly answer to a request that matched nothing: never a bare "no results"."""
    head = f"I couldn't find anything for {what}."
    if alternatives:
        tips = "\n".join(f"• {safe(a, 300, single_line=True)}" for a in alternatives[:5])
        return trim(f"{head} Maybe one of these?\n{tips}", CONTENT)
    return (f"{head} Try a pairing (\"Spike/Buffy\"), a character, a mood such as \"fluff\", "
            "or /catalog stats to see what the catalog holds.")

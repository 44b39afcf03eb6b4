"""Paged story lists (pairing, character, mood, shelf) and the "nothing found" answer."""

from __future__ import annotations

from collections.abc import Sequence

import discord

from cogs.utils.embeds import list_line
from cogs.utils.replies import Reply
from cogs.utils.safety import (
    CONTENT,
    EMBED_DESCRIPTION,
    EMBED_FIELD_VALUE,
    EMBED_TITLE,
    join_trimmed,
    safe,
    trim,
)
from cogs.utils.views import PAGE_SIZE, page_footer, pager_row

LIST_COLOUR = discord.Colour(0x8B5CF6)


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n:,} {word}" if n == 1 else f"{n:,} {many or word + 's'}"


def stories(n: int) -> str:
    return plural(n, "story", "stories")


def paged(embed: discord.Embed, request_id: int | None, offset: int, total: int,
          extra: Sequence[discord.ui.Item] = ()) -> Reply:
    """The list page with Previous/Next when there is more than a page (and a request to page)."""
    view = discord.ui.View(timeout=None)
    if request_id is not None:
        pager_row(view, request_id, offset, total)
    for item in extra:
        view.add_item(item)
    return Reply(embeds=[embed], view=view if view.children else None,
                 clear_view=not view.children)


def list_embed(title: str, cards: Sequence, offset: int, total: int, *,
               mood: str | None = None,
               fields: Sequence[tuple[str, str]] = (), note: str = "") -> discord.Embed:
    """A numbered page of stories; `title` and field values must already be escaped."""
    lines = [f"**{offset + i + 1}.** {list_line(card, mood=mood)}" for i, card in
             enumerate(cards)]
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

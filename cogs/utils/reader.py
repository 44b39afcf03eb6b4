"""The ephemeral reader: a story's text cut into pages that fit an embed once escaped.

Pages break at paragraph ends where possible, else at a sentence or word end. A page holds
at most PAGE_CHARS characters of raw text; escaping markdown can at most double that, which
stays under the 4096-character embed description.
"""

from __future__ import annotations

import re

import discord

from cogs.utils.embeds import RATING_COLOURS
from cogs.utils.safety import EMBED_DESCRIPTION, EMBED_TITLE, safe

PAGE_CHARS = 1900
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)]?\s")


def _cut_point(text: str, limit: int) -> int:
    """Where to end a page that must not exceed `limit` characters."""
    window = text[:limit]
    for mark, floor in (("\n\n", 0.5), ("\n", 0.6)):
        at = window.rfind(mark)
        if at > limit * floor:
            return at + len(mark)
    ends = [m.end() for m in _SENTENCE_END.finditer(window)]
    if ends and ends[-1] > limit * 0.6:
        return ends[-1]
    space = window.rfind(" ")
    return space + 1 if space > limit * 0.6 else limit


def paginate(text: str, size: int = PAGE_CHARS) -> list[str]:
    """The story's pages; never empty (an empty story reads as one explanatory page)."""
    text = text.strip()
    if not text:
        return ["(This story has no text in the catalog.)"]
    pages: list[str] = []
    while text:
        if len(text) <= size:
            pages.append(text)
            break
        cut = _cut_point(text, size)
        pages.append(text[:cut].strip())
        text = text[cut:].lstrip()
    return [p for p in pages if p] or ["(This story has no text in the catalog.)"]


def page_embed(card, pages: list[str], page: int) -> discord.Embed:
    """One page of the reader; `page` is clamped to the story's pages."""
    page = max(0, min(page, len(pages) - 1))
    title = safe(card.title or "Untitled", EMBED_TITLE - 20, single_line=True)
    embed = discord.Embed(
        title=title,
        description=safe(pages[page], EMBED_DESCRIPTION),
        colour=RATING_COLOURS.get(card.rating, RATING_COLOURS["not-rated"]),
    )
    embed.set_footer(text=f"Page {page + 1} of {len(pages)}")
    return embed

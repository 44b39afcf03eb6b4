"""A story as a Discord embed: the card fans expect, always inside Discord's limits."""

from __future__ import annotations

from datetime import UTC, date, datetime

import discord

from bot.vocabulary import MOOD_SHOWN, RATING_LABELS
from cogs.utils.safety import (
    EMBED_AUTHOR,
    EMBED_DESCRIPTION,
    EMBED_FOOTER,
    EMBED_TITLE,
    EMBED_TOTAL,
    join_trimmed,
    plain,
    safe,
    safe_url,
    trim,
)

RATING_COLOURS = {
    "general": discord.Colour(0x3B82F6),  # blue
    "teen": discord.Colour(0x22C55E),  # green
    "mature": discord.Colour(0xF97316),  # orange
    "explicit": discord.Colour(0xEF4444),  # red
    "not-rated": discord.Colour(0x9CA3AF),  # grey
}


def length_line(card) -> str:
    words = f"{card.words:,} words"
    if card.chapters_posted:
        total = card.chapters_total if card.chapters_total else "?"
        return f"{words} · {card.chapters_posted}/{total} chapters"
    return words


def status_line(card, today: date | None = None) -> str:
    if card.status == "complete":
        return "Complete"
    if card.status == "in-progress":
        last = card.updated or card.published
        if last:
            when = datetime(last.year, last.month, last.day, tzinfo=UTC)
            return f"In progress · last updated {discord.utils.format_dt(when, 'R')}"
        return "In progress"
    return "Unknown"


SUMMARY_LENGTH = 600  # the blurb fans decide by; the reader has the story
EXCERPT_LENGTH = 500  # a taste of the text beside it, not a chapter


def blurb(card, excerpt: str = "") -> str:
    """The card's text, as AO3's blurb: the summary (trimmed), then an excerpt beside it as a
    quote; either alone when the other is missing."""
    summary = safe(card.summary or "", SUMMARY_LENGTH)
    taste = safe(excerpt, EXCERPT_LENGTH)
    if taste:
        taste = "\n".join(f"> {line}" if line.strip() else ">" for line in taste.splitlines())
    return "\n\n".join(part for part in (summary, taste) if part)


def story_embed(card, *, excerpt: str = "", reasons: tuple[str, ...] = (),
                footer_extra: str = "", rating_note: str | None = None) -> discord.Embed:
    """The card, laid out like AO3's blurb: title and author, the summary with an excerpt
    beside it, fandom, rating and warnings, pairings and characters, the author's tags apart
    from the moods the bot inferred, length and status, then why it was picked in words, and
    who recommended it. No scores and no ids: a story is reached by its title."""
    embed = discord.Embed(
        title=safe(card.title or "Untitled", EMBED_TITLE, single_line=True),
        url=safe_url(card.url),
        colour=RATING_COLOURS.get(card.rating, RATING_COLOURS["not-rated"]),
        description=trim(blurb(card, excerpt), EMBED_DESCRIPTION) or None,
    )
    if card.authors:
        # Author names show without markdown: no backslashes, but mentions still neutralised.
        by = discord.utils.escape_mentions(plain("by " + ", ".join(card.authors), EMBED_AUTHOR))
        embed.set_author(name=trim(by, EMBED_AUTHOR))
    if card.fandoms:
        embed.add_field(name="Fandom", value=join_trimmed(list(card.fandoms), 256), inline=True)
    embed.add_field(name="Rating", value=rating_note or RATING_LABELS.get(card.rating, card.rating),
                    inline=True)
    if card.warnings:
        embed.add_field(name="Warnings", value=join_trimmed(list(card.warnings), 300),
                        inline=True)
    if card.relationships:
        embed.add_field(name="Pairing" if len(card.relationships) == 1 else "Pairings",
                        value=join_trimmed([r.label for r in card.relationships], 400, "\n"),
                        inline=False)
    if card.characters:
        embed.add_field(name="Characters", value=join_trimmed(list(card.characters), 300),
                        inline=False)
    _moods_and_tags(embed, card)
    embed.add_field(name="Length", value=length_line(card), inline=True)
    embed.add_field(name="Status", value=status_line(card), inline=True)
    if reasons:  # what of the request it meets, in the request's own words
        embed.add_field(name="Why this one", value=join_trimmed(list(reasons), 300, " · "),
                        inline=False)
    if card.recommended_by:
        embed.add_field(name="Recommended by", value=credits_text(card.recommended_by, 1024),
                        inline=False)
    if footer_extra:
        # Footers show no markdown: plain, with mentions neutralised.
        footer = discord.utils.escape_mentions(plain(footer_extra, EMBED_FOOTER))
        embed.set_footer(text=trim(footer, EMBED_FOOTER))
    _fit(embed)
    return embed


def _moods_and_tags(embed: discord.Embed, card) -> None:
    """The author's tags (which state some moods) apart from the moods the bot inferred from
    the text: a guess must never look like the author's word."""
    if card.tags:
        embed.add_field(name="Tags", value=join_trimmed(list(card.tags), 300), inline=False)
    stated = [m for m in card.stated_moods if not any(t.lower() == m for t in card.tags)]
    inferred = [m for m, score in card.inferred_moods if score >= MOOD_SHOWN][:3]
    if stated:
        embed.add_field(name="Moods (tagged)", value=join_trimmed(stated, 200), inline=True)
    if inferred:
        embed.add_field(name="Moods (inferred)", value=join_trimmed(inferred, 200),
                        inline=True)


def _fit(embed: discord.Embed) -> None:
    """Shrink the description until the whole embed is within the 6000-character total."""
    over = len(embed) - EMBED_TOTAL
    if over > 0 and embed.description:
        embed.description = trim(embed.description, max(0, len(embed.description) - over))


def credits_text(recommended_by: tuple[tuple[int, str], ...], limit: int,
                 note_length: int = 300) -> str:
    """ "<@id>" per recommender with their note as a quote. The mention shows the member and
    pings no one (every message goes with AllowedMentions.none()); notes are escaped."""
    lines = []
    for user_id, note in recommended_by:
        lines.append(f"<@{int(user_id)}>")
        if note:
            lines.append("> " + safe(note, note_length, single_line=True))
    text = "\n".join(lines)
    while len(text) > limit and len(lines) > 1:  # whole credits only: never half a mention
        lines.pop()
        text = "\n".join(lines) + "\n…"
    return text


def list_line(card, *, mood: str | None = None, rating: str | None = None) -> str:
    """One story in a paged list: title (a link when it has one), author, then rating, words,
    mood and status, so a fan can pick without opening it."""
    title = safe(card.title or "Untitled", 90, single_line=True)
    url = safe_url(card.url)
    shown = f"[{title}]({url})" if url else f"**{title}**"
    author = safe(", ".join(card.authors), 60, single_line=True) if card.authors else "anonymous"
    top = mood or (card.moods[0][0] if card.moods else None)
    status = {"complete": "complete", "in-progress": "WIP"}.get(card.status, "status unknown")
    bits = [rating or RATING_LABELS.get(card.rating, card.rating), f"{card.words:,} words",
            top, status]
    line = f"{shown} by {author} — " + " · ".join(b for b in bits if b)
    if card.recommended_by:
        line += "\n" + "recommended by " + credits_text(card.recommended_by[:1], 300, 100)
        if len(card.recommended_by) > 1:
            line += f" (and {len(card.recommended_by) - 1} more)"
    return line

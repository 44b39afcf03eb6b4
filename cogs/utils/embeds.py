"""A story as a Discord embed: the card fans expect, always inside Discord's limits."""

from __future__ import annotations

from dataclasses import dataclass
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


def blurb(summary: str, excerpt: str = "") -> str:
    """The card's text, as AO3's blurb: the summary (escaped and trimmed), then an excerpt
    beside it as a quote; either alone when the other is missing."""
    taste = safe(excerpt, EXCERPT_LENGTH)
    if taste:
        taste = "\n".join(f"> {line}" if line.strip() else ">" for line in taste.splitlines())
    return "\n\n".join(part for part in (summary, taste) if part)


Field = tuple[str, str, bool]  # name, value, inline


@dataclass(frozen=True, slots=True)
class _Laid:
    """What a card shows of itself, whichever request shows it (strings and tuples only)."""

    title: str
    url: str | None
    colour: discord.Colour
    summary: str  # escaped and trimmed
    author: str | None
    fandom: tuple[Field, ...]  # the fields before the rating
    rating: str
    rest: tuple[Field, ...]  # warnings, pairings, characters, tags, moods, length, status
    credits: Field | None  # who recommended it, after why it was picked


CARDS_LAID = 2000  # cards whose layout is kept (each within an embed's 6000 characters)
_laid: dict[str, tuple[object, _Laid]] = {}


def _laid_out(card) -> _Laid:
    """The card's own layout, made once per card: a card comes back request after request
    (the engine keeps it), and escaping and joining its names cost more than the embed.
    Kept by story id and checked against the card itself (a rebuilt catalog's, or one a
    server credits, is another)."""
    kept = _laid.get(card.id)
    if kept is not None and (kept[0] is card or kept[0] == card):
        return kept[1]
    laid = _lay_out(card)
    if len(_laid) >= CARDS_LAID:
        _laid.clear()
    _laid[card.id] = (card, laid)
    return laid


def _lay_out(card) -> _Laid:
    author = None
    if card.authors:
        # Author names show without markdown: no backslashes, but mentions still neutralised.
        by = discord.utils.escape_mentions(plain("by " + ", ".join(card.authors), EMBED_AUTHOR))
        author = trim(by, EMBED_AUTHOR)
    fandom: tuple[Field, ...] = ()
    if card.fandoms:
        fandom = (("Fandom", join_trimmed(list(card.fandoms), 256), True),)
    rest: list[Field] = []
    if card.warnings:
        rest.append(("Warnings", join_trimmed(list(card.warnings), 300), True))
    if card.relationships:
        rest.append(("Pairing" if len(card.relationships) == 1 else "Pairings",
                     join_trimmed([r.label for r in card.relationships], 400, "\n"), False))
    if card.characters:
        rest.append(("Characters", join_trimmed(list(card.characters), 300), False))
    rest += _moods_and_tags(card)
    rest.append(("Length", length_line(card), True))
    rest.append(("Status", status_line(card), True))
    credits = None
    if card.recommended_by:
        credits = ("Recommended by", credits_text(card.recommended_by, 1024), False)
    return _Laid(title=safe(card.title or "Untitled", EMBED_TITLE, single_line=True),
                 url=safe_url(card.url),
                 colour=RATING_COLOURS.get(card.rating, RATING_COLOURS["not-rated"]),
                 summary=safe(card.summary or "", SUMMARY_LENGTH), author=author,
                 fandom=fandom, rating=RATING_LABELS.get(card.rating, card.rating),
                 rest=tuple(rest), credits=credits)


def story_embed(card, *, excerpt: str = "", reasons: tuple[str, ...] = (),
                footer_extra: str = "", rating_note: str | None = None) -> discord.Embed:
    """The card, laid out like AO3's blurb: title and author, the summary with an excerpt
    beside it, fandom, rating and warnings, pairings and characters, the author's tags apart
    from the moods the bot inferred, length and status, then why it was picked in words, and
    who recommended it. No scores and no ids: a story is reached by its title. The card's own
    parts are laid out once per card; a new Embed is made for every reply."""
    laid = _laid_out(card)
    embed = discord.Embed(
        title=laid.title, url=laid.url, colour=laid.colour,
        description=trim(blurb(laid.summary, excerpt), EMBED_DESCRIPTION) or None,
    )
    if laid.author is not None:
        embed.set_author(name=laid.author)
    for name, value, inline in laid.fandom:
        embed.add_field(name=name, value=value, inline=inline)
    embed.add_field(name="Rating", value=rating_note or laid.rating, inline=True)
    for name, value, inline in laid.rest:
        embed.add_field(name=name, value=value, inline=inline)
    if reasons:  # what of the request it meets, in the request's own words
        embed.add_field(name="Why this one", value=join_trimmed(list(reasons), 300, " · "),
                        inline=False)
    if laid.credits is not None:
        name, value, inline = laid.credits
        embed.add_field(name=name, value=value, inline=inline)
    if footer_extra:
        # Footers show no markdown: plain, with mentions neutralised.
        footer = discord.utils.escape_mentions(plain(footer_extra, EMBED_FOOTER))
        embed.set_footer(text=trim(footer, EMBED_FOOTER))
    _fit(embed)
    return embed


def _moods_and_tags(card) -> list[Field]:
    """The author's tags (which state some moods) apart from the moods the bot inferred from
    the text: a guess must never look like the author's word."""
    fields: list[Field] = []
    if card.tags:
        fields.append(("Tags", join_trimmed(list(card.tags), 300), False))
    stated = [m for m in card.stated_moods if not any(t.lower() == m for t in card.tags)]
    inferred = [m for m, score in card.inferred_moods if score >= MOOD_SHOWN][:3]
    if stated:
        fields.append(("Moods (tagged)", join_trimmed(stated, 200), True))
    if inferred:
        fields.append(("Moods (inferred)", join_trimmed(inferred, 200), True))
    return fields


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

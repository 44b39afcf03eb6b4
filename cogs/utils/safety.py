"""Story text is untrusted: escape it for markdown and mentions, cut it to Discord's limits.

Every string that comes from a story file (title, author, tags, excerpt, summary) goes through
`safe()` before it reaches an embed or message; links go through `safe_url()`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from urllib.parse import urlsplit

import discord

# Discord's documented limits (the stand-in in tests/discord_double checks every request
# body against them).
EMBED_TITLE = 256
EMBED_DESCRIPTION = 4096
EMBED_FIELD_VALUE = 1024
EMBED_FOOTER = 2048
EMBED_AUTHOR = 256
EMBED_TOTAL = 6000
CONTENT = 2000
CHOICE_NAME = 100
CHOICE_VALUE = 100
BUTTON_LABEL = 80
ELLIPSIS = "…"

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_SPACES = re.compile(r"[ \t]+")
# Channel, slash-command and server-guide mentions render as live links (a command mention runs
# the command when clicked); discord.py's escape_mentions leaves them alone.
_LINKED = re.compile(r"<(?=#\d+>|/[\w -]+:\d+>|id:\w+>)")


def trim(text: str, limit: int) -> str:
    """Cut to `limit` characters on a word boundary, ending with "…" when cut."""
    if len(text) <= limit:
        return text
    cut = text[: limit - len(ELLIPSIS)]
    space = cut.rfind(" ")
    if space > limit * 0.6:
        cut = cut[:space]
    cut = cut.rstrip(" ,;:-\n")
    # Never leave a dangling escape backslash that would swallow the ellipsis.
    if (len(cut) - len(cut.rstrip("\\"))) % 2 == 1:
        cut = cut[:-1]
    return cut + ELLIPSIS


def escape(text: str) -> str:
    """Markdown and mentions neutralised; control and bidi characters dropped."""
    text = _CONTROL.sub("", text)
    text = discord.utils.escape_markdown(text, as_needed=False, ignore_links=False)
    return unmention(text)


def unmention(text: str) -> str:
    """Every mention shown as text, never live: "@everyone", "@here", "<@id>" and "<@&id>" get
    a zero-width space after the "@", "<#id>", "</command:id>" and "<id:...>" one after the "<".
    The bot also sends with AllowedMentions.none(); this keeps the text from even looking live.
    """
    return _LINKED.sub("<\u200b", discord.utils.escape_mentions(text))


def safe(text: str | None, limit: int, *, single_line: bool = False) -> str:
    """Escape then trim: the result is safe to show and fits `limit`."""
    if not text:
        return ""
    if len(text) <= CACHED_TEXT:
        return _safe_cached(text, limit, single_line)
    return _safe(text, limit, single_line)


def _safe(text: str, limit: int, single_line: bool) -> str:
    text = text.strip()
    if single_line:
        text = _SPACES.sub(" ", text.replace("\n", " "))
    return trim(escape(text), limit)


# Titles, authors, fandoms and tags come back on every card that shows their story: escaping
# them once saves the regular expressions each time (a few MB at most).
CACHED_TEXT = 1000
_safe_cached = functools.lru_cache(maxsize=8192)(_safe)


def safe_url(url: str | None) -> str | None:
    """Only absolute http(s) links of a sane length; anything else is dropped."""
    if not url:
        return None
    url = url.strip()
    if len(url) > 512 or any(c.isspace() for c in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme not in {"http", "https"} or not parts.netloc or "@" in parts.netloc:
        return None
    return url


def join_trimmed(items: Sequence[str], limit: int, sep: str = ", ") -> str:
    """Escaped items joined until `limit`; what does not fit becomes "… and N more"."""
    return _joined(tuple(items), limit, sep)


# A card's fandoms, pairings, characters and tags are joined again each time it is shown: kept
# like `safe`'s escapes (by the items themselves, a story's, whatever request showed it).
@functools.lru_cache(maxsize=8192)
def _joined(items: tuple[str, ...], limit: int, sep: str) -> str:
    out: list[str] = []
    used = 0
    for i, item in enumerate(items):
        piece = safe(item, limit, single_line=True)
        extra = len(sep) if out else 0
        rest = len(items) - i - 1
        tail = f"{sep}{ELLIPSIS} and {rest} more" if rest else ""
        if used + extra + len(piece) + len(tail) > limit:
            remaining = len(items) - i
            more = f"{ELLIPSIS} and {remaining} more"
            return (sep.join(out) + (sep if out else "") + more)[:limit]
        out.append(piece)
        used += extra + len(piece)
    return sep.join(out)


def plain(text: str | None, limit: int) -> str:
    """For places Discord shows without markdown (autocomplete names, button labels, menu
    options): control and bidi characters dropped, one line, mentions neutralised (they never
    ping there, but must not even look live), cut to `limit` on a word boundary."""
    if not text:
        return ""
    text = _SPACES.sub(" ", _CONTROL.sub("", text.replace("\n", " "))).strip()
    return trim(unmention(text), limit)

"""Fixed option choices shared by several commands: the ten moods and reading lengths."""

from __future__ import annotations

from discord import app_commands

from bot.vocabulary import MOODS

MOOD_CHOICES = [app_commands.Choice(name=m, value=m) for m in MOODS]

# length choice -> (min words, max words)
LENGTHS: dict[str, tuple[int | None, int | None]] = {
    "short": (None, 4999),
    "medium": (5000, 30000),
    "long": (30001, None),
}
LENGTH_CHOICES = [
    app_commands.Choice(name="short (under 5,000 words)", value="short"),
    app_commands.Choice(name="medium (5,000–30,000 words)", value="medium"),
    app_commands.Choice(name="long (over 30,000 words)", value="long"),
]

# Every command that answers with stories takes it: a private reply (only the asker sees it)
# whatever the server's default.
PRIVATE = "only you see the answer"

SORT = "how the list is ordered (a menu under it changes it too)"
# How a list may be ordered (bot.search.model.LIST_ORDERS), for the list commands.
SORT_CHOICES = [
    app_commands.Choice(name="best match", value="best"),
    app_commands.Choice(name="newest first", value="newest"),
    app_commands.Choice(name="longest first", value="words"),
    app_commands.Choice(name="title A–Z", value="title"),
]

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

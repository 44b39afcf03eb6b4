"""/settings: what a moderator's options change."""

from __future__ import annotations

from bot.state import GuildSettings
from cogs.settings import apply_changes, split_tags


def test_settings_changes():
    settings = GuildSettings(1, excluded_tags=["Major Character Death"])
    changed = apply_changes(settings, rating="general", exclude="rape/non-con;  Gore ,gore",
                            allow="major character death", nsfw="mature", replies="private")
    assert changed.rating_max == "general" and not changed.public_replies
    assert changed.excluded_tags == ["rape/non-con", "Gore"]
    assert changed.allow_mature_nsfw and not changed.allow_explicit_nsfw
    assert split_tags(" , ,") == []

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


def test_not_rated_setting():
    settings = GuildSettings(1)
    assert settings.not_rated == "hide"
    changed = apply_changes(settings, rating=None, exclude=None, allow=None, nsfw=None,
                            replies=None, not_rated="estimate")
    assert changed.not_rated == "estimate"
    same = apply_changes(changed, rating=None, exclude=None, allow=None, nsfw=None,
                         replies=None, not_rated="anything else")
    assert same.not_rated == "estimate"

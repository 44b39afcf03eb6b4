"""/settings: what a moderator's options change."""

from __future__ import annotations

from bot.state import GuildSettings
from cogs.settings import apply_changes, change_channels, channels_text, split_tags


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


def test_answer_channels_change():
    settings = GuildSettings(1)
    change_channels(settings, answer_in=5, stop_answering_in=None, answer_everywhere=None)
    change_channels(settings, answer_in=7, stop_answering_in=None, answer_everywhere=None)
    change_channels(settings, answer_in=5, stop_answering_in=None, answer_everywhere=None)
    assert settings.channels == [5, 7] and channels_text(settings) == "<#5>, <#7>"
    change_channels(settings, answer_in=None, stop_answering_in=5, answer_everywhere=None)
    assert settings.channels == [7] and not settings.answers_in(5)
    change_channels(settings, answer_in=9, stop_answering_in=None, answer_everywhere=True)
    assert settings.channels == [9]  # everywhere first, then the one named
    change_channels(settings, answer_in=None, stop_answering_in=None, answer_everywhere=True)
    assert channels_text(settings) == "every channel" and settings.answers_in(123)

"""Reading a Discord channel: its age-restricted flag (threads ask their parent), DMs."""

from __future__ import annotations

from types import SimpleNamespace

from bot.state import GuildSettings
from cogs.utils.limits import ceiling, is_age_restricted


def channel(nsfw: bool, parent=None):
    return SimpleNamespace(is_nsfw=lambda: nsfw, parent=parent)


def test_dm_ceiling_is_teen_whatever_the_settings():
    assert ceiling(GuildSettings(1, "mature"), in_guild=False, age_restricted=True) == "teen"
    assert ceiling(None, in_guild=True, age_restricted=True) == "teen"


def test_threads_inherit_their_parents_flag():
    assert is_age_restricted(channel(False, parent=channel(True)))
    assert not is_age_restricted(channel(True, parent=channel(False)))
    assert is_age_restricted(channel(True))
    assert not is_age_restricted(SimpleNamespace())  # a DM channel has no flag
    assert not is_age_restricted(None)

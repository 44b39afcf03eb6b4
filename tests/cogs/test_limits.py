"""Rating ceilings: server settings x channel kind."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from bot.state import GuildSettings
from cogs.utils.limits import allowed, ceiling, is_age_restricted


def channel(nsfw: bool, parent=None):
    return SimpleNamespace(is_nsfw=lambda: nsfw, parent=parent)


@pytest.mark.parametrize(("rating_max", "mature", "explicit", "restricted", "expected"), [
    ("teen", True, True, False, "teen"),
    ("teen", True, True, True, "explicit"),
    ("mature", True, True, False, "mature"),       # the server allows mature everywhere
    ("explicit", True, True, False, "mature"),     # explicit never in ordinary channels
    ("general", True, False, True, "mature"),
    ("general", False, False, True, "general"),    # nsfw channels no looser than the rest
    ("teen", False, True, True, "explicit"),
])
def test_guild_ceilings(rating_max, mature, explicit, restricted, expected):
    settings = GuildSettings(1, rating_max, mature, explicit)
    assert ceiling(settings, in_guild=True, age_restricted=restricted) == expected


def test_dm_ceiling_is_teen_whatever_the_settings():
    assert ceiling(GuildSettings(1, "mature"), in_guild=False, age_restricted=True) == "teen"
    assert ceiling(None, in_guild=True, age_restricted=True) == "teen"


def test_threads_inherit_their_parents_flag():
    assert is_age_restricted(channel(False, parent=channel(True)))
    assert not is_age_restricted(channel(True, parent=channel(False)))
    assert is_age_restricted(channel(True))
    assert not is_age_restricted(SimpleNamespace())  # a DM channel has no flag
    assert not is_age_restricted(None)


def test_allowed_counts_not_rated_as_mature_and_unknown_as_explicit():
    assert allowed("general", "teen") and allowed("teen", "teen")
    assert not allowed("not-rated", "teen") and allowed("not-rated", "mature")
    assert not allowed("explicit", "mature") and allowed("explicit", "explicit")
    assert not allowed("weird", "mature")

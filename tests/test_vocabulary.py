"""The vocabulary's rules: rating order, where each rating may be shown, relationship keys."""

from __future__ import annotations

import pytest

from bot.state import GuildSettings
from bot.vocabulary import RelationshipKey, allowed, channel_ceiling, ratings_within


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
    assert channel_ceiling(rating_max, allow_mature_nsfw=mature, allow_explicit_nsfw=explicit,
                           in_guild=True, age_restricted=restricted) == expected
    settings = GuildSettings(1, rating_max, mature, explicit)
    assert settings.ceiling(age_restricted=restricted) == expected




@pytest.mark.parametrize("stored", ["", "EXPLICIT", "nc-17", "not-rated", None])
def test_a_damaged_stored_ceiling_is_the_default_everywhere(stored):
    """The commands and the daily post read a stored setting through one function, so a
    corrupt value can never open mature stories in ordinary channels."""
    assert channel_ceiling(stored, allow_mature_nsfw=False, allow_explicit_nsfw=False,
                           in_guild=True, age_restricted=False) == "teen"


def test_direct_messages_are_teen_whatever_the_settings():
    assert channel_ceiling("mature", allow_mature_nsfw=True, allow_explicit_nsfw=True,
                           in_guild=False, age_restricted=True) == "teen"


def test_allowed_counts_not_rated_as_mature_and_unknown_as_explicit():
    assert allowed("general", "teen") and allowed("teen", "teen")
    assert not allowed("not-rated", "teen") and allowed("not-rated", "mature")
    assert not allowed("explicit", "mature") and allowed("explicit", "explicit")
    assert not allowed("weird", "mature")
    assert ratings_within("teen") == ("general", "teen")
    assert ratings_within("mature") == ("general", "teen", "mature", "not-rated")


def test_relationship_keys_ignore_order_and_round_trip_their_label():
    key = RelationshipKey.of(["Spike", "Buffy Summers"])
    assert key == RelationshipKey.of(["Buffy Summers", "Spike", " Spike "])
    assert key.label == "Buffy Summers/Spike"
    assert RelationshipKey.parse(key.label) == key
    friends = RelationshipKey.parse("Xander Harris & Dawn Summers")
    assert friends.kind == "platonic" and friends.members == ("Dawn Summers", "Xander Harris")
    assert friends.other_kind().label == "Dawn Summers/Xander Harris"

"""The card controls' and list menus' custom ids: within Discord's 100 characters, each
matched by exactly one template, and hostile ids matched by none."""

from __future__ import annotations

from dataclasses import replace

import discord

from cogs.exclude import LiftSelect, find_rule, rule_value
from cogs.utils.controls import (
    CONTROL_ITEMS,
    DeleteButton,
    HideButton,
    UnhideButton,
    story_reply,
)
from cogs.utils.menus import MENU_ITEMS, OpenSelect, SortSelect
from cogs.utils.recommended import RemoveRecommendationButton
from cogs.utils.replies import Place
from cogs.utils.views import (
    CUSTOM_ID_MAX,
    DYNAMIC_ITEMS,
    AnotherButton,
    ReadButton,
    SaveButton,
    StoryButton,
)
from tests.support.cards import card

ALL = (*DYNAMIC_ITEMS, *CONTROL_ITEMS, *MENU_ITEMS, LiftSelect)


def test_longest_custom_ids_fit_and_match_exactly_one_template():
    items = [HideButton("s" * 40), UnhideButton("s" * 40), DeleteButton(2**64 - 1),
             OpenSelect("card"), OpenSelect("read"), SortSelect(2**63 - 1, "words"),
             LiftSelect("server")]
    for item in items:
        custom_id = item.custom_id
        assert len(custom_id) <= CUSTOM_ID_MAX, custom_id
        owners = [cls for cls in ALL if cls.__discord_ui_compiled_template__.fullmatch(custom_id)]
        assert owners == [type(item)], custom_id


def test_hostile_ids_do_not_match():
    for bad in ("sb:hide:../x", "sb:delete:abc", "sb:open:write", "sb:sort:1x", "sb:lift:all",
                "sb:delete:" + "1" * 21):
        assert not any(c.__discord_ui_compiled_template__.fullmatch(bad) for c in ALL), bad


async def test_story_buttons_keep_the_templates_old_messages_carry():
    """Each story button answers exactly the ids it sent before sharing StoryButton; the base
    itself is never registered (its catch-all template would take every story button)."""
    story = r"(?P<story>[A-Za-z0-9_-]{1,40})"
    before = {ReadButton: "read", SaveButton: "save", HideButton: "hide",
              UnhideButton: "unhide", RemoveRecommendationButton: "unrec"}
    for cls, action in before.items():
        assert cls.__discord_ui_compiled_template__.pattern == f"sb:{action}:{story}"
        for old in (f"sb:{action}:a", f"sb:{action}:{'Az09_-' * 6}abcd"):
            match = cls.__discord_ui_compiled_template__.fullmatch(old)
            assert match is not None, old
            assert (await cls.from_custom_id(None, None, match)).custom_id == old
    assert StoryButton not in ALL


def test_rule_values_fit_a_menu_and_find_their_rule():
    long = ("ship", "A" * 80 + "/" + "B" * 80)
    rules = [("tag", "grief"), long]
    assert rule_value("tag", "grief") == "tag:grief"
    assert len(rule_value(*long)) <= 100
    assert find_rule(rules, rule_value(*long)) == long
    assert find_rule(rules, "tag:nothing") is None


def items_view(*items: discord.ui.Item) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    for item in items:
        view.add_item(item)
    return view


async def test_a_cards_buttons_are_sent_as_discord_py_makes_them():
    """A card's buttons go out as the component dicts discord.py makes of its DynamicItems
    (the same rows of five, the same labels, emoji, styles and custom ids), for every kind of
    card; each reply gets its own dicts."""
    place = Place(guild_id=1, channel_id=2, settings=None, ceiling="teen",
                  age_restricted=False, ephemeral=False, user_id=77)
    credits = {"abc123def456": ((5, "a note"),)}
    for request_id in (None, 42):
        for credited in (False, True):
            for ephemeral in (False, True):
                here = replace(place, ephemeral=ephemeral,
                               credits=credits if credited else {})
                reply = story_reply(card(), here, request_id=request_id)
                expected = [*([AnotherButton(request_id)] if request_id is not None else []),
                            ReadButton("abc123def456"), SaveButton("abc123def456"),
                            HideButton("abc123def456"),
                            *([RemoveRecommendationButton("abc123def456")] if credited else []),
                            *([] if ephemeral else [DeleteButton(77)])]
                assert reply.view is not None
                sent = reply.view.to_components()
                assert sent == items_view(*expected).to_components()
                assert [len(row["components"]) for row in sent] == (
                    [5, len(expected) - 5] if len(expected) > 5 else [len(expected)])
    first, second = (story_reply(card(), place, request_id=1).view for _ in range(2))
    assert first is not None and second is not None
    one, other = first.to_components(), second.to_components()
    assert one == other
    shared = {id(d) for row in one for b in row["components"] for d in (b, b.get("emoji"))}
    assert not shared & {id(d) for row in other for b in row["components"]
                         for d in (b, b.get("emoji"))}

"""Button custom ids: within Discord's 100 characters and parsed back by their templates."""

from __future__ import annotations

import discord

from cogs.utils.views import (
    CUSTOM_ID_MAX,
    DYNAMIC_ITEMS,
    AnotherButton,
    ListPageButton,
    ReaderPageButton,
    SaveButton,
    UnshelveButton,
    card_view,
    page_footer,
    pager_row,
)

LONGEST_STORY = "s" * 40
LONGEST_USER = 2**64 - 1
LONGEST_REQUEST = 2**63 - 1


def test_longest_custom_ids_fit_and_match_exactly_one_template():
    items = [AnotherButton(LONGEST_REQUEST), SaveButton(LONGEST_STORY),
             ReaderPageButton(LONGEST_USER, LONGEST_STORY, 99999, "n"),
             ListPageButton(LONGEST_REQUEST, 999999, "p"),
             UnshelveButton(LONGEST_REQUEST, 999999, LONGEST_STORY, "x" * 200)]
    for item in items:
        custom_id = item.custom_id
        assert len(custom_id) <= CUSTOM_ID_MAX, custom_id
        owners = [cls for cls in DYNAMIC_ITEMS
                  if cls.__discord_ui_compiled_template__.fullmatch(custom_id)]
        assert owners == [type(item)]
    assert len(items[-1].item.label) <= 80


async def test_templates_rebuild_the_same_button():
    original = ReaderPageButton(42, "abc123def456", 3, "p")
    match = ReaderPageButton.__discord_ui_compiled_template__.fullmatch(original.custom_id)
    rebuilt = await ReaderPageButton.from_custom_id(None, None, match)
    assert (rebuilt.user_id, rebuilt.story_id, rebuilt.page) == (42, "abc123def456", 3)


def test_hostile_ids_do_not_match():
    for bad in ("sb:save:../../etc", "sb:another:12x", "sb:page:1:abc:1:z", "sb:save:" + "a" * 41,
                "xsb:save:abc"):
        assert not any(c.__discord_ui_compiled_template__.fullmatch(bad) for c in DYNAMIC_ITEMS)


def custom_ids(view: discord.ui.View) -> list[str]:
    return [part["custom_id"] for row in view.to_components() for part in row["components"]]


def test_card_view_has_another_only_with_a_request():
    assert custom_ids(card_view("abc")) == ["sb:read:abc", "sb:save:abc"]
    assert custom_ids(card_view("abc", 7)) == ["sb:another:7", "sb:read:abc", "sb:save:abc"]


def test_pager_ends_are_disabled_and_ids_unique():
    view = discord.ui.View()
    pager_row(view, 5, 0, 12)
    back, forward = view.children
    assert back.item.disabled and not forward.item.disabled
    assert back.custom_id != forward.custom_id
    view = discord.ui.View()
    pager_row(view, 5, 10, 12)
    back, forward = view.children
    assert not back.item.disabled and forward.item.disabled
    assert forward.custom_id == "sb:list:5:10:n"
    view = discord.ui.View()
    pager_row(view, 5, 0, 5)
    assert not view.children
    assert page_footer(10, 12) == "Page 3 of 3" and page_footer(0, 0) == "Page 1 of 1"

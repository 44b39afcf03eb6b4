"""The card controls' and list menus' custom ids: within Discord's 100 characters, each
matched by exactly one template, and hostile ids matched by none."""

from __future__ import annotations

from cogs.exclude import LiftSelect, find_rule, rule_value
from cogs.utils.controls import CONTROL_ITEMS, DeleteButton, HideButton, UnhideButton
from cogs.utils.menus import MENU_ITEMS, OpenSelect, SortSelect
from cogs.utils.recommended import RemoveRecommendationButton
from cogs.utils.views import CUSTOM_ID_MAX, DYNAMIC_ITEMS, ReadButton, SaveButton, StoryButton

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

"""List pages and the "nothing found" answer fit and ping no one."""

from __future__ import annotations

from cogs.utils.lists import list_embed, nothing_found
from cogs.utils.safety import CONTENT
from tests.support.cards import HOSTILE, LIVE_MENTION, card, limits_hold, no_live_mentions


def test_list_pages_fit():
    cards = [card(id=f"id{i}") for i in range(5)]
    embed = list_embed("A title " * 50, cards, 10, 500,
                       fields=[("Ship names", "x" * 5000), ("Related", "")])
    limits_hold(embed)
    no_live_mentions(embed)
    assert embed.description.startswith("**11.** ")


def test_nothing_found_is_friendly_and_short():
    text = nothing_found("“x”", [HOSTILE] * 10)
    assert len(text) <= CONTENT and "Maybe one of these?" in text
    assert not LIVE_MENTION.search(text)
    assert "Try a pairing" in nothing_found("“x”", ())

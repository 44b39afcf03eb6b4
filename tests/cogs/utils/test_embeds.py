"""Story cards stay inside Discord's limits and ping no one."""

from __future__ import annotations

from cogs.utils.embeds import story_embed
from tests.support.cards import HOSTILE, card, limits_hold, no_live_mentions


def test_a_hostile_card_fits_and_pings_no_one():
    embed = story_embed(card(), excerpt=HOSTILE * 20, reasons=(HOSTILE,) * 5)
    limits_hold(embed)
    no_live_mentions(embed)
    assert embed.url is None  # not an http(s) link
    assert "\\*\\*" in embed.title

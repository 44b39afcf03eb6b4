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


def test_a_card_laid_out_before_shows_what_it_holds_now():
    """A card's layout is kept by story id: a card of that id that differs (a rebuilt
    catalog's, one a server credits) is laid out again, and every reply gets its own embed."""
    first = card(title="First Title")
    assert story_embed(first).title == "First Title"
    again = card(title="Second Title", recommended_by=((7, "a favourite"),))
    assert again.id == first.id
    embed = story_embed(again, reasons=("sad",))
    assert embed.title == "Second Title"
    assert [f.name for f in embed.fields][-2:] == ["Why this one", "Recommended by"]
    other = story_embed(again, reasons=("sad",))
    assert other is not embed and other.to_dict() == embed.to_dict()
    other.add_field(name="extra", value="only here")
    assert len(story_embed(again).fields) == len(embed.fields) - 1  # no "Why this one"
    assert "extra" not in [f.name for f in embed.fields]

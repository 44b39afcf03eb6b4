"""Cards, reader pages, lists and autocomplete choices stay inside Discord's limits."""

from __future__ import annotations

import discord

from bot.search.model import CardRelationship, StoryCard
from bot.state import GuildSettings
from bot.vocabulary import RelationshipKey
from cogs.settings import apply_changes, split_tags
from cogs.utils.embeds import story_embed
from cogs.utils.lists import list_embed, nothing_found
from cogs.utils.reader import PAGE_CHARS, page_embed, paginate
from cogs.utils.replies import InFlight
from cogs.utils.safety import CONTENT, EMBED_TOTAL
from cogs.utils.suggest import choices

HOSTILE = "**@everyone** <@123456789012345678> _x_ `y` ||z|| > q " * 40
HOSTILE_PAIR = CardRelationship(RelationshipKey.of([HOSTILE, HOSTILE + "2"]))


def card(**changes) -> StoryCard:
    values = dict(
        id="abc123def456", title=HOSTILE, authors=(HOSTILE,) * 30, fandoms=(HOSTILE,) * 30,
        relationships=(HOSTILE_PAIR,) * 60, characters=(HOSTILE,) * 60, rating="teen",
        warnings=(HOSTILE,) * 20, tags=(HOSTILE,) * 200, moods=(("angst", 0.9),),
        status="in-progress", chapters_posted=3, chapters_total=None, words=123456,
        summary=HOSTILE * 10, url="javascript:alert(1)", published=None, updated=None)
    values.update(changes)
    return StoryCard(**values)


def limits_hold(embed: discord.Embed) -> None:
    data = embed.to_dict()
    assert len(embed) <= EMBED_TOTAL
    assert len(data.get("title", "")) <= 256 and len(data.get("description", "")) <= 4096
    assert len(data.get("fields", [])) <= 25
    for field in data.get("fields", []):
        assert 0 < len(field["name"]) <= 256 and 0 < len(field["value"]) <= 1024
    assert len(data.get("footer", {}).get("text", "")) <= 2048
    assert len(data.get("author", {}).get("name", "")) <= 256


def no_live_mentions(embed: discord.Embed) -> None:
    text = str(embed.to_dict())
    assert "@everyone" not in text and "<@1234" not in text


def test_a_hostile_card_fits_and_pings_no_one():
    embed = story_embed(card(), excerpt=HOSTILE * 20, reasons=(HOSTILE,) * 5)
    limits_hold(embed)
    no_live_mentions(embed)
    assert embed.url is None  # not an http(s) link
    assert "\\*\\*" in embed.title


def test_reader_pages_fit_once_escaped_and_lose_nothing():
    text = "\n\n".join(f"Paragraph {i}. " + "*star* _under_ " * 60 for i in range(30))
    pages = paginate(text)
    assert all(len(p) <= PAGE_CHARS for p in pages)
    assert "".join("".join(p.split()) for p in pages) == "".join(text.split())
    for number in range(len(pages)):
        embed = page_embed(card(), pages, number)
        limits_hold(embed)
        assert embed.footer.text == f"Page {number + 1} of {len(pages)}"
    assert paginate("   ") == ["(This story has no text in the catalog.)"]
    one_word = paginate("x" * 5000)
    assert all(len(p) <= PAGE_CHARS for p in one_word) and "".join(one_word) == "x" * 5000


def test_list_pages_fit():
    cards = [card(id=f"id{i}") for i in range(5)]
    embed = list_embed("A title " * 50, cards, 10, 500,
                       fields=[("Ship names", "x" * 5000), ("Related", "")])
    limits_hold(embed)
    no_live_mentions(embed)
    assert embed.description.startswith("**11.** ")


def test_nothing_found_is_friendly_and_short():
    text = nothing_found("“x”", [HOSTILE] * 10)
    assert len(text) <= CONTENT and "Maybe one of these?" in text and "@everyone" not in text
    assert "Try a pairing" in nothing_found("“x”", ())


def test_choices_are_trimmed_deduplicated_and_capped():
    found = [(f"{'long ' * 40}{i}\n\u202e", f"value-{i % 30}" + "v" * 200) for i in range(60)]
    out = choices(found)
    assert len(out) == 25
    assert all(0 < len(c.name) <= 100 and len(c.value) <= 100 for c in out)
    assert all("\n" not in c.name and "\u202e" not in c.name for c in out)
    assert len({c.value for c in out}) == 25
    assert choices([("", "")]) == []


def test_settings_changes():
    settings = GuildSettings(1, excluded_tags=["Major Character Death"])
    changed = apply_changes(settings, rating="general", exclude="rape/non-con;  Gore ,gore",
                            allow="major character death", nsfw="mature", replies="private")
    assert changed.rating_max == "general" and not changed.public_replies
    assert changed.excluded_tags == ["rape/non-con", "Gore"]
    assert changed.allow_mature_nsfw and not changed.allow_explicit_nsfw
    assert split_tags(" , ,") == []


def test_in_flight_guard_allows_one_job_per_user():
    guard = InFlight()
    with guard.claim(1) as first:
        assert first
        with guard.claim(1) as second, guard.claim(2) as other:
            assert not second and other
        assert guard.busy(1)
    assert not guard.busy(1)

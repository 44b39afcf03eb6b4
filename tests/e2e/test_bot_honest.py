"""Honest answers end to end: a near miss says so first, stories the channel may not show are
counted with where to ask for them, the not-rated setting, and a fandom the catalog lacks.
Every body the bot sends is checked by the stand-in against Discord's limits."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.catalog.ingest import ingest
from cogs.utils.embeds import RATING_COLOURS
from tests.e2e import bot_harness
from tests.e2e.bot_harness import STORIES, add_readers, hostile_story_dir, running_bot

catalog = bot_harness.catalog  # fixtures shared by the test_bot_* modules
storybot = bot_harness.storybot

# A story that states no rating and reads as explicit: never shown by its estimate.
UNRATED_HEAT = """Title: Motel Heat
Author: nightshade
Fandom: Buffy the Vampire Slayer
Pairing: Faith/Xander

Faith kicked the motel door shut. Xander's erection strained against his jeans and she
laughed, pushed him onto the bed and took her time; his orgasm, when it came, left him
staring at the ceiling.
"""


async def ask(double, command, user="buffy", channel="library", **options):
    asked = await double.slash(double.guild, channel, user, command, **options)
    return await asked.message()


async def test_a_near_miss_says_first_that_nothing_meets_it_all(discord_double, storybot):
    shown = await ask(discord_double, "rec", request="spuffy horror")
    assert shown.content.startswith("nothing is both spuffy and horror; closest, but not "
                                    "horror:")
    embed = shown.embeds[0]
    assert {f["name"]: f["value"] for f in embed["fields"]}["Pairing"] == "Buffy Summers/Spike"
    why = {f["name"]: f["value"] for f in embed["fields"]}["Why this one"]
    assert why.startswith("spuffy") and "horror" not in why  # what it does meet
    # a request it meets in full has no such line
    whole = await ask(discord_double, "rec", request="sad spuffy", user="willow")
    assert not (whole.content or "").startswith("nothing is")


async def test_stories_above_the_ceiling_are_counted_with_where_to_ask(discord_double,
                                                                      storybot):
    shown = await ask(discord_double, "rec", request="stucky")  # only a Mature story has it
    assert not shown.embeds
    assert "1 story that fits better is rated above what this channel shows (1 mature)" \
        in shown.content
    assert "age-restricted channel" in shown.content and "/settings" in shown.content
    restricted = await ask(discord_double, "rec", request="stucky", channel="after-dark",
                           user="willow")
    assert restricted.embeds and "rated above" not in (restricted.content or "")
    # an explicit rating asked for ("smut" asks for sexual content, which no HP story has)
    explicit = await ask(discord_double, "rec", request="explicit hp", user=add_readers(
        discord_double, 1)[0])
    assert "(1 explicit)" in explicit.content
    assert "explicit ones only in an age-restricted channel" in explicit.content
    for embed in explicit.embeds:
        assert embed["color"] != RATING_COLOURS["explicit"].value


async def test_a_fandom_the_catalog_lacks_is_said_not_ignored(discord_double, storybot):
    shown = await ask(discord_double, "rec", fandom="Naruto")
    assert not shown.embeds
    assert "no fandom “Naruto” in the catalog" in shown.content
    typo = await ask(discord_double, "rec", fandom="Buffy the Vampire Slayr", user="willow")
    assert typo.embeds  # a misspelt fandom the catalog has is that fandom
    fields = {f["name"]: f["value"] for f in typo.embeds[0]["fields"]}
    assert fields["Fandom"] == "Buffy the Vampire Slayer"


@pytest.fixture
async def unrated_bot(discord_double, tmp_path: Path):
    folder = tmp_path / "unrated"
    folder.mkdir()
    (folder / "header-motel-heat.txt").write_text(UNRATED_HEAT, encoding="utf-8")
    db = tmp_path / "catalog.db"
    ingest([str(STORIES), str(hostile_story_dir(tmp_path)), str(folder)], db, workers=1)
    async with running_bot(discord_double, db, tmp_path / "state.db") as bot:
        yield bot


async def test_the_not_rated_setting(discord_double, unrated_bot):
    hidden = await ask(discord_double, "rec", request="fuffy")  # a not-rated tumblr ficlet
    assert not hidden.embeds and "not rated" in hidden.content.lower()
    assert "/settings not_rated" in hidden.content
    saved = await ask(discord_double, "settings", not_rated="estimate")
    fields = {f["name"]: f["value"] for f in saved.embeds[0]["fields"]}
    assert fields["Not-rated stories"].startswith("shown when their text reads as teen")
    shown = await ask(discord_double, "rec", request="fuffy", user="willow")
    embed = shown.embeds[0]
    rating = {f["name"]: f["value"] for f in embed["fields"]}["Rating"]
    assert rating == "Not rated (reads as general)"
    # a not-rated story whose text reads as explicit is never shown outside age-restricted
    # channels, whatever the setting
    readers = add_readers(discord_double, 2)
    heat = await ask(discord_double, "rec", request="faith/xander", user=readers[0])
    assert not any(e["title"] == "Motel Heat" for e in heat.embeds)
    nsfw = await ask(discord_double, "rec", request="faith/xander", channel="after-dark",
                     user=readers[1])
    assert nsfw.embeds[0]["title"] == "Motel Heat"
    # nor where the server lets ordinary channels show mature stories (not-rated counts as
    # mature there): its text reads as explicit, and explicit stays age-restricted
    await ask(discord_double, "settings", rating="mature", not_rated="hide")
    readers = add_readers(discord_double, 2)
    mature = await ask(discord_double, "rec", request="faith/xander", user=readers[0])
    assert not any(e["title"] == "Motel Heat" for e in mature.embeds)
    assert "1 explicit" in (mature.content or "")
    listed = await ask(discord_double, "pairing", pairing="faith/xander", user=readers[1])
    assert "Motel Heat" not in str(listed.embeds) + (listed.content or "")


async def test_long_requests_stay_within_discord_limits(discord_double, storybot):
    words = ("spuffy horror under 300 words wip m/m crossover not btvs no angst fake dating "
             "in 5 minutes teen rated longest elevator stuck zxqv " * 4)[:200]
    shown = await ask(discord_double, "rec", request=words)
    assert shown.content and len(shown.content) <= 2000
    assert all(len(e.get("footer", {}).get("text", "")) <= 2048 for e in shown.embeds)


async def test_autocomplete_knows_nicknames_abbreviations_and_typos(discord_double, storybot):
    async def offered(command, focused, typed):
        asked = await discord_double.autocomplete(discord_double.guild, "library", "buffy",
                                                  command, focused=focused, **{focused: typed})
        choices = await asked.choices()
        assert len(choices) <= 25
        assert all(len(c["name"]) <= 100 and len(c["value"]) <= 100 for c in choices)
        return choices

    assert (await offered("rec", "character", "red"))[0]["value"] == "Willow Rosenberg"
    assert (await offered("rec", "fandom", "btvs"))[0]["value"] == "Buffy the Vampire Slayer"
    assert (await offered("rec", "pairing", "dawnie"))[0]["value"] == "Dawn Summers & Spike"
    assert (await offered("story", "title", "evry blub"))[0]["name"] == "Every Bulb But One"

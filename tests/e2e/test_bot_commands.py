"""Every slash command and autocomplete of the real StoryBot, through the Discord stand-in."""

from __future__ import annotations

import asyncio

from bot.search.engine import Filters
from cogs.utils.embeds import RATING_COLOURS
from tests.e2e import bot_harness

catalog = bot_harness.catalog  # fixtures shared by the test_bot_* modules
storybot = bot_harness.storybot

LIBRARY = "library"


async def ask(double, command, user="buffy", channel=LIBRARY, **options):
    guild = None if channel is None else double.guild
    asked = await double.slash(guild, channel, user, command, **options)
    return asked, await asked.message()


async def test_rec_answers_with_a_full_card(discord_double, storybot):
    asked, shown = await ask(discord_double, "rec", request="sad spuffy")
    embed = shown.embeds[0]
    assert embed["title"] == "Every Bulb But One"
    assert embed["url"].startswith("https://archiveofourown.org/")
    assert embed["author"]["name"] == "by bleachedpeaches"
    assert embed["color"] == RATING_COLOURS["teen"].value
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert fields["Pairing"] == "Buffy Summers/Spike"
    assert "577 words" in fields["Length"] and fields["Status"] == "Complete"
    assert fields["Why this one"] == "spuffy · sad"  # why, in the request's words
    assert embed["description"]  # the excerpt
    assert not shown.ephemeral
    another, read, save, hide, delete = shown.custom_ids()
    assert hide.startswith("sb:hide:") and delete.startswith("sb:delete:")
    assert another.startswith("sb:another:") and read.startswith("sb:read:")
    assert save.startswith("sb:save:")
    sent = (await asked.callback_request()).json
    assert sent["data"]["allowed_mentions"] == {"parse": []}


async def test_answers_do_not_ask_discord_to_echo_the_message(discord_double, storybot):
    # the echo (with_response) is a few KB of JSON per card that discord.py would decode into
    # a Message nobody reads; the very same body, answered 204 No Content
    asked, shown = await ask(discord_double, "rec", request="sad spuffy")
    assert shown.embeds
    answered = await asked.callback_request()
    assert "with_response" not in answered.query
    assert answered.status == 204 and answered.json["type"] == 4


async def test_rec_with_explicit_options(discord_double, storybot):
    _, shown = await ask(discord_double, "rec", pairing="Tara Maclay/Willow Rosenberg",
                         mood="fluff", complete=True, length="short")
    fields = {f["name"]: f["value"] for f in shown.embeds[0]["fields"]}
    assert "Tara Maclay/Willow Rosenberg" in fields["Pairing"]
    assert fields["Status"] == "Complete"


async def test_a_request_that_matches_nothing_gets_a_friendly_answer(discord_double, storybot):
    _, shown = await ask(discord_double, "rec", request="something about submarines on mars")
    assert not shown.embeds and not shown.components
    assert shown.content.startswith("I couldn't find anything for “something about")
    assert "Maybe one of these?" in shown.content or "Try a pairing" in shown.content


async def test_a_near_miss_says_so_above_the_card(discord_double, storybot):
    _, shown = await ask(discord_double, "rec", pairing="Spike/Xander Harris")
    assert shown.content.startswith("no Spike/Xander Harris in the catalog; nearest:")
    assert shown.embeds


async def test_pairing_by_ship_name_and_with_typos(discord_double, storybot):
    for spelling in ("spuffy", "spkie/bufy"):
        _, shown = await ask(discord_double, "pairing", pairing=spelling)
        embed = shown.embeds[0]
        assert embed["title"].startswith("Buffy Summers/Spike — "), embed["title"]
        assert "Every Bulb But One" in embed["description"]
        names = [f["name"] for f in embed["fields"]]
        assert "Ship names" in names
    _, shown = await ask(discord_double, "pairing", pairing="Zuko/Legolas")
    assert shown.content.startswith("I couldn't find anything for")


async def test_character_mood_random_and_story(discord_double, storybot):
    _, shown = await ask(discord_double, "character", name="Red")
    assert shown.embeds[0]["title"].startswith("Willow Rosenberg — ")
    _, shown = await ask(discord_double, "mood", mood="fluff")
    assert shown.embeds[0]["title"].startswith("Mood: fluff — ")
    assert shown.embeds[0]["description"].startswith("**1.** ")
    _, shown = await ask(discord_double, "random", mood="romance", user="willow")
    assert shown.embeds[0]["title"] and shown.custom_ids()[0].startswith("sb:another:")
    _, shown = await ask(discord_double, "story", title="Every Bulb But One", user="willow")
    assert shown.embeds[0]["title"] == "Every Bulb But One"
    assert [c.split(":")[1] for c in shown.custom_ids()] == ["read", "save", "hide", "delete"]


async def test_list_paging_is_for_the_asker_only(discord_double, storybot):
    teen = Filters(rating_max="teen")
    totals = {m: (await storybot.search.by_mood(m, teen, 0, 1))[0]
              for m in ("romance", "fluff", "humor", "angst", "friendship")}
    mood = max(totals, key=totals.__getitem__)
    total = totals[mood]
    assert total > 5, "the sample catalog should have a mood with more than one page"
    _, shown = await ask(discord_double, "mood", mood=mood)
    assert shown.embeds[0]["footer"]["text"].startswith("Page 1 of ")
    back, forward, *_ = shown.custom_ids()
    first_page = shown.embeds[0]["description"]
    refused = await discord_double.click(shown, forward, user="willow")
    assert "Only the person who asked" in (await refused.message()).content
    turned = await discord_double.click(shown, forward)
    assert (await turned.response())["type"] == 7
    assert shown.embeds[0]["footer"]["text"].startswith("Page 2 of ")
    assert shown.embeds[0]["description"] != first_page
    assert shown.embeds[0]["description"].startswith("**6.** ")
    back = shown.custom_ids()[0]
    await (await discord_double.click(shown, back)).response()
    assert shown.embeds[0]["description"] == first_page


async def test_shelf_save_list_and_remove(discord_double, storybot):
    _, shown = await ask(discord_double, "shelf", user="willow")
    assert shown.ephemeral and "Your shelf is empty" in shown.content
    _, card = await ask(discord_double, "rec", request="sad spuffy", user="willow")
    save = card.custom_ids()[2]
    saved = await discord_double.click(card, save, user="willow")
    note = await saved.message()
    assert note.ephemeral and note.content.startswith("Saved **Every Bulb But One**")
    again = await (await discord_double.click(card, save, user="willow")).message()
    assert "already on your shelf" in again.content
    _, shelf = await ask(discord_double, "shelf", user="willow")
    assert shelf.ephemeral and "Every Bulb But One" in shelf.embeds[0]["description"]
    (remove,) = [c for c in shelf.custom_ids() if c.startswith("sb:unshelve:")]
    await (await discord_double.click(shelf, remove, user="willow")).response()
    assert "Your shelf is empty" in shelf.content and not shelf.embeds


async def test_catalog_stats_and_owner_only_reload(discord_double, storybot):
    _, shown = await ask(discord_double, "catalog stats")
    embed = shown.embeds[0]
    assert embed["description"].startswith("37 stories")
    assert "Buffy the Vampire Slayer" in embed["fields"][0]["value"]
    _, refused = await ask(discord_double, "owner reload", user="willow")
    assert refused.ephemeral and refused.content == "Only the bot's owner can do that."
    _, done = await ask(discord_double, "owner reload")
    assert done.ephemeral and done.content == "Reloaded: now serving 37 stories."


async def test_settings_need_manage_server_and_take_effect(discord_double, storybot):
    _, refused = await ask(discord_double, "settings", user="willow", rating="general")
    assert refused.ephemeral and refused.content == "You need **Manage Server** to do that."
    _, shown = await ask(discord_double, "settings")
    assert shown.ephemeral and shown.embeds[0]["title"] == "Server settings"
    _, saved = await ask(discord_double, "settings", rating="general", replies="private",
                         exclude="Grief/Mourning, Christmas")
    fields = {f["name"]: f["value"] for f in saved.embeds[0]["fields"]}
    assert fields["Ordinary channels"] == "up to General" and fields["Replies"] == "private"
    assert fields["Excluded warnings and tags"] == "Grief/Mourning, Christmas"
    # The teen-rated, Christmas-tagged favourite can no longer be shown; replies are private.
    _, card = await ask(discord_double, "rec", request="sad spuffy", user="willow")
    assert card.ephemeral
    assert not card.embeds or card.embeds[0]["title"] != "Every Bulb But One"
    for embed in card.embeds:
        assert embed["color"] == RATING_COLOURS["general"].value
    _, allowed = await ask(discord_double, "settings", allow="christmas")
    fields = {f["name"]: f["value"] for f in allowed.embeds[0]["fields"]}
    assert fields["Excluded warnings and tags"] == "Grief/Mourning"


async def test_cooldown_gives_a_relative_time(discord_double, storybot):
    answers = []
    for _ in range(5):
        _, shown = await ask(discord_double, "pairing", pairing="spuffy", user="willow")
        answers.append(shown)
    assert all(a.embeds for a in answers[:4])
    assert answers[4].ephemeral and answers[4].content.startswith("Easy there")
    assert "<t:" in answers[4].content and answers[4].content.endswith(":R>.")


async def test_every_autocomplete_answers_within_limits(discord_double, storybot):
    guild = discord_double.guild
    cases = [("rec", "pairing", "spu", "Buffy Summers/Spike"),
             ("rec", "character", "wil", "Willow Rosenberg"),
             ("rec", "fandom", "buf", "Buffy the Vampire Slayer"),
             ("pairing", "pairing", "spuffy", "Buffy Summers/Spike"),
             ("character", "name", "cas", "Castiel"),
             ("random", "fandom", "super", "Supernatural"),
             ("story", "title", "every bulb", None)]
    for command, option, typed, expected in cases:
        typing = await discord_double.autocomplete(guild, LIBRARY, "buffy", command,
                                                   **{option: typed})
        choices = await typing.choices()
        assert 0 < len(choices) <= 25, (command, option)
        assert all(0 < len(c["name"]) <= 100 and len(c["value"]) <= 100 for c in choices)
        if expected:
            assert expected in [c["value"] for c in choices], (command, option, choices)
    typing = await discord_double.autocomplete(guild, LIBRARY, "buffy", "story", title="")
    assert len(await typing.choices()) <= 25


async def test_story_by_autocompleted_value(discord_double, storybot):
    typing = await discord_double.autocomplete(discord_double.guild, LIBRARY, "buffy", "story",
                                               title="every bulb")
    choice = (await typing.choices())[0]
    _, shown = await ask(discord_double, "story", title=choice["value"])
    assert shown.embeds[0]["title"] == choice["name"] == "Every Bulb But One"


async def test_dm_replies_use_the_teen_ceiling(discord_double, storybot):
    _, shown = await ask(discord_double, "rec", channel=None, request="fluff")
    assert shown.embeds
    assert shown.embeds[0]["color"] in {RATING_COLOURS["teen"].value,
                                        RATING_COLOURS["general"].value}


async def test_concurrent_commands_all_answer(discord_double, storybot):
    guild = discord_double.guild
    asked = await asyncio.gather(*[
        discord_double.slash(guild, LIBRARY, user, command, **options)
        for user, command, options in [("buffy", "rec", {"request": "angst"}),
                                       ("willow", "pairing", {"pairing": "willow/tara"}),
                                       ("buffy", "mood", {"mood": "humor"}),
                                       ("willow", "random", {})]])
    shown = [await a.message() for a in asked]
    assert all(s.embeds for s in shown), [s.content for s in shown]

"""The NSFW gate, mention escaping and the 3-second deadline, end to end."""

from __future__ import annotations

from cogs.utils.embeds import RATING_COLOURS
from tests.e2e import bot_harness
from tests.e2e.bot_harness import PING_TITLE, HeldSearch, add_readers, walk_strings

catalog = bot_harness.catalog  # fixtures shared by the test_bot_* modules
storybot = bot_harness.storybot
EXPLICIT = "Keep Writing"  # rated Explicit in the sample catalog


async def titles_offered(double, channel, typed, user="buffy"):
    guild = None if channel is None else double.guild
    typing = await double.autocomplete(guild, channel, user, "story", title=typed)
    return [c["name"] for c in await typing.choices()]


async def show(double, channel, command="story", user="buffy", **options):
    return await (await slash(double, channel, command, user, **options)).message()


async def slash(double, channel, command="story", user="buffy", **options):
    guild = None if channel is None else double.guild
    return await double.slash(guild, channel, user, command, **options)


async def explicit_id(bot) -> str:
    (found,) = [v for label, v in await bot.search.autocomplete("title", "keep writing")
                if label == EXPLICIT]
    return found


async def test_explicit_story_only_in_age_restricted_channels(discord_double, storybot):
    for channel in ("library", "library-recs", None):  # ordinary, its thread, a DM
        assert EXPLICIT not in await titles_offered(discord_double, channel, "keep")
        refused = await show(discord_double, channel, title=await explicit_id(storybot))
        assert not refused.embeds, channel
        assert refused.ephemeral and "can't be shown" in refused.content
        typed = await show(discord_double, channel, title=EXPLICIT, user="willow")
        assert not any(e["title"] == EXPLICIT for e in typed.embeds)
    assert EXPLICIT in await titles_offered(discord_double, "after-dark", "keep")
    shown = await show(discord_double, "after-dark", title=await explicit_id(storybot))
    assert shown.embeds[0]["title"] == EXPLICIT
    assert shown.embeds[0]["color"] == RATING_COLOURS["explicit"].value


async def test_rec_never_crosses_the_ceiling(discord_double, storybot):
    limits = {"library": {"general", "teen"}, None: {"general", "teen"},
              "after-dark": {"general", "teen", "mature", "explicit", "not-rated"}}
    colours = {v.value: k for k, v in RATING_COLOURS.items()}
    requests = ("drarry", "smut", "Natasha", "destiel", "spuffy")
    readers = iter(add_readers(discord_double, len(limits) * len(requests)))
    shown = set()
    for channel, allowed in limits.items():
        for request in requests:
            card = await show(discord_double, channel, "rec", user=next(readers),
                              request=request)
            for embed in card.embeds:
                rating = colours[embed["color"]]
                assert rating in allowed, (channel, request, embed["title"])
                shown.add(rating)
    assert "explicit" in shown  # the age-restricted channel does get them


async def test_mentions_in_a_story_ping_no_one(discord_double, storybot):
    choices = await titles_offered(discord_double, "library", "ping bronze")
    # a choice label renders no mention, and does not even look like one
    assert choices and "@\u200beveryone" in choices[0]
    typing = await discord_double.autocomplete(discord_double.guild, "library", "buffy",
                                               "story", title="ping bronze")
    value = (await typing.choices())[0]["value"]
    asked = await slash(discord_double, "library", title=value)
    card = await asked.message()
    embed = card.embeds[0]
    assert embed["title"] == PING_TITLE.replace("@everyone", "@\u200beveryone")
    assert embed["author"]["name"] == "by @\u200bhere"
    assert "<@\u200b123456789012345678>" in embed["description"]
    assert "\\*\\*bold\\*\\*" in embed["description"]
    body = (await asked.callback_request()).json
    assert body["data"]["allowed_mentions"] == {"parse": []}
    for text in walk_strings(body):
        assert "@everyone" not in text and "@here" not in text
        assert "<@1234" not in text
    read = await discord_double.click(card, card.custom_ids()[0])
    reader = await read.message()
    assert "@\u200beveryone" in reader.embeds[0]["description"]
    last = (await read.callback_request()).json
    assert last["data"]["allowed_mentions"] == {"parse": []}


async def test_slow_search_defers_then_answers_in_time(discord_double, storybot):
    """A search still running when the quick-answer window closes is deferred, then answered.
    The search waits for the test and the window is the test's clock: the outcome never
    depends on speed."""
    search = HeldSearch(storybot)
    asked = await discord_double.slash(discord_double.guild, "library", "buffy", "rec",
                                       request="sad spuffy")
    await search.until_begun()
    discord_double.clock.advance(storybot.answer_window)
    assert (await asked.response())["type"] == 5  # deferred, "thinking"
    search.release.set()
    shown = await asked.message(10)
    assert shown.embeds[0]["title"] == "Every Bulb But One"
    card = shown
    search.release.clear()
    clicked = await discord_double.click(card, card.custom_ids()[0])
    await search.until_begun(2)
    discord_double.clock.advance(storybot.answer_window)
    assert (await clicked.response(10))["type"] == 6  # deferred update
    search.release.set()
    await discord_double.wait_for(lambda: card.embeds[0]["title"] != "Every Bulb But One",
                                  within=10, what="the card to change")
    assert not discord_double.expired

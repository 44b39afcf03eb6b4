"""A server's say and a fan's controls, through the real bot and the Discord stand-in: where the
bot answers (the allow-list and its private pointer), Delete for the asker and moderators, the
private option, /help from the command tree, the card's blurb, and list pages whose menus open
a card or the reader and reorder the list."""

from __future__ import annotations

import re

from tests.e2e import bot_harness
from tests.e2e.bot_harness import add_readers, walk_strings

catalog = bot_harness.catalog
storybot = bot_harness.storybot
LIBRARY = "library"


async def ask(double, command, user="buffy", channel=LIBRARY, **options):
    guild = None if channel is None else double.guild
    asked = await double.slash(guild, channel, user, command, **options)
    return await asked.message()


def fields(message) -> dict[str, str]:
    return {f["name"]: f["value"] for f in message.embeds[0].get("fields", [])}


def menu(message, custom_id: str) -> dict:
    for row in message.components:
        for component in row.get("components", []):
            if component.get("custom_id") == custom_id:
                return component
    raise AssertionError(f"no {custom_id} on the message: {message.custom_ids()}")


async def test_help_lists_what_each_member_can_use(discord_double, storybot):
    member = await ask(discord_double, "help", user="willow")
    assert member.ephemeral
    text = member.embeds[0]["description"]
    for usable in ("`/rec`", "`/pairing`", "`/shelf`", "`/exclude tag`", "`/exclude lift`",
                   "`/catalog stats`", "`/help`"):
        assert usable in text, usable
    for hidden in ("/settings", "/server-exclude", "/daily", "/owner"):
        assert hidden not in text, hidden
    owner = (await ask(discord_double, "help", user="buffy")).embeds[0]["description"]
    assert "**For moderators (Manage Server)**" in owner and "`/server-exclude tag`" in owner
    assert "`/daily set`" in owner and "`/settings`" in owner
    assert "**For administrators**" in owner and "`/owner reload`" in owner
    # every command the bot registered that a member may see is listed: nothing hand-kept
    registered = discord_double.registered_commands()
    for command in registered:
        if command["default_member_permissions"] is None:
            assert f"`/{command['name']}" in text, command["name"]
    direct = (await ask(discord_double, "help", user="willow", channel=None)).embeds[0]
    assert "/server-exclude" not in direct["description"]  # server-only: not in DMs


async def test_the_bot_answers_only_where_the_server_says(discord_double, storybot):
    guild = discord_double.guild
    after_dark, library = guild.channel("after-dark"), guild.channel(LIBRARY)
    refused = await ask(discord_double, "settings", user="willow", answer_in=after_dark)
    assert refused.content == "You need **Manage Server** to do that."
    saved = await ask(discord_double, "settings", answer_in=after_dark)
    assert fields(saved)["Answers in"] == f"<#{after_dark.id}>"
    pointer = await ask(discord_double, "rec", user="willow", request="sad spuffy")
    assert pointer.ephemeral and not pointer.embeds
    assert pointer.content.startswith(f"I don't answer in this channel. Ask me in "
                                      f"<#{after_dark.id}>.")
    for command, options in (("pairing", {"pairing": "spuffy"}), ("mood", {"mood": "fluff"}),
                             ("random", {}), ("story", {"title": "Every Bulb But One"}),
                             ("catalog stats", {})):
        elsewhere = await ask(discord_double, command, user="willow", **options)
        assert elsewhere.content.startswith("I don't answer in this channel"), command
    there = await ask(discord_double, "rec", user="willow", channel="after-dark",
                      request="sad spuffy")
    assert there.embeds and not there.ephemeral
    assert (await ask(discord_double, "shelf", user="willow")).ephemeral  # private: anywhere
    assert (await ask(discord_double, "help", user="willow")).embeds
    # a thread counts as its parent channel
    await ask(discord_double, "settings", answer_in=library)
    in_thread = await ask(discord_double, "random", user="willow", channel="library-recs")
    assert in_thread.embeds
    await ask(discord_double, "settings", stop_answering_in=after_dark)
    assert fields(await ask(discord_double, "settings"))["Answers in"] == f"<#{library.id}>"
    pointer = await ask(discord_double, "mood", user="willow", channel="after-dark",
                        mood="angst")
    assert pointer.content.endswith(f"Ask me in <#{library.id}>. (/shelf, /exclude and /help "
                                    "work anywhere, privately.)")
    everywhere = await ask(discord_double, "settings", answer_everywhere=True)
    assert fields(everywhere)["Answers in"] == "every channel"
    assert (await ask(discord_double, "character", user="willow", channel="after-dark",
                      name="Spike")).embeds


async def test_delete_is_for_the_asker_and_moderators(discord_double, storybot):
    (reader, other) = add_readers(discord_double, 2)
    card = await ask(discord_double, "rec", user=reader, request="fluff")
    delete = next(c for c in card.custom_ids() if c.startswith("sb:delete:"))
    refused = await (await discord_double.click(card, delete, user=other)).message()
    assert refused.ephemeral and refused.content.startswith("Only the person who asked")
    assert not card.deleted
    await (await discord_double.click(card, delete, user=reader)).response()
    await discord_double.wait_for(lambda: card.deleted, within=5, what="the asker's delete")
    listing = await ask(discord_double, "mood", user=reader, mood="romance")
    delete = next(c for c in listing.custom_ids() if c.startswith("sb:delete:"))
    await (await discord_double.click(listing, delete, user="buffy")).response()  # moderator
    await discord_double.wait_for(lambda: listing.deleted, within=5, what="a moderator's delete")


async def test_private_replies_on_request_and_no_delete_on_them(discord_double, storybot):
    card = await ask(discord_double, "rec", user="willow", request="sad spuffy", private=True)
    assert card.ephemeral and card.embeds
    assert not any(c.startswith("sb:delete:") for c in card.custom_ids())
    listing = await ask(discord_double, "pairing", user="willow", pairing="spuffy",
                        private=True)
    assert listing.ephemeral and listing.embeds
    public = await ask(discord_double, "pairing", user="buffy", pairing="spuffy",
                       private=False)
    assert not public.ephemeral


async def test_a_card_reads_like_a_blurb(discord_double, storybot):
    asked = await discord_double.slash(discord_double.guild, LIBRARY, "willow", "rec",
                                       request="sad spuffy")
    card = await asked.message()
    embed = card.embeds[0]
    story = await storybot.search.story(card.custom_ids()[1].split(":")[2])
    assert story is not None and story.summary
    summary, _, excerpt = embed["description"].partition("\n\n")
    assert summary.startswith(story.summary[:40].replace("*", "\\*"))
    assert excerpt.startswith("> ")  # the excerpt beside it, as a quote
    got = fields(card)
    assert got["Why this one"] == "spuffy · sad"
    assert "Recommended by" not in got  # a catalog story: nobody recommended it
    assert "footer" not in embed  # no id, no score
    text = " ".join(walk_strings(embed))
    assert story.id not in text and not re.search(r"\(0\.\d+\)", text)
    sent = (await asked.callback_request()).json
    assert sent["data"]["allowed_mentions"] == {"parse": []}


async def test_list_menus_open_a_card_or_the_reader(discord_double, storybot):
    listing = await ask(discord_double, "pairing", user="buffy", pairing="spuffy")
    lines = listing.embeds[0]["description"].split("\n")
    assert all(re.search(r" — (General|Teen|Mature|Explicit|Not rated)[^·]* · [\d,]+ words",
                         line) for line in lines if line.startswith("**")), lines
    cards = menu(listing, "sb:open:card")
    first = cards["options"][0]
    assert first["label"].startswith("1. ") and " words" in first["description"]
    # anyone may open one: privately, to themselves
    opened = await (await discord_double.click(listing, "sb:open:card", user="willow",
                                               values=[first["value"]])).message()
    assert opened.ephemeral and opened.embeds[0]["title"] == first["label"][3:]
    assert [c.split(":")[1] for c in opened.custom_ids()] == ["read", "save", "hide"]
    reading = await (await discord_double.click(listing, "sb:open:read", user="willow",
                                                values=[first["value"]])).message()
    assert reading.ephemeral and reading.embeds[0]["footer"]["text"].startswith("Page 1 of ")
    bad = await (await discord_double.click(listing, "sb:open:card", user="willow",
                                            values=["../../x"])).message()
    assert bad.ephemeral and bad.content == "Pick a story from the list."


def words_of(listing) -> list[int]:
    return [int(m.replace(",", "")) for m in
            re.findall(r" · ([\d,]+) words", listing.embeds[0]["description"])]


def titles_of(listing) -> list[str]:
    return [o["label"].split(". ", 1)[1] for o in menu(listing, "sb:open:card")["options"]]


async def test_lists_sort_by_option_and_by_menu(discord_double, storybot):
    by_title = await ask(discord_double, "mood", user="buffy", mood="romance", sort="title")
    titles = titles_of(by_title)
    assert titles == sorted(titles, key=str.casefold) and len(titles) > 1
    sort = next(c for c in by_title.custom_ids() if c.startswith("sb:sort:"))
    refused = await (await discord_double.click(by_title, sort, user="willow",
                                                values=["words"])).message()
    assert refused.ephemeral and refused.content.startswith("Only the person who asked")
    await (await discord_double.click(by_title, sort, values=["words"])).response()
    words = words_of(by_title)
    assert words == sorted(words, reverse=True) and len(words) > 1
    options = menu(by_title, next(c for c in by_title.custom_ids()
                                  if c.startswith("sb:sort:")))["options"]
    assert [o["value"] for o in options if o.get("default")] == ["words"]
    # the next page keeps the order
    forward = next(c for c in by_title.custom_ids() if c.startswith("sb:list:")
                   and c.endswith(":n"))
    await (await discord_double.click(by_title, forward)).response()
    assert by_title.embeds[0]["footer"]["text"].startswith("Page 2 of ")
    later = words_of(by_title)
    assert later == sorted(later, reverse=True) and max(later) <= min(words)
    newest = await ask(discord_double, "shelf", user="buffy", sort="newest")
    assert newest.ephemeral


async def test_every_story_command_takes_private_and_every_list_takes_sort(discord_double,
                                                                           storybot):
    readers = iter(add_readers(discord_double, 3) * 4)
    for command, options in (("rec", {"request": "fluff"}), ("pairing", {"pairing": "spuffy"}),
                             ("character", {"name": "Spike"}), ("mood", {"mood": "angst"}),
                             ("random", {}), ("story", {"title": "Every Bulb But One"}),
                             ("catalog stats", {})):
        shown = await ask(discord_double, command, user=next(readers), private=True, **options)
        assert shown.ephemeral and shown.embeds, command
        assert not any(c.startswith("sb:delete:") for c in shown.custom_ids()), command
    for command, options in (("pairing", {"pairing": "spuffy"}),
                             ("character", {"name": "Buffy"})):
        listing = await ask(discord_double, command, user=next(readers), sort="title",
                            **options)
        titles = titles_of(listing)
        assert titles == sorted(titles, key=str.casefold) and len(titles) > 1, command
        newest = await ask(discord_double, command, user=next(readers), sort="newest",
                           **options)
        assert set(titles_of(newest)) and newest.embeds[0]["title"] == listing.embeds[0]["title"]

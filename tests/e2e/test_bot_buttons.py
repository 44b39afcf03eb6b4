"""Every button of the real StoryBot, including on messages sent before a restart."""

from __future__ import annotations

import asyncio

from cogs.utils.views import BUSY
from tests.e2e import bot_harness
from tests.e2e.bot_harness import HeldSearch, running_bot, sent_before, story_buttons

catalog = bot_harness.catalog  # fixtures shared by the test_bot_* modules
storybot = bot_harness.storybot
LIBRARY = "library"


async def ask(double, command, user="buffy", channel=LIBRARY, **options):
    asked = await double.slash(double.guild, channel, user, command, **options)
    return await asked.message()


def story_id(card) -> str:
    """The story a card shows: its id is in its buttons, never on the card itself."""
    return next(c for c in card.custom_ids() if c.startswith("sb:read:")).split(":")[2]


async def test_another_never_repeats_and_says_when_done(discord_double, storybot):
    card = await ask(discord_double, "rec", request="Buffy")
    seen = [story_id(card)]
    for _ in range(40):
        clicked = await discord_double.click(card, card.custom_ids()[0])
        response = await clicked.response()
        if response["type"] != 7:  # an ephemeral "that's everything" instead of a new card
            done = await clicked.message()
            assert done.ephemeral and done.content.startswith("That's every story")
            break
        seen.append(story_id(card))
    else:
        raise AssertionError("Another never ran out on a 37-story catalog")
    assert len(seen) == len(set(seen)) > 2


async def test_another_from_someone_else_is_their_own_private_card(discord_double, storybot):
    card = await ask(discord_double, "rec", request="sad spuffy")
    before = card.embeds[0]["title"]
    clicked = await discord_double.click(card, card.custom_ids()[0], user="willow")
    private = await clicked.message()
    assert private.ephemeral and private.embeds
    assert card.embeds[0]["title"] == before  # the asker's card is untouched


async def test_reader_pages_through_the_story(discord_double, storybot):
    card = await ask(discord_double, "story", title="Every Bulb But One")
    opened = await discord_double.click(card, card.custom_ids()[0])
    reader = await opened.message()
    assert reader.ephemeral
    assert reader.embeds[0]["description"].startswith("The lights had been")
    footer = reader.embeds[0]["footer"]["text"]
    assert footer.startswith("Page 1 of ")
    pages = int(footer.rsplit(" ", 1)[1])
    back, forward = reader.custom_ids()
    assert back.endswith(":p") and forward.endswith(":n")
    assert str(opened.user.id) in forward  # only the opener can turn the pages
    seen_text = [reader.embeds[0]["description"]]
    for page in range(2, pages + 1):
        await (await discord_double.click(reader, reader.custom_ids()[1])).response()
        assert reader.embeds[0]["footer"]["text"] == f"Page {page} of {pages}"
        seen_text.append(reader.embeds[0]["description"])
    assert seen_text[-1].rstrip().endswith("been switched on.")
    assert len(set(seen_text)) == pages


async def test_buttons_work_after_a_restart(discord_double, catalog, state_location):
    """On either state backend: the second bot finds the first one's requests and history."""
    state = state_location
    async with running_bot(discord_double, catalog, state):
        card = await ask(discord_double, "rec", request="sad spuffy")
        listing = await ask(discord_double, "mood", mood="humor")
    first = story_id(card)
    async with running_bot(discord_double, catalog, state) as bot:
        another, read, save, _hide, _delete = card.custom_ids()
        reader = await (await discord_double.click(card, read)).message()
        assert reader.ephemeral and reader.embeds[0]["footer"]["text"].startswith("Page 1")
        saved = await (await discord_double.click(card, save)).message()
        assert saved.content.startswith("Saved **Every Bulb But One**")
        assert await bot.state.shelf(discord_double.world.user("buffy").id) == [first]
        await (await discord_double.click(card, another)).response()
        assert story_id(card) != first  # history survived too: not the same story again
        await (await discord_double.click(listing, listing.custom_ids()[1])).response()
        assert listing.embeds[0]["footer"]["text"].startswith("Page 2 of ")
    assert not discord_double.expired


async def test_a_flood_of_clicks_does_not_stack_work(discord_double, storybot):
    """Eight clicks at once: the first one's work runs (until the test says so), the other
    seven hear "busy" at once. The bot's clock is the test's: however slow the machine, none
    of the seven is deferred, nor late, nor past Discord's 3 s."""
    card = await ask(discord_double, "rec", request="angst")
    first = story_id(card)
    search = HeldSearch(storybot)
    another = card.custom_ids()[0]
    clicks = await asyncio.gather(*[discord_double.click(card, another) for _ in range(8)])
    await discord_double.wait_for(lambda: sum(bool(c.callbacks) for c in clicks) == 7 or None,
                                  within=10, what="seven answers")
    busy = [c.callbacks[0] for c in clicks if c.callbacks]
    assert all(r["type"] == 4 and r["data"]["content"] == BUSY for r in busy)
    assert all(r["data"]["flags"] & 64 for r in busy)  # ephemeral
    await search.until_begun()
    assert len(search.begun) == 1
    (working,) = [c for c in clicks if not c.callbacks]
    discord_double.clock.advance(storybot.answer_window)  # its quick-answer window runs out
    assert (await working.response())["type"] == 6  # deferred, not one more busy
    search.release.set()
    await discord_double.wait_for(lambda: story_id(card) != first, within=10,
                                  what="the first click's card")
    assert len(search.begun) == 1


async def test_story_buttons_on_old_messages_still_work(discord_double, storybot):
    card = await ask(discord_double, "story", title="Every Bulb But One")
    story = story_id(card)
    old = [sent_before(action, story) for action in ("read", "save", "hide")]
    assert story_buttons(card) == old  # sent today byte for byte as before
    card.components = [{"type": 1, "components": old}]  # a message from before the change
    reader = await (await discord_double.click(card, f"sb:read:{story}")).message()
    assert reader.ephemeral and reader.embeds[0]["footer"]["text"].startswith("Page 1")
    saved = await (await discord_double.click(card, f"sb:save:{story}")).message()
    assert saved.content.startswith("Saved **Every Bulb But One**")
    hidden = await (await discord_double.click(card, f"sb:hide:{story}")).message()
    assert hidden.content.startswith("Hidden: you won't see **Every Bulb But One**")
    assert story_buttons(hidden) == [sent_before("unhide", story)]
    hidden.components = [{"type": 1, "components": [sent_before("unhide", story)]}]
    undone = await discord_double.click(hidden, f"sb:unhide:{story}")
    await undone.response()
    assert hidden.content == "Undone: that story can come up for you again."
    assert await storybot.state.member_exclusions(discord_double.world.user("buffy").id) == []

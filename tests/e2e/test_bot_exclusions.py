"""Exclusions through the real bot and the Discord stand-in: a story excluded one way (a
member's /exclude, a server's /server-exclude, the card's Not for me) never shows up another
way: /rec and Another, /random, /story, the list commands and their pages and menus,
autocomplete, Read and Save on a card sent before, the shelf, and the story of the day."""

from __future__ import annotations

from bot.search.engine import Filters
from bot.search.model import StoryCard
from tests.e2e import bot_harness
from tests.e2e.bot_harness import add_readers, walk_strings

catalog = bot_harness.catalog
storybot = bot_harness.storybot
LIBRARY = "library"
STORY_ID_PREFIXES = ("sb:read:", "sb:save:", "sb:hide:")


async def ask(double, command, user, **options):
    asked = await double.slash(double.guild, LIBRARY, user, command, **options)
    return await asked.message()


def ids_on(message) -> set[str]:
    """Every story a message leads to: its buttons' ids and its menus' options."""
    found = {c.split(":")[2] for c in message.custom_ids() if c.startswith(STORY_ID_PREFIXES)}
    for component in _components(message.components):
        if component.get("custom_id", "").startswith("sb:open:"):
            found |= {o["value"] for o in component.get("options", [])}
    return found


def _components(rows):
    for row in rows:
        yield row
        yield from _components(row.get("components") or [])


async def all_cards(bot) -> list[StoryCard]:
    return await bot.search.stories(await bot.search.eligible_ids(Filters()))


async def sweep(double, users: list[str]) -> set[str]:
    """Every story id the bot shows these users, every way there is (users take turns, so
    no command's cooldown is hit)."""
    seen: set[str] = set()
    turn = iter(users * 20)

    async def command(command_name, **options):
        message = await ask(double, command_name, next(turn), **options)
        seen.update(ids_on(message))
        return message

    for request in ("spuffy", "sad", "Buffy", "fluff", "something funny", "Willow"):
        card = await command("rec", request=request)
        for _ in range(3):  # Another, by the asker: the card changes in place
            another = [c for c in card.custom_ids() if c.startswith("sb:another:")]
            if not another:
                break
            clicked = await double.click(card, another[0])
            if (await clicked.response())["type"] != 7:
                break
            seen.update(ids_on(card))
    for _ in range(4):
        await command("random")
    lists = [("pairing", {"pairing": "spuffy"}), ("pairing", {"pairing": "Drusilla/Spike"}),
             ("character", {"name": "Spike"}), ("character", {"name": "Buffy"}),
             ("mood", {"mood": "angst"}), ("mood", {"mood": "romance"}),
             ("mood", {"mood": "fluff"})]
    for name, options in lists:
        page = await command(name, **options)
        while True:  # every page, through Next
            forward = [c for c in page.custom_ids() if c.startswith("sb:list:")
                       and c.endswith(":n") and not _disabled(page, c)]
            if not forward:
                break
            await (await double.click(page, forward[0])).response()
            seen.update(ids_on(page))
    guild = double.guild
    for command_name, option, typed in (("story", "title", "every"), ("story", "title", "a"),
                                        ("story", "title", "the"), ("rec", "pairing", "spu")):
        typing = await double.autocomplete(guild, LIBRARY, users[0], command_name,
                                           **{option: typed})
        choices = await typing.choices()
        if command_name == "story":
            seen.update(c["value"] for c in choices)
    return seen


def _disabled(message, custom_id) -> bool:
    return any(c.get("custom_id") == custom_id and c.get("disabled")
               for c in _components(message.components))


def assert_payloads_are_safe(double) -> None:
    for request in double.requests:
        body = request.json
        if isinstance(body, dict):
            assert not any("@everyone" in s or "<@1234" in s for s in walk_strings(body))
            data = body.get("data") if isinstance(body.get("data"), dict) else body
            if "embeds" in data or "content" in data:
                assert data.get("allowed_mentions") == {"parse": []}, request.route


async def test_a_members_ship_exclusion_holds_on_every_path(discord_double, storybot):
    (reader,) = add_readers(discord_double, 1)
    cards = await all_cards(storybot)
    with_spike = {c.id for c in cards if any(
        "Spike" in r.key.members and r.key.kind == "romantic" for r in c.relationships)}
    assert len(with_spike) >= 3
    # a card shown before the exclusion: its Read and Save must refuse afterwards
    before = await ask(discord_double, "rec", reader, request="spuffy")
    (shown,) = [i for i in ids_on(before)]
    assert shown in with_spike
    await (await discord_double.click(before, f"sb:save:{shown}", user=reader)).response()

    typing = await discord_double.autocomplete(discord_double.guild, LIBRARY, reader,
                                               "exclude ship", what="spike")
    offered = {c["value"]: c["name"] for c in await typing.choices()}
    assert offered["*/Spike"] == "every ship with Spike"
    done = await ask(discord_double, "exclude ship", reader, what="*/Spike")
    assert done.ephemeral
    assert done.content.startswith("Excluded for you: every ship with Spike (")
    assert "Buffy Summers/Spike" in done.content

    seen = await sweep(discord_double, [reader])
    assert seen and not seen & with_spike, seen & with_spike
    read = await (await discord_double.click(before, f"sb:read:{shown}", user=reader)).message()
    assert read.ephemeral and read.content == "That story can't be shown in this channel."
    shelf = await ask(discord_double, "shelf", reader)
    assert not ids_on(shelf) & with_spike
    # Another on the old card never brings one back
    clicked = await discord_double.click(before, before.custom_ids()[0], user=reader)
    if (await clicked.response())["type"] == 7:  # a new card in place
        assert not ids_on(before) & with_spike
    else:  # or: nothing else fits the request for this reader
        assert (await clicked.message()).content.startswith("That's every story")

    # someone else is not affected: a member's exclusions are their own
    other = await sweep(discord_double, ["willow"])
    assert other & with_spike
    assert_payloads_are_safe(discord_double)


async def test_a_server_exclusion_holds_for_everyone_and_the_daily_post(discord_double,
                                                                        storybot):
    readers = add_readers(discord_double, 4)
    cards = await all_cards(storybot)
    grief = {c.id for c in cards if any("grief" in t.casefold()
                                        for t in (*c.tags, *c.warnings))}
    assert grief
    refused = await ask(discord_double, "server-exclude tag", "willow", what="grief")
    assert refused.content == "You need **Manage Server** to do that."
    done = await ask(discord_double, "server-exclude tag", "buffy", what="grief")
    assert done.content.startswith("Excluded for everyone here: tags like “grief” (")
    assert "Grief/Mourning" in done.content and "story of the day" in done.content
    seen = await sweep(discord_double, readers)
    assert seen and not seen & grief
    cog = storybot.get_cog("DailyCog")
    await ask(discord_double, "daily set", "buffy", channel=discord_double.guild.channel(LIBRARY),
              time="9am", timezone="UTC")
    schedule = await cog.scheduler.store.schedule(discord_double.guild.id)
    eligible = await cog.scheduler.picker.eligible(await cog.scheduler.rules(schedule, False))
    assert eligible and not set(eligible) & grief
    listed = await ask(discord_double, "exclude list", readers[0])
    fields = {f["name"]: f["value"] for f in listed.embeds[0].get("fields", [])}
    assert "tags like “grief”" in fields["Also excluded here, by this server's moderators"]
    lifted = await ask(discord_double, "server-exclude lift", "buffy", what="tag:grief")
    assert lifted.content.startswith("Lifted: tags like “grief”")
    assert await sweep(discord_double, readers) & grief


async def test_not_for_me_hides_one_work_and_can_be_undone(discord_double, storybot):
    (reader,) = add_readers(discord_double, 1)
    card = await ask(discord_double, "rec", reader, request="sad spuffy")
    (story,) = ids_on(card)
    hidden = await (await discord_double.click(card, f"sb:hide:{story}", user=reader)).message()
    assert hidden.ephemeral and hidden.content.startswith("Hidden: you won't see **")
    assert story not in await sweep(discord_double, [reader])
    title = card.embeds[0]["title"]
    missing = await ask(discord_double, "story", reader, title=title)
    assert story not in ids_on(missing)
    listed = await ask(discord_double, "exclude list", reader)
    assert f"the work “{title}”" in listed.embeds[0]["description"]
    (lift,) = [c for c in listed.custom_ids() if c == "sb:lift:me"]
    picked = await discord_double.click(listed, lift, user=reader, values=[f"story:{story}"])
    await picked.response()
    assert listed.content.startswith(f"Lifted: the work “{title}”")
    back = await ask(discord_double, "story", reader, title=title)
    assert story in ids_on(back)
    # and the Undo button on the note does the same
    again = await (await discord_double.click(back, f"sb:hide:{story}", user=reader)).message()
    (undo,) = again.custom_ids()
    await (await discord_double.click(again, undo, user=reader)).response()
    assert again.content.startswith("Undone")
    assert (await storybot.state.member_exclusions(
        discord_double.world.user(reader).id)) == []


async def test_exclude_commands_resolve_names_and_refuse_unknown_ones(discord_double,
                                                                       storybot):
    (reader,) = add_readers(discord_double, 1)
    typing = await discord_double.autocomplete(discord_double.guild, LIBRARY, reader,
                                               "exclude tag", what="grie")
    names = [c["name"] for c in await typing.choices()]
    assert names[0].startswith("“grie”") and any(n.startswith("Grief/Mourning") for n in names)
    shown = await ask(discord_double, "exclude character", reader, what="Red")
    assert shown.content.startswith("Excluded for you: Willow Rosenberg (")
    again = await ask(discord_double, "exclude character", reader, what="willow")
    assert again.content.startswith("Already excluded for you: Willow Rosenberg")
    unknown = await ask(discord_double, "exclude fandom", reader, what="Zzyzx Road")
    assert unknown.ephemeral and "I don't know the fandom" in unknown.content
    typing = await discord_double.autocomplete(discord_double.guild, LIBRARY, reader,
                                               "character", name="wil")
    assert "Willow Rosenberg" not in [c["value"] for c in await typing.choices()]
    typing = await discord_double.autocomplete(discord_double.guild, LIBRARY, reader,
                                               "exclude lift", what="wil")
    (choice,) = await typing.choices()
    assert choice["value"] == "character:Willow Rosenberg"
    lifted = await ask(discord_double, "exclude lift", reader, what=choice["value"])
    assert lifted.content.startswith("Lifted: Willow Rosenberg")


async def test_every_kind_can_be_excluded_for_a_server_or_a_member(discord_double, storybot):
    (reader,) = add_readers(discord_double, 1)
    cards = await all_cards(storybot)
    typing = await discord_double.autocomplete(discord_double.guild, LIBRARY, reader,
                                               "exclude story", what="every bulb")
    (choice,) = [c for c in await typing.choices() if c["name"] == "Every Bulb But One"]
    done = await ask(discord_double, "exclude story", reader, what=choice["value"])
    assert done.content.startswith("Excluded for you: the work “Every Bulb But One”")
    for kind, what, label in (("fandom", "SPN", "Supernatural ("),
                              ("character", "Dru", "Drusilla ("),
                              ("ship", "Castiel/Dean", "Castiel/Dean Winchester ("),
                              ("story", "Every Bulb But One", "the work “Every Bulb But One”")):
        shown = await ask(discord_double, f"server-exclude {kind}", "buffy", what=what)
        assert shown.content.startswith(f"Excluded for everyone here: {label}"), shown.content
    listed = await ask(discord_double, "server-exclude list", "buffy")
    assert len(listed.embeds[0]["description"].split("\n")) == 4
    gone = {c.id for c in cards if "Supernatural" in c.fandoms or "Drusilla" in c.characters
            or c.title == "Every Bulb But One"}
    assert not await sweep(discord_double, ["willow"]) & gone

"""/recommend through the real client and the stand-in: members upload story files (served by
the stand-in on loopback, as Discord's CDN would), the shelf is searched with the catalog, and
every upload, refusal, approval and removal leaves the state as it says."""

from __future__ import annotations

import io
import os
import random
import sys
import zipfile
from pathlib import Path

from bot.catalog.ingest import ingest
from bot.discord_app.eventloop import SWITCH_INTERVAL
from bot.search.model import Filters
from bot.state import recommendations as recs
from tests.discord_double.model import Attachment
from tests.e2e import bot_harness
from tests.e2e.bot_harness import (
    copy_catalog,
    hostile_story_dir,
    running_bot,
    sent_before,
    story_buttons,
)
from tests.support.priority import below

catalog = bot_harness.catalog
storybot = bot_harness.storybot

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
FAMILIES = {  # one file of each family ingest reads
    "ao3.html": FIXTURES / "formats/html/ao3_multi_old.html",
    "fanficfare.txt": FIXTURES / "formats/text/fanficfare.txt",
    "story.md": FIXTURES / "formats/text/markdown_story.md",
    "ao3.epub": FIXTURES / "blind/books/d01-ao3-single.epub",
    "ao3.pdf": FIXTURES / "blind/books/d08-ao3-pdf-single.pdf",
}
EXPLICIT = ("Title: Midnight in the Crypt\nAuthor: Ember Vale\nRating: Explicit\n"
            "Fandom: Buffy the Vampire Slayer\nPairing: Buffy Summers/Spike\n\n"
            + "The crypt was cold and the candles guttered as they talked all night. " * 40)


def attachment(name: str, data: bytes | None = None, **kw) -> Attachment:
    return Attachment(name, FAMILIES[name].read_bytes() if data is None else data, **kw)


async def upload(double, user, file: Attachment, note: str | None = None,
                 channel: str = "library"):
    options = {"file": file} if note is None else {"file": file, "note": note}
    asked = await double.slash(double.guild, channel, user, "recommend add", **options)
    return await asked.message(within=30)


def fields(message) -> dict[str, str]:
    return {f["name"]: f["value"] for f in message.embeds[0]["fields"]} if message.embeds \
        else {}


async def test_each_family_is_taken_credited_and_searchable(discord_double, storybot):
    titles = {}
    readers = bot_harness.add_readers(discord_double, len(FAMILIES))  # one each: cooldowns
    for name, reader in zip(FAMILIES, readers, strict=True):
        # an age-restricted channel shows every rating's card
        shown = await upload(discord_double, reader, attachment(name),
                             note=f"love it @everyone {name}", channel="after-dark")
        titles[name] = shown.embeds[0]["title"] if shown.embeds else None
        assert shown.ephemeral
        assert shown.content.startswith("Thanks! Your recommendation is on the server's "
                                        "shelf"), (name, shown.content)
        credit = fields(shown).get("Recommended by", f"missing in {shown.embeds}")
        uploader = discord_double.world.user(reader)
        assert credit.startswith(f"<@{uploader.id}>\n> love it"), (name, credit)
        assert "@everyone" not in credit.replace("@\u200beveryone", "")  # never live
    stored = await recs.uploads(storybot.state, discord_double.guild.id)
    assert len(stored) == len(FAMILIES)
    # read in a worker below the bot's priority (STORYBOT_WORKER_NICENESS): a search first
    [worker] = storybot.uploads.worker_pids()
    assert os.getpriority(os.PRIO_PROCESS, worker) == below(storybot.settings.worker_niceness)
    assert storybot.settings.worker_niceness > 0  # the default lowers it
    # and a busy thread in the bot gives the interpreter up within 1 ms (eventloop.py)
    assert sys.getswitchinterval() == SWITCH_INTERVAL
    for kept in stored:
        assert (storybot.settings.home / kept.file).is_file()
    # searchable with the catalog, in one ranked list, with the credit on the card
    asked = await discord_double.slash(discord_double.guild, "after-dark", "buffy", "rec",
                                       request=titles["story.md"])
    card = await asked.message()
    assert card.embeds[0]["title"] == titles["story.md"]
    md_reader = discord_double.world.user(readers[list(FAMILIES).index("story.md")])
    assert fields(card)["Recommended by"].startswith(f"<@{md_reader.id}>\n> love it")
    sent = (await asked.callback_request()).json
    assert sent["data"]["allowed_mentions"] == {"parse": []}


async def test_the_same_story_twice_only_credits(discord_double, storybot):
    buffy, willow = (discord_double.world.user(n) for n in ("buffy", "willow"))
    await upload(discord_double, "willow", attachment("ao3.html"), note="first",
                 channel="after-dark")
    again = await upload(discord_double, "buffy", attachment("ao3.html"), note="me too",
                         channel="after-dark")
    assert again.content.startswith("That story is already here")
    credit = fields(again)["Recommended by"]
    assert credit.index(f"<@{willow.id}>") < credit.index(f"<@{buffy.id}>")
    assert "> me too" in credit
    assert len(await recs.uploads(storybot.state, discord_double.guild.id)) == 1
    twice = await upload(discord_double, "buffy", attachment("ao3.html"))
    assert twice.content == "You've already recommended that story here."


async def test_a_catalog_story_is_credited_not_added(discord_double, storybot):
    source = bot_harness.STORIES / next(p.name for p in bot_harness.STORIES.iterdir()
                                        if p.suffix in {".html", ".txt", ".md"})
    shown = await upload(discord_double, "willow", Attachment(source.name, source.read_bytes()))
    assert shown.content.startswith("That story is already here"), shown.content
    assert await recs.uploads(storybot.state, discord_double.guild.id) == []
    assert len(await recs.credits(storybot.state, discord_double.guild.id)) == 1


def zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("mimetype", "application/epub+zip")
        with archive.open("zeros.xhtml", "w", force_zip64=True) as handle:
            for _ in range(80):
                handle.write(b"\0" * (1 << 20))
    return buffer.getvalue()


async def test_bad_files_get_a_private_reason_and_nothing_is_stored(discord_double, storybot):
    limit = storybot.settings.upload_limits.max_file_bytes
    cases = [
        (Attachment("cat.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 100), "not a story file"),
        (Attachment("note.txt", b"just a link: https://example.org\n"), "not a story"),
        (Attachment("bomb.epub", zip_bomb()), "zip bomb"),
        (Attachment("broken.epub", b"PK\x03\x04 this is not really a zip"), "cannot read"),
        (Attachment("huge.txt", b"a " * 10, declared_size=limit + 1), "too big"),
        (Attachment("liar.txt", b"word " * (limit // 5 + 10), declared_size=100), "too big"),
    ]
    readers = bot_harness.add_readers(discord_double, len(cases))  # one upload each: cooldowns
    for (file, reason), reader in zip(cases, readers, strict=True):
        asked = await discord_double.slash(discord_double.guild, "library", reader,
                                           "recommend add", file=file)
        shown = await asked.message(within=30)
        assert shown.ephemeral, file.filename
        assert reason in shown.content, (file.filename, shown.content)
    # refused on their name or declared size: never downloaded
    assert not {cases[0][0].id, cases[4][0].id} & set(discord_double.downloads)
    assert await recs.uploads(storybot.state, discord_double.guild.id) == []
    assert await recs.credits(storybot.state, discord_double.guild.id) == []
    assert not list((storybot.settings.uploads_path).rglob("*.*"))


async def test_approval_queue_approve_and_reject(discord_double, storybot):
    guild = discord_double.guild
    mods = guild.channel("library")
    saved = await discord_double.slash(guild, "library", "buffy", "settings",
                                       recommendations="queue", moderator_channel=mods)
    await saved.message()
    shown = await upload(discord_double, "willow", attachment("story.md"), note="please")
    assert "waiting for a moderator's approval" in shown.content
    posted = await discord_double.wait_for(
        lambda: next((m for m in discord_double.channel_history(mods)
                      if "New recommendation" in (m.content or "")), None), within=10)
    approve, reject = posted.custom_ids()
    assert approve.startswith("sb:rq:a:") and reject.startswith("sb:rq:r:")
    refused = await discord_double.click(posted, approve, user="willow")
    assert "Manage Server" in (await refused.message()).content
    clicked = await discord_double.click(posted, approve, user="buffy")
    await clicked.response()
    [credit] = await recs.credits(storybot.state, guild.id)
    assert credit.status == recs.APPROVED
    # a second one, rejected: gone with its file
    await upload(discord_double, "willow", attachment("fanficfare.txt"))
    posted = await discord_double.wait_for(
        lambda: next((m for m in discord_double.channel_history(mods)
                      if "New recommendation" in (m.content or "") and m.components), None),
        within=10)
    clicked = await discord_double.click(posted, posted.custom_ids()[1], user="buffy")
    await clicked.response()
    left = await recs.uploads(storybot.state, guild.id)
    assert [u.status for u in left] == [recs.APPROVED]
    assert len(list(storybot.settings.uploads_path.rglob("*.*"))) == 1


async def test_removal_by_the_recommender_and_refusal_for_someone_else(discord_double,
                                                                      storybot):
    guild = discord_double.guild
    await upload(discord_double, "buffy", attachment("story.md"))
    [mine] = await recs.credits(storybot.state, guild.id)
    # autocomplete offers a member their own, a moderator every one
    typed = await discord_double.autocomplete(guild, "library", "willow", "recommend remove",
                                              story="")
    assert await typed.choices() == []
    typed = await discord_double.autocomplete(guild, "library", "buffy", "recommend remove",
                                              story="")
    assert [c["value"] for c in await typed.choices()] == [mine.story_id]
    asked = await discord_double.slash(guild, "library", "willow", "recommend remove",
                                       story=mine.story_id)
    assert "Only the member who recommended it" in (await asked.message()).content
    assert len(await recs.credits(storybot.state, guild.id)) == 1
    asked = await discord_double.slash(guild, "library", "buffy", "recommend remove",
                                       story=mine.story_id)
    assert "Removed" in (await asked.message()).content
    assert await recs.uploads(storybot.state, guild.id) == []
    assert not list(storybot.settings.uploads_path.rglob("*.*"))


async def test_an_explicit_upload_never_shows_outside_age_restricted_channels(discord_double,
                                                                             storybot):
    shown = await upload(discord_double, "willow",
                         Attachment("crypt.txt", EXPLICIT.encode()))
    assert not shown.embeds and "only in age-restricted channels" in shown.content
    assert "Midnight" not in shown.content  # not even its title, privately
    asked = await discord_double.slash(discord_double.guild, "library", "willow", "rec",
                                       request="Midnight in the Crypt")
    ordinary = await asked.message()
    assert not ordinary.embeds or ordinary.embeds[0]["title"] != "Midnight in the Crypt"
    asked = await discord_double.slash(discord_double.guild, "after-dark", "willow", "rec",
                                       request="Midnight in the Crypt")
    nsfw = await asked.message()
    assert nsfw.embeds[0]["title"] == "Midnight in the Crypt"
    # queued to an ordinary moderators' channel: the moderators see its rating, not its title
    saved = await discord_double.slash(discord_double.guild, "library", "buffy", "settings",
                                       recommendations="queue",
                                       moderator_channel=discord_double.guild.channel("library"))
    await saved.message()
    second = EXPLICIT.replace("Midnight in the Crypt", "Dawn at the Crypt").replace(
        "Ember Vale", "Ash Vale").replace("talked all night", "slept till dawn")
    reader = bot_harness.add_readers(discord_double, 1)[0]
    queued = await upload(discord_double, reader, Attachment("dawn.txt", second.encode()))
    assert "waiting for a moderator" in queued.content and "Dawn" not in queued.content
    posted = await discord_double.wait_for(lambda: next(
        (m for m in discord_double.channel_history(discord_double.guild.channel("library"))
         if "New recommendation" in (m.content or "")), None), within=10)
    assert "rated Explicit" in posted.content and "Dawn" not in posted.content


async def test_the_list_pages_with_who_recommended_what(discord_double, storybot):
    willow = discord_double.world.user("willow")
    added = await upload(discord_double, "willow", attachment("ao3.html"), note="so good",
                         channel="after-dark")
    asked = await discord_double.slash(discord_double.guild, "after-dark", "buffy",
                                       "recommend list")
    shown = await asked.message()
    assert added.embeds[0]["title"] in shown.embeds[0]["description"]
    assert f"recommended by <@{willow.id}>\n> so good" in shown.embeds[0]["description"]
    asked = await discord_double.slash(discord_double.guild, "after-dark", "willow",
                                       "recommend list", member=discord_double.world.user("buffy"))
    assert "no recommendations" in (await asked.message()).content


async def test_ids_hold_across_reloads_restarts_and_a_new_reading(discord_double, storybot):
    guild = discord_double.guild
    shown = await upload(discord_double, "willow", attachment("story.md"), channel="after-dark")
    title = shown.embeds[0]["title"]
    [kept] = await recs.uploads(storybot.state, guild.id)

    async def found() -> str:
        asked = await discord_double.slash(guild, "after-dark", "buffy", "rec", request=title)
        card = await asked.message()
        assert card.embeds[0]["title"] == title
        return next(c for c in card.custom_ids() if c.startswith("sb:save:")).split(":")[2]

    assert await found() == kept.story_id
    assert await storybot.search.reload()  # the catalog swapped: the shelf is untouched
    assert await found() == kept.story_id
    storybot.search.shelves.forget(guild.id)  # memory lost, as after a restart
    assert (await storybot.search.story(kept.story_id)).title == title
    # the kept file, read again (as newer parsers would), is the same story with the same id
    data = (storybot.settings.home / kept.file).read_bytes()
    again = await storybot.uploads.read(data, "story.md")
    assert again.story_id(guild.id) == kept.story_id


async def test_a_rebuilt_catalog_holding_an_upload_shows_it_once_with_its_credit(
        discord_double, catalog, tmp_path):
    """The catalog's copy wins (ingest's identity keys), the recommender's credit stays."""
    served = copy_catalog(catalog, tmp_path / "served")
    guild = discord_double.guild
    async with running_bot(discord_double, served, tmp_path / "state.db") as bot:
        shown = await upload(discord_double, "willow", attachment("story.md"),
                             note="so good", channel="after-dark")
        title = shown.embeds[0]["title"]
        [kept] = await recs.uploads(bot.state, guild.id)
        willow = discord_double.world.user("willow")
        # the operator's next catalog build reads the same story from its own folder
        extra = tmp_path / "extra"
        extra.mkdir()
        (extra / "story.md").write_bytes(FAMILIES["story.md"].read_bytes())
        ingest([str(bot_harness.STORIES), str(hostile_story_dir(tmp_path)), str(extra)],
               served, workers=1)
        assert await bot.search.reload()
        filters = Filters(guild=guild.id)
        await bot.search.shelves.get(guild.id, fresh=True)  # rebuilt against the catalog
        found = await bot.search.recommend(title, filters=filters, limit=10)
        same = [m.card for m in found.matches if m.card.title == title]
        assert len(same) == 1 and not same[0].id.startswith("u")  # the catalog's copy
        assert await bot.search.eligible_ids(filters) == \
            await bot.search.eligible_ids(Filters())  # no second copy from the shelf
        asked = await discord_double.slash(guild, "after-dark", "buffy", "rec", request=title)
        card = await asked.message()
        assert card.embeds[0]["title"] == title
        assert fields(card)["Recommended by"].startswith(f"<@{willow.id}>\n> so good")
        # the upload's id still names the story (saved shelves, history, its buttons)
        assert (await bot.search.story(kept.story_id)).id == same[0].id
        # another member recommends the catalog's copy itself: still one story on the list,
        # with both credits
        again = await upload(discord_double, "buffy", attachment("story.md"), note="me too",
                             channel="after-dark")
        assert "already here" in again.content and "also recommending" in again.content
        credited = {c.story_id for c in await recs.credits(bot.state, guild.id)}
        assert credited == {kept.story_id, same[0].id}
        listed = await discord_double.slash(guild, "after-dark", "buffy", "recommend list")
        page = await listed.message()
        assert title in str(page.embeds) and str(page.embeds).count(title) == 1
        assert "Recommended here — 1 story" in str(page.embeds)


async def test_uploads_join_their_servers_lists_and_title_autocomplete(discord_double, storybot):
    """/pairing, /character, /mood and title autocomplete list a server's uploads with the
    catalog's (the same rating gating and exclusions), in that server only."""
    guild = discord_double.guild
    willow, xander = bot_harness.add_readers(discord_double, 2)
    orbit = await upload(discord_double, willow, attachment("fanficfare.txt"))
    await upload(discord_double, xander, attachment("crypt.txt", EXPLICIT.encode()),
                 channel="after-dark")
    title = orbit.embeds[0]["title"]
    uploads = {u.title: u.story_id for u in await recs.uploads(storybot.state, guild.id)}
    crypt = uploads["Midnight in the Crypt"]

    async def listed(command: str, channel: str = "library", **options) -> str:
        asked = await discord_double.slash(guild, channel, "buffy", command, **options)
        shown = await asked.message()
        return f"{shown.content} {shown.embeds}"

    assert title in await listed("pairing", pairing="Leonard McCoy/Nyota Uhura")
    assert title in await listed("character", name="Spock")
    search = storybot.search
    here, elsewhere = Filters(rating_max="teen", guild=guild.id), Filters(rating_max="teen",
                                                                          guild=1)
    angst_here = await search.by_mood("angst", here, 0, 50)
    angst_elsewhere = await search.by_mood("angst", elsewhere, 0, 50)
    assert angst_here[0] == angst_elsewhere[0] + 1
    assert uploads[title] in {c.id for c in angst_here[1]}
    assert f"{angst_here[0]} stories" in await listed("mood", mood="angst")
    # only in its own server
    assert (await search.pairing("Leonard McCoy/Nyota Uhura", elsewhere)).total == 0
    assert (await search.character("Spock", here)).total == \
        (await search.character("Spock", elsewhere)).total + 1
    # rating gating: the explicit upload only where explicit stories show
    spuffy = {c.id for c in (await search.pairing("Buffy Summers/Spike", here, 0, 50)).stories}
    assert crypt not in spuffy
    everything = Filters(rating_max="explicit", guild=guild.id)
    assert crypt in {c.id for c in (await search.pairing("Buffy Summers/Spike", everything,
                                                          0, 50)).stories}
    # exclusions as for catalog stories
    excluded = Filters(rating_max="teen", guild=guild.id,
                       exclude_pairings=("Leonard McCoy/Nyota Uhura",))
    assert (await search.pairing("Leonard McCoy/Nyota Uhura", excluded)).total == 0
    # pages: the merged list pages as one list (every story once, none lost)
    whole = (await search.pairing("Buffy Summers/Spike", everything, 0, 50)).stories
    paged = [c for at in range(0, len(whole), 3)
             for c in (await search.pairing("Buffy Summers/Spike", everything, at, 3)).stories]
    assert [c.id for c in paged] == [c.id for c in whole]

    async def offered(typed: str, channel: str = "library") -> dict[str, str]:
        typing = await discord_double.autocomplete(guild, channel, "buffy", "story",
                                                   title=typed)
        return {c["value"]: c["name"] for c in await typing.choices()}

    assert (await offered("quiet orb")).get(uploads[title]) == title
    assert crypt not in await offered("midnight in the cr")
    assert crypt in await offered("midnight in the cr", "after-dark")
    assert not [v for v, _ in await search.autocomplete("title", "quiet orb", elsewhere)
                if v.startswith("u")]


async def test_uploads_an_older_reading_made_are_read_again_with_their_ids(
        discord_double, catalog, tmp_path):
    """At start (and after a catalog reload) the kept file of an upload whose record an older
    reading made is read again with today's parsers, off the loop; its id stays."""
    import json
    import sqlite3

    from bot.catalog.uploads import READ_VERSION

    guild = discord_double.guild
    state = tmp_path / "state.db"
    willow, xander = bot_harness.add_readers(discord_double, 2)
    async with running_bot(discord_double, catalog, state) as bot:
        await upload(discord_double, willow, attachment("story.md"), channel="after-dark")
        await upload(discord_double, xander, attachment("fanficfare.txt"))
        before = {u.story_id: u for u in await recs.uploads(bot.state, guild.id)}

    def made_by(reading: int) -> None:
        """Every upload's record as an older (or this) reading made it: another title."""
        with sqlite3.connect(state) as conn:
            for story_id, record, file in conn.execute(
                    "SELECT story_id, record, file FROM recommended_stories").fetchall():
                data = json.loads(record)
                data["rows"]["title"] = "Old Reading"
                conn.execute("UPDATE recommended_stories SET record = ?, title = ?, reading = ? "
                             "WHERE story_id = ?",
                             (json.dumps(data), "Old Reading",
                              reading if file.endswith(".md") else READ_VERSION, story_id))

    made_by(0)  # the Markdown upload's record is older; the text one's is current
    async with running_bot(discord_double, catalog, state) as bot:
        await bot.read_uploads_again()
        after = {u.story_id: u for u in await recs.uploads(bot.state, guild.id)}
        assert after.keys() == before.keys()  # ids, and nothing lost
        titles = {u.file.rsplit(".", 1)[1]: u.title for u in after.values()}
        assert titles == {"md": "Seventeen Lanterns", "txt": "Old Reading"}
        md = next(u for u in after.values() if u.file.endswith(".md"))
        assert await recs.read_before(bot.state, READ_VERSION) == []  # read once, not again
        card = await bot.search.story(md.story_id)
        assert card is not None and card.title == "Seventeen Lanterns"
        found = await bot.search.recommend("Seventeen Lanterns",
                                           filters=Filters(guild=guild.id), limit=1)
        assert found.matches[0].card.id == md.story_id
        # a catalog reload reads again too
        made_by(0)
        assert await bot.search.reload()
        await bot.read_uploads_again()
        assert {u.title for u in await recs.uploads(bot.state, guild.id)} == {
            "Seventeen Lanterns", "Old Reading"}


async def test_uploads_join_only_their_servers_daily_pool(discord_double, storybot):
    from bot.daily.pick import PickRules
    from cogs.daily import SearchCatalog

    await upload(discord_double, "willow", attachment("story.md"), channel="after-dark")
    [kept] = await recs.uploads(storybot.state, discord_double.guild.id)
    pool = SearchCatalog(storybot.search)
    here = await pool.eligible(PickRules(rating_max="explicit",
                                         guild_id=discord_double.guild.id))
    elsewhere = await pool.eligible(PickRules(rating_max="explicit", guild_id=1))
    assert kept.story_id in here and kept.story_id not in elsewhere
    assert set(elsewhere) < set(here)
    # /random: an upload as likely as any story, in its own server only (a seeded draw)
    rng = random.Random(16)
    here_drawn, elsewhere_drawn = set(), set()
    for _ in range(300):
        here_drawn.add((await storybot.search.random(
            Filters(guild=discord_double.guild.id), rng=rng)).id)
        elsewhere_drawn.add((await storybot.search.random(Filters(guild=1), rng=rng)).id)
    assert kept.story_id in here_drawn and kept.story_id not in elsewhere_drawn


async def test_the_daily_post_credits_who_recommended_it(discord_double, storybot):
    from datetime import UTC, datetime

    from bot.daily.clock import ManualClock

    guild, library = discord_double.guild, discord_double.guild.channel("library")
    willow = discord_double.world.user("willow")
    cog = storybot.get_cog("DailyCog")
    cog._task.cancel()  # the test drives the scheduler's ticks itself
    cog.scheduler.clock = ManualClock(datetime(2024, 6, 10, 12, 0, tzinfo=UTC))
    for story_id in await storybot.search.eligible_ids(
            Filters(rating_max="teen")):  # whichever is picked, credited
        await recs.recommend(storybot.state, guild.id, story_id, willow.id, "@here a gem",
                             status=recs.APPROVED, cap=1000)
    done = await discord_double.slash(guild, "library", "buffy", "daily set", channel=library,
                                      time="09:00", timezone="UTC")
    await done.message()
    await cog.scheduler.clock.set(datetime(2024, 6, 11, 9, 0, tzinfo=UTC))
    assert (await cog.scheduler.tick()).posted == 1
    [post] = [m for m in discord_double.channel_history(library) if m.embeds]
    credit = {f["name"]: f["value"] for f in post.embeds[0]["fields"]}["Recommended by"]
    assert credit == f"<@{willow.id}>\n> @\u200bhere a gem"  # looks dead, pings no one
    sent = discord_double.requests_to("POST /channels/{channel_id}/messages")[-1].json
    assert sent["allowed_mentions"] == {"parse": []}


async def test_the_card_button_removes_for_the_recommender_only(discord_double, storybot):
    guild = discord_double.guild
    shown = await upload(discord_double, "willow", attachment("story.md"), channel="after-dark")
    unrec = next(c for c in shown.custom_ids() if c.startswith("sb:unrec:"))
    asked = await discord_double.slash(guild, "after-dark", "willow", "rec",
                                       request=shown.embeds[0]["title"])
    card = await asked.message()
    assert unrec in card.custom_ids()  # on every card of a recommended story
    reader = bot_harness.add_readers(discord_double, 1)[0]
    refused = await discord_double.click(card, unrec, user=reader)
    assert "Only the member who recommended it" in (await refused.message()).content
    assert len(await recs.uploads(storybot.state, guild.id)) == 1
    taken = await discord_double.click(card, unrec, user="willow")
    assert (await taken.message()).content == "Removed from the server's shelf."
    assert await recs.uploads(storybot.state, guild.id) == []


async def test_remove_recommendation_on_an_old_card_still_works(discord_double, storybot):
    shown = await upload(discord_double, "willow", attachment("story.md"), channel="after-dark")
    unrec = next(c for c in shown.custom_ids() if c.startswith("sb:unrec:"))
    old = sent_before("unrec", unrec.split(":")[2])
    assert old in story_buttons(shown)  # sent today byte for byte as before
    shown.components = [{"type": 1, "components": [old]}]  # a card from before the change
    taken = await discord_double.click(shown, unrec, user="willow")
    assert (await taken.message()).content == "Removed from the server's shelf."
    assert await recs.uploads(storybot.state, discord_double.guild.id) == []


async def test_the_daily_cap_refuses_and_keeps_nothing(discord_double, storybot):
    guild = discord_double.guild
    saved = await discord_double.slash(guild, "library", "buffy", "settings",
                                       daily_recommendations=1)
    await saved.message()
    await upload(discord_double, "willow", attachment("story.md"), channel="after-dark")
    over = await upload(discord_double, "willow", attachment("fanficfare.txt"),
                        channel="after-dark")
    assert "this server's daily limit" in over.content and "Nothing was stored" in over.content
    assert len(await recs.uploads(storybot.state, guild.id)) == 1
    assert len([p for p in storybot.settings.uploads_path.rglob("*") if p.is_file()]) == 1

"""/owner reload picks up a rebuilt catalog while requests keep flowing, none failing."""

from __future__ import annotations

import asyncio

from bot.catalog.ingest import ingest
from tests.e2e import bot_harness
from tests.e2e.bot_harness import STORIES, add_readers, copy_catalog, running_bot

catalog = bot_harness.catalog  # fixture shared by the test_bot_* modules

NEW_STORY = """Title: The Lantern After Reload
Author: fresh_ink
Fandom: Buffy the Vampire Slayer
Pairing: Tara/Willow
Rating: G
Summary: Willow fixes a lantern for Tara; it finally stays lit.

Willow held the lantern up to the window. "One more spell," she said.

Tara laughed and handed her the matches instead, and the lantern stayed lit all night.
"""


async def test_reload_serves_the_rebuilt_catalog_without_failing_requests(
        discord_double, catalog, tmp_path):
    served = copy_catalog(catalog, tmp_path / "served")
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "header-lantern.txt").write_text(NEW_STORY, encoding="utf-8")
    hostile = catalog.parent / "hostile"
    readers = add_readers(discord_double, 12)
    guild = discord_double.guild
    async with running_bot(discord_double, served, tmp_path / "state.db"):
        async def traffic(user: str) -> list:
            answers = []
            for request in ("spuffy", "fluff", "Willow"):
                asked = await discord_double.slash(guild, "library", user, "rec",
                                                   request=request)
                answers.append(await asked.message(10))
                await asyncio.sleep(0)  # let the others ask in between
            return answers

        flowing = [asyncio.create_task(traffic(r)) for r in readers]
        await asyncio.to_thread(ingest, [str(STORIES), str(hostile), str(extra)], served,
                                workers=1)
        reload = await discord_double.slash(guild, "library", "buffy", "owner reload")
        assert (await reload.message(10)).content == "Reloaded: now serving 38 stories."
        answers = [a for batch in await asyncio.gather(*flowing) for a in batch]
        assert len(answers) == 3 * len(readers)
        assert all(a.embeds and not a.ephemeral for a in answers), [
            a.content for a in answers if not a.embeds]
        typed = await discord_double.autocomplete(guild, "library", "willow", "story",
                                                  title="lantern after")
        choices = await typed.choices()
        assert [c["name"] for c in choices] == ["The Lantern After Reload"]
        shown = await (await discord_double.slash(guild, "library", "willow", "story",
                                                  title=choices[0]["value"])).message()
        assert shown.embeds[0]["title"] == "The Lantern After Reload"
    assert not discord_double.expired

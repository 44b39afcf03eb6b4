"""Stories rated explicit in a fan's shorthand ("R18", "NSFW", "M/E"...) stay out of ordinary
channels on every path, even on a server that allows mature stories there (issue 18)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.catalog.ingest import ingest
from bot.search.engine import Filters
from tests.e2e.bot_harness import STORIES, add_readers, hostile_story_dir, running_bot
from tests.e2e.test_bot_exclusions import all_cards, sweep

SHORTHANDS = ("E", "Rated E", "R18", "R-18", "R 18", "FR18", "NSFW", "NC-21", "18", "18+",
              "smut", "lemon", "M/E")

STORY = """Title: Shorthand {n}
Author: Someone
Fandom: Buffy the Vampire Slayer
Pairing: Spike/Buffy
Characters: Buffy Summers, Spike, Willow Rosenberg
Rating: {rating}
Tags: angst, fluff, sad, funny
Summary: Spike and Buffy, sad and funny, Willow watching: spuffy fluff after the fall.

Buffy sat on the porch steps and cried, and Spike sat beside her and said nothing at all.
Willow brought cocoa. It was sad and then, somehow, funny, and they laughed until dawn number {n}.
"""


@pytest.fixture(scope="module")
def shorthand_catalog(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("shorthand-catalog")
    folder = root / "shorthand"
    folder.mkdir()
    for n, rating in enumerate(SHORTHANDS):
        (folder / f"shorthand-{n}.txt").write_text(STORY.format(n=n, rating=rating),
                                                   encoding="utf-8")
    catalog = root / "catalog.db"
    ingest([str(STORIES), str(hostile_story_dir(root)), str(folder)], catalog, workers=1)
    return catalog


async def test_shorthand_explicit_never_reaches_an_ordinary_channel(
        discord_double, shorthand_catalog, tmp_path):
    async with running_bot(discord_double, shorthand_catalog, tmp_path / "state.db") as bot:
        cards = await all_cards(bot)
        shorthand = {c.id: c for c in cards if c.title.startswith("Shorthand ")}
        assert len(shorthand) == len(SHORTHANDS)
        assert {c.rating for c in shorthand.values()} == {"explicit"}

        def allow_mature(settings) -> None:  # mature in ordinary channels, not-rated shown
            settings.rating_max = "mature"
            settings.not_rated = "estimate"

        await bot.state.update_guild_settings(discord_double.guild.id, allow_mature)
        mature = {c.id for c in cards if c.rating == "mature"}
        seen = await sweep(discord_double, add_readers(discord_double, 4))
        assert seen & mature, "the server's mature ceiling is in force"
        assert not seen & set(shorthand), sorted(shorthand[i].title for i in seen & set(shorthand))
        # the age-restricted channel does offer them
        eligible = await bot.search.eligible_ids(Filters(rating_max="explicit"))
        assert set(shorthand) <= set(eligible)
    assert not discord_double.expired, discord_double.expired

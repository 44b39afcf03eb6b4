"""What the real bot's interactions leave behind once answered: nothing that waits for the
cyclic collector.

Each full pass of the collector freezes what it leaves (bot.search.collector), and a frozen
object is freed by reference counting alone: an interaction in flight at a full pass that then
died in a reference cycle was kept for good. Here every interaction is in flight at a freeze
(on arrival, and at each answer the bot sends), then the objects frozen meanwhile that died are
counted: none of discord.py's or the bot's, however many interactions.
"""

from __future__ import annotations

import asyncio
import collections
import gc
import logging
from collections.abc import Container
from typing import Any

import discord
import pytest

from tests.discord_double.model import Attachment
from tests.e2e import bot_harness
from tests.e2e.test_bot_recommend import attachment
from tests.support.waiting import eventually

catalog = bot_harness.catalog
storybot = bot_harness.storybot
LIBRARY = "library"
OURS = ("discord.", "bot.", "cogs.")  # the modules whose objects the bot makes
HANDLERS = ("CommandTree-invoker", "discord-ui-dynamic-item-")  # discord.py's tasks' names
EACH = 14  # interactions in `every_kind`, each by its own member


def frozen_garbage(old: Container[int] = ()) -> collections.Counter[str]:
    """What has died in reference cycles since it was frozen (and was not among `old`, by
    id), by type, of discord.py's or the bot's: found by a pass over everything, unfrozen,
    and freed."""
    gc.collect()  # the garbage a full pass frees by itself
    gc.unfreeze()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        gc.collect()
        found = collections.Counter(f"{type(o).__module__}.{type(o).__qualname__}"
                                    for o in gc.garbage if id(o) not in old)
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
    gc.unfreeze()  # the pass froze what it saved (bot.search.collector)
    gc.collect()
    return collections.Counter({kind: n for kind, n in found.items()
                                if kind.startswith(OURS)})


def alive() -> list[Any]:
    """Every object the collector tracks, frozen ones too."""
    gc.unfreeze()
    try:
        return gc.get_objects()
    finally:
        gc.freeze()


async def handled() -> None:
    """Until every task handling an interaction (discord.py's) has ended, and its done
    callbacks have run."""
    async def ended() -> bool:
        return not [task for task in asyncio.all_tasks()
                    if task.get_name().startswith(HANDLERS)]
    await eventually(ended, "the interactions handled", 10)
    await asyncio.sleep(0)  # the done callbacks, scheduled as the tasks ended


async def every_kind(double: Any, bot: Any, users: list[str], card: Any) -> None:
    """One interaction of each kind the bot answers, and of each way it fails, each by its
    own member (per-member cooldowns)."""
    guild, user = double.guild, iter(users)
    await (await double.slash(guild, LIBRARY, next(user), "rec", request="angst")).message()
    await (await double.autocomplete(guild, LIBRARY, next(user), "rec",
                                     pairing="spu")).choices()
    for custom_id in card.custom_ids()[:2]:  # Another (a new card), Read (the reader)
        await (await double.click(card, custom_id, user=next(user))).message()
    await (await double.slash(guild, LIBRARY, next(user), "story",
                              title="no such story at all")).message()  # told why
    await (await double.slash(guild, LIBRARY, next(user), "settings",
                              rating="general")).message()  # refused: Manage Server
    await (await double.slash(guild, LIBRARY, next(user), "recommend add",
                              file=Attachment("note.txt", b"just a link\n"))
           ).message(within=30)  # a bad upload
    bot.answer_window = 0.0  # deferred, then the card as an edit
    await (await double.slash(guild, LIBRARY, next(user), "recommend add",
                              file=attachment("story.md"))).message(within=30)
    await (await double.slash(guild, LIBRARY, next(user), "rec", request="fluff")).message()
    bot.answer_window = 1.0
    search = bot.search.recommend

    async def failing(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("an unexpected failure")

    bot.search.recommend = failing  # reported with a reference, its traceback logged
    await (await double.slash(guild, LIBRARY, next(user), "rec", request="sad")).message()
    bot.search.recommend = search
    limit, bot.admission.limit = bot.admission.limit, 0  # busy
    await (await double.slash(guild, LIBRARY, next(user), "rec", request="sad")).message()
    await (await double.click(card, card.custom_ids()[0], user=next(user))).message()
    bot.admission.limit = limit
    double.delivered_late = 4.0  # past Discord's 3 s on arrival: skipped, never answered
    await double.slash(guild, LIBRARY, next(user), "rec", request="sad")
    await double.click(card, card.custom_ids()[0], user=next(user))
    double.delivered_late = 0.0
    await handled()


async def test_interactions_in_flight_at_a_freeze_are_freed_once_answered(
        discord_double, storybot, monkeypatch: pytest.MonkeyPatch) -> None:
    double = discord_double
    # the unexpected failure's record is not kept (pytest's log capture would keep it, and
    # with its traceback the interaction): logging handles a record and lets go of it
    monkeypatch.setattr(logging.getLogger("bot.discord_app.errors"), "disabled", True)
    users = bot_harness.add_readers(double, 3 * EACH)
    card = await (await double.slash(double.guild, LIBRARY, "buffy", "rec",
                                     request="angst")).message()
    double.listeners.append(lambda _answer, _record: gc.freeze())  # each answer in flight
    admit = storybot.admission.admit

    async def admit_at_a_freeze(interaction: discord.Interaction) -> bool:
        admitted = await admit(interaction)
        gc.freeze()  # as a full pass would while it is in flight
        return admitted

    storybot.admission.admit = admit_at_a_freeze
    kept = []
    for start in range(0, len(users), EACH):
        frozen_garbage()
        # what earlier tests' bots left in this process dies when it will: not counted
        before = {id(o) for o in alive()}
        await every_kind(double, storybot, users[start:start + EACH], card)
        kept.append(frozen_garbage(before))
        # freed, not kept by anything either
        assert not [o for o in alive() if isinstance(o, discord.Interaction)]
    assert kept == [{}, {}, {}]

"""Generated odd requests through the real client and the stand-in: every reply is an answer
(never "something went wrong"), keeps Discord's limits (the stand-in checks each body against
the spec and the limits it cannot express), pings no one and shows no explicit or mature story
outside an age-restricted channel. Seeded: a failure names the request, and reruns the same."""

from __future__ import annotations

import random
import sqlite3
from typing import Any

import pytest

from tests.discord_double.model import walk_components
from tests.e2e import bot_harness
from tests.e2e.bot_harness import add_readers, ping_risks, shown_data, walk_strings
from tests.support.cards import LIVE_MENTION
from tests.support.odd_requests import odd_request

catalog = bot_harness.catalog  # fixtures shared by the test_bot_* modules
storybot = bot_harness.storybot

# (command, option) pairs a user types free text into; the autocompleted ones are also typed
# into, a keystroke at a time, as autocomplete requests.
TYPED = [("rec", "request"), ("rec", "pairing"), ("rec", "character"), ("rec", "fandom"),
         ("pairing", "pairing"), ("character", "name"), ("random", "fandom"), ("story", "title")]
AUTOCOMPLETED = [t for t in TYPED if t != ("rec", "request")]
# ordinary channel, its thread, a DM, and the age-restricted channel
CHANNELS = ["library", "library-recs", None, "after-dark"]
BROKEN = "Something went wrong"
CASES = 24  # per test: every pair of TYPED and each channel come up at this count


def hidden_titles(catalog_path) -> set[str]:
    """Titles an ordinary channel must never show (the default ceiling is teen)."""
    with sqlite3.connect(catalog_path) as db:
        rows = db.execute("SELECT title FROM stories WHERE rating IN ('explicit', 'mature')")
        return {title for (title,) in rows}


def max_length(double, command: str, option: str) -> int:
    """The option's max_length as registered: Discord's client never sends more."""
    for registered in double.registered_commands():
        if registered["name"] == command:
            for spec in registered.get("options", []):
                if spec["name"] == option:
                    return spec.get("max_length", 6000)
    raise AssertionError(f"/{command} has no option {option}")


def typed(double, command: str, option: str, text: str) -> str:
    """What Discord would deliver: trimmed, cut at the option's max_length."""
    return text.strip()[:max_length(double, command, option)].strip()


def problems(bodies: list[Any], ordinary: bool, hidden: set[str]) -> list[str]:
    """What is wrong with the bot's request bodies for one interaction."""
    found = ping_risks(bodies)
    for data in shown_data(bodies):
        for text in walk_strings({k: v for k, v in data.items() if k != "allowed_mentions"}):
            if LIVE_MENTION.search(text):  # echoed or story text: no member is mentioned here
                found.append(f"a live mention in {text[:120]!r}")
            if BROKEN in text:
                found.append(f"an error reply: {text[:120]!r}")
            if ordinary:
                found += [f"{title!r} shown outside an age-restricted channel"
                          for title in hidden if title in text]
    return found


def buttons(message) -> list[str]:
    """The custom_ids of the message's live buttons but Delete."""
    return [c["custom_id"] for c in walk_components(message.components)
            if c.get("type") == 2 and not c.get("disabled") and "custom_id" in c
            and not c["custom_id"].startswith("sb:delete:")]


async def settled(double, record) -> None:
    """Wait for the bot's whole answer: a deferred one follows on the interaction's token."""
    if (await record.response(10))["type"] in (5, 6):
        await double.wait_for(lambda: any(record.token in r.path and "/callback" not in r.path
                                          for r in double.requests) or None,
                              within=10, what="the deferred answer")


async def _answers(double, send, ordinary: bool, hidden: set[str]) -> list[str]:
    """Problems in the answer to `send()`, and in what each of its buttons answers (but
    Delete): the follow-ups must keep the same promises."""
    before = len(double.requests)
    record = await send()
    await settled(double, record)
    if record.type == 2:
        shown = await record.message(10)
        for action in [b.rsplit(":", 1)[0] for b in buttons(shown)]:  # a click may redraw
            now = [b for b in buttons(shown) if b.rsplit(":", 1)[0] == action]
            if now:
                await settled(double, await double.click(shown, now[0]))
    bodies = [r.json for r in double.requests[before:] if r.json is not None]
    return problems(bodies, ordinary, hidden) + [str(v) for v in double.take_violations()]


@pytest.mark.parametrize("seed", [7, 13])
async def test_odd_slash_commands_get_an_answer_within_limits(discord_double, storybot,
                                                              catalog, seed):
    rng = random.Random(seed)
    hidden = hidden_titles(catalog)
    readers = iter(add_readers(discord_double, CASES))  # per-user cooldowns: one case each
    failures = []
    for case in range(CASES):
        command, option = TYPED[case % len(TYPED)]
        channel = CHANNELS[case % len(CHANNELS)]
        text = typed(discord_double, command, option, odd_request(rng)) or "?"
        guild = None if channel is None else discord_double.guild
        user = next(readers)

        async def send(command=command, option=option, text=text, guild=guild,
                       channel=channel, user=user):
            return await discord_double.slash(guild, channel, user, command, **{option: text})

        for problem in await _answers(discord_double, send, channel != "after-dark", hidden):
            failures.append(f"/{command} {option}={text[:80]!r} in {channel}: {problem}")
    assert not failures, "\n".join(failures)
    kinds = [r.type for r in discord_double.interactions.values()]
    assert kinds.count(3) >= 4, kinds  # some cards came, and their buttons were pressed


@pytest.mark.parametrize("seed", [7, 13])
async def test_odd_typing_into_autocomplete_stays_within_limits(discord_double, storybot,
                                                                catalog, seed):
    rng = random.Random(seed)
    hidden = hidden_titles(catalog)
    failures = []
    for case in range(CASES):
        command, option = AUTOCOMPLETED[case % len(AUTOCOMPLETED)]
        channel = CHANNELS[case % len(CHANNELS)]
        text = odd_request(rng)[:max_length(discord_double, command, option)]
        guild = None if channel is None else discord_double.guild

        async def send(command=command, option=option, text=text, guild=guild,
                       channel=channel):
            return await discord_double.autocomplete(guild, channel, "willow", command,
                                                     focused=option, **{option: text})

        for problem in await _answers(discord_double, send, channel != "after-dark", hidden):
            failures.append(f"/{command} typing {option}={text[:80]!r} in {channel}: {problem}")
    assert not failures, "\n".join(failures)

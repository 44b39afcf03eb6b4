"""Slash commands, autocomplete, buttons and modals through the real discord.py client."""

from __future__ import annotations

import discord
import pytest

from tests.discord_double import CommandUsageError

LIBRARY = "library"


async def test_sync_registers_global_and_guild_commands(discord_double, probe):
    names = {c["name"] for c in discord_double.registered_commands()}
    assert {"rec", "count", "slow", "feedback"} <= names
    rec = next(c for c in discord_double.registered_commands() if c["name"] == "rec")
    assert rec["options"][0] == {
        **rec["options"][0],
        "name": "request",
        "type": 3,
        "required": True,
    }
    guild = discord.Object(id=discord_double.guild.id)
    probe.tree.copy_global_to(guild=guild)
    synced = await probe.tree.sync(guild=guild)
    assert {c.name for c in synced} == names
    assert {c["name"] for c in discord_double.registered_commands(discord_double.guild)} == names
    assert (
        discord_double.requests_to("PUT /applications/{application_id}/guilds/{guild_id}/commands")[
            0
        ].status
        == 200
    )


async def test_slash_command_answer_is_what_the_user_sees(discord_double, probe):
    guild = discord_double.guild
    asked = await discord_double.slash(guild, LIBRARY, "buffy", "rec", request="sad spuffy")
    shown = await asked.message()
    assert shown.embeds[0]["title"] == "For sad spuffy"
    assert not shown.ephemeral
    assert shown.custom_ids() == ["rec:more", "rec:why"]
    assert (await asked.response())["type"] == 4
    callback = await asked.callback_request()
    assert callback.status == 200
    assert callback.json["data"]["allowed_mentions"] == {"parse": []}


async def test_option_types_come_from_the_registered_definition(discord_double, probe):
    willow = discord_double.world.user("willow")
    asked = await discord_double.slash(
        discord_double.guild, LIBRARY, "buffy", "count", number=3, loud=True, who=willow
    )
    assert (await asked.message()).content == "3 LOUD willow"
    sent = asked.payload["data"]["options"]
    assert [(o["name"], o["type"]) for o in sent] == [("number", 4), ("loud", 5), ("who", 6)]


async def test_bad_options_are_refused_by_the_test_api(discord_double, probe):
    guild = discord_double.guild
    with pytest.raises(CommandUsageError, match="no option 'pairing'"):
        await discord_double.slash(guild, LIBRARY, "buffy", "rec", pairing="spuffy")
    with pytest.raises(CommandUsageError, match="missing required options: request"):
        await discord_double.slash(guild, LIBRARY, "buffy", "rec")
    with pytest.raises(CommandUsageError, match="integer option"):
        await discord_double.slash(guild, LIBRARY, "buffy", "count", number="three")
    with pytest.raises(CommandUsageError, match="no slash command /nope"):
        await discord_double.slash(guild, LIBRARY, "buffy", "nope")


async def test_defer_then_followups(discord_double, probe):
    asked = await discord_double.slash(discord_double.guild, LIBRARY, "willow", "slow")
    assert (await asked.response())["type"] == 5
    assert (await asked.message()).content == "Found it."
    extra = await asked.followup(0)
    assert extra.content == "Also this."
    assert extra.ephemeral


async def test_edit_and_delete_original(discord_double, probe):
    asked = await discord_double.slash(discord_double.guild, LIBRARY, "willow", "edit")
    await discord_double.wait_for(
        lambda: asked.original and asked.original.deleted,
        what="the original response to be deleted",
    )
    assert asked.original.content == "final"
    assert asked.original.edited is not None
    methods = [r.method for r in discord_double.requests if "/messages/@original" in r.path]
    assert methods == ["PATCH", "GET", "DELETE"]


async def test_autocomplete_returns_choices(discord_double, probe):
    typed = await discord_double.autocomplete(
        discord_double.guild, LIBRARY, "buffy", "rec", request="spu"
    )
    choices = await typed.choices()
    assert [c["value"] for c in choices] == ["Spuffy: Once More"]
    assert typed.payload["data"]["options"][0]["focused"] is True


async def test_button_click_updates_the_message(discord_double, probe):
    asked = await discord_double.slash(
        discord_double.guild, LIBRARY, "buffy", "rec", request="angst"
    )
    shown = await asked.message()
    clicked = await discord_double.click(shown, "rec:more")
    assert (await clicked.response())["type"] == 7
    assert shown.content == "Here is another one."
    assert shown.components == []
    with pytest.raises(CommandUsageError, match="no component 'rec:more'"):
        await discord_double.click(shown, "rec:more")


async def test_click_on_an_ephemeral_message(discord_double, probe):
    asked = await discord_double.slash(
        discord_double.guild, LIBRARY, "buffy", "rec", request="angst"
    )
    why = await discord_double.click(await asked.message(), "rec:why")
    private = await why.message()
    assert private.ephemeral and private.content == "Because you asked for angst."
    with pytest.raises(CommandUsageError, match="only the invoking user"):
        await discord_double.click(private, "why:thanks", user="willow")
    thanked = await discord_double.click(private, "why:thanks")
    assert (await thanked.response())["type"] == 6
    await discord_double.wait_for(
        lambda: private.content == "Glad it helped.", what="the ephemeral message to be edited"
    )
    assert private.components == []


async def test_modal_submit(discord_double, probe):
    asked = await discord_double.slash(discord_double.guild, LIBRARY, "willow", "feedback")
    modal = await asked.modal()
    assert modal["title"] == "Tell us more"
    submitted = await discord_double.submit_modal(asked, {"feedback:text": "Loved it"})
    reply = await submitted.message()
    assert reply.content == "Thanks: Loved it"
    assert reply.ephemeral
    with pytest.raises(CommandUsageError, match="no inputs"):
        await discord_double.submit_modal(asked, {"feedback:other": "x"})


async def test_dm_interaction(discord_double, probe):
    asked = await discord_double.slash(None, None, "buffy", "rec", request="fluff")
    assert (await asked.message()).embeds[0]["title"] == "For fluff"
    assert asked.payload["context"] == 1 and "user" in asked.payload

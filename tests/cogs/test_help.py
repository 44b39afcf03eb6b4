"""/help decides what a member sees the way Discord does, from each command's default
permissions and whether it is server-only."""

from __future__ import annotations

import discord
from discord import app_commands

from cogs.help import SECTIONS, help_embed, section, visible


def _tree() -> app_commands.CommandTree:
    client = discord.Client(intents=discord.Intents.none())
    tree = app_commands.CommandTree(client)

    @tree.command(name="rec", description="Recommend a story")
    async def rec(interaction: discord.Interaction) -> None: ...

    @tree.command(name="settings", description="Server settings")
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.guild_only()
    async def settings(interaction: discord.Interaction) -> None: ...

    owner = app_commands.Group(name="owner", description="Owner tools", guild_only=True,
                               default_permissions=discord.Permissions.none())

    @owner.command(name="reload", description="Serve a rebuilt catalog")
    async def reload(interaction: discord.Interaction) -> None: ...

    tree.add_command(owner)
    return tree


def test_who_sees_what():
    tree = _tree()
    rec, settings, owner = (tree.get_command(n) for n in ("rec", "settings", "owner"))
    member = discord.Permissions(send_messages=True, use_application_commands=True)
    moderator = discord.Permissions(manage_guild=True) | member
    admin = discord.Permissions(administrator=True)
    assert visible(rec, member, True) and visible(rec, member, False)
    assert not visible(settings, member, True) and visible(settings, moderator, True)
    assert not visible(settings, admin, False)  # server-only: never in a DM
    assert not visible(owner, moderator, True) and visible(owner, admin, True)
    assert [section(c) for c in (rec, settings, owner)] == list(SECTIONS)


def test_the_help_text_comes_from_the_tree():
    tree = _tree()
    text = help_embed(tree, discord.Object(1), discord.Permissions(manage_guild=True)
                      ).description
    assert text == ("**For everyone**\n`/rec` — Recommend a story\n\n"
                    "**For moderators (Manage Server)**\n`/settings` — Server settings")
    everyone = help_embed(tree, None, discord.Permissions.all()).description
    assert "/settings" not in everyone and "/owner" not in everyone

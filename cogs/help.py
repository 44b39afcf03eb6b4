"""/help: the commands this member can use here, read from the registered command tree and the
member's permissions (never a hand-kept list): a command or group whose default permissions
the member lacks is left out, as Discord leaves it out of their command list; a server-only
one is left out of direct messages. (A server that changes who sees a command under Server
Settings → Integrations is not seen here: Discord tells bots that only through OAuth.)"""

from __future__ import annotations

from collections.abc import Iterable

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord_app.bot import Interaction, StoryBot
from cogs.utils.lists import LIST_COLOUR
from cogs.utils.safety import EMBED_DESCRIPTION, trim

SECTIONS = ("For everyone", "For moderators (Manage Server)", "For administrators")


def visible(command: app_commands.Command | app_commands.Group, permissions: discord.Permissions,
            in_guild: bool) -> bool:
    """Whether Discord shows this top-level command to a member with these permissions."""
    if command.guild_only and not in_guild:
        return False
    needed = command.default_permissions
    if needed is None or permissions.administrator:
        return True
    # no permission named ("0"): administrators only
    return needed.value != 0 and permissions.value & needed.value == needed.value


def section(command: app_commands.Command | app_commands.Group) -> str:
    needed = command.default_permissions
    if needed is None:
        return SECTIONS[0]
    return SECTIONS[2] if needed.value == 0 or needed.administrator else SECTIONS[1]


def lines_of(command: app_commands.Command | app_commands.Group) -> Iterable[str]:
    """ "/rec — Recommend a story…", one per command (a group: one per subcommand)."""
    if isinstance(command, app_commands.Group):
        for sub in command.walk_commands():
            if isinstance(sub, app_commands.Command):
                yield f"`/{sub.qualified_name}` — {sub.description}"
    else:
        yield f"`/{command.qualified_name}` — {command.description}"


def help_embed(tree: app_commands.CommandTree, guild: discord.abc.Snowflake | None,
               permissions: discord.Permissions) -> discord.Embed:
    found: dict[str, list[str]] = {name: [] for name in SECTIONS}
    listed = list(tree.get_commands(guild=None))
    if guild is not None:
        listed += tree.get_commands(guild=guild)
    for command in sorted(listed, key=lambda c: c.name):
        if isinstance(command, app_commands.Command | app_commands.Group) and visible(
                command, permissions, guild is not None):
            found[section(command)].extend(lines_of(command))
    parts = [f"**{name}**\n" + "\n".join(lines) for name, lines in found.items() if lines]
    embed = discord.Embed(title="What I can do", colour=LIST_COLOUR,
                          description=trim("\n\n".join(parts), EMBED_DESCRIPTION))
    embed.set_footer(text="Ask /rec for anything: a pairing, a character, a mood, a fandom, "
                          "or what it's about. Only you see this.")
    return embed


class HelpCog(commands.Cog):
    def __init__(self, bot: StoryBot) -> None:
        self.bot = bot

    @app_commands.command(name="help", description="The commands you can use here")
    @app_commands.checks.cooldown(3, 10.0, key=lambda i: i.user.id)
    async def help(self, interaction: Interaction) -> None:
        embed = help_embed(self.bot.tree, interaction.guild, interaction.permissions)
        await interaction.response.send_message(embed=embed, ephemeral=True)


async def setup(bot: StoryBot) -> None:
    await bot.add_cog(HelpCog(bot))

"""/owner reload: the bot owner's tools, in a group of their own so members never see them.

Discord hides a command from members by its `default_permissions`, set per top-level command
or group, so owner-only commands cannot share a group with everyone's (`/catalog stats`). This
group asks for permissions no member has by default (only administrators see it, and a server
can grant it further in its Integrations settings); the owner check (STORYBOT_OWNER_IDS) still
decides who may run it.
"""

from __future__ import annotations

from discord import app_commands
from discord.ext import commands

from bot.discord_app.bot import Interaction, StoryBot
from bot.discord_app.errors import UserFacingError
from cogs.utils.lists import stories
from cogs.utils.replies import Reply, respond


def owner_only():
    """An app-command check: only the bot's owners (STORYBOT_OWNER_IDS) pass."""

    async def predicate(interaction: Interaction) -> bool:
        if await interaction.client.is_owner(interaction.user):
            return True
        raise UserFacingError("Only the bot's owner can do that.")

    return app_commands.check(predicate)


@app_commands.default_permissions()  # no permission named: administrators only
@app_commands.guild_only()  # in DMs every user would see it
class OwnerCog(commands.GroupCog, group_name="owner",
               group_description="The bot owner's tools"):
    def __init__(self, bot: StoryBot) -> None:
        self.bot = bot
        super().__init__()

    @app_commands.command(name="reload", description="Owner only: serve a rebuilt catalog now")
    @owner_only()
    async def reload(self, interaction: Interaction) -> None:
        async def work() -> Reply:
            if not await self.bot.search.reload():
                raise UserFacingError("The catalog could not be opened; still serving the "
                                      "previous one (see the log).")
            stats = await self.bot.search.stats()
            return Reply(content=f"Reloaded: now serving {stories(stats.stories)}.")

        await respond(interaction, work, ephemeral=True)


async def setup(bot: StoryBot) -> None:
    await bot.add_cog(OwnerCog(bot))

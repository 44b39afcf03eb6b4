"""Taking a member's recommendation back: `/recommend remove` and the button on its card.

The recommender removes their own; a member with Manage Server removes the story from the
server's shelf (every credit). An upload nobody recommends any more leaves, its kept file too.

Custom id (a DynamicItem, so it works after a restart):
  sb:unrec:<story>         remove the clicker's recommendation (Manage Server: the story)
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from bot.discord_app.bot import Interaction
from bot.state import recommendations as recs
from cogs.utils.views import StoryButton

NOT_YOURS = "Only the member who recommended it, or someone with Manage Server, can remove it."


def forget_file(home: Path, relative: str) -> None:
    (home / relative).unlink(missing_ok=True)


async def remove_recommendation(interaction: Interaction, story_id: str) -> str:
    """Remove the member's own recommendation of a story here, or (Manage Server) the story
    from the server's shelf; what happened, in words."""
    bot = interaction.client
    guild_id = interaction.guild_id
    if guild_id is None:
        return "Recommendations belong to a server; use this in one."
    manage = bool(interaction.permissions.manage_guild)
    mine = [c for c in await recs.credits(bot.state, guild_id, user_id=interaction.user.id)
            if c.story_id == story_id]
    if not manage and not mine:
        return NOT_YOURS
    removed = await recs.remove(bot.state, guild_id, story_id,
                                None if manage else interaction.user.id)
    if removed.file:
        await asyncio.to_thread(forget_file, bot.settings.home, removed.file)
    if not removed.credits:
        return "That story isn't recommended here."
    return ("Removed from the server's shelf." if removed.story_gone or manage
            else "Your recommendation was removed.")


class RemoveRecommendationButton(StoryButton, action="unrec",
                                 label="Remove recommendation"):
    async def run(self, interaction: Interaction) -> None:
        text = await remove_recommendation(interaction, self.story_id)
        await interaction.response.send_message(text, ephemeral=True)

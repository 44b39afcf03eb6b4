"""/settings (Manage Server): the rating ceiling for ordinary channels, excluded warnings and
tags, what age-restricted channels may show, and whether replies are public or private.

With no options it shows the current settings. Explicit is never offered for ordinary
channels: it is only ever shown in age-restricted channels.
"""

from __future__ import annotations

import discord
from discord import app_commands

from bot.discord_app.bot import Interaction, StoryBot
from bot.state import GuildSettings
from bot.vocabulary import CEILINGS, ORDINARY_MAX, RATING_LABELS, RECOMMEND_MODES, allowed
from cogs.utils.lists import LIST_COLOUR, FeatureCog
from cogs.utils.safety import EMBED_FIELD_VALUE, join_trimmed, trim

MAX_EXCLUDED = 50
MAX_CHANNELS = 25
RATING_CHOICES = [app_commands.Choice(name=RATING_LABELS[r], value=r)
                  for r in CEILINGS if allowed(r, ORDINARY_MAX)]
NSFW_CHOICES = [
    app_commands.Choice(name="explicit stories allowed", value="explicit"),
    app_commands.Choice(name="up to mature", value="mature"),
    app_commands.Choice(name="same as ordinary channels", value="same"),
]
NOT_RATED_CHOICES = [
    app_commands.Choice(name="hide them (they count as mature)", value="hide"),
    app_commands.Choice(name="show those that read as teen or lower", value="estimate"),
]
RECOMMEND_CHOICES = [
    app_commands.Choice(name="open to every member", value="open"),
    app_commands.Choice(name="members with a role (recommend_role)", value="role"),
    app_commands.Choice(name="through the moderators' approval queue", value="queue"),
]
REPLY_CHOICES = [app_commands.Choice(name="public (everyone sees the card)", value="public"),
                 app_commands.Choice(name="private (only the asker sees it)", value="private")]


def split_tags(text: str | None) -> list[str]:
    """ "Major Character Death, rape/non-con" -> cleaned, de-duplicated (case-insensitive)."""
    out: dict[str, str] = {}
    for part in (text or "").replace(";", ",").split(","):
        tag = " ".join(part.split())[:100]
        if tag:
            out.setdefault(tag.casefold(), tag)
    return list(out.values())


def apply_changes(current: GuildSettings, *, rating: str | None, exclude: str | None,
                  allow: str | None, nsfw: str | None, replies: str | None,
                  not_rated: str | None = None) -> GuildSettings:
    """The settings after the options a moderator gave (pure: easy to test)."""
    if not_rated in {"hide", "estimate"}:
        current.not_rated = not_rated
    if rating is not None:
        current.rating_max = rating
    if nsfw == "explicit":
        current.allow_mature_nsfw = current.allow_explicit_nsfw = True
    elif nsfw == "mature":
        current.allow_mature_nsfw, current.allow_explicit_nsfw = True, False
    elif nsfw == "same":
        current.allow_mature_nsfw = current.allow_explicit_nsfw = False
    tags = {t.casefold(): t for t in current.excluded_tags}
    for tag in split_tags(exclude):
        tags.setdefault(tag.casefold(), tag)
    for tag in split_tags(allow):
        tags.pop(tag.casefold(), None)
    current.excluded_tags = list(tags.values())[:MAX_EXCLUDED]
    if replies is not None:
        current.public_replies = replies == "public"
    return current


def change_channels(current: GuildSettings, *, answer_in: int | None,
                    stop_answering_in: int | None, answer_everywhere: bool | None) -> None:
    """The allow-list after the channel options (pure: easy to test)."""
    if answer_everywhere:
        current.channels = []
    if answer_in is not None and answer_in not in current.channels:
        current.channels.append(answer_in)
    if stop_answering_in is not None and stop_answering_in in current.channels:
        current.channels.remove(stop_answering_in)
    current.channels = current.channels[:MAX_CHANNELS]


def change_recommendations(current: GuildSettings, *, mode: str | None, role: int | None,
                           channel: int | None, cap: int | None) -> None:
    """Who may recommend stories, and how (pure: easy to test)."""
    if mode in RECOMMEND_MODES:
        current.recommend_mode = mode
    if role is not None:
        current.recommend_role = role
    if channel is not None:
        current.moderator_channel = channel
    if cap is not None:
        current.recommend_daily_cap = cap


def recommendations_text(s: GuildSettings) -> str:
    how = {"open": "every member", "queue": "every member, approved by moderators in "
           + (f"<#{s.moderator_channel}>" if s.moderator_channel else "(no channel chosen)"),
           "role": f"members with <@&{s.recommend_role}>" if s.recommend_role
           else "members with a role (none chosen)"}[s.recommend_mode]
    return f"{how}; at most {s.recommend_daily_cap} a day each"


def channels_text(s: GuildSettings) -> str:
    return ("every channel" if not s.channels
            else ", ".join(f"<#{c}>" for c in s.channels))


def settings_embed(s: GuildSettings, changed: bool) -> discord.Embed:
    if s.allow_explicit_nsfw:
        nsfw = "explicit stories allowed"
    elif s.allow_mature_nsfw:
        nsfw = "up to mature"
    else:
        nsfw = "same as ordinary channels"
    embed = discord.Embed(title="Settings saved" if changed else "Server settings",
                          colour=LIST_COLOUR)
    embed.add_field(name="Ordinary channels", value=f"up to {RATING_LABELS[s.rating_max]}",
                    inline=True)
    embed.add_field(name="Age-restricted channels", value=nsfw, inline=True)
    embed.add_field(name="Replies", value="public" if s.public_replies else "private",
                    inline=True)
    embed.add_field(name="Not-rated stories",
                    value="shown when their text reads as teen or lower (labelled not rated)"
                    if s.not_rated == "estimate" else "hidden in ordinary channels",
                    inline=False)
    embed.add_field(name="Answers in", value=trim(channels_text(s), EMBED_FIELD_VALUE),
                    inline=False)
    embed.add_field(name="Recommendations (/recommend add)", value=recommendations_text(s),
                    inline=False)
    embed.add_field(name="Excluded warnings and tags",
                    value=join_trimmed(s.excluded_tags, 1024) or "none", inline=False)
    if s.exclusions:
        embed.add_field(name="Other exclusions (see /server-exclude list)",
                        value=join_trimmed([f"{kind}: {text}" for kind, text in s.exclusions],
                                           EMBED_FIELD_VALUE), inline=False)
    embed.set_footer(text="Direct messages are always limited to Teen.")
    return embed


class SettingsCog(FeatureCog):
    @app_commands.command(name="settings", description="Server settings: ratings, excluded "
                                                       "tags, replies, where the bot answers")
    @app_commands.describe(
        rating="highest rating shown in ordinary channels",
        exclude="warnings or tags never to show, comma-separated",
        allow="take warnings or tags off the excluded list, comma-separated",
        nsfw="what age-restricted channels may show",
        replies="whether cards are public or only seen by the asker",
        not_rated="stories that state no rating: hide them, or show those that read as teen",
        answer_in="add a channel to the ones the bot answers in (elsewhere it points there)",
        stop_answering_in="take a channel off that list",
        answer_everywhere="True: answer in every channel again",
        recommendations="who may add stories with /recommend add",
        recommend_role="the role that may recommend (with recommendations: role)",
        moderator_channel="where queued recommendations wait for Approve/Reject",
        daily_recommendations="how many stories a member may recommend a day")
    @app_commands.choices(rating=RATING_CHOICES, nsfw=NSFW_CHOICES, replies=REPLY_CHOICES,
                          not_rated=NOT_RATED_CHOICES, recommendations=RECOMMEND_CHOICES)
    @app_commands.guild_only()
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.checks.has_permissions(manage_guild=True)
    async def settings(self, interaction: Interaction, rating: str | None = None,
                       exclude: app_commands.Range[str, 1, 500] | None = None,
                       allow: app_commands.Range[str, 1, 500] | None = None,
                       nsfw: str | None = None, replies: str | None = None,
                       not_rated: str | None = None,
                       answer_in: discord.TextChannel | None = None,
                       stop_answering_in: discord.TextChannel | None = None,
                       answer_everywhere: bool | None = None,
                       recommendations: str | None = None,
                       recommend_role: discord.Role | None = None,
                       moderator_channel: discord.TextChannel | None = None,
                       daily_recommendations: app_commands.Range[int, 1, 100] | None = None,
                       ) -> None:
        state = self.bot.state
        assert interaction.guild_id is not None  # guild_only
        changed = any(v is not None for v in (
            rating, exclude, allow, nsfw, replies, not_rated, answer_in, stop_answering_in,
            answer_everywhere, recommendations, recommend_role, moderator_channel,
            daily_recommendations))

        def change(current: GuildSettings) -> None:
            apply_changes(current, rating=rating, exclude=exclude, allow=allow, nsfw=nsfw,
                          replies=replies, not_rated=not_rated)
            change_channels(current, answer_in=answer_in.id if answer_in else None,
                            stop_answering_in=stop_answering_in.id if stop_answering_in
                            else None, answer_everywhere=answer_everywhere)
            change_recommendations(current, mode=recommendations,
                                   role=recommend_role.id if recommend_role else None,
                                   channel=moderator_channel.id if moderator_channel else None,
                                   cap=daily_recommendations)

        current = (await state.update_guild_settings(interaction.guild_id, change) if changed
                   else await state.guild_settings(interaction.guild_id))
        await interaction.response.send_message(embed=settings_embed(current, changed),
                                                ephemeral=True)


async def setup(bot: StoryBot) -> None:
    await bot.add_cog(SettingsCog(bot))

"""/daily: a story of the day, posted by the scheduler in bot/daily at each server's local time.

This cog only adapts: it tells the scheduler what a channel is (NSFW flag, permissions), sends
the card through discord.py, and turns the scheduler's answers into replies. Manage Server only.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.daily.pick import PickRules, StoryMeta
from bot.daily.post_time import ScheduleError, format_post_time, parse_post_time
from bot.daily.ratelimit import TokenBucket
from bot.daily.scheduler import (
    ChannelInfo,
    ChannelUnavailable,
    DailyScheduler,
    Delivery,
    RateLimited,
)
from bot.daily.zones import CHOICES_MAX, canonical_zone, suggest
from bot.discord_app.bot import Interaction, StoryBot
from bot.discord_app.errors import UserFacingError
from bot.discord_app.permissions import needed_for_daily
from bot.search.model import Filters, StoryCard
from bot.search.service import SearchService
from bot.vocabulary import ORDINARY_MAX, allowed, shown_rating
from cogs.utils.controls import HideButton
from cogs.utils.embeds import story_embed
from cogs.utils.limits import is_age_restricted
from cogs.utils.options import MOOD_CHOICES
from cogs.utils.safety import safe
from cogs.utils.suggest import suggester
from cogs.utils.views import card_view, register_buttons

log = logging.getLogger(__name__)

EXPLICIT_ELSEWHERE = "an explicit story (shown only in age-restricted channels)"

# The history look for a post a crash may have sent starts this long before the day was first
# claimed: message ids carry Discord's time, claims the bot's, and the two clocks may differ.
CLOCK_SKEW = timedelta(minutes=10)


def marker(day: date) -> str:
    """Footer text that identifies a daily post (also how a resend after a crash is found)."""
    return f"Story of the day · {day.isoformat()}"


def message_link(guild_id: int, channel_id: int, message_id: int) -> str:
    return f"https://discord.com/channels/{guild_id}/{channel_id}/{message_id}"


class SearchCatalog:
    """The search as the daily picker's Catalog."""

    def __init__(self, search: SearchService) -> None:
        self.search = search

    async def _filters(self, rules: PickRules) -> Filters:
        """The server's exclusions (tags by family, as everywhere) applied in the search."""
        excluded = await self.search.exclusions(
            [("tag", tag) for tag in rules.exclude_tags] + list(rules.exclusions))
        return excluded.narrow(Filters(rating_max=rules.rating_max,
                                       fandoms=(rules.fandom,) if rules.fandom else (),
                                       guild=rules.guild_id))

    async def eligible(self, rules: PickRules) -> list[str]:
        return await self.search.eligible_ids(await self._filters(rules))

    async def recommended(self, rules: PickRules) -> list[str]:
        return await self.search.shelf_ids(await self._filters(rules))

    async def metas(self, ids: Sequence[str]) -> dict[str, StoryMeta]:
        return {card.id: StoryMeta(card.id, card.fandoms,
                                   tuple(r.key for r in card.relationships), card.moods)
                for card in await self.search.stories(list(ids))}


class DiscordPoster:
    """The scheduler's channel-info, send and find-sent callbacks, done with discord.py."""

    def __init__(self, bot: StoryBot) -> None:
        self.bot = bot

    def _channel(self, guild_id: int, channel_id: int) -> Any:
        guild = self.bot.get_guild(guild_id)
        if guild is None:
            raise ChannelUnavailable("I am no longer in this server")
        if guild.unavailable:
            raise RuntimeError(f"guild {guild_id} is unavailable (Discord outage); retrying")
        channel = guild.get_channel_or_thread(channel_id)
        if channel is None:
            raise ChannelUnavailable("the channel was deleted")
        return channel

    async def channel_info(self, guild_id: int, channel_id: int) -> ChannelInfo:
        channel = self._channel(guild_id, channel_id)
        missing = missing_permissions(channel)
        if missing:
            raise ChannelUnavailable(f"I lost the {', '.join(missing)} permission in "
                                     f"#{channel.name}")
        return ChannelInfo(nsfw=is_age_restricted(channel))

    async def send(self, delivery: Delivery) -> int:
        channel = self._channel(delivery.guild_id, delivery.channel_id)
        card = await self.bot.search.story(delivery.story_id)
        if card is None:
            raise LookupError(f"story {delivery.story_id} left the catalog")
        excerpt = await self.bot.search.excerpt(delivery.story_id)
        credits = await self.bot.search.credits(delivery.guild_id)
        card = replace(card, recommended_by=credits.get(card.id, ()))
        embed = story_embed(card, excerpt=excerpt, footer_extra=marker(delivery.post_date))
        view = card_view(card.id).add(HideButton, card.id)  # a member hides this work
        try:
            message = await channel.send(
                content=f"📚 **Story of the day** — {delivery.post_date:%A %d %B}",
                embed=embed, view=view, nonce=delivery.nonce,
                allowed_mentions=discord.AllowedMentions.none())
        except discord.NotFound as exc:
            raise ChannelUnavailable("the channel was deleted") from exc
        except discord.Forbidden as exc:
            raise ChannelUnavailable(f"I may not post in #{channel.name} any more "
                                     f"({exc.text or 'missing permissions'})") from exc
        except discord.RateLimited as exc:
            raise RateLimited(exc.retry_after) from exc
        except discord.HTTPException as exc:
            if exc.status == 429:  # discord.py gave up after its own retries
                raise RateLimited(retry_after(exc)) from exc
            raise
        finally:
            # The buttons are DynamicItems, answered from their custom ids: no need to keep a
            # View per daily post in memory for ever.
            view.stop()
        return message.id

    async def find_sent(self, delivery: Delivery) -> int | None:
        """After a crash between send and record: the post, if it did go out. Every message
        since the day was first claimed is read, oldest first, a page of 100 at a time, so a
        busy channel cannot hide it. Without Read Message History Discord answers an empty
        history, which would look like "not sent": that is refused, not trusted."""
        channel = self._channel(delivery.guild_id, delivery.channel_id)
        if not channel.permissions_for(channel.guild.me).read_message_history:
            raise ChannelUnavailable(f"I lost the Read Message History permission in "
                                     f"#{channel.name}")
        wanted = marker(delivery.post_date)
        me = self.bot.user.id if self.bot.user else None
        # Without a first claim time: from the earliest moment the date begins anywhere.
        first = delivery.since or datetime.combine(delivery.post_date, datetime.min.time(),
                                                   UTC) - timedelta(hours=14)
        since = discord.utils.time_snowflake(first - CLOCK_SKEW)
        try:
            async for message in channel.history(limit=None, after=discord.Object(since),
                                                 oldest_first=True):
                if message.author.id == me and any(
                        wanted in (embed.footer.text or "") for embed in message.embeds):
                    return message.id
        except discord.NotFound as exc:
            raise ChannelUnavailable("the channel was deleted") from exc
        except discord.Forbidden as exc:
            raise ChannelUnavailable(f"I may not read #{channel.name}'s history any more "
                                     f"({exc.text or 'missing permissions'})") from exc
        return None


def retry_after(exc: discord.HTTPException) -> float:
    headers = getattr(exc.response, "headers", None) or {}
    try:
        return max(0.0, float(headers.get("Retry-After", 1.0)))
    except ValueError:
        return 1.0


def missing_permissions(channel: Any) -> list[str]:
    perms = channel.permissions_for(channel.guild.me)
    needed = needed_for_daily(isinstance(channel, discord.Thread))
    return [name.replace("_", " ").title() for name in needed if not getattr(perms, name)]


def shown_here(interaction: Interaction, card: StoryCard) -> bool:
    """May `/daily preview` or `/daily status` show this story's card or title where the
    command was used? Never an explicit one outside an age-restricted channel, wherever the
    daily channel is and however private the reply."""
    return (allowed(shown_rating(card.rating, card.estimate), ORDINARY_MAX)
            or is_age_restricted(interaction.channel))


def guild_of(interaction: Interaction) -> int:
    """The server a /daily command runs in (the group is guild_only: there always is one)."""
    if interaction.guild_id is None:
        raise UserFacingError("The daily story is set up per server; run this in one.")
    return interaction.guild_id


async def timezone_choices(interaction: Interaction,
                           current: str) -> list[app_commands.Choice[str]]:
    return [app_commands.Choice(name=name, value=name)
            for name in suggest(current or "", CHOICES_MAX)]


# Hidden from members without Manage Server by default; the checks below enforce it anyway.
@app_commands.default_permissions(manage_guild=True)
@app_commands.guild_only()
class DailyCog(commands.GroupCog, group_name="daily",
               group_description="A story of the day, posted at your server's local time"):
    def __init__(self, bot: StoryBot, *, scheduler: DailyScheduler | None = None,
                 start_loop: bool = True) -> None:
        self.bot = bot
        self.poster = DiscordPoster(bot)
        self.scheduler = scheduler or DailyScheduler(
            bot.state, SearchCatalog(bot.search), send=self.poster.send,
            channel_info=self.poster.channel_info, find_sent=self.poster.find_sent,
            owns=bot.sharding.owns, bucket=TokenBucket.share(bot.sharding.share))
        self._start_loop = start_loop
        self._task: asyncio.Task | None = None

    async def cog_load(self) -> None:
        if self._start_loop:
            self._task = asyncio.create_task(self._loop(), name="daily-posts")

    async def cog_unload(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _loop(self) -> None:
        await self.bot.wait_until_ready()
        await self.scheduler.run()

    # --- commands ---------------------------------------------------------------------------

    @app_commands.command(name="set", description="Post a story every day in a channel")
    @app_commands.describe(channel="where the story goes (a channel or a thread)",
                           time="local time: 9am, 9:30 pm, 21:30, noon or midnight",
                           timezone="IANA timezone, e.g. Europe/London",
                           mood="only stories with this mood", fandom="only this fandom")
    @app_commands.choices(mood=MOOD_CHOICES)
    @app_commands.autocomplete(timezone=timezone_choices, fandom=suggester("fandom"))
    @app_commands.checks.has_permissions(manage_guild=True)
    async def set_(self, interaction: Interaction,
                   channel: discord.TextChannel | discord.Thread,
                   time: app_commands.Range[str, 1, 10], timezone: app_commands.Range[str, 1, 64],
                   mood: str | None = None,
                   fandom: app_commands.Range[str, 1, 100] | None = None) -> None:
        try:
            post_time = parse_post_time(time)
            zone_name = canonical_zone(timezone)
        except ScheduleError as exc:
            raise UserFacingError(str(exc)) from exc
        missing = missing_permissions(channel)
        if missing:
            why = (" (Read Message History is how I make sure a story of the day never goes "
                   "out twice)" if "Read Message History" in missing else "")
            raise UserFacingError(f"I need {', '.join(missing)} in {channel.mention} to post "
                                  f"there{why}.")
        if fandom:
            rules = PickRules(rating_max="explicit", fandom=fandom, mood=mood)
            if not await self.scheduler.picker.eligible(rules):
                raise UserFacingError(f"I have no stories for the fandom "
                                      f"“{safe(fandom, 100, single_line=True)}”"
                                      f"{f' with the mood {mood}' if mood else ''}.")
        guild_id = guild_of(interaction)
        await self.scheduler.store.set_schedule(
            guild_id, channel.id, post_time, zone_name, mood=mood, fandom=fandom,
            now=self.scheduler.clock.now())
        status = await self.scheduler.status(guild_id)
        extra = "".join(f" · {label}: {value}" for label, value in
                        (("mood", mood), ("fandom", safe(fandom, 100, single_line=True)))
                        if value)
        await interaction.response.send_message(
            f"Daily story set for {channel.mention} at {format_post_time(post_time)} "
            f"({zone_name}){extra}. First post: {when(status)}.", ephemeral=True)

    @app_commands.command(name="off", description="Stop the daily story")
    @app_commands.checks.has_permissions(manage_guild=True)
    async def off(self, interaction: Interaction) -> None:
        removed = await self.scheduler.store.remove_schedule(guild_of(interaction))
        text = ("Daily story turned off." if removed
                else "There is no daily story set up here.")
        await interaction.response.send_message(text, ephemeral=True)

    @app_commands.command(name="status", description="When the next daily story comes")
    @app_commands.checks.has_permissions(manage_guild=True)
    async def status(self, interaction: Interaction) -> None:
        guild_id = guild_of(interaction)
        status = await self.scheduler.status(guild_id)
        lines = []
        schedule = status.schedule
        if schedule is None:
            lines.append("No daily story is set up here. Use `/daily set` to start one.")
        else:
            lines.append(f"Channel: <#{schedule.channel_id}> at "
                         f"{format_post_time(schedule.post_time)} ({schedule.timezone})")
            if schedule.mood or schedule.fandom:
                lines.append("Only: " + ", ".join(
                    safe(v, 100, single_line=True) for v in (schedule.mood, schedule.fandom)
                    if v))
            if not schedule.enabled:
                lines.append(f"⚠️ Turned off: {schedule.disabled_reason or 'unknown reason'}. "
                             "Fix it and run `/daily set` again.")
            else:
                lines.append(f"Next post: {when(status)}")
        last = status.last_sent
        if last is not None and last.message_id is not None:  # last_sent: a posted message
            card = await self.bot.search.story(last.story_id)
            if card is None:
                title = "a story no longer in the catalog"
            elif not shown_here(interaction, card):
                title = EXPLICIT_ELSEWHERE
            else:
                title = f"**{safe(card.title or card.id, 150, single_line=True)}**"
            link = message_link(guild_id, last.channel_id, last.message_id)
            lines.append(f"Last story: {title} ({last.post_date.isoformat()}) — {link}")
        await interaction.response.send_message("\n".join(lines), ephemeral=True)

    @app_commands.command(name="preview", description="What tomorrow's daily story would be")
    @app_commands.checks.has_permissions(manage_guild=True)
    async def preview(self, interaction: Interaction) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        try:
            pick = await self.scheduler.preview(guild_of(interaction))
        except ChannelUnavailable as exc:
            raise UserFacingError(f"The daily channel is not usable: {exc.reason}.") from exc
        if pick is None:
            await interaction.followup.send(
                "Nothing to preview: set up `/daily set` first, or no story fits the rules.",
                ephemeral=True)
            return
        card = await self.bot.search.story(pick.story_id)
        if card is None:
            raise UserFacingError("That story just left the catalog; try again.")
        if not shown_here(interaction, card):
            await interaction.followup.send(f"Tomorrow's pick, if nothing changes: "
                                            f"{EXPLICIT_ELSEWHERE}.", ephemeral=True)
            return
        excerpt = await self.bot.search.excerpt(pick.story_id)
        embed = story_embed(card, excerpt=excerpt, footer_extra="preview: tomorrow's pick "
                            "if nothing changes")
        await interaction.followup.send(embed=embed, ephemeral=True)

    @app_commands.command(name="now", description="Post today's daily story now")
    @app_commands.checks.has_permissions(manage_guild=True)
    async def now(self, interaction: Interaction) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        guild_id = guild_of(interaction)
        outcome = await self.scheduler.post_today(guild_id)
        texts = {
            "posted": "Posted today's story.",
            "already": "Today's story is already posted.",
            "in-progress": "Today's story is being posted right now.",
            "empty": "No story fits the daily rules in that channel.",
            "no-schedule": "No daily story is set up here. Use `/daily set` first.",
            "disabled": f"The daily story is turned off: {outcome.detail}. "
                        "Run `/daily set` again once it is fixed.",
        }
        text = texts.get(outcome.kind, "I could not post it; I will try again shortly.")
        if outcome.message_id is not None:
            schedule = await self.scheduler.store.schedule(guild_id)
            if schedule is not None:
                text += " " + message_link(guild_id, schedule.channel_id, outcome.message_id)
        await interaction.followup.send(text, ephemeral=True)


def when(status) -> str:
    """The next post in the server's own timezone, plus Discord's relative time."""
    if status.next_at is None or status.schedule is None:
        return "none scheduled"
    local = status.next_at.astimezone(status.schedule.zone)
    return (f"{local:%A %d %B %Y, %H:%M} {local.tzname()} "
            f"({discord.utils.format_dt(status.next_at, 'R')})")


async def setup(bot: StoryBot) -> None:
    register_buttons(bot)
    bot.add_dynamic_items(HideButton)  # the post's "Not for me", found by its custom id
    await bot.add_cog(DailyCog(bot))

"""/recommend add|list|remove: members bring story files; the server's shelf, with credit.

An upload is checked before it is fetched (its declared size, its name), fetched from the URL
Discord gives with the size capped while streaming (a declared size may lie), read in a worker
process by ingest's parsers (bot.catalog.uploads), and only then kept and recorded. The same
story twice (ingest's identity keys, against the catalog and the server's uploads) only adds
"also recommended by". With the approval queue, a moderators' channel gets Approve/Reject
buttons that work after a restart (their custom ids carry the story and the member).
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import replace
from typing import Any, Self

import aiohttp
import discord
from discord import app_commands

from bot.catalog.uploads import (
    READ_VERSION,
    UploadedStory,
    UploadRefused,
    check_name,
    keep_file,
    safe_name,
    upload_path,
)
from bot.discord_app.bot import Interaction, StoryBot
from bot.discord_app.errors import UserFacingError
from bot.state import GuildSettings
from bot.state import recommendations as recs
from bot.vocabulary import RATING_LABELS, allowed, shown_rating
from cogs.utils.controls import story_reply
from cogs.utils.cooldowns import per_user
from cogs.utils.embeds import credits_text
from cogs.utils.limits import is_age_restricted
from cogs.utils.lists import ListCog, stories
from cogs.utils.recommended import forget_file, remove_recommendation
from cogs.utils.replies import Place, Reply, place_of, respond
from cogs.utils.safety import CONTENT, plain, safe, trim
from cogs.utils.views import PAGE_SIZE, _Guarded

NOTE_MAX = 300
DOWNLOAD_TIMEOUT = 30.0  # seconds for the whole file


class Refused(UserFacingError):
    """An upload that is not taken; the reason is the member's private answer."""


class Fetcher:
    """Fetches attachments through one HTTP session, made on first use: its connections are
    kept alive and reused. A session per upload (its connector, DNS lookup, TCP and TLS
    handshake) was most of the bot process's own Python work for a download, done with the
    GIL the searches need."""

    def __init__(self) -> None:
        self._http: aiohttp.ClientSession | None = None

    async def fetch(self, url: str, limit: int) -> bytes:
        """The attachment's bytes, refused as soon as more than `limit` arrive."""
        if self._http is None or self._http.closed:
            self._http = aiohttp.ClientSession(
                timeout=aiohttp.ClientTimeout(total=DOWNLOAD_TIMEOUT))
        received = bytearray()
        try:
            async with self._http.get(url) as response:
                if response.status != 200:
                    raise Refused(f"I couldn't fetch the file from Discord (HTTP "
                                  f"{response.status}); try again.")
                async for chunk in response.content.iter_chunked(65536):
                    received += chunk
                    if len(received) > limit:
                        raise Refused(too_big(limit))
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise Refused(f"I couldn't fetch the file from Discord ({type(exc).__name__}); "
                          "try again.") from None
        return bytes(received)

    async def close(self) -> None:
        http, self._http = self._http, None
        if http is not None:
            await http.close()


def too_big(limit: int) -> str:
    return f"That file is too big: recommendations are at most {limit / 1048576:g} MB."


def may_recommend(settings: GuildSettings, member: Any) -> str | None:
    """Why this member may not recommend here, or None when they may."""
    if settings.recommend_mode == "role":
        roles = {role.id for role in getattr(member, "roles", ())}
        if not settings.recommend_role or settings.recommend_role not in roles:
            return ("On this server only members with a chosen role can recommend stories "
                    "(ask a moderator).")
    if settings.recommend_mode == "queue" and not settings.moderator_channel:
        return ("Recommendations here go through the moderators, who have not chosen their "
                "channel yet (/settings moderator_channel).")
    return None


def summary(story: UploadedStory, ceiling: str = "explicit") -> str:
    """ "**Title** by author — Teen, 4,210 words" for places that show no card; where its
    rating may not show (`ceiling`), only its rating."""
    if not allowed(story.gated_as, ceiling):
        return f"a story rated {RATING_LABELS.get(story.rating, story.rating)}"
    authors = ", ".join(name for _i, name in story.rows.authors) or "anonymous"
    words = int(story.rows.fields[8] or 0)
    return (f"**{safe(story.title, 200, single_line=True)}** by "
            f"{safe(authors, 100, single_line=True)} — "
            f"{RATING_LABELS.get(story.rating, story.rating)}, {words:,} words")


class RecommendationsCog(ListCog):
    request_kind = "recommendations"
    group = app_commands.Group(name="recommend", description="Recommend a story file to this "
                                                             "server, and see its shelf",
                               guild_only=True)

    async def cog_load(self) -> None:
        await super().cog_load()
        self.fetcher = Fetcher()
        add = getattr(self.bot, "add_dynamic_items", None)
        if add is not None:
            add(QueueButton)
        uploads = getattr(self.bot, "uploads", None)
        if uploads is not None:
            uploads.warm()

    async def cog_unload(self) -> None:
        await self.fetcher.close()

    # --- adding -------------------------------------------------------------------------------

    @group.command(name="add", description="Recommend a story: attach its file (AO3 or "
                                            "FanFicFare download, EPUB, PDF, HTML, text)")
    @app_commands.describe(file="the story file", note="why you recommend it (shown with it)")
    @per_user(3, 30.0)
    async def add(self, interaction: Interaction, file: discord.Attachment,
                  note: app_commands.Range[str, 1, NOTE_MAX] | None = None) -> None:
        bot = self.bot
        assert isinstance(bot, StoryBot)
        limit = bot.settings.upload_limits.max_file_bytes
        if file.size > limit:  # before a byte is fetched
            raise Refused(too_big(limit))
        try:
            check_name(file.filename)
        except UploadRefused as exc:
            raise Refused(f"I can't take that file: {exc}.") from None
        place = await place_of(interaction, private=True)
        assert place.settings is not None  # guild_only
        refusal = may_recommend(place.settings, interaction.user)
        if refusal:
            raise Refused(refusal)
        await respond(interaction, lambda: self.take(interaction, place, file, note or ""),
                      ephemeral=True)

    async def take(self, interaction: Interaction, place: Place, file: discord.Attachment,
                   note: str) -> Reply:
        bot = self.bot
        assert isinstance(bot, StoryBot) and place.guild_id is not None
        assert place.settings is not None
        data = await self.fetcher.fetch(file.url, bot.settings.upload_limits.max_file_bytes)
        try:
            story = await bot.uploads.read(data, file.filename)
        except UploadRefused as exc:
            return Reply(content=trim(f"I can't take {safe(safe_name(file.filename), 80)}: "
                                      f"{safe(str(exc), 600)}. Nothing was stored.", CONTENT))
        queued = place.settings.recommend_mode == "queue"
        status = recs.QUEUED if queued else recs.APPROVED
        existing = await bot.search.same_story(story.keys, place.guild_id)
        new_upload, kept = None, None
        story_id = existing or story.story_id(place.guild_id)
        if existing is None:
            kept = await asyncio.to_thread(keep_file, bot.settings.uploads_path, place.guild_id,
                                           story, data)
            where = upload_path(bot.settings.uploads_path, place.guild_id, story)
            new_upload = recs.NewUpload(story.title, story.keys, story.record,
                                        str(where.relative_to(bot.settings.home)),
                                        READ_VERSION)
        recorded = False
        try:
            added = await recs.recommend(bot.state, place.guild_id, story_id, place.user_id,
                                         note, status=status,
                                         cap=place.settings.recommend_daily_cap,
                                         upload=new_upload)
            recorded = added.new_story
        finally:
            if kept is not None and not recorded:
                kept.unlink(missing_ok=True)  # kept for nothing: the record was not written
        if added.over_cap:
            return Reply(content=f"You've added {place.settings.recommend_daily_cap} "
                                 "recommendations today, this server's daily limit; try "
                                 "again tomorrow. Nothing was stored.")
        if not added.credited:
            return Reply(content="You've already recommended that story here.")
        if queued:
            await self.post_to_moderators(place, story, story_id, note)
            return Reply(content=f"Thanks! {summary(story, place.ceiling)} is waiting for a "
                                 "moderator's approval; it joins the server's shelf once "
                                 "approved.")
        also = existing is not None
        head = ("That story is already here: you're credited as also recommending it."
                if also else "Thanks! Your recommendation is on the server's shelf:")
        return await self.card_reply(place, story_id, head, story)

    async def card_reply(self, place: Place, story_id: str, head: str,
                         story: UploadedStory) -> Reply:
        """The card others will see, credit included; text only where its rating may not
        show (an explicit upload outside an age-restricted channel)."""
        card = await self.bot.search.story(story_id)
        fresh = await place_of_credits(self.bot, place)
        if card is None or not fresh.may_show(card):
            rating = (shown_rating(card.rating, card.estimate) if card is not None
                      else story.gated_as)
            where = ("only in age-restricted channels" if not allowed(rating, "mature")
                     else "where this server's rating settings allow it")
            return Reply(content=f"{head} {summary(story, place.ceiling)}. It is shown "
                                 f"{where}.")
        reply = story_reply(card, fresh, excerpt=await self.bot.search.excerpt(story_id))
        reply.content = head
        return reply

    async def post_to_moderators(self, place: Place, story: UploadedStory, story_id: str,
                                 note: str) -> None:
        assert place.settings is not None and place.guild_id is not None
        bot = self.bot
        assert isinstance(bot, StoryBot)
        channel = bot.get_channel(place.settings.moderator_channel)
        if channel is None:
            raise UserFacingError("I can't find the moderators' channel; a moderator should "
                                  "choose it again with /settings.")
        # the channel's own ceiling: an explicit story's title stays out of ordinary channels
        here = place.settings.ceiling(age_restricted=is_age_restricted(channel))
        shown = summary(story, here)
        if not allowed(story.gated_as, here):
            shown += (" (its title and card show only where that rating may: make an "
                      "age-restricted channel the moderators' channel to see them here)")
        text = trim(f"📥 New recommendation from {credits_text(((place.user_id, note),), 600)}\n"
                    f"{shown}", CONTENT)
        view = discord.ui.View(timeout=None)
        view.add_item(QueueButton("a", story_id, place.user_id))
        view.add_item(QueueButton("r", story_id, place.user_id))
        try:
            await channel.send(content=text, view=view,  # type: ignore[union-attr]
                               allowed_mentions=discord.AllowedMentions.none())
        except discord.HTTPException as exc:
            raise UserFacingError(
                f"Your recommendation is queued, but I couldn't post it in <#{channel.id}> for "
                f"the moderators ({exc.text or exc.status}); a moderator should give me "
                "permission there or choose another channel with /settings.") from None
        finally:
            view.stop()

    # --- the shelf ----------------------------------------------------------------------------

    async def page(self, payload: dict[str, Any], place: Place, offset: int,
                   request_id: int | None) -> Reply:
        assert place.guild_id is not None
        member = payload.get("member")
        credits = [c for c in await recs.credits(self.bot.state, place.guild_id,
                                                 user_id=member)
                   if c.status == recs.APPROVED]
        ids = list(dict.fromkeys(c.story_id for c in credits))
        # an upload the catalog now holds and that copy are one story: one entry (its card)
        found = {card.id: card for card in await self.bot.search.stories(ids)}
        cards = [c for c in found.values() if place.may_show(c)]
        whose = f"<@{member}>'s" if member else "This server's"
        if not cards:
            return Reply(content=f"{whose} shelf has no recommendations to show here yet. "
                                 "Add one with /recommend add.", clear_view=True)
        offset = max(0, min(offset, ((len(cards) - 1) // PAGE_SIZE) * PAGE_SIZE))
        return await self.story_list(place, payload, request_id,
                                     f"Recommended here — {stories(len(cards))}",
                                     cards[offset:offset + PAGE_SIZE], len(cards), offset)

    @group.command(name="list", description="The server's recommended stories, and who "
                                             "recommended them")
    @app_commands.describe(member="only this member's recommendations")
    @per_user(6, 10.0)
    async def list_(self, interaction: Interaction, member: discord.Member | None = None
                    ) -> None:
        place = await place_of(interaction)
        await respond(interaction, lambda: self.answer(
            place, member=member.id if member else None), ephemeral=place.ephemeral)

    # --- removing -----------------------------------------------------------------------------

    @group.command(name="remove", description="Take back your recommendation (moderators: "
                                               "remove a story from the shelf)")
    @app_commands.describe(story="the recommended story")
    @per_user(6, 10.0)
    async def remove(self, interaction: Interaction, story: str) -> None:
        text = await remove_recommendation(interaction, story)
        await interaction.response.send_message(text, ephemeral=True)

    @remove.autocomplete("story")
    async def remove_choices(self, interaction: Interaction, current: str
                             ) -> list[app_commands.Choice[str]]:
        if interaction.guild_id is None:
            return []
        manage = bool(interaction.permissions.manage_guild)
        credits = await recs.credits(self.bot.state, interaction.guild_id,
                                     user_id=None if manage else interaction.user.id)
        ids = list(dict.fromkeys(c.story_id for c in credits))
        titles = await recs.upload_titles(self.bot.state, interaction.guild_id)
        missing = [i for i in ids if i not in titles]
        titles.update({c.id: c.title or "Untitled"
                       for c in await self.bot.search.stories(missing)})
        typed = current.casefold()
        return [app_commands.Choice(name=plain(titles.get(i, i), 100), value=i)
                for i in ids if typed in titles.get(i, i).casefold()][:25]


async def place_of_credits(bot: Any, place: Place) -> Place:
    """The place with the server's credits as they are now (after a change)."""
    return replace(place, credits=await bot.search.credits(place.guild_id))


class QueueButton(_Guarded, discord.ui.DynamicItem[discord.ui.Button],
                  template=r"sb:rq:(?P<act>[ar]):(?P<story>u[0-9a-f]{1,20}|[0-9a-f]{1,20}):"
                           r"(?P<user>[0-9]{1,20})"):
    """Approve or Reject on a queued recommendation (Manage Server)."""

    def __init__(self, act: str, story_id: str, user_id: int) -> None:
        super().__init__(discord.ui.Button(
            label="Approve" if act == "a" else "Reject",
            style=discord.ButtonStyle.success if act == "a" else discord.ButtonStyle.danger,
            custom_id=f"sb:rq:{act}:{story_id}:{user_id}"))
        self.act, self.story_id, self.user_id = act, story_id, user_id

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction[Any],
                             item: discord.ui.Item[Any], match: re.Match[str]) -> Self:
        return cls(match["act"], match["story"], int(match["user"]))

    async def run(self, interaction: Interaction) -> None:
        if interaction.guild_id is None or not interaction.permissions.manage_guild:
            raise UserFacingError("Only members with Manage Server can approve or reject "
                                  "recommendations.")
        bot = interaction.client
        if self.act == "a":
            done = await recs.approve(bot.state, interaction.guild_id, self.story_id,
                                      self.user_id)
            verdict = f"✅ Approved by <@{interaction.user.id}>"
        else:
            removed = await recs.reject(bot.state, interaction.guild_id, self.story_id,
                                        self.user_id)
            done = removed is not None
            if removed is not None and removed.file:
                await asyncio.to_thread(forget_file, bot.settings.home, removed.file)
            verdict = f"❌ Rejected by <@{interaction.user.id}>"
        if not done:
            raise UserFacingError("That recommendation was already dealt with.")
        content = (interaction.message.content if interaction.message else "") or ""
        await interaction.response.edit_message(
            content=trim(f"{content}\n{verdict}", CONTENT), view=None,
            allowed_mentions=discord.AllowedMentions.none())


async def setup(bot: StoryBot) -> None:
    await bot.add_cog(RecommendationsCog(bot))

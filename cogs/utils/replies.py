"""Answering on time, in the right place, within the channel's limits.

`place_of` reads where an interaction happened (server settings, channel ceiling, public or
private replies); `filters_for` turns that into the search's `Filters`; `respond` answers at
once when the work is quick and defers first when it is not, so Discord's 3 s never runs out.
Cogs build their answers from a `Services` (the search and the server state) and a `Place`,
never from the interaction itself, so the console answers with the very same code.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import weakref
from collections.abc import Awaitable, Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

import discord

from bot.discord_app.overload import defer_later, describe_interaction, too_late
from bot.search.exclusions import NOTHING, Excluded
from bot.search.model import Filters, StoryCard
from bot.search.service import SearchService
from bot.search.shelves import Recommenders
from bot.state import GuildSettings, State
from bot.vocabulary import RATING_LABELS, allowed, rating_level, shown_rating
from cogs.utils.limits import ceiling, is_age_restricted

log = logging.getLogger(__name__)


class Services(Protocol):
    """What a command's answer needs: the bot in Discord, the console in a terminal."""

    search: SearchService
    state: State


@dataclass(frozen=True, slots=True)
class Place:
    """Where a request was made, who made it, and what may be shown there."""

    guild_id: int | None
    channel_id: int | None
    settings: GuildSettings | None
    ceiling: str
    age_restricted: bool
    ephemeral: bool  # private replies: the request's choice, else the server's
    user_id: int = 0
    excluded: Excluded = NOTHING  # the server's and the member's exclusions, resolved
    # who recommended what in this server: story id -> (member id, note), oldest first
    credits: Mapping[str, Recommenders] = field(default_factory=dict)

    def credited(self, card: StoryCard) -> StoryCard:
        """The card with this server's "recommended by" (none for a story nobody here
        recommended)."""
        found = self.credits.get(card.id, ())
        return replace(card, recommended_by=found) if found != card.recommended_by else card

    @property
    def not_rated(self) -> str:
        """What the server shows of not-rated stories: "hide" or "estimate"."""
        return self.settings.not_rated if self.settings else "hide"

    def shown_as(self, card: StoryCard) -> str:
        """The rating a card counts as here (a not-rated one may count as its estimate)."""
        return shown_rating(card.rating, card.estimate, self.not_rated)

    def may_show(self, card: StoryCard) -> bool:
        """Defence in depth: the search filters by rating and exclusions; the cog checks
        again."""
        return allowed(self.shown_as(card), self.ceiling) and not self.excluded.blocks(card)


async def place_of(interaction: discord.Interaction[Any], *,
                   private: bool | None = None) -> Place:
    """Where an interaction happened and what may be shown there; `private` is the
    request's own choice of a private reply (None: the server's)."""
    state: State = interaction.client.state
    in_guild = interaction.guild_id is not None
    settings = (await state.guild_settings(interaction.guild_id, to_edit=False) if in_guild
                else None)  # only read: Place's settings are never edited
    restricted = in_guild and is_age_restricted(interaction.channel)
    rules = [*(settings.exclusion_rules() if settings else ()),
             *await state.member_exclusions(interaction.user.id)]
    return Place(
        guild_id=interaction.guild_id,
        channel_id=interaction.channel_id,
        settings=settings,
        ceiling=ceiling(settings, in_guild=in_guild, age_restricted=restricted),
        age_restricted=restricted,
        ephemeral=private if private is not None else bool(
            settings and not settings.public_replies),
        user_id=interaction.user.id,
        excluded=await interaction.client.search.exclusions(rules),
        credits=await interaction.client.search.credits(interaction.guild_id),
    )


async def open_request(services: Services, place: Place, kind: str,
                       payload: dict[str, Any], *, shown: Sequence[str] = ()) -> int:
    """Store the request a reply's buttons answer later (Another, pages), for its asker and
    place, with the stories the reply shows (`shown`) added to the asker's history; returns
    its id for the buttons' custom ids."""
    return await services.state.open_request(place.user_id, place.guild_id, place.channel_id,
                                             kind, payload, shown=shown)


def filters_for(place: Place, **extra: Any) -> Filters:
    """The search filters for a place, plus request-specific ones (seen ids, length...)."""
    return place.excluded.narrow(Filters(rating_max=place.ceiling, not_rated=place.not_rated,
                                         guild=place.guild_id, **extra))


def estimate_note(card: StoryCard, place: Place) -> str | None:
    """ "not rated (reads as teen)" for a not-rated card shown by its estimate."""
    if card.rating == "not-rated" and place.shown_as(card) != card.rating:
        return f"not rated (reads as {RATING_LABELS[place.shown_as(card)].lower()})"
    return None


def hidden_note(hidden: tuple[tuple[str, int], ...], place: Place) -> str | None:
    """How many stories meeting the request this place may not show, and where to ask:
    explicit ones only in age-restricted channels; mature and not-rated ones where a
    moderator allows them (/settings)."""
    total = sum(n for _rating, n in hidden)
    if not total:
        return None
    ratings = {rating for rating, _n in hidden}
    counted = ", ".join(f"{n} {RATING_LABELS.get(r, r).lower()}" for r, n in hidden)
    head = (f"{total} {'story' if total == 1 else 'stories'} that "
            f"{'fits' if total == 1 else 'fit'} better {'is' if total == 1 else 'are'} "
            f"rated above what this channel shows ({counted}).")
    where = []
    if "explicit" in ratings and not place.age_restricted:
        where.append("explicit ones only in an age-restricted channel")
    if ratings & {"mature", "not-rated"} and rating_level("mature") > rating_level(
            place.ceiling):
        where.append("mature ones in an age-restricted channel, or here if a moderator "
                     "raises the rating with /settings")
    if "not-rated" in ratings and place.not_rated == "hide":
        where.append("not-rated ones that read as teen if a moderator sets "
                     "/settings not_rated")
    return head + (" Ask for " + "; ".join(where) + "." if where else "")


@dataclass(slots=True)
class Reply:
    """A message to send or an edit to make; empty parts are left out of the request."""

    content: str | None = None
    embeds: list[discord.Embed] = field(default_factory=list)
    view: discord.ui.View | None = None
    clear_view: bool = False  # on edits: remove the old buttons

    def send_kwargs(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.content is not None:
            out["content"] = self.content
        if self.embeds:
            out["embeds"] = self.embeds
        if self.view is not None:
            out["view"] = self.view
        return out

    def edit_kwargs(self) -> dict[str, Any]:
        out: dict[str, Any] = {"content": self.content, "embeds": self.embeds}
        if self.view is not None or self.clear_view:
            out["view"] = self.view
        return out


async def respond(interaction: discord.Interaction[Any], work: Callable[[], Awaitable[Reply]], *,
                  ephemeral: bool = False, update: bool = False) -> None:
    """Answer with what `work` builds: directly if quick, else after a defer. "Quick" counts
    from the interaction's creation, so one that waited in a queue defers at once.

    The work runs here; a timer defers the interaction meanwhile when the time runs out (the
    quick answer, nearly every one, costs that one timer: no task, shield or waiter for it).
    `update=True` (buttons) replaces the message the button is on instead of sending a new one.
    """
    deferring: list[asyncio.Task[Any]] = []

    def defer() -> None:
        response = interaction.response
        deferring.append(asyncio.ensure_future(
            response.defer() if update else response.defer(ephemeral=ephemeral, thinking=True)))

    timer = defer_later(interaction, defer)
    try:
        reply = await work()
    finally:
        timer.cancel()
        for task in deferring:  # done before anything else answers (an error report too)
            await task
    if deferring:
        deadline = too_late(interaction)
        if deadline is not None:  # the card took longer than Discord keeps the token
            log.warning("dropped the answer to a %s from user %s: ready after Discord's %s",
                        describe_interaction(interaction), interaction.user.id, deadline)
            return
        await interaction.edit_original_response(**reply.edit_kwargs())
    elif update:
        await interaction.response.edit_message(**reply.edit_kwargs())
    else:
        await interaction.response.send_message(ephemeral=ephemeral, **reply.send_kwargs())


class InFlight:
    """At most one piece of button work per user: a flood of clicks cannot stack up work."""

    def __init__(self) -> None:
        self._busy: set[int] = set()

    @contextlib.contextmanager
    def claim(self, user_id: int) -> Iterator[bool]:
        """Yields False (and claims nothing) when the user already has work running."""
        if user_id in self._busy:
            yield False
            return
        self._busy.add(user_id)
        try:
            yield True
        finally:
            self._busy.discard(user_id)

    def busy(self, user_id: int) -> bool:
        return user_id in self._busy


_guards: weakref.WeakKeyDictionary[Any, InFlight] = weakref.WeakKeyDictionary()


def in_flight(bot: Any) -> InFlight:
    """The bot's click guard (one per bot, so a restarted bot starts clean)."""
    guard = _guards.get(bot)
    if guard is None:
        guard = _guards[bot] = InFlight()
    return guard

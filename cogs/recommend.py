"""/rec: the best story for a free-text request and/or explicit options, as a card with
Another / Read / Save buttons. The search does the searching; this cog only builds filters
from where the request was made and who made it, and renders the answer."""

from __future__ import annotations

from typing import Any

from discord import app_commands

from bot.discord_app.bot import Interaction, StoryBot
from bot.discord_app.errors import UserFacingError
from bot.search.model import Match, SearchResult, nothing_is
from bot.state import StoredRequest
from cogs.utils.channels import answers_here
from cogs.utils.controls import story_reply
from cogs.utils.cooldowns import per_user
from cogs.utils.lists import FeatureCog, Usage, nothing_found
from cogs.utils.options import LENGTH_CHOICES, LENGTHS, MOOD_CHOICES, PRIVATE
from cogs.utils.replies import (
    Place,
    Reply,
    filters_for,
    hidden_note,
    open_request,
    place_of,
    respond,
)
from cogs.utils.safety import CONTENT, safe, trim
from cogs.utils.suggest import suggester

EXHAUSTED = ("That's every story I have for this request that you haven't seen yet. "
             "Try /rec with something new.")


def describe_request(options: dict[str, Any]) -> str:
    """The request as the user gave it, escaped, for "nothing found" answers."""
    parts = [options.get("request") or ""]
    parts += [options[k] for k in ("pairing", "character", "mood", "fandom") if options.get(k)]
    text = " · ".join(p for p in parts if p)
    return f"“{safe(text, 200, single_line=True)}”" if text else "that"


def honest_note(result: SearchResult, match: Match, hidden: str | None) -> str | None:
    """What goes above the card: when it does not meet the whole request, that first
    ("nothing is both spuffy and horror; closest:" and what it lacks), then a near miss's
    explanation ("no Spike/Xander Harris in the catalog; nearest: …") and what is hidden."""
    # the catalog's own explanation first when there is one ("no Spike/Xander Harris in the
    # catalog; nearest: …"), else what nothing meets
    lines = list(result.alternatives[:1])
    if match.unmet:
        head = lines.pop() if lines else nothing_is(result.parts or (*match.met, *match.unmet))
        lines.append(f"{head}; closest, but not {', '.join(match.unmet)}:")
    text = "\n".join(safe(line, 400, single_line=True) for line in lines)
    if hidden:
        text = f"{text}\n{hidden}" if text else hidden
    return trim(text, CONTENT) if text else None


class RecommendCog(FeatureCog):
    usage = Usage("rec", "request", "recommend: a pairing, character, mood, fandom, title or "
                                    "what it's about (sad spuffy, something funny in SPN)")
    request_kind = "rec"

    async def best(self, options: dict[str, Any], place: Place,
                   exclude: frozenset[str] = frozenset()) -> tuple[SearchResult, Match | None]:
        """The search's answer and its best match this place may show, if any."""
        low, high = LENGTHS.get(options.get("length") or "", (None, None))
        filters = filters_for(place, complete_only=bool(options.get("complete")),
                              min_words=low, max_words=high, exclude_ids=exclude)
        result = await self.bot.search.recommend(
            options.get("request") or "", pairing=options.get("pairing"),
            character=options.get("character"), mood=options.get("mood"),
            fandom=options.get("fandom"), filters=filters, limit=1)
        return result, next((m for m in result.matches if place.may_show(m.card)), None)

    async def answer(self, place: Place, **options: Any) -> Reply:
        result, match = await self.best(options, place)
        hidden = hidden_note(result.hidden, place)
        if match is None:
            text = nothing_found(describe_request(options), result.alternatives)
            return Reply(content=trim(f"{text}\n{hidden}" if hidden else text, CONTENT))
        request_id = await open_request(self.bot, place, "rec", options, shown=[match.card.id])
        return story_reply(match.card, place, excerpt=match.excerpt, reasons=match.reasons,
                           request_id=request_id, content=honest_note(result, match, hidden))

    async def another(self, request: StoredRequest, place: Place) -> Reply:
        """The next best for a stored /rec, never one this user has already been shown."""
        seen = await self.bot.state.seen(place.user_id)
        result, match = await self.best(request.payload, place, exclude=seen)
        if match is None:
            raise UserFacingError(EXHAUSTED)
        await self.bot.state.remember_shown(place.user_id, [match.card.id])
        return story_reply(match.card, place, excerpt=match.excerpt, reasons=match.reasons,
                           request_id=request.id, content=honest_note(result, match, None))

    @app_commands.command(name="rec", description="Recommend a story: a pairing, character, "
                                                  "mood or anything you fancy")
    @app_commands.describe(
        request="what you'd like, e.g. \"sad spuffy\" or \"fluffy Willow/Tara, complete\"",
        pairing="a pairing, e.g. Spike/Buffy", character="a character who matters most",
        mood="the mood you're in", fandom="limit to one fandom",
        complete="only finished stories", length="how long a read", private=PRIVATE)
    @app_commands.choices(mood=MOOD_CHOICES, length=LENGTH_CHOICES)
    @app_commands.autocomplete(pairing=suggester("pairing"), character=suggester("character"),
                               fandom=suggester("fandom"))
    @per_user(4, 10.0)
    @answers_here()
    async def rec(self, interaction: Interaction,
                  request: app_commands.Range[str, 1, 200] | None = None,
                  pairing: app_commands.Range[str, 1, 100] | None = None,
                  character: app_commands.Range[str, 1, 100] | None = None,
                  mood: str | None = None,
                  fandom: app_commands.Range[str, 1, 100] | None = None,
                  complete: bool | None = None, length: str | None = None,
                  private: bool | None = None) -> None:
        place = await place_of(interaction, private=private)
        await respond(interaction, lambda: self.answer(
            place, request=request, pairing=pairing, character=character, mood=mood,
            fandom=fandom, complete=complete, length=length), ephemeral=place.ephemeral)


async def setup(bot: StoryBot) -> None:
    await bot.add_cog(RecommendCog(bot))

"""/exclude (any member, for themselves, privately) and /server-exclude (Manage Server, for
everyone in the server): tags by family ("grief" covers Grief/Mourning), warnings, characters,
every ship with a character ("*/Riley"), a fandom, one work. Each has `list` and `lift`.

A rule is kept as its canonical name (a nickname or typo resolved: "Red" is kept as Willow
Rosenberg; a tag family as typed) and resolved against the catalog by the search wherever a
member is answered (cogs/utils/replies.place_of), so it applies on every command, button, list,
suggestion and, for a server's, the story of the day.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Coroutine
from typing import Any, Self

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord_app.bot import Interaction, StoryBot
from bot.discord_app.errors import UserFacingError
from bot.search.exclusions import Covered
from bot.state import GuildSettings
from bot.vocabulary import EXCLUSION_KINDS
from cogs.utils.controls import MAX_HIDDEN_WORKS
from cogs.utils.lists import LIST_COLOUR, stories
from cogs.utils.safety import CHOICE_VALUE, EMBED_FIELD_VALUE, join_trimmed, plain, safe
from cogs.utils.suggest import MAX_CHOICES, choices, suggester
from cogs.utils.views import _Guarded

MAX_RULES = 100  # per member or server, works aside (tags: the server's 50 of /settings)
MAX_SERVER_TAGS = 50
SHOWN_NAMES = 6  # names a reply lists of what a rule covers

# kind -> (option description, what the subcommand does)
KINDS = {
    "tag": ("a tag or warning: every tag with its words (grief, character death, cntw)",
            "Exclude tags and warnings (fuzzy: grief covers Grief/Mourning)"),
    "character": ("a character (nicknames are fine)", "Exclude every story with a character"),
    "ship": ("a pairing (Spike/Buffy), or */Riley for every ship with Riley",
             "Exclude a pairing, or every ship with a character"),
    "fandom": ("a fandom", "Exclude a whole fandom"),
    "story": ("the story's title", "Exclude one work"),
}


# --- the two scopes ------------------------------------------------------------------------


class Scope:
    """Whose rules: a member's own, or the server's."""

    name = "me"
    whose = "you"

    async def rules(self, interaction: Interaction) -> list[tuple[str, str]]:
        return await interaction.client.state.member_exclusions(interaction.user.id)

    async def add(self, interaction: Interaction, kind: str, value: str) -> bool:
        rules = await self.rules(interaction)
        works = sum(k == "story" for k, _v in rules)
        if (kind == "story" and works >= MAX_HIDDEN_WORKS) or (
                kind != "story" and len(rules) - works >= MAX_RULES):
            raise UserFacingError("That's as many exclusions as I keep for one person; lift "
                                  "some with /exclude lift first.")
        return await interaction.client.state.exclude_for_member(interaction.user.id, kind,
                                                                 value)

    async def lift(self, interaction: Interaction, kind: str, value: str) -> bool:
        return await interaction.client.state.lift_for_member(interaction.user.id, kind, value)


class ServerScope(Scope):
    name = "server"
    whose = "everyone here"

    async def rules(self, interaction: Interaction) -> list[tuple[str, str]]:
        settings = await interaction.client.state.guild_settings(guild_id(interaction))
        return settings.exclusion_rules()

    async def add(self, interaction: Interaction, kind: str, value: str) -> bool:
        added = False

        def change(settings: GuildSettings) -> None:
            nonlocal added
            if kind == "tag":
                if value.casefold() in {t.casefold() for t in settings.excluded_tags}:
                    return
                if len(settings.excluded_tags) >= MAX_SERVER_TAGS:
                    raise UserFacingError(f"This server excludes {MAX_SERVER_TAGS} tags "
                                          "already; lift some first.")
                settings.excluded_tags.append(value)
            else:
                if (kind, value) in settings.exclusions:
                    return
                if len(settings.exclusions) >= MAX_RULES + MAX_HIDDEN_WORKS:
                    raise UserFacingError("That's as many exclusions as I keep for a server; "
                                          "lift some first.")
                settings.exclusions.append((kind, value))
            added = True

        await interaction.client.state.update_guild_settings(guild_id(interaction), change)
        return added

    async def lift(self, interaction: Interaction, kind: str, value: str) -> bool:
        lifted = False

        def change(settings: GuildSettings) -> None:
            nonlocal lifted
            if kind == "tag":
                kept = [t for t in settings.excluded_tags if t.casefold() != value.casefold()]
                lifted = len(kept) < len(settings.excluded_tags)
                settings.excluded_tags = kept
            elif (kind, value) in settings.exclusions:
                settings.exclusions.remove((kind, value))
                lifted = True

        await interaction.client.state.update_guild_settings(guild_id(interaction), change)
        return lifted


SCOPES: dict[str, Scope] = {"me": Scope(), "server": ServerScope()}


def guild_id(interaction: Interaction) -> int:
    if interaction.guild_id is None:
        raise UserFacingError("A server's exclusions are set in that server.")
    return interaction.guild_id


# --- words ---------------------------------------------------------------------------------


def rule_value(kind: str, text: str) -> str:
    """A rule as a choice or menu value (≤ 100 characters): "kind:text", or its hash."""
    value = f"{kind}:{text}"
    if len(value) <= CHOICE_VALUE:
        return value
    return f"{kind}:#{hashlib.sha1(text.encode()).hexdigest()[:16]}"


def find_rule(rules: list[tuple[str, str]], value: str) -> tuple[str, str] | None:
    return next(((k, t) for k, t in rules if rule_value(k, t) == value), None)


def described(covered: Covered, count: int) -> str:
    """ "every ship with Spike (Buffy Summers/Spike, Drusilla/Spike; 3 stories)"."""
    names = [n for n in covered.names if n != covered.label][:SHOWN_NAMES]
    more = len(covered.names) - len(names) - (covered.label in covered.names)
    listed = ", ".join(names) + (f" and {more} more" if more > 0 else "")
    inside = "; ".join(p for p in (listed, stories(count)) if p)
    return f"{covered.label} ({inside})"


async def rule_line(interaction: Interaction, kind: str, text: str) -> str:
    """A rule as a list shows it: a work by its title, the rest by what they cover."""
    if kind == "story":
        card = await interaction.client.search.story(text)
        return f"the work “{card.title or 'Untitled'}”" if card else "a work no longer here"
    covered, count = await interaction.client.search.covered(kind, text)
    return described(covered, count)


# --- adding --------------------------------------------------------------------------------


async def story_id_for(interaction: Interaction, text: str) -> str:
    """The work a /exclude story option names: an autocompleted id, or a title typed."""
    search = interaction.client.search
    card = await search.story(text) or await search.find_title(text)
    if card is None:
        raise UserFacingError(f"I have no story called “{safe(text, 100, single_line=True)}”; "
                              "pick one as you type.")
    return card.id


async def add_rule(interaction: Interaction, scope: Scope, kind: str, text: str) -> None:
    text = " ".join(text.split())
    if kind == "story":
        text = await story_id_for(interaction, text)
    covered, count = await interaction.client.search.covered(kind, text)
    if not covered.known:
        raise UserFacingError(f"I don't know the {kind} “{safe(text, 100, single_line=True)}”;"
                              " pick one of the suggestions as you type.")
    shown = (safe(await rule_line(interaction, kind, covered.canonical), 1500)
             if kind == "story" else safe(described(covered, count), 1500))
    if not await scope.add(interaction, kind, covered.canonical):
        await interaction.response.send_message(f"Already excluded for {scope.whose}: {shown}.",
                                                ephemeral=True)
        return
    where = ("anywhere I answer you" if scope.name == "me"
             else "in this server, the story of the day included")
    note = ("" if count or kind == "story" else
            " Nothing in the catalog has it yet; it will apply when something does.")
    lift = "/exclude lift" if scope.name == "me" else "/server-exclude lift"
    await interaction.response.send_message(
        f"Excluded for {scope.whose}: {shown}. Those stories won't show up {where}: cards, "
        f"lists, Another, suggestions.{note} Undo with {lift}.", ephemeral=True)


# --- autocomplete --------------------------------------------------------------------------


async def suggest_tags(interaction: Interaction, current: str) -> list[app_commands.Choice[str]]:
    found = await interaction.client.search.tag_suggestions(current or "", MAX_CHOICES - 1)
    typed = " ".join((current or "").split())[:CHOICE_VALUE]
    options = [(f"“{typed}” — every tag with these words", typed)] if typed else []
    options += [(f"{tag} ({stories(n)})", tag) for tag, n in found]
    return choices(options)


async def suggest_ships(interaction: Interaction,
                        current: str) -> list[app_commands.Choice[str]]:
    """Pairings, and "every ship with X" for the characters being typed."""
    typed = (current or "").strip().lstrip("*/ ").rstrip("/* ")
    pairings = await suggester("pairing")(interaction, current)
    people = await suggester("character")(interaction, typed) if typed else []
    everyone = [(f"every ship with {c.value}", f"*/{c.value}") for c in people[:8]]
    return choices(everyone + [(c.name, c.value) for c in pairings])


def suggest_lift(scope: Scope):
    async def suggest(interaction: Interaction,
                      current: str) -> list[app_commands.Choice[str]]:
        rules = await scope.rules(interaction)
        typed = (current or "").casefold()
        out = []
        for kind, text in rules:
            label = f"{kind}: {text}"
            if kind == "story":
                card = await interaction.client.search.story(text)
                label = f"work: {card.title if card else text}"
            if typed in label.casefold():
                out.append((label, rule_value(kind, text)))
        return choices(out)

    return suggest


SUGGEST: dict[str, Callable[[Interaction, str],
                            Coroutine[Any, Any, list[app_commands.Choice[str]]]]] = {
    "tag": suggest_tags, "character": suggester("character"), "ship": suggest_ships,
    "fandom": suggester("fandom"), "story": suggester("title")}


# --- listing and lifting -------------------------------------------------------------------


async def list_reply(interaction: Interaction, scope: Scope) -> tuple[discord.Embed,
                                                                      discord.ui.View | None]:
    mine = await scope.rules(interaction)
    title = "Your exclusions" if scope.name == "me" else "This server's exclusions"
    embed = discord.Embed(title=title, colour=LIST_COLOUR)
    lines = [f"• {safe(await rule_line(interaction, k, t), 300)}" for k, t in mine]
    embed.description = ("\n".join(lines)[:4000] if lines else
                         "None yet. Add one with /exclude tag, character, ship, fandom or "
                         "story, or press **Not for me** on a card.")
    if scope.name == "me" and interaction.guild_id is not None:
        server = await SCOPES["server"].rules(interaction)
        if server:
            shown = [safe(await rule_line(interaction, k, t), 200) for k, t in server]
            embed.add_field(name="Also excluded here, by this server's moderators",
                            value=join_trimmed(shown, EMBED_FIELD_VALUE, "\n"), inline=False)
    if not mine:
        return embed, None
    view = discord.ui.View(timeout=None)
    view.add_item(LiftSelect(scope.name, [
        discord.SelectOption(label=plain(f"Lift: {k} {t}", 100), value=rule_value(k, t))
        for k, t in mine[:25]]))
    return embed, view


async def lift_rule(interaction: Interaction, scope: Scope, value: str) -> str:
    found = find_rule(await scope.rules(interaction), value)
    if found is None or not await scope.lift(interaction, *found):
        raise UserFacingError("That isn't one of the exclusions here; see /exclude list.")
    return f"Lifted: {safe(await rule_line(interaction, *found), 1500)}. It can come up again."


class LiftSelect(_Guarded, discord.ui.DynamicItem[discord.ui.Select],
                 template=r"sb:lift:(?P<scope>me|server)"):
    def __init__(self, scope: str, options: list[discord.SelectOption] | None = None) -> None:
        super().__init__(discord.ui.Select(custom_id=f"sb:lift:{scope}", options=options or [],
                                           placeholder="Lift one of these…"))
        self.scope = scope

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction[Any],
                             item: discord.ui.Item[Any], match: re.Match[str]) -> Self:
        return cls(match["scope"])

    async def run(self, interaction: Interaction) -> None:
        if self.scope == "server" and not interaction.permissions.manage_guild:
            raise UserFacingError("You need **Manage Server** to do that.")
        data: Any = interaction.data or {}
        values = list(data.get("values") or ())
        if not values:
            raise UserFacingError("Pick an exclusion to lift.")
        scope = SCOPES[self.scope]
        text = await lift_rule(interaction, scope, str(values[0]))
        embed, view = await list_reply(interaction, scope)
        await interaction.response.edit_message(content=text, embed=embed, view=view)


# --- the command groups --------------------------------------------------------------------


def _adder(scope: Scope, kind: str, group: app_commands.Group) -> app_commands.Command:
    async def add(interaction: Interaction, what: app_commands.Range[str, 1, 90]) -> None:
        await add_rule(interaction, scope, kind, what)

    add = app_commands.describe(what=KINDS[kind][0])(add)
    add = app_commands.checks.cooldown(10, 30.0, key=lambda i: i.user.id)(add)
    command: app_commands.Command = app_commands.Command(
        name=kind, description=KINDS[kind][1], callback=add, parent=group)
    command.autocomplete("what")(SUGGEST[kind])
    return command


def _lister(scope: Scope, group: app_commands.Group) -> app_commands.Command:
    async def show(interaction: Interaction) -> None:
        embed, view = await list_reply(interaction, scope)
        kwargs: dict[str, Any] = {"embed": embed, "ephemeral": True}
        if view is not None:
            kwargs["view"] = view
        await interaction.response.send_message(**kwargs)

    return app_commands.Command(name="list", description="What is excluded, and lift it",
                                callback=show, parent=group)


def _lifter(scope: Scope, group: app_commands.Group) -> app_commands.Command:
    async def lift(interaction: Interaction, what: app_commands.Range[str, 1, 100]) -> None:
        text = await lift_rule(interaction, scope, what)
        await interaction.response.send_message(text, ephemeral=True)

    lift = app_commands.describe(what="the exclusion to lift")(lift)
    command: app_commands.Command = app_commands.Command(
        name="lift", description="Lift an exclusion", callback=lift, parent=group)
    command.autocomplete("what")(suggest_lift(scope))
    return command


def exclusion_group(scope: Scope) -> app_commands.Group:
    """/exclude or /server-exclude: an add command per kind, then list and lift."""
    server = scope.name == "server"
    group = app_commands.Group(
        name="server-exclude" if server else "exclude",
        description=("Manage Server: what nobody in this server is shown" if server
                     else "Never see certain stories (only you see this)"),
        guild_only=server,
        default_permissions=discord.Permissions(manage_guild=True) if server else None)
    commands_ = [*(_adder(scope, kind, group) for kind in EXCLUSION_KINDS),
                 _lister(scope, group), _lifter(scope, group)]
    for command in commands_:
        if server:  # hidden from members by default_permissions; checked all the same
            command.add_check(manage_server)
        group.add_command(command)
    return group


async def manage_server(interaction: Interaction) -> bool:
    if interaction.permissions.manage_guild:
        return True
    raise app_commands.MissingPermissions(["manage_guild"])


class ExcludeCog(commands.Cog):
    def __init__(self, bot: StoryBot) -> None:
        self.bot = bot
        self.groups = [exclusion_group(SCOPES["me"]), exclusion_group(SCOPES["server"])]

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(LiftSelect)
        for group in self.groups:
            self.bot.tree.add_command(group)

    async def cog_unload(self) -> None:
        for group in self.groups:
            self.bot.tree.remove_command(group.name)


async def setup(bot: StoryBot) -> None:
    await bot.add_cog(ExcludeCog(bot))

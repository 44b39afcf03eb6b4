"""Interaction payloads built from registered commands, and the record of how each was answered.

`slash`/`autocomplete` payloads take their option types from the command definitions the bot
registered (bulk overwrite), so a test writes `request="sad spuffy"` and discord.py receives a
correctly typed STRING option, exactly as Discord would send it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .model import DM_CHANNEL, Attachment, Channel, Guild, Message, Role, User

if TYPE_CHECKING:
    from .rest import RecordedRequest
    from .server import DiscordDouble

APPLICATION_COMMAND, MESSAGE_COMPONENT, AUTOCOMPLETE, MODAL_SUBMIT = 2, 3, 4, 5
SUB_COMMAND, SUB_COMMAND_GROUP = 1, 2
STRING, INTEGER, BOOLEAN, USER, CHANNEL, ROLE, MENTIONABLE, NUMBER = 3, 4, 5, 6, 7, 8, 9, 10
ATTACHMENT = 11
CALLBACK_NAMES = {
    1: "PONG",
    4: "CHANNEL_MESSAGE_WITH_SOURCE",
    5: "DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE",
    6: "DEFERRED_UPDATE_MESSAGE",
    7: "UPDATE_MESSAGE",
    8: "APPLICATION_COMMAND_AUTOCOMPLETE_RESULT",
    9: "MODAL",
    12: "LAUNCH_ACTIVITY",
}
DEFAULT_TIMEOUT = 5.0


class CommandUsageError(ValueError):
    """A test asked for an interaction the registered commands cannot produce."""


@dataclass
class InteractionRecord:
    """One interaction the stand-in sent, and everything the bot did in answer.

    Await `response()`, `message()`, `followup(n)`, `choices()` or `modal()` to wait for the
    bot; each returns what a user would see.
    """

    double: DiscordDouble
    id: int
    token: str
    type: int
    created: float
    payload: dict[str, Any]
    user: User
    guild: Guild | None
    channel: Channel
    source_message: Message | None = None
    callbacks: list[dict[str, Any]] = field(default_factory=list)
    original: Message | None = None
    followups: list[Message] = field(default_factory=list)

    @property
    def acknowledged(self) -> bool:
        return bool(self.callbacks)

    def __repr__(self) -> str:
        return f"<InteractionRecord id={self.id} type={self.type} callbacks={len(self.callbacks)}>"

    async def response(self, within: float = DEFAULT_TIMEOUT) -> dict[str, Any]:
        """The first interaction callback body (`{"type": ..., "data": ...}`)."""
        return await self.double.changes.wait_for(
            lambda: self.callbacks[0] if self.callbacks else None,
            within=within,
            what=f"a response to interaction {self.id}",
        )

    async def callback_request(self, within: float = DEFAULT_TIMEOUT) -> RecordedRequest:
        """This interaction's first `POST .../callback` once the stand-in has answered it (its
        `status` is 0 until then): what the bot sent, and how Discord replied, for this
        interaction whatever else the bot answered meanwhile."""
        path = f"/interactions/{self.id}/{self.token}/callback"
        return await self.double.changes.wait_for(
            lambda: next((r for r in self.double.requests_to(f"POST {path}") if r.status), None),
            within=within,
            what=f"the stand-in's answer to the callback of interaction {self.id}",
        )

    async def message(self, within: float = DEFAULT_TIMEOUT) -> Message:
        """The original response as shown to the user, once it is no longer "thinking"."""

        def ready() -> Message | None:
            original = self.original
            return original if original is not None and not original.loading else None

        return await self.double.changes.wait_for(
            ready, within=within, what=f"the visible response to interaction {self.id}"
        )

    async def followup(self, index: int = 0, within: float = DEFAULT_TIMEOUT) -> Message:
        return await self.double.changes.wait_for(
            lambda: self.followups[index] if len(self.followups) > index else None,
            within=within,
            what=f"followup #{index} to interaction {self.id}",
        )

    async def choices(self, within: float = DEFAULT_TIMEOUT) -> list[dict[str, Any]]:
        callback = await self.response(within)
        if callback.get("type") != 8:
            raise AssertionError(
                f"expected an autocomplete result (type 8), got {callback.get('type')}"
            )
        return list((callback.get("data") or {}).get("choices") or [])

    async def modal(self, within: float = DEFAULT_TIMEOUT) -> dict[str, Any]:
        callback = await self.response(within)
        if callback.get("type") != 9:
            raise AssertionError(f"expected a modal (type 9), got {callback.get('type')}")
        return callback["data"]


def _find_option(options: list[dict[str, Any]], name: str, where: str) -> dict[str, Any]:
    for option in options:
        if option.get("name") == name:
            return option
    known = ", ".join(o.get("name", "?") for o in options) or "none"
    raise CommandUsageError(f"{where} has no option {name!r} (it has: {known})")


def _resolve_value(
    option: dict[str, Any], value: Any, guild: Guild | None, resolved: dict[str, dict],
    attach: Callable[[Attachment], dict[str, Any]] | None = None,
) -> Any:
    kind = option.get("type")
    name = option["name"]
    if kind == ATTACHMENT and isinstance(value, Attachment) and attach is not None:
        data = attach(value)
        resolved.setdefault("attachments", {})[data["id"]] = data
        return data["id"]
    if kind == STRING:
        if not isinstance(value, str):
            raise CommandUsageError(f"option {name!r} is a string option, got {value!r}")
        return value
    if kind == INTEGER:
        if isinstance(value, bool) or not isinstance(value, int):
            raise CommandUsageError(f"option {name!r} is an integer option, got {value!r}")
        return value
    if kind == NUMBER:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise CommandUsageError(f"option {name!r} is a number option, got {value!r}")
        return value
    if kind == BOOLEAN:
        if not isinstance(value, bool):
            raise CommandUsageError(f"option {name!r} is a boolean option, got {value!r}")
        return value
    if kind in (USER, MENTIONABLE) and isinstance(value, User):
        resolved.setdefault("users", {})[str(value.id)] = value.payload()
        if guild is not None:
            member = guild.member(value.id).payload(guild.base_permissions(value.id))
            member.pop("user")
            resolved.setdefault("members", {})[str(value.id)] = member
        return str(value.id)
    if kind in (ROLE, MENTIONABLE) and isinstance(value, Role):
        resolved.setdefault("roles", {})[str(value.id)] = value.payload()
        return str(value.id)
    if kind == CHANNEL and isinstance(value, Channel):
        data = value.payload()
        if guild is not None:
            data["permissions"] = str(guild.permissions_in(guild.owner_id, value))
        resolved.setdefault("channels", {})[str(value.id)] = data
        return str(value.id)
    raise CommandUsageError(f"option {name!r} (type {kind}) cannot take {value!r}")


def command_data(
    command: dict[str, Any],
    path: list[str],
    values: dict[str, Any],
    guild: Guild | None,
    focused: str | None = None,
    attach: Callable[[Attachment], dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """The `data` of an APPLICATION_COMMAND or AUTOCOMPLETE interaction (`attach` serves an
    attachment option's file and gives its payload)."""
    resolved: dict[str, dict] = {}
    where = f"/{command['name']}"
    options_def: list[dict[str, Any]] = command.get("options") or []
    nest: list[dict[str, Any]] = []
    top = nest
    for part in path[1:]:
        option = _find_option(options_def, part, where)
        if option.get("type") not in (SUB_COMMAND, SUB_COMMAND_GROUP):
            raise CommandUsageError(f"{where} {part!r} is not a subcommand")
        holder = {"type": option["type"], "name": part, "options": []}
        nest.append(holder)
        nest = holder["options"]
        options_def = option.get("options") or []
        where += f" {part}"
    if any(o.get("type") in (SUB_COMMAND, SUB_COMMAND_GROUP) for o in options_def):
        names = ", ".join(o["name"] for o in options_def)
        raise CommandUsageError(f"{where} needs a subcommand (one of: {names})")
    for name, value in values.items():
        option = _find_option(options_def, name, where)
        if name == focused:
            nest.append(
                {"type": option["type"], "name": name, "value": str(value), "focused": True}
            )
        else:
            nest.append(
                {
                    "type": option["type"],
                    "name": name,
                    "value": _resolve_value(option, value, guild, resolved, attach),
                }
            )
    if focused is None:
        missing = [o["name"] for o in options_def if o.get("required") and o["name"] not in values]
        if missing:
            raise CommandUsageError(f"{where} is missing required options: {', '.join(missing)}")
    elif focused not in values:
        raise CommandUsageError(f"the focused option {focused!r} needs a value (what was typed)")
    data: dict[str, Any] = {
        "id": command["id"],
        "name": command["name"],
        "type": command.get("type", 1),
        "options": top,
    }
    if command.get("guild_id"):
        data["guild_id"] = command["guild_id"]
    if resolved:
        data["resolved"] = resolved
    return data


def base_payload(
    double: DiscordDouble,
    kind: int,
    interaction_id: int,
    token: str,
    guild: Guild | None,
    channel: Channel,
    user: User,
) -> dict[str, Any]:
    """Fields every interaction carries: who, where, and what the bot may do there."""
    world = double.world
    channel_data = channel.payload()
    payload: dict[str, Any] = {
        "id": str(interaction_id),
        "application_id": str(world.application_id),
        "type": kind,
        "token": token,
        "version": 1,
        "channel_id": str(channel.id),
        "locale": "en-US",
        "entitlements": [],
        "attachment_size_limit": 10 * 1024 * 1024,
    }
    if guild is not None:
        if channel.type == DM_CHANNEL:
            raise CommandUsageError("a guild interaction needs a guild channel")
        app_permissions = guild.permissions_in(world.bot.id, channel)
        user_permissions = guild.permissions_in(user.id, channel)
        channel_data["permissions"] = str(user_permissions)
        payload.update(
            guild_id=str(guild.id),
            guild={"id": str(guild.id), "locale": "en-US", "features": []},
            guild_locale="en-US",
            member=guild.member(user.id).payload(user_permissions),
            app_permissions=str(app_permissions),
            authorizing_integration_owners={"0": str(guild.id)},
            context=0,
        )
    else:
        payload.update(
            user=user.payload(),
            app_permissions=str(0),
            authorizing_integration_owners={"0": str(user.id)},
            context=1,
        )
    payload["channel"] = channel_data
    return payload


def modal_submission(modal: dict[str, Any], values: dict[str, str]) -> list[dict[str, Any]]:
    """Mirror the modal's layout (action rows or labels) with the values a user typed."""
    unused = dict(values)
    seen: list[str] = []

    def answer(component: dict[str, Any]) -> dict[str, Any]:
        custom_id = component.get("custom_id", "")
        seen.append(custom_id)
        value = unused.pop(custom_id, component.get("value") or "")
        if component.get("type") == 4:
            return {"type": 4, "id": component.get("id", 0), "custom_id": custom_id, "value": value}
        chosen = value if isinstance(value, list) else [value] if value else []
        return {
            "type": component.get("type"),
            "id": component.get("id", 0),
            "custom_id": custom_id,
            "values": chosen,
        }

    rows: list[dict[str, Any]] = []
    for top in modal.get("components") or []:
        if top.get("type") == 1:
            rows.append({"type": 1, "components": [answer(c) for c in top.get("components", [])]})
        elif top.get("type") == 18 and isinstance(top.get("component"), dict):
            rows.append({"type": 18, "component": answer(top["component"])})
    if unused:
        raise CommandUsageError(
            f"modal has no inputs {sorted(unused)} (it has: {', '.join(seen) or 'none'})"
        )
    return rows

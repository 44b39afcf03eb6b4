"""The REST API under /api/v10: the routes a discord.py bot uses, with Discord's error bodies.

Each request is recorded, rate-limited if a test asked for it, validated against the OpenAPI
spec, then handled against the stand-in's model of commands, interactions and messages.
"""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from aiohttp import web

from . import validation
from .interactions import AUTOCOMPLETE, MESSAGE_COMPONENT, MODAL_SUBMIT, InteractionRecord
from .model import (
    EPHEMERAL,
    READ_MESSAGE_HISTORY,
    SEND_MESSAGES,
    SEND_MESSAGES_IN_THREADS,
    VIEW_CHANNEL,
    Message,
)
from .ratelimits import API_PREFIX

# How long Discord remembers a message's nonce for enforce_nonce ("the past few minutes").
NONCE_WINDOW = timedelta(minutes=5)

if TYPE_CHECKING:
    from .server import DiscordDouble

LOADING = 1 << 7
CALLBACK_DEADLINE = 3.0
FOLLOWUP_DEADLINE = 15 * 60.0


@dataclass
class RecordedRequest:
    """One request as the stand-in received it (route is the spec's path template)."""

    method: str
    path: str
    route: str
    json: Any
    query: dict[str, str]
    status: int = 0
    files: int = 0
    connection: int = 0  # which connection it came on (numbered as they were first used)
    headers: Mapping[str, str] = field(default_factory=dict)

    def __repr__(self) -> str:
        return f"<{self.method} {self.path} -> {self.status}>"


class DiscordError(Exception):
    """An error response in Discord's shape: {"message", "code"[, "errors"]}."""

    def __init__(self, status: int, code: int, message: str, errors: Any = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.errors = errors

    def body(self) -> dict[str, Any]:
        data: dict[str, Any] = {"message": self.message, "code": self.code}
        if self.errors is not None:
            data["errors"] = self.errors
        return data


def unknown_interaction() -> DiscordError:
    return DiscordError(404, 10062, "Unknown interaction")


def unknown_message() -> DiscordError:
    return DiscordError(404, 10008, "Unknown Message")


@dataclass
class Call:
    method: str
    path: str
    params: dict[str, str]
    body: Any
    query: dict[str, str]
    files: int = 0


@dataclass
class Reply:
    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)


Handler = Callable[[Call], Awaitable[Reply]]


def _pattern(template: str) -> re.Pattern[str]:
    regex = re.escape(template)
    regex = re.sub(r"\\\{([a-z_]+)\\\}", r"(?P<\1>[^/]+)", regex)
    return re.compile(f"^{regex}$")


def _form_errors(violations: list[validation.Violation]) -> dict[str, Any]:
    """Discord's nested `errors` object, keyed by the JSON path of each violation."""
    errors: dict[str, Any] = {}
    for violation in violations:
        node = errors
        for part in re.findall(r"[^.\[\]$]+", violation.path):
            node = node.setdefault(part, {})
        node.setdefault("_errors", []).append(
            {
                "code": "BASE_TYPE_INVALID",
                "message": f"{violation.message} (limit: {violation.limit})",
            }
        )
    return errors


class RestApi:
    def __init__(self, double: DiscordDouble) -> None:
        self.double = double
        self._connections: dict[object, int] = {}  # transport -> its number
        self.routes: list[tuple[str, str, re.Pattern[str], Handler]] = []
        table: list[tuple[str, str, Handler]] = [
            ("GET", "/gateway", self.get_gateway),
            ("GET", "/gateway/bot", self.get_gateway_bot),
            ("GET", "/users/@me", self.get_me),
            ("GET", "/oauth2/applications/@me", self.get_application),
            ("GET", "/applications/@me", self.get_application),
            ("GET", "/applications/{application_id}/commands", self.get_commands),
            ("PUT", "/applications/{application_id}/commands", self.put_commands),
            ("POST", "/applications/{application_id}/commands", self.post_command),
            ("GET", "/applications/{application_id}/guilds/{guild_id}/commands", self.get_commands),
            ("PUT", "/applications/{application_id}/guilds/{guild_id}/commands", self.put_commands),
            (
                "POST",
                "/applications/{application_id}/guilds/{guild_id}/commands",
                self.post_command,
            ),
            ("POST", "/interactions/{interaction_id}/{interaction_token}/callback", self.callback),
            ("POST", "/webhooks/{webhook_id}/{webhook_token}", self.followup),
            (
                "GET",
                "/webhooks/{webhook_id}/{webhook_token}/messages/@original",
                self.get_webhook_message,
            ),
            (
                "PATCH",
                "/webhooks/{webhook_id}/{webhook_token}/messages/@original",
                self.edit_webhook_message,
            ),
            (
                "DELETE",
                "/webhooks/{webhook_id}/{webhook_token}/messages/@original",
                self.delete_webhook_message,
            ),
            (
                "GET",
                "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}",
                self.get_webhook_message,
            ),
            (
                "PATCH",
                "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}",
                self.edit_webhook_message,
            ),
            (
                "DELETE",
                "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}",
                self.delete_webhook_message,
            ),
            ("GET", "/channels/{channel_id}/messages", self.list_messages),
            ("POST", "/channels/{channel_id}/messages", self.create_message),
            ("GET", "/channels/{channel_id}/messages/{message_id}", self.get_message),
            ("PATCH", "/channels/{channel_id}/messages/{message_id}", self.edit_message),
            ("DELETE", "/channels/{channel_id}/messages/{message_id}", self.delete_message),
            (
                "PUT",
                "/channels/{channel_id}/messages/{message_id}/reactions/{emoji_name}/@me",
                self.add_reaction,
            ),
            (
                "DELETE",
                "/channels/{channel_id}/messages/{message_id}/reactions/{emoji_name}/@me",
                self.remove_reaction,
            ),
        ]
        for method, template, handler in table:
            self.routes.append((method, template, _pattern(template), handler))

    # -- plumbing ------------------------------------------------------------------------------

    def _match(self, method: str, path: str) -> tuple[str, dict[str, str], Handler] | None:
        for route_method, template, pattern, handler in self.routes:
            if route_method == method:
                found = pattern.match(path)
                if found:
                    return template, found.groupdict(), handler
        return None

    async def _read_body(self, request: web.Request) -> tuple[Any, int]:
        if not request.body_exists:
            return None, 0
        if request.content_type.startswith("multipart/"):
            form = await request.post()
            files = sum(1 for key in form if key.startswith("files["))
            raw = form.get("payload_json")
            return (json.loads(str(raw)) if raw is not None else None), files
        text = await request.text()
        return (json.loads(text) if text.strip() else None), 0

    def _connection(self, request: web.Request) -> int:
        return self._connections.setdefault(request.transport, len(self._connections) + 1)

    async def handle(self, request: web.Request) -> web.Response:
        double = self.double
        method = request.method
        path = request.path[len(API_PREFIX) :] if request.path.startswith(API_PREFIX) else ""
        matched = self._match(method, path)
        template = matched[0] if matched else path
        record = RecordedRequest(method, path, template, None, dict(request.query),
                                 connection=self._connection(request), headers=request.headers)
        double.requests.append(record)
        try:
            record.json, record.files = await self._read_body(request)
        except (json.JSONDecodeError, UnicodeDecodeError):
            return self._respond(
                record,
                Reply(400, {"message": "The request body contains invalid JSON.", "code": 50109}),
            )
        if matched is None:
            double.unhandled.append(f"{method} {request.path}")
            return self._respond(record, Reply(404, {"message": "404: Not Found", "code": 0}))
        _, params, handler = matched
        token_route = template.startswith(("/interactions/", "/webhooks/"))
        if not token_route and request.headers.get("Authorization") != f"Bot {double.world.token}":
            return self._respond(record, Reply(401, {"message": "401: Unauthorized", "code": 0}))
        limited = double.rate_limits.check(method, path, template, global_exempt=token_route)
        if limited is not None:
            return self._respond(record, Reply(429, limited.body, limited.headers))
        if record.json is not None and double.validate:
            violations = validation.validate(method, path, record.json)
            if violations:
                double.violations.extend(violations)
                double.changes.notify()
                return self._respond(
                    record,
                    Reply(
                        400,
                        {
                            "message": "Invalid Form Body",
                            "code": 50035,
                            "errors": _form_errors(violations),
                        },
                    ),
                )
        call = Call(method, path, params, record.json, dict(request.query), record.files)
        for hold in list(double.holds):
            await hold.wait_if(method, template)
        try:
            reply = await handler(call)
        except DiscordError as error:
            reply = Reply(error.status, error.body())
        return self._respond(record, reply)

    def _respond(self, record: RecordedRequest, reply: Reply) -> web.Response:
        record.status = reply.status
        self.double.changes.notify()
        headers = {"Via": "1.1 google", **reply.headers}
        if reply.status == 204 or reply.body is None:
            return web.Response(status=reply.status, headers=headers)
        # Exactly "application/json", as Discord sends it: discord.py compares the header verbatim.
        headers["Content-Type"] = "application/json"
        return web.Response(
            body=json.dumps(reply.body, separators=(",", ":")).encode(),
            status=reply.status,
            headers=headers,
        )

    # -- identity ------------------------------------------------------------------------------

    async def get_gateway(self, call: Call) -> Reply:
        return Reply(200, {"url": self.double.gateway_url})

    async def get_gateway_bot(self, call: Call) -> Reply:
        return Reply(
            200,
            {
                "url": self.double.gateway_url,
                "shards": self.double.shard_count,
                "session_start_limit": {
                    "total": 1000,
                    "remaining": 999,
                    "reset_after": 86_400_000,
                    "max_concurrency": 1,
                },
            },
        )

    async def get_me(self, call: Call) -> Reply:
        return Reply(
            200, self.double.world.bot.payload() | {"verified": True, "mfa_enabled": False}
        )

    async def get_application(self, call: Call) -> Reply:
        world = self.double.world
        owner = world.users[0] if world.users else world.bot
        return Reply(
            200,
            {
                "id": str(world.application_id),
                "name": world.bot.name,
                "icon": None,
                "description": "storybot under test",
                "rpc_origins": [],
                "bot_public": False,
                "bot_require_code_grant": False,
                "bot": world.bot.payload(),
                "owner": owner.payload(),
                "team": None,
                "verify_key": "0" * 64,
                "flags": 0,
                "summary": "",
                "tags": [],
                "install_params": None,
                "custom_install_url": None,
                "interactions_endpoint_url": None,
                "redirect_uris": [],
                "approximate_guild_count": len(world.guilds),
                "integration_types_config": {"0": {}},
            },
        )

    # -- commands ------------------------------------------------------------------------------

    def _check_application(self, call: Call) -> int | None:
        if call.params["application_id"] != str(self.double.world.application_id):
            raise DiscordError(403, 50001, "Missing Access")
        guild_id = call.params.get("guild_id")
        if guild_id is None:
            return None
        if not any(str(g.id) == guild_id for g in self.double.world.guilds):
            raise DiscordError(403, 50001, "Missing Access")
        return int(guild_id)

    def _stored_command(
        self, body: dict[str, Any], guild_id: int | None, previous: list[dict[str, Any]]
    ) -> dict[str, Any]:
        kind = body.get("type") or 1
        same = next(
            (c for c in previous if c["name"] == body.get("name") and c["type"] == kind), None
        )
        command = {
            "id": same["id"] if same else str(self.double.ids.next()),
            "application_id": str(self.double.world.application_id),
            "version": str(self.double.ids.next()),
            "type": kind,
            "name": body.get("name"),
            "description": body.get("description", ""),
            "options": body.get("options") or [],
            "default_member_permissions": body.get("default_member_permissions"),
            "dm_permission": body.get("dm_permission", True),
            "nsfw": body.get("nsfw", False),
            "contexts": body.get("contexts"),
            "integration_types": body.get("integration_types") or [0],
            "name_localizations": body.get("name_localizations"),
            "description_localizations": body.get("description_localizations"),
        }
        if guild_id is not None:
            command["guild_id"] = str(guild_id)
        return command

    async def get_commands(self, call: Call) -> Reply:
        guild_id = self._check_application(call)
        return Reply(200, self.double.commands.get(guild_id, []))

    async def put_commands(self, call: Call) -> Reply:
        guild_id = self._check_application(call)
        previous = self.double.commands.get(guild_id, [])
        stored = [self._stored_command(body, guild_id, previous) for body in call.body or []]
        self.double.commands[guild_id] = stored
        return Reply(200, stored)

    async def post_command(self, call: Call) -> Reply:
        guild_id = self._check_application(call)
        previous = self.double.commands.get(guild_id, [])
        command = self._stored_command(call.body or {}, guild_id, previous)
        kept = [c for c in previous if c["id"] != command["id"]]
        self.double.commands[guild_id] = [*kept, command]
        return Reply(201 if len(kept) == len(previous) else 200, command)

    # -- interactions --------------------------------------------------------------------------

    def _interaction(self, interaction_id: str, token: str) -> InteractionRecord:
        record = (
            self.double.interactions.get(int(interaction_id)) if interaction_id.isdigit() else None
        )
        if record is None or record.token != token:
            raise unknown_interaction()
        return record

    def _new_message(self, record: InteractionRecord, body: dict[str, Any] | None) -> Message:
        double = self.double
        message = Message(
            id=double.ids.next(),
            channel_id=record.channel.id,
            author=double.world.bot,
            created=double.clock.now(),
            guild_id=record.guild.id if record.guild else None,
            interaction_id=record.id,
            application_id=double.world.application_id,
        )
        body = body or {}
        message.flags = int(body.get("flags") or 0) & EPHEMERAL
        message.apply(body)
        double.messages[message.id] = message
        return message

    async def callback(self, call: Call) -> Reply:
        record = self._interaction(call.params["interaction_id"], call.params["interaction_token"])
        double = self.double
        if double.clock.monotonic() - record.created > CALLBACK_DEADLINE:
            double.expired.append(record)
            raise unknown_interaction()
        if record.callbacks:
            raise DiscordError(400, 40060, "Interaction has already been acknowledged.")
        body = call.body or {}
        kind = body.get("type")
        data = body.get("data") or {}
        allowed = {
            AUTOCOMPLETE: {8},
            MESSAGE_COMPONENT: {4, 5, 6, 7, 9},
            MODAL_SUBMIT: {4, 5, 6, 7} if record.source_message else {4, 5},
        }.get(record.type, {4, 5, 9})
        if kind not in allowed:
            detail = (
                f"callback type {kind} is not valid for interaction type {record.type} "
                f"(allowed: {sorted(allowed)})"
            )
            problem = {"code": "INTERACTION_CALLBACK_TYPE_INVALID", "message": detail}
            raise DiscordError(400, 50035, "Invalid Form Body", {"type": {"_errors": [problem]}})
        if kind == 4:
            record.original = self._new_message(record, data)
        elif kind == 5:
            record.original = self._new_message(record, {"flags": data.get("flags")})
            record.original.loading = True
            record.original.flags |= LOADING
        elif kind in (6, 7) and record.source_message is not None:
            record.original = record.source_message
            if kind == 7:
                record.original.apply(data)
                record.original.edited = double.clock.now()
        record.callbacks.append(body)
        double.answered("callback", record)
        if call.query.get("with_response") not in ("1", "true", "True"):
            return Reply(204)
        original = record.original if kind in (4, 5, 7) else None
        interaction = {"id": str(record.id), "type": record.type}
        resource: dict[str, Any] = {"type": kind}
        if original is not None:
            interaction.update(
                response_message_id=str(original.id),
                response_message_loading=original.loading,
                response_message_ephemeral=original.ephemeral,
            )
            resource["message"] = original.payload()
        return Reply(200, {"interaction": interaction, "resource": resource})

    def _webhook_interaction(self, call: Call) -> InteractionRecord:
        double = self.double
        if call.params["webhook_id"] != str(double.world.application_id):
            raise DiscordError(404, 10015, "Unknown Webhook")
        record = double.interactions_by_token.get(call.params["webhook_token"])
        if record is None or not record.callbacks:
            raise DiscordError(404, 10015, "Unknown Webhook")
        if double.clock.monotonic() - record.created > FOLLOWUP_DEADLINE:
            double.expired.append(record)
            raise DiscordError(401, 50027, "Invalid Webhook Token")
        return record

    def _webhook_message(self, record: InteractionRecord, message_id: str | None) -> Message:
        if message_id is None or message_id == "@original":
            found = record.original
        else:
            found = next((m for m in record.followups if str(m.id) == message_id), None)
            if found is None and record.original and str(record.original.id) == message_id:
                found = record.original
        if found is None or found.deleted:
            raise unknown_message()
        return found

    async def followup(self, call: Call) -> Reply:
        record = self._webhook_interaction(call)
        body = call.body or {}
        if record.original is not None and record.original.loading:
            # After a "thinking" defer, Discord turns the first followup into the original.
            message = record.original
            message.apply(body)
            message.loading = False
            message.flags &= ~LOADING
        else:
            message = self._new_message(record, body)
            record.followups.append(message)
        self.double.answered("followup", record)
        if call.query.get("wait") not in ("1", "true", "True"):
            return Reply(204)
        return Reply(200, message.payload())

    async def get_webhook_message(self, call: Call) -> Reply:
        record = self._webhook_interaction(call)
        message = self._webhook_message(record, call.params.get("message_id", "@original"))
        return Reply(200, message.payload())

    async def edit_webhook_message(self, call: Call) -> Reply:
        record = self._webhook_interaction(call)
        message = self._webhook_message(record, call.params.get("message_id", "@original"))
        message.apply(call.body or {})
        message.loading = False
        message.flags &= ~LOADING
        message.edited = self.double.clock.now()
        self.double.answered("edit", record)
        return Reply(200, message.payload())

    async def delete_webhook_message(self, call: Call) -> Reply:
        record = self._webhook_interaction(call)
        message = self._webhook_message(record, call.params.get("message_id", "@original"))
        message.deleted = True
        self.double.changes.notify()
        return Reply(204)

    # -- channels ------------------------------------------------------------------------------

    def _writable_channel(self, channel_id: str, *, write: bool):
        found = self.double.world.find_channel(int(channel_id)) if channel_id.isdigit() else None
        if found is None:
            raise DiscordError(404, 10003, "Unknown Channel")
        guild, channel = found
        if guild is not None:
            perms = guild.permissions_in(self.double.world.bot.id, channel)
            if not perms & VIEW_CHANNEL:
                raise DiscordError(403, 50001, "Missing Access")
            needed = SEND_MESSAGES_IN_THREADS if channel.is_thread else SEND_MESSAGES
            if write and not perms & needed:
                raise DiscordError(403, 50013, "Missing Permissions")
        return guild, channel

    def _channel_message(self, call: Call) -> Message:
        self._writable_channel(call.params["channel_id"], write=False)
        message_id = call.params["message_id"]
        message = self.double.messages.get(int(message_id)) if message_id.isdigit() else None
        if (
            message is None
            or message.deleted
            or str(message.channel_id) != call.params["channel_id"]
        ):
            raise unknown_message()
        return message

    async def create_message(self, call: Call) -> Reply:
        guild, channel = self._writable_channel(call.params["channel_id"], write=True)
        double = self.double
        body = call.body or {}
        if (
            not any(body.get(k) for k in ("content", "embeds", "components", "sticker_ids", "poll"))
            and not call.files
        ):
            raise DiscordError(400, 50006, "Cannot send an empty message")
        nonce = str(body["nonce"]) if body.get("nonce") is not None else None
        if nonce is not None and body.get("enforce_nonce"):
            # Discord returns the message this author already sent with this nonce in the
            # last few minutes instead of posting it again.
            sent = double.nonces.get((channel.id, double.world.bot.id, nonce))
            if sent is not None and not sent.deleted and \
                    double.clock.now() - sent.created <= NONCE_WINDOW:
                return Reply(200, sent.payload())
        message = Message(
            id=double.ids.next(),
            channel_id=channel.id,
            author=double.world.bot,
            created=double.clock.now(),
            guild_id=guild.id if guild else None,
        )
        message.apply(body)
        double.messages[message.id] = message
        double.channel_messages.append(message)
        if nonce is not None:
            double.nonces[(channel.id, double.world.bot.id, nonce)] = message
        payload = message.payload()
        await double.gateway.dispatch("MESSAGE_CREATE", payload)
        return Reply(200, payload)

    async def list_messages(self, call: Call) -> Reply:
        """A channel's history, newest first, as Discord pages it: `limit` (1-100, default 50)
        and one of `before`, `after` or `around`. Without Read Message History the answer is
        an empty list, as Discord gives."""
        guild, channel = self._writable_channel(call.params["channel_id"], write=False)
        query = call.query
        try:
            limit = int(query.get("limit", 50))
            anchors = {k: int(query[k]) for k in ("before", "after", "around") if k in query}
        except ValueError as exc:
            raise DiscordError(400, 50035, "Invalid Form Body") from exc
        if not 1 <= limit <= 100 or len(anchors) > 1:
            raise DiscordError(400, 50035, "Invalid Form Body")
        if guild is not None and not (
                guild.permissions_in(self.double.world.bot.id, channel) & READ_MESSAGE_HISTORY):
            return Reply(200, [])
        history = sorted(self.double.channel_history(channel), key=lambda m: -m.id)
        if "before" in anchors:
            history = [m for m in history if m.id < anchors["before"]]
        elif "after" in anchors:  # the oldest ones after it, still newest first
            history = [m for m in history if m.id > anchors["after"]][-limit:]
        elif "around" in anchors:
            older = [m for m in history if m.id <= anchors["around"]]
            newer = [m for m in history if m.id > anchors["around"]]
            history = newer[-(limit // 2):] if limit > 1 else []
            history += older[:limit - len(history)]
        return Reply(200, [m.payload() for m in history[:limit]])

    async def get_message(self, call: Call) -> Reply:
        return Reply(200, self._channel_message(call).payload())

    async def edit_message(self, call: Call) -> Reply:
        message = self._channel_message(call)
        if message.author.id != self.double.world.bot.id:
            raise DiscordError(403, 50005, "Cannot edit a message authored by another user")
        message.apply(call.body or {})
        message.edited = self.double.clock.now()
        self.double.changes.notify()
        return Reply(200, message.payload())

    async def delete_message(self, call: Call) -> Reply:
        message = self._channel_message(call)
        message.deleted = True
        self.double.changes.notify()
        return Reply(204)

    async def add_reaction(self, call: Call) -> Reply:
        message = self._channel_message(call)
        emoji = call.params["emoji_name"]
        message.reactions[emoji] = message.reactions.get(emoji, 0) + 1
        return Reply(204)

    async def remove_reaction(self, call: Call) -> Reply:
        message = self._channel_message(call)
        emoji = call.params["emoji_name"]
        if message.reactions.get(emoji, 0) > 1:
            message.reactions[emoji] -= 1
        else:
            message.reactions.pop(emoji, None)
        return Reply(204)

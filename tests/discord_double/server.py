"""`DiscordDouble`: one aiohttp server on 127.0.0.1 (gateway at /, REST at /api/v10) plus the
test API that plays the part of Discord's users: slash commands, autocomplete, clicks, modals.
"""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Any, TypeVar

from aiohttp import web

from . import validation
from .clock import Changes, Clock
from .gateway import Gateway
from .interactions import (
    APPLICATION_COMMAND,
    AUTOCOMPLETE,
    MESSAGE_COMPONENT,
    MODAL_SUBMIT,
    CommandUsageError,
    InteractionRecord,
    base_payload,
    command_data,
    modal_submission,
)
from .model import (
    DM_CHANNEL,
    Attachment,
    Channel,
    Guild,
    Message,
    Snowflakes,
    User,
    World,
    default_world,
)
from .model import walk_components as _walk
from .ratelimits import RateLimits, parse_route
from .rest import RecordedRequest, RestApi
from .tls import Https
from .validation import Violation

T = TypeVar("T")
BUTTON, STRING_SELECT = 2, 3


class Hold:
    """Requests to one route, received and kept waiting until released (see `hold`)."""

    def __init__(self, double: DiscordDouble, method: str | None, template: str) -> None:
        self.double = double
        self.method = method
        self.template = template
        self.waiting = 0
        self._released = asyncio.Event()

    async def wait_if(self, method: str, template: str) -> None:
        if template != self.template or self.method not in (None, method):
            return
        self.waiting += 1
        self.double.changes.notify()
        await self._released.wait()

    def release(self) -> None:
        """Let the held requests (and any later ones) through."""
        self._released.set()
        if self in self.double.holds:
            self.double.holds.remove(self)


class DiscordDouble:
    """A local Discord: start it, point discord.py at it, then act as users and inspect."""

    def __init__(self, world: World | None = None, *, shard_count: int = 1,
                 validate: bool = True, https: Https | None = None) -> None:
        if shard_count < 1:
            raise ValueError("a bot has at least one shard")
        self.clock = Clock()
        self.ids = Snowflakes(self.clock)  # ids carry the stand-in's time, as Discord's do
        self.world = world or default_world(self.ids)
        self.shard_count = shard_count  # what GET /gateway/bot recommends; IDENTIFYs must use it
        self.validate = validate  # bodies checked against the spec (benchmarks may skip it)
        self.https = https  # served over TLS (tls.py) instead of plain HTTP on 127.0.0.1
        self.changes = Changes()
        self.requests: list[RecordedRequest] = []
        self.violations: list[Violation] = []
        self.unhandled: list[str] = []
        self.gateway_problems: list[str] = []
        self.expired: list[InteractionRecord] = []
        # Called with ("callback" | "followup" | "edit", record) as the bot answers; a
        # benchmark times answers this way without a waiter per interaction.
        self.listeners: list[Callable[[str, InteractionRecord], None]] = []
        self.commands: dict[int | None, list[dict[str, Any]]] = {}
        self.interactions: dict[int, InteractionRecord] = {}
        self.interactions_by_token: dict[str, InteractionRecord] = {}
        self.messages: dict[int, Message] = {}
        self.channel_messages: list[Message] = []
        # (channel, author, nonce) -> message, for create-message calls with enforce_nonce
        self.nonces: dict[tuple[int, int, str], Message] = {}
        self.rate_limits = RateLimits(self.clock)
        self.holds: list[Hold] = []
        self.gateway = Gateway(self)
        self.rest = RestApi(self)
        self.port: int | None = None
        self._runner: web.AppRunner | None = None
        self._dm_channels: dict[int, Channel] = {}
        # Seconds between Discord creating an interaction and the bot receiving it (a backlog
        # somewhere, a gateway replay after RESUME): its id and deadlines count from creation.
        self.delivered_late = 0.0
        self.attachments: dict[int, Attachment] = {}  # served at attachment_url
        self.downloads: list[int] = []  # attachment ids, each time one was fetched

    # -- lifecycle -----------------------------------------------------------------------------

    async def start(self) -> None:
        validation.warm_up()
        app = web.Application()
        app.router.add_get("/", self.gateway.handle)
        app.router.add_route("*", "/api/v10/{tail:.*}", self.rest.handle)
        app.router.add_get("/attachments/{id}/{name}", self._serve_attachment)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0,
                           ssl_context=self.https.context if self.https else None)
        await site.start()
        self.port = self._runner.addresses[0][1]

    async def stop(self) -> None:
        self.gateway.open_for_connections.set()
        for session in self.gateway.connected_sessions():
            if session.socket is not None:
                await session.socket.close(code=1001, message=b"stand-in stopping")
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    def attach(self, attachment: Attachment) -> dict[str, Any]:
        """Give an attachment its id and loopback URL (Discord's CDN, here); its payload."""
        attachment.id = self.ids.next()
        self.attachments[attachment.id] = attachment
        return attachment.payload(
            f"{self.origin}/attachments/{attachment.id}/{attachment.filename}")

    async def _serve_attachment(self, request: web.Request) -> web.StreamResponse:
        found = self.attachments.get(int(request.match_info["id"]))
        if found is None or request.match_info["name"] != found.filename:
            return web.Response(status=404)
        self.downloads.append(found.id)
        response = web.StreamResponse()
        response.content_length = len(found.data)
        await response.prepare(request)
        for start in range(0, len(found.data), 65536):
            await response.write(found.data[start:start + 65536])
        await response.write_eof()
        return response

    @property
    def origin(self) -> str:
        if self.https:
            return f"https://{self.https.host}:{self.port}"
        return f"http://127.0.0.1:{self.port}"

    @property
    def base_url(self) -> str:
        return f"{self.origin}/api/v10"

    @property
    def gateway_url(self) -> str:
        return f"ws{self.origin.removeprefix('http')}/"

    def close_idle_connections(self) -> None:
        """Close every HTTP connection between requests (as a server's keep-alive timeout
        does); one busy with a request (a gateway websocket) closes once it is done."""
        if self._runner is not None and self._runner.server is not None:
            for connection in self._runner.server.connections:
                connection.close()

    @property
    def open_connections(self) -> int:
        """Connections open now, the gateway's websockets included."""
        server = self._runner.server if self._runner is not None else None
        return len(server.connections) if server is not None else 0

    @property
    def guild(self) -> Guild:
        """The first (default) guild."""
        return self.world.guild()

    def answered(self, how: str, record: InteractionRecord) -> None:
        for listener in self.listeners:
            listener(how, record)
        self.changes.notify()

    # -- waiting and inspection ----------------------------------------------------------------

    async def wait_for(
        self, probe: Callable[[], T | None], *, within: float = 5.0, what: str = "a condition"
    ) -> T:
        return await self.changes.wait_for(probe, within=within, what=what)

    def requests_to(self, route: str) -> list[RecordedRequest]:
        """Requests matching 'METHOD /template' or '/template' (spec template or literal path)."""
        method, template = parse_route(route)
        return [
            r
            for r in self.requests
            if (method is None or r.method == method) and template in (r.route, r.path)
        ]

    def take_violations(self) -> list[Violation]:
        """Return and forget the recorded violations (a test that expects one claims it)."""
        found, self.violations = self.violations, []
        return found

    def problems(self) -> list[str]:
        """What should fail the test: invalid bodies, routes the stand-in does not know."""
        found = [f"invalid request body: {v}" for v in self.violations]
        found += [f"route not implemented by the stand-in: {u}" for u in self.unhandled]
        found += [f"gateway: {p}" for p in self.gateway_problems]
        return found

    def registered_commands(self, guild: Guild | None = None) -> list[dict[str, Any]]:
        return list(self.commands.get(guild.id if guild else None, []))

    def channel_history(self, channel: Channel) -> list[Message]:
        return [m for m in self.channel_messages if m.channel_id == channel.id and not m.deleted]

    # -- rate limits and connections -----------------------------------------------------------

    def rate_limit(
        self, route: str, n: int = 1, *, retry_after: float = 0.05, scope: str = "user"
    ) -> None:
        """Answer the next `n` requests to `route` with 429 (e.g. 'POST /channels/{channel_id}/
        messages')."""
        self.rate_limits.force(route, n, retry_after=retry_after, scope=scope)

    @property
    def global_rate_limit(self) -> int | None:
        return self.rate_limits.global_per_second

    @global_rate_limit.setter
    def global_rate_limit(self, per_second: int | None) -> None:
        if per_second is not None and per_second < 1:
            raise ValueError("the global rate limit must be at least 1 request per second")
        self.rate_limits.global_per_second = per_second

    def _back_online(self, before_resumed: int, before_ready: int) -> bool:
        return (
            self.gateway.count("RESUMED") > before_resumed
            or self.gateway.count("READY") > before_ready
        )

    async def drop_connection(self, *, resumable: bool = True, within: float = 10.0) -> None:
        """Cut the gateway connection and wait until the client has resumed or re-identified."""
        async with self.offline(resumable=resumable, within=within):
            pass

    @asynccontextmanager
    async def offline(self, *, resumable: bool = True, within: float = 10.0) -> AsyncIterator[None]:
        """Inside the block the client is disconnected and cannot reconnect; events sent
        meanwhile are kept for RESUME. On exit, wait until the client is back."""
        if not self.gateway.connected_sessions():
            raise AssertionError("no client is connected to drop")
        resumed, ready = self.gateway.count("RESUMED"), self.gateway.count("READY")
        self.gateway.open_for_connections.clear()
        try:
            await self.gateway.drop(resumable=resumable)
            yield
        finally:
            self.gateway.open_for_connections.set()
        await self.wait_for(
            lambda: self._back_online(resumed, ready),
            within=within,
            what="the client to reconnect to the gateway",
        )

    def hold(self, route: str) -> Hold:
        """Keep requests to `route` waiting (received, not yet handled) until `release()`:
        a slow Discord, or a bot killed while its request is in flight."""
        held = Hold(self, *parse_route(route))
        self.holds.append(held)
        return held

    # -- acting as users -----------------------------------------------------------------------

    def _user(self, user: User | str) -> User:
        return self.world.user(user) if isinstance(user, str) else user

    def _place(
        self, guild: Guild | str | None, channel: Channel | str | None, user: User
    ) -> tuple[Guild | None, Channel]:
        if guild is None:
            if channel is not None and not (
                isinstance(channel, Channel) and channel.type == DM_CHANNEL
            ):
                raise CommandUsageError("a guild channel needs its guild")
            if user.id not in self._dm_channels:
                self._dm_channels[user.id] = Channel(
                    self.ids.next(), "dm", type=DM_CHANNEL, recipient=user
                )
            return None, self._dm_channels[user.id]
        resolved = self.world.guild(guild) if isinstance(guild, str) else guild
        if channel is None:
            raise CommandUsageError("a guild interaction needs a channel")
        where = resolved.channel(channel) if isinstance(channel, str) else channel
        return resolved, where

    async def say(self, channel: Channel, user: User | str, content: str) -> Message:
        """A member's message in `channel`, as the gateway tells the bot of it."""
        message = Message(
            id=self.ids.next(),
            channel_id=channel.id,
            author=self._user(user),
            created=self.clock.now(),
            guild_id=channel.guild_id,
            content=content,
        )
        self.messages[message.id] = message
        self.channel_messages.append(message)
        await self.gateway.dispatch("MESSAGE_CREATE", message.payload())
        return message

    async def update_channel(self, channel: Channel) -> None:
        """Tell the bot that `channel` changed (its overwrites, its NSFW flag), as an admin's
        edit does."""
        event = "THREAD_UPDATE" if channel.is_thread else "CHANNEL_UPDATE"
        await self.gateway.dispatch(event, channel.payload())

    def _command(self, guild: Guild | None, name: str) -> dict[str, Any]:
        pools = ([*self.commands.get(guild.id, [])] if guild else []) + self.commands.get(None, [])
        for command in pools:
            if command["name"] == name and command.get("type", 1) == 1:
                return command
        known = ", ".join(sorted("/" + c["name"] for c in pools)) or "none (did the bot sync?)"
        raise CommandUsageError(f"no slash command /{name} is registered; registered: {known}")

    async def _send(
        self,
        kind: int,
        guild: Guild | None,
        channel: Channel,
        user: User,
        data: dict[str, Any],
        source: Message | None = None,
    ) -> InteractionRecord:
        late = self.delivered_late
        interaction_id = self.ids.at(self.clock.now() - timedelta(seconds=late))
        token = "aW50ZXJhY3Rpb246" + secrets.token_urlsafe(48)
        payload = base_payload(self, kind, interaction_id, token, guild, channel, user)
        payload["data"] = data
        if source is not None:
            payload["message"] = source.payload()
        record = InteractionRecord(
            double=self,
            id=interaction_id,
            token=token,
            type=kind,
            created=self.clock.monotonic() - late,
            payload=payload,
            user=user,
            guild=guild,
            channel=channel,
            source_message=source,
        )
        self.interactions[interaction_id] = record
        self.interactions_by_token[token] = record
        await self.gateway.dispatch("INTERACTION_CREATE", payload)
        return record

    async def slash(
        self,
        guild: Guild | str | None,
        channel: Channel | str | None,
        user: User | str,
        command: str,
        /,
        **options: Any,
    ) -> InteractionRecord:
        """Run `/command` (subcommands as "rec pairing") with typed options, as `user` would.
        The place and user are positional only, so an option may be named `channel` or `user`."""
        who = self._user(user)
        where_guild, where = self._place(guild, channel, who)
        path = command.lstrip("/").split()
        definition = self._command(where_guild, path[0])
        data = command_data(definition, path, options, where_guild, attach=self.attach)
        return await self._send(APPLICATION_COMMAND, where_guild, where, who, data)

    async def autocomplete(
        self,
        guild: Guild | str | None,
        channel: Channel | str | None,
        user: User | str,
        command: str,
        /,
        *,
        focused: str | None = None,
        **options: Any,
    ) -> InteractionRecord:
        """Type into an option: `focused` names it (default: the only option given)."""
        if focused is None:
            if len(options) != 1:
                raise CommandUsageError("name the focused option when passing several options")
            focused = next(iter(options))
        who = self._user(user)
        where_guild, where = self._place(guild, channel, who)
        path = command.lstrip("/").split()
        definition = self._command(where_guild, path[0])
        data = command_data(definition, path, options, where_guild, focused=focused)
        return await self._send(AUTOCOMPLETE, where_guild, where, who, data)

    def _interaction_of(self, message: Message) -> InteractionRecord | None:
        return self.interactions.get(message.interaction_id) if message.interaction_id else None

    async def click(
        self,
        message: Message,
        custom_id: str,
        *,
        user: User | str | None = None,
        values: list[str] | None = None,
    ) -> InteractionRecord:
        """Press a button (or pick `values` in a select menu) on a message a user can see."""
        if message.deleted:
            raise CommandUsageError(f"message {message.id} was deleted; nothing to click")
        component = next(
            (c for c in _walk(message.components) if c.get("custom_id") == custom_id), None
        )
        if component is None:
            raise CommandUsageError(
                f"message {message.id} has no component {custom_id!r} "
                f"(it has: {', '.join(message.custom_ids()) or 'none'})"
            )
        if component.get("disabled"):
            raise CommandUsageError(f"component {custom_id!r} is disabled; a user cannot use it")
        origin = self._interaction_of(message)
        who = (
            self._user(user)
            if user is not None
            else (origin.user if origin else self.world.users[0])
        )
        if message.ephemeral and origin is not None and who.id != origin.user.id:
            raise CommandUsageError("only the invoking user can see an ephemeral message")
        found = self.world.find_channel(message.channel_id)
        if found is None:
            channel = next(c for c in self._dm_channels.values() if c.id == message.channel_id)
            guild = None
        else:
            guild, channel = found
        data: dict[str, Any] = {"custom_id": custom_id, "component_type": component["type"]}
        if component["type"] != BUTTON:
            data["values"] = list(values or [])
        elif values is not None:
            raise CommandUsageError(f"{custom_id!r} is a button; it takes no values")
        return await self._send(MESSAGE_COMPONENT, guild, channel, who, data, source=message)

    async def submit_modal(
        self,
        shown: InteractionRecord,
        values: dict[str, str],
    ) -> InteractionRecord:
        """Fill in and submit the modal the bot showed in answer to `shown`."""
        modal = await shown.modal()
        data = {"custom_id": modal["custom_id"], "components": modal_submission(modal, values)}
        return await self._send(
            MODAL_SUBMIT, shown.guild, shown.channel, shown.user, data, source=shown.source_message
        )


__all__ = ["CommandUsageError", "DiscordDouble"]

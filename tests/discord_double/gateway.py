"""The gateway websocket: HELLO, heartbeats, IDENTIFY/READY, RESUME with replay, dispatch.

Frames are plain TEXT JSON; discord.py asks for zlib-stream but decodes text frames as they come.
Every dispatched event is kept in its session's log so a RESUME can replay what was missed.

Sharding as Discord does it: each IDENTIFY names its `[shard_id, shard_count]` (none means
`[0, 1]`), the count must be the stand-in's, and a session hears only its shard's guilds:
`(guild_id >> 22) % shard_count`; events outside any guild (DMs) go to shard 0. A second
IDENTIFY for a shard whose session is still connected is a bug in the bot (two processes would
answer the same guilds): it is recorded as a problem, and the newer session takes the shard.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from collections import deque
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiohttp import WSMsgType, web

from .model import shard_of

if TYPE_CHECKING:
    from .server import DiscordDouble

DISPATCH, HEARTBEAT, IDENTIFY, RESUME, INVALID_SESSION, HELLO, HEARTBEAT_ACK = 0, 1, 2, 6, 9, 10, 11
HEARTBEAT_INTERVAL_MS = 41250
AUTHENTICATION_FAILED = 4004
INVALID_SHARD = 4010
SESSION_DROPPED = 4000
LOG_LIMIT = 10_000  # frames kept per session for RESUME; older gaps invalidate the session


@dataclass
class Session:
    """One identified gateway session; outlives its websocket so it can be resumed."""

    id: str
    seq: int = 0
    log: deque[dict[str, Any]] = field(default_factory=lambda: deque(maxlen=LOG_LIMIT))
    socket: web.WebSocketResponse | None = None
    resumable: bool = True
    shard: tuple[int, int] = (0, 1)


@dataclass
class GatewayEvent:
    """What the stand-in saw or did on the gateway, for tests to assert on."""

    op: str
    session_id: str | None = None
    detail: Any = None


class Gateway:
    def __init__(self, double: DiscordDouble) -> None:
        self.double = double
        self.sessions: dict[str, Session] = {}
        self.shards: dict[int, Session] = {}  # shard id -> the session that receives its events
        self.events: list[GatewayEvent] = []
        self.heartbeats = 0
        self.open_for_connections = asyncio.Event()
        self.open_for_connections.set()

    # -- bookkeeping ---------------------------------------------------------------------------

    def _note(self, op: str, session: Session | None = None, detail: Any = None) -> None:
        self.events.append(GatewayEvent(op, session.id if session else None, detail))
        self.double.changes.notify()

    def connected_sessions(self) -> list[Session]:
        return [s for s in self.sessions.values() if s.socket is not None]

    def count(self, op: str) -> int:
        return sum(1 for event in self.events if event.op == op)

    # -- outgoing ------------------------------------------------------------------------------

    def shard_for(self, data: dict[str, Any], event: str = "") -> int:
        """The shard an event belongs to: its guild's, or 0 outside any guild."""
        guild_id = data.get("id") if event == "GUILD_CREATE" else data.get("guild_id")
        return shard_of(int(guild_id), self.double.shard_count) if guild_id else 0

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        """Send a DISPATCH to the session of the shard it belongs to; a disconnected session
        keeps it for RESUME."""
        shard = self.shard_for(data, event)
        session = self.shards.get(shard)
        if session is None:
            raise AssertionError(f"no client has identified shard {shard} with the stand-in; "
                                 f"cannot send {event}")
        if not session.resumable and session.socket is None:
            return
        await self._dispatch_to(session, event, data)

    @staticmethod
    async def _send(socket: web.WebSocketResponse, frame: dict[str, Any]) -> None:
        if socket.closed:
            return
        try:
            await socket.send_str(json.dumps(frame, separators=(",", ":")))
        except ConnectionError:
            return  # the frame stays in the session log; RESUME replays it

    async def drop(self, *, resumable: bool) -> None:
        """Close every live socket as a network failure would (close code 4000)."""
        for session in self.connected_sessions():
            session.resumable = resumable
            socket, session.socket = session.socket, None
            self._note("DROPPED", session, {"resumable": resumable})
            if socket is not None:
                await socket.close(code=SESSION_DROPPED, message=b"dropped by test")

    # -- the websocket -------------------------------------------------------------------------

    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse(autoping=True, max_msg_size=0)
        await socket.prepare(request)
        await self.open_for_connections.wait()
        self._note("CONNECT", detail=dict(request.query))
        await self._send(
            socket,
            {"op": HELLO, "d": {"heartbeat_interval": HEARTBEAT_INTERVAL_MS}, "s": None, "t": None},
        )
        session: Session | None = None
        try:
            async for message in socket:
                if message.type is not WSMsgType.TEXT:
                    continue
                try:
                    frame = json.loads(message.data)
                except json.JSONDecodeError:
                    await socket.close(code=4002, message=b"Error while decoding payload")
                    break
                session = await self._receive(socket, frame, session)
        finally:
            if session is not None and session.socket is socket:
                session.socket = None
                self._note("DISCONNECT", session)
        return socket

    async def _receive(
        self, socket: web.WebSocketResponse, frame: dict[str, Any], session: Session | None
    ) -> Session | None:
        op = frame.get("op")
        data = frame.get("d")
        if op == HEARTBEAT:
            self.heartbeats += 1
            await self._send(socket, {"op": HEARTBEAT_ACK, "d": None, "s": None, "t": None})
        elif op == IDENTIFY:
            return await self._identify(socket, data or {})
        elif op == RESUME:
            return await self._resume(socket, data or {})
        else:
            self._note(f"OP{op}", session, data)
        return session

    def _token_ok(self, token: Any) -> bool:
        return isinstance(token, str) and token.removeprefix("Bot ") == self.double.world.token

    def _shard(self, data: dict[str, Any]) -> tuple[int, int] | None:
        """The IDENTIFY's `[shard_id, shard_count]` if it fits this stand-in, else None."""
        shard = data.get("shard", [0, 1])
        if (
            not isinstance(shard, list)
            or len(shard) != 2
            or not all(isinstance(n, int) for n in shard)
            or not 0 <= shard[0] < shard[1]
            or shard[1] != self.double.shard_count
        ):
            return None
        return shard[0], shard[1]

    def _take_shard(self, session: Session) -> None:
        """Give the session its shard; a still-connected holder is a problem for the test."""
        shard_id = session.shard[0]
        previous = self.shards.get(shard_id)
        if previous is not None:
            if previous.socket is not None:
                self.double.gateway_problems.append(
                    f"shard {shard_id} identified again while session {previous.id} still "
                    "held it (two clients would answer the same guilds)")
            self.sessions.pop(previous.id, None)  # it can no longer RESUME
        self.shards[shard_id] = session

    async def _identify(
        self, socket: web.WebSocketResponse, data: dict[str, Any]
    ) -> Session | None:
        if not self._token_ok(data.get("token")):
            self._note("AUTH_FAILED")
            await socket.close(code=AUTHENTICATION_FAILED, message=b"Authentication failed.")
            return None
        shard = self._shard(data)
        if shard is None:
            self._note("INVALID_SHARD", detail={"shard": data.get("shard")})
            self.double.gateway_problems.append(
                f"IDENTIFY with shard {data.get('shard')!r}; the stand-in runs "
                f"{self.double.shard_count} shard(s)")
            await socket.close(code=INVALID_SHARD, message=b"Invalid shard.")
            return None
        session = Session(id=uuid.uuid4().hex, shard=shard)
        self.sessions[session.id] = session
        session.socket = socket
        self._take_shard(session)
        self._note("IDENTIFY", session, {"intents": data.get("intents"), "shard": list(shard)})
        world = self.double.world
        mine = [g for g in world.guilds if shard_of(g.id, shard[1]) == shard[0]]
        ready = {
            "v": 10,
            "user": world.bot.payload() | {"verified": True, "mfa_enabled": False},
            "guilds": [{"id": str(g.id), "unavailable": True} for g in mine],
            "shard": list(shard),
            "session_id": session.id,
            "session_type": "normal",
            "resume_gateway_url": self.double.gateway_url,
            "application": {"id": str(world.application_id), "flags": 0},
            "private_channels": [],
            "relationships": [],
            "presences": [],
            "geo_ordered_rtc_regions": [],
            "guild_join_requests": [],
            "_trace": ["storybot-discord-double"],
        }
        await self._dispatch_to(session, "READY", ready)
        for guild in mine:
            await self._dispatch_to(session, "GUILD_CREATE", guild.create_payload())
        self._note("READY", session)
        return session

    async def _dispatch_to(self, session: Session, event: str, data: dict[str, Any]) -> None:
        session.seq += 1
        frame = {"op": DISPATCH, "t": event, "s": session.seq, "d": data}
        session.log.append(frame)
        if session.socket is not None:
            await self._send(session.socket, frame)

    async def _resume(self, socket: web.WebSocketResponse, data: dict[str, Any]) -> Session | None:
        session = self.sessions.get(str(data.get("session_id")))
        seq = data.get("seq")
        if (
            session is None
            or not session.resumable
            or not self._token_ok(data.get("token"))
            or not isinstance(seq, int)
            or seq > session.seq
            or (session.log and seq < session.log[0]["s"] - 1)
        ):
            if session is not None:
                del self.sessions[session.id]
            self._note("INVALID_SESSION", session)
            await self._send(socket, {"op": INVALID_SESSION, "d": False, "s": None, "t": None})
            return None
        session.socket = socket
        missed = [frame for frame in session.log if frame["s"] > seq]
        for frame in missed:
            await self._send(socket, frame)
        await self._dispatch_to(session, "RESUMED", {"_trace": ["storybot-discord-double"]})
        self._note("RESUMED", session, {"replayed": len(missed)})
        return session

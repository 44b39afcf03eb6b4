"""POSTs of a JSON body to one origin over kept-alive HTTP/1.1 connections, and their answers.

The interaction callback (every card, defer and autocomplete answer) is one such POST. Through
discord.py's webhook adapter and aiohttp's client it cost ~0.49 M instructions of the bot's
~3.4 M per /rec (aiohttp alone ~0.36 M: a request and a response object, a payload, a stream
reader, a task writing the body, timers, the URL parsed again: a general client's work, none of
which the callback uses); written here on a kept-alive connection and its status line and
headers read back, ~0.16 M. Everything else discord.py sends still goes through aiohttp.

The request is what aiohttp sent, less `Accept-Encoding` (an error's JSON comes back as it is).
A connection idle for `idle_for` seconds (aiohttp's keep-alive time) or closed by the server is
not reused; one that fails before a byte of the answer came back (the server closed it just as
it was reused) is replaced and the request sent once more on a new one.

An https origin is verified as aiohttp verifies it (the platform's trusted authorities, which
SSL_CERT_FILE can name, and the host name, also sent as SNI); a certificate that fails is an
`UntrustedCertificate` naming the origin, never a connection made anyway.
"""

from __future__ import annotations

import asyncio
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from aiohttp.http import SERVER_SOFTWARE
from multidict import CIMultiDict

from bot.discord_app.tls import UntrustedCertificate

IDLE_FOR = 15.0  # seconds a connection is kept for reuse (aiohttp's keepalive_timeout)
KEPT = 100  # idle connections kept per origin (aiohttp's connection limit)
TIMEOUT = 300.0  # seconds for a whole exchange (aiohttp's default total timeout)
NO_BODY = frozenset({204, 304})


@dataclass(frozen=True, slots=True)
class Answer:
    """A response: what discord.py's errors and rate-limit checks read of aiohttp's."""

    status: int
    reason: str
    headers: CIMultiDict[str]
    body: bytes


class Origin:
    """One scheme://host[:port], its idle connections, and POSTs to it."""

    def __init__(self, url: str, *, idle_for: float = IDLE_FOR, kept: int = KEPT,
                 timeout: float = TIMEOUT, tls: ssl.SSLContext | None = None,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        """`url`: the origin, scheme://host[:port] (a path after it is ignored); `tls`: the
        context an https origin is verified with (default: the platform's trust, as aiohttp's)."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"not an http(s) origin: {url}")
        self.host = parts.hostname
        self.port = parts.port or (443 if parts.scheme == "https" else 80)
        self.ssl: ssl.SSLContext | None = (tls or ssl.create_default_context()) \
            if parts.scheme == "https" else None
        self.head = (f"Host: {parts.netloc}\r\nAccept: */*\r\nUser-Agent: {SERVER_SOFTWARE}"
                     "\r\nContent-Type: application/json\r\n")
        self.idle_for, self.kept, self.timeout, self.monotonic = idle_for, kept, timeout, monotonic
        self._idle: list[tuple[float, _Connection]] = []
        self._loop: asyncio.AbstractEventLoop | None = None
        self.opened = 0  # connections opened (tests read it)

    async def post(self, target: str, body: bytes) -> Answer:
        """POST `body` (JSON) to `target` (the path and query) and read the answer."""
        request = (f"POST {target} HTTP/1.1\r\n{self.head}Content-Length: {len(body)}\r\n\r\n"
                   ).encode("latin-1") + body
        connection = self._idle_connection() or await self._open()
        # one timer for the exchange (an asyncio.timeout cost a tenth of the whole POST)
        timer = asyncio.get_running_loop().call_later(self.timeout, connection.expire)
        try:
            while True:
                try:
                    answer, keep = await connection.exchange(request)
                    break
                except ConnectionError:
                    connection.close()
                    if not connection.reused or connection.buffer:
                        raise
                except BaseException:
                    connection.close()
                    raise
                # the server closed it just as it was reused: once more, on a new one
                connection = await self._open()
                timer.cancel()
                timer = asyncio.get_running_loop().call_later(self.timeout, connection.expire)
        finally:
            timer.cancel()
        if keep and len(self._idle) < self.kept:
            connection.reused = True
            self._idle.append((self.monotonic(), connection))
        else:
            connection.close()
        return answer

    def _idle_connection(self) -> _Connection | None:
        """The most recently used idle connection still open, if any."""
        loop = asyncio.get_running_loop()
        if loop is not self._loop:  # another loop's connections cannot be used (or closed) here
            self._idle.clear()
            self._loop = loop
        now = self.monotonic()
        while self._idle:
            since, connection = self._idle.pop()
            if now - since < self.idle_for and not connection.lost:
                return connection
            connection.close()
        return None

    async def _open(self) -> _Connection:
        self.opened += 1
        try:
            async with asyncio.timeout(self.timeout):
                _transport, connection = await asyncio.get_running_loop().create_connection(
                    _Connection, self.host, self.port, ssl=self.ssl,
                    server_hostname=self.host if self.ssl else None)
        except ssl.SSLCertVerificationError as exc:
            raise UntrustedCertificate(self.host, self.port, exc) from exc
        return connection

    def close(self) -> None:
        """Close the idle connections."""
        idle, self._idle = self._idle, []
        if self._loop is not None and not self._loop.is_closed():
            for _since, connection in idle:
                connection.close()


class _Connection(asyncio.Protocol):
    """One connection: what came in is kept in `buffer` until an exchange reads it."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.buffer = bytearray()
        self.lost = False
        self.reused = False
        self.expired = False
        self._waiter: asyncio.Future[None] | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        self._wake()

    def eof_received(self) -> bool:
        self.lost = True
        self._wake()
        return False  # the transport closes itself

    def connection_lost(self, exc: Exception | None) -> None:
        self.lost = True
        self._wake()

    def _wake(self) -> None:
        waiter = self._waiter
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    async def _more(self) -> None:
        """Wait for more bytes; ConnectionError once the server has closed."""
        if self.expired:
            raise TimeoutError("no answer in time")
        if self.lost:
            raise ConnectionResetError("the server closed the connection")
        self._waiter = asyncio.get_running_loop().create_future()
        try:
            await self._waiter
        finally:
            self._waiter = None

    async def _find(self, marker: bytes, start: int) -> int:
        while (at := self.buffer.find(marker, start)) < 0:
            await self._more()
        return at

    async def _upto(self, end: int) -> None:
        while len(self.buffer) < end:
            await self._more()

    async def exchange(self, request: bytes) -> tuple[Answer, bool]:
        """Send one request; (its answer, whether the connection may be used again)."""
        assert self.transport is not None
        self.buffer.clear()
        self.transport.write(request)
        end = await self._find(b"\r\n\r\n", 0)
        head = self.buffer[:end].decode("latin-1").split("\r\n")
        version, _, rest = head[0].partition(" ")
        code, _, reason = rest.partition(" ")
        status = int(code)
        headers: CIMultiDict[str] = CIMultiDict()
        for line in head[1:]:
            name, _, value = line.partition(":")
            headers.add(name.strip(), value.strip())
        keep = version == "HTTP/1.1" and headers.get("Connection", "").lower() != "close"
        start = end + 4
        if status in NO_BODY or 100 <= status < 200:
            body = b""
        elif "chunked" in headers.get("Transfer-Encoding", "").lower():
            body = await self._chunks(start)
        elif "Content-Length" in headers:
            await self._upto(start + int(headers["Content-Length"]))
            body = bytes(self.buffer[start:start + int(headers["Content-Length"])])
        else:  # the body runs to the end of the connection
            while not self.lost:
                await self._more()
            body, keep = bytes(self.buffer[start:]), False
        self.buffer.clear()
        return Answer(status, reason, headers, body), keep

    async def _chunks(self, at: int) -> bytes:
        """A chunked body from `at`, joined (its trailers read and dropped)."""
        parts = []
        while True:
            line_end = await self._find(b"\r\n", at)
            size = int(bytes(self.buffer[at:line_end]).split(b";")[0].strip(), 16)
            at = line_end + 2
            if not size:
                break
            await self._upto(at + size + 2)
            parts.append(bytes(self.buffer[at:at + size]))
            at += size + 2
        while (line_end := await self._find(b"\r\n", at)) != at:  # trailers, then a blank
            at = line_end + 2
        return b"".join(parts)

    def expire(self) -> None:
        """The exchange took too long: drop the connection (the exchange raises TimeoutError)."""
        self.expired = True
        if self.transport is not None:
            self.transport.abort()

    def close(self) -> None:
        if self.transport is not None and not self.transport.is_closing():
            self.transport.close()

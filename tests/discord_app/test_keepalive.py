"""The interaction callback's own HTTP/1.1 POST (bot/discord_app/keepalive.py) against a local
server that answers as scripted (over plain HTTP, or HTTPS with a certificate from an authority
made for the test), and the adapter's errors against discord.py's own path (the e2e tests send
every card through it to the Discord stand-in, tests/e2e/test_bot_https.py over HTTPS)."""

from __future__ import annotations

import asyncio
import contextlib
import ssl
from collections.abc import AsyncIterator, Callable

import aiohttp
import discord
import pytest
import trustme
from discord.http import Route
from discord.webhook.async_ import AsyncWebhookAdapter

from bot.discord_app.callbacks import UnechoedAdapter
from bot.discord_app.keepalive import Origin
from bot.discord_app.tls import UntrustedCertificate

NO_CONTENT = b"HTTP/1.1 204 No Content\r\nX-RateLimit-Remaining: 4\r\n\r\n"


class Scripted:
    """A server that reads whole requests and answers each with `answer(request)` (bytes,
    or None to close the connection instead)."""

    def __init__(self, answer: Callable[[bytes], bytes | None]) -> None:
        self.answer = answer
        self.requests: list[bytes] = []
        self.connections = 0
        self.writers: list[asyncio.StreamWriter] = []

    async def serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        self.writers.append(writer)
        with contextlib.suppress(asyncio.IncompleteReadError, ConnectionError):
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = next(int(line.split(b":")[1]) for line in head.split(b"\r\n")
                              if line.lower().startswith(b"content-length:"))
                request = head + await reader.readexactly(length)
                self.requests.append(request)
                answer = self.answer(request)
                if answer is None:
                    break
                writer.write(answer)
                await writer.drain()
        writer.close()


@contextlib.asynccontextmanager
async def scripted(answer: Callable[[bytes], bytes | None], *,
                   tls: trustme.LeafCert | None = None) -> AsyncIterator[tuple[Scripted, str]]:
    """The server and its origin: https://localhost:PORT showing `tls`, else plain HTTP."""
    server = Scripted(answer)
    context = None
    if tls is not None:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        tls.configure_cert(context)
    listening = await asyncio.start_server(server.serve, "127.0.0.1", 0, ssl=context)
    port = listening.sockets[0].getsockname()[1]
    try:
        yield server, f"https://localhost:{port}" if tls else f"http://127.0.0.1:{port}"
    finally:
        for writer in server.writers:
            writer.close()
        listening.close()
        await listening.wait_closed()


async def test_a_post_sends_its_json_and_reuses_the_connection():
    async with scripted(lambda _request: NO_CONTENT) as (server, url):
        origin = Origin(url)
        first = await origin.post("/api/v10/interactions/1/tok/callback", b'{"type":4}')
        second = await origin.post("/api/v10/interactions/2/tok/callback", b'{"type":5}')
        origin.close()
    assert (first.status, first.reason, first.body) == (204, "No Content", b"")
    assert first.headers["x-ratelimit-remaining"] == "4"
    assert second.status == 204
    assert server.connections == 1 and origin.opened == 1
    head, _, body = server.requests[0].partition(b"\r\n\r\n")
    lines = head.decode().split("\r\n")
    assert lines[0] == "POST /api/v10/interactions/1/tok/callback HTTP/1.1"
    assert {"Content-Type: application/json", "Content-Length: 10", "Accept: */*",
            f"Host: {url.removeprefix('http://')}"} <= set(lines)
    assert body == b'{"type":4}'


@pytest.mark.parametrize("framing", ["length", "chunked"])
async def test_an_error_s_body_is_read_whole_and_the_connection_kept(framing):
    error = b'{"message": "Unknown interaction", "code": 10062}'
    if framing == "length":
        answer = (b"HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\n"
                  b"Content-Length: %d\r\n\r\n%s" % (len(error), error))
    else:
        answer = (b"HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\n"
                  b"Transfer-Encoding: chunked\r\n\r\n%x;x=1\r\n%s\r\n%x\r\n%s\r\n0\r\n"
                  b"Trailer: 1\r\n\r\n" % (10, error[:10], len(error) - 10, error[10:]))
    async with scripted(lambda _request: answer) as (server, url):
        origin = Origin(url)
        got = await origin.post("/x", b"{}")
        again = await origin.post("/x", b"{}")
        origin.close()
    assert (got.status, got.reason, got.body) == (404, "Not Found", error)
    assert again.body == error and server.connections == 1


async def test_a_connection_the_server_closed_is_not_reused():
    answers = iter([NO_CONTENT, None, NO_CONTENT])  # the second request finds it closed
    async with scripted(lambda _request: next(answers)) as (server, url):
        origin = Origin(url)
        await origin.post("/a", b"{}")
        second = await origin.post("/b", b"{}")  # sent again on a new connection
        origin.close()
    assert second.status == 204
    assert [r.split(b" ")[1] for r in server.requests] == [b"/a", b"/b", b"/b"]
    assert server.connections == 2


async def test_a_connection_idle_too_long_is_not_reused():
    now = [0.0]
    async with scripted(lambda _request: NO_CONTENT) as (server, url):
        origin = Origin(url, idle_for=15.0, monotonic=lambda: now[0])
        await origin.post("/a", b"{}")
        now[0] = 15.0
        await origin.post("/b", b"{}")
        origin.close()
    assert server.connections == 2


async def test_no_answer_in_time_is_a_timeout():
    async with scripted(lambda _request: b"") as (_server, url):
        origin = Origin(url, timeout=0.05)
        with pytest.raises(TimeoutError):
            await origin.post("/a", b"{}")
        origin.close()


def trusting(authority: trustme.CA) -> ssl.SSLContext:
    """A client's default context that also trusts `authority`."""
    context = ssl.create_default_context()
    authority.configure_trust(context)
    return context


async def test_over_tls_a_verified_connection_is_reused_and_replaced_once_closed():
    authority = trustme.CA()
    answers = iter([NO_CONTENT, NO_CONTENT, None, NO_CONTENT])  # the third finds it closed
    async with scripted(lambda _request: next(answers),
                        tls=authority.issue_cert("localhost")) as (server, url):
        origin = Origin(url, tls=trusting(authority))
        got = [(await origin.post(path, b"{}")).status for path in ("/a", "/b", "/c")]
        origin.close()
    assert got == [204, 204, 204]
    assert [r.split(b" ")[1] for r in server.requests] == [b"/a", b"/b", b"/c", b"/c"]
    assert server.connections == origin.opened == 2


@pytest.mark.parametrize(("wrong", "reason"), [
    ("host name", "Hostname mismatch"),
    ("authority", "unable to get local issuer certificate"),
])
async def test_over_tls_an_untrusted_certificate_is_refused_naming_the_origin(wrong, reason):
    authority = trustme.CA()
    shown = authority.issue_cert("discord.example") if wrong == "host name" \
        else trustme.CA().issue_cert("localhost")
    async with scripted(lambda _request: NO_CONTENT, tls=shown) as (server, url):
        origin = Origin(url, tls=trusting(authority))
        with pytest.raises(UntrustedCertificate) as refused:
            await origin.post("/a", b"{}")
        origin.close()
    assert str(refused.value).startswith(
        f"the TLS certificate of {url.removeprefix('https://')} is not trusted: {reason}")
    assert not server.requests


def error_answer(status: int, reason: str, code: int, message: str) -> bytes:
    body = b'{"message": "%s", "code": %d}' % (message.encode(), code)
    return (b"HTTP/1.1 %d %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s"
            % (status, reason.encode(), len(body), body))


@pytest.mark.parametrize(("answer", "raised"), [
    (error_answer(404, "Not Found", 10062, "Unknown interaction"), discord.NotFound),
    (error_answer(403, "Forbidden", 50001, "Missing Access"), discord.Forbidden),
    (error_answer(400, "Bad Request", 40060, "Interaction has already been acknowledged."),
     discord.HTTPException),
])
async def test_the_adapter_raises_what_discord_py_raises(answer, raised, monkeypatch):
    """The same exception, status, code and text as discord.py's own request for the same
    answer."""
    async with scripted(lambda _request: answer) as (_server, url):
        monkeypatch.setattr(Route, "BASE", url + "/api/v10")
        route = Route("POST", "/interactions/{webhook_id}/{webhook_token}/callback",
                      webhook_id=1, webhook_token="tok")
        found = []
        async with aiohttp.ClientSession() as session:
            ours = UnechoedAdapter()
            for adapter, params in ((ours, {"with_response": "1"}),
                                    (AsyncWebhookAdapter(), None)):
                with pytest.raises(raised) as caught:
                    await adapter.request(route, session=session, payload={"type": 4},
                                          params=params, proxy=None, proxy_auth=None)
                found.append((type(caught.value), caught.value.status, caught.value.code,
                              str(caught.value)))
            ours.close()
    assert found[0] == found[1]


async def test_the_adapter_answers_a_card_without_aiohttp(monkeypatch):
    async with scripted(lambda _request: NO_CONTENT) as (server, url):
        monkeypatch.setattr(Route, "BASE", url + "/api/v10")
        route = Route("POST", "/interactions/{webhook_id}/{webhook_token}/callback",
                      webhook_id=7, webhook_token="tok")
        adapter = UnechoedAdapter()
        got = await adapter.request(route, session=None, payload={"type": 4, "data": {"a": "é"}},
                                    params={"with_response": "1"}, proxy=None, proxy_auth=None)
        adapter.close()
    assert got == {"interaction": {"id": "7"}}
    assert server.requests[0].startswith(b"POST /api/v10/interactions/7/tok/callback HTTP/1.1")
    assert server.requests[0].endswith(discord.utils._to_json(
        {"type": 4, "data": {"a": "é"}}).encode())

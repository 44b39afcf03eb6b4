"""Attachments are fetched through one HTTP session: its connection is kept alive and reused,
not made again (with a new session) for every upload."""

from __future__ import annotations

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from cogs.recommendations import Fetcher, Refused


async def test_uploads_reuse_one_connection() -> None:
    peers: list[object] = []

    async def attachment(request: web.Request) -> web.Response:
        assert request.transport is not None
        peers.append(request.transport.get_extra_info("peername"))
        return web.Response(body=b"x" * 1000)

    app = web.Application()
    app.router.add_get("/file", attachment)
    async with TestServer(app) as server:
        fetcher = Fetcher()
        try:
            for _ in range(3):
                assert await fetcher.fetch(str(server.make_url("/file")), 5000) == b"x" * 1000
            with pytest.raises(Refused, match="too big"):  # the limit still holds
                await fetcher.fetch(str(server.make_url("/file")), 999)
        finally:
            await fetcher.close()
    assert len(peers) == 4 and len(set(peers)) == 1  # one connection (one client port)

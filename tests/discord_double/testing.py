"""The one place that points discord.py at the stand-in; only tests import this module.

`pointed_at` applies the two documented overrides (`Route.BASE`, `DEFAULT_GATEWAY`) and restores
them afterwards. `connected` logs a client in, connects it and waits for `on_ready`; the client
runs in a context of its own, as it would in its own process, so what its `setup_hook` sets in a
context variable (the bot's interaction-response adapter) never reaches the caller. pytest-asyncio
copies an async fixture's context variables into every later test of the worker, and undoes that
only when the fixture's teardown succeeds: a bot fixture whose teardown failed used to leave the
bot's adapter in place for the probe client of the next test.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
from collections.abc import AsyncIterator, Iterator
from typing import Protocol

import discord
import discord.gateway
import discord.http
import yarl

from .server import DiscordDouble

# discord.py waits this long after the last GUILD_CREATE before READY; 2 s by default.
GUILD_READY_TIMEOUT = 0.05


class Address(Protocol):
    @property
    def base_url(self) -> str: ...

    @property
    def gateway_url(self) -> str: ...


@contextlib.contextmanager
def pointed_at(double: Address) -> Iterator[None]:
    saved_base = discord.http.Route.BASE
    saved_gateway = discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    discord.http.Route.BASE = double.base_url
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(double.gateway_url)
    try:
        yield
    finally:
        discord.http.Route.BASE = saved_base
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = saved_gateway


@contextlib.asynccontextmanager
async def connected(
    double: DiscordDouble, client: discord.Client, *, within: float = 10.0
) -> AsyncIterator[discord.Client]:
    """Run `client` against the stand-in until the block ends; it is ready on entry."""
    if double.base_url != discord.http.Route.BASE:
        raise RuntimeError("discord.py is not pointed at this stand-in; use the fixture")
    # Without this, every connect would idle 2 s waiting for more guilds than the world has.
    client._connection.guild_ready_timeout = min(
        client._connection.guild_ready_timeout, GUILD_READY_TIMEOUT
    )
    own = contextvars.copy_context()
    await asyncio.create_task(client.login(double.world.token), context=own)
    running = asyncio.create_task(
        client.connect(reconnect=True), name="discord-client", context=own
    )
    ready = asyncio.create_task(client.wait_until_ready())
    try:
        done, _ = await asyncio.wait(
            {running, ready}, timeout=within, return_when=asyncio.FIRST_COMPLETED
        )
        if running in done:
            running.result()
            raise RuntimeError("the client stopped before it became ready")
        if ready not in done:
            raise AssertionError(f"the client was not ready after {within:g}s")
        yield client
    finally:
        ready.cancel()
        await client.close()
        with contextlib.suppress(asyncio.CancelledError, discord.ConnectionClosed):
            await asyncio.wait_for(running, timeout=5.0)

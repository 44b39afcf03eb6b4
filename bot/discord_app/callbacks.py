"""Interaction responses without Discord's echo of the message they create, sent lean.

discord.py (2.5+) asks for every interaction response with `?with_response=1`: Discord then
sends the whole message back (content, embeds, components: a few KB of JSON) and discord.py
decodes it and builds an InteractionCallbackResponse holding a full Message, for every card the
bot sends. The bot never reads it: its buttons and menus are DynamicItems, found by their
custom id on any message, never by a message id. Without the parameter Discord answers
204 No Content to the very same request body.

So what `send_message`, `defer` and `edit_message` return here carries only the interaction's
id (`message_id` and `resource` are None); nothing in the bot uses their return value.

And the response's POST goes over a kept-alive connection of this adapter's (keepalive.py)
instead of aiohttp's client, which cost more than the card itself; the same body, the same
errors (discord.py's exceptions, its retries of a 5xx or a proxied 429, its rate-limit wait).
A response with files, or through a proxy, still goes through discord.py's own request.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from discord import utils
from discord.errors import DiscordServerError, Forbidden, HTTPException, NotFound
from discord.http import Route
from discord.webhook.async_ import AsyncDeferredLock, AsyncWebhookAdapter, async_context

from bot.discord_app.keepalive import Answer, Origin

log = logging.getLogger(__name__)

CALLBACK = "/interactions/{webhook_id}/{webhook_token}/callback"
ECHO = "with_response"
ATTEMPTS = 5  # as discord.py's webhook requests


class UnechoedAdapter(AsyncWebhookAdapter):
    """discord.py's webhook and interaction requests, the response callback without the echo
    and over the adapter's own kept-alive connections."""

    def __init__(self) -> None:
        super().__init__()
        self._origins: dict[str, Origin] = {}

    async def request(self, route: Route, *args: Any, params: dict[str, Any] | None = None,
                      **kwargs: Any) -> Any:
        if route.path != CALLBACK or not params or ECHO not in params:
            return await super().request(route, *args, params=params, **kwargs)
        if len(params) == 1 and not args and _plain(kwargs):
            await self._post(route, kwargs["payload"])
        else:
            rest = {k: v for k, v in params.items() if k != ECHO} or None
            await super().request(route, *args, params=rest, **kwargs)
        # all that discord.py's InteractionCallbackResponse requires of the answer
        return {"interaction": {"id": str(route.webhook_id)}}

    async def _post(self, route: Route, payload: dict[str, Any]) -> None:
        """discord.py's request for a JSON body, over a kept-alive connection."""
        scheme, _, host, path = route.url.split("/", 3)
        origin = self._origins.get(host)
        if origin is None:
            origin = self._origins[host] = Origin(f"{scheme}//{host}")
        body = utils._to_json(payload).encode()
        bucket = (route.webhook_id, route.webhook_token)
        try:
            lock = self._locks[bucket]
        except KeyError:
            self._locks[bucket] = lock = asyncio.Lock()
        answer: Answer | None = None
        data: Any = None
        async with AsyncDeferredLock(lock) as deferred:
            for attempt in range(ATTEMPTS):
                answer = await origin.post("/" + path, body)
                data = _json_or_text(answer)
                # discord.py's errors read .status/.reason as from aiohttp's or requests' response
                response: Any = answer
                if answer.headers.get("X-Ratelimit-Remaining") == "0" and answer.status != 429:
                    deferred.delay_by(utils._parse_ratelimit_header(answer))
                if 300 > answer.status >= 200:
                    return
                if answer.status == 429:
                    if not answer.headers.get("Via"):
                        raise HTTPException(response, data)
                    log.warning("Webhook ID %s is rate limited. Retrying in %.2f seconds.",
                                route.webhook_id, data["retry_after"])
                    await asyncio.sleep(data["retry_after"])
                    continue
                if answer.status >= 500:
                    await asyncio.sleep(1 + attempt * 2)
                    continue
                if answer.status == 403:
                    raise Forbidden(response, data)
                if answer.status == 404:
                    raise NotFound(response, data)
                raise HTTPException(response, data)
        assert answer is not None
        if answer.status >= 500:
            raise DiscordServerError(response, data)
        raise HTTPException(response, data)

    def close(self) -> None:
        """Close the kept-alive connections."""
        for origin in self._origins.values():
            origin.close()


def _plain(kwargs: dict[str, Any]) -> bool:
    """A JSON body and nothing else (no files, proxy or audit-log reason) to send."""
    get = kwargs.get
    return get("payload") is not None and not (
        get("multipart") or get("files") or get("proxy") or get("proxy_auth") or get("reason")
        or get("auth_token"))


def _json_or_text(answer: Answer) -> Any:
    """The body as discord.py reads it: JSON when it says so, else text."""
    text = answer.body.decode("utf-8")
    if answer.headers.get("Content-Type") == "application/json":
        return utils._from_json(text)
    return text


def answer_without_echo() -> UnechoedAdapter:
    """Use the adapter in the current context, and so in every task created from it on (a task
    copies its creator's context): call it before the bot connects. Returns it (to close)."""
    adapter = async_context.get()
    if not isinstance(adapter, UnechoedAdapter):
        adapter = UnechoedAdapter()
        async_context.set(adapter)
    return adapter

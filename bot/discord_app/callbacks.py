"""Interaction responses without Discord's echo of the message they create.

discord.py (2.5+) asks for every interaction response with `?with_response=1`: Discord then
sends the whole message back (content, embeds, components: a few KB of JSON) and discord.py
decodes it and builds an InteractionCallbackResponse holding a full Message, for every card the
bot sends. The bot never reads it: its buttons and menus are DynamicItems, found by their
custom id on any message, never by a message id. Without the parameter Discord answers
204 No Content to the very same request body.

So what `send_message`, `defer` and `edit_message` return here carries only the interaction's
id (`message_id` and `resource` are None); nothing in the bot uses their return value.
"""

from __future__ import annotations

from typing import Any

from discord.http import Route
from discord.webhook.async_ import AsyncWebhookAdapter, async_context

CALLBACK = "/interactions/{webhook_id}/{webhook_token}/callback"
ECHO = "with_response"


class UnechoedAdapter(AsyncWebhookAdapter):
    """discord.py's webhook and interaction requests, the response callback without the echo."""

    async def request(self, route: Route, *args: Any, params: dict[str, Any] | None = None,
                      **kwargs: Any) -> Any:
        if route.path != CALLBACK or not params or ECHO not in params:
            return await super().request(route, *args, params=params, **kwargs)
        rest = {k: v for k, v in params.items() if k != ECHO} or None
        await super().request(route, *args, params=rest, **kwargs)
        # all that discord.py's InteractionCallbackResponse requires of the answer
        return {"interaction": {"id": str(route.webhook_id)}}


def answer_without_echo() -> None:
    """Use the adapter in the current context, and so in every task created from it on (a task
    copies its creator's context): call it before the bot connects."""
    if not isinstance(async_context.get(), UnechoedAdapter):
        async_context.set(UnechoedAdapter())

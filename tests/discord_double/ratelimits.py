"""429 responses on demand (`rate_limit(route, n)`) and an optional global requests/second cap.

Bodies and headers follow Discord's: `retry_after` in the JSON body, `X-RateLimit-*` headers
for a route bucket, `X-RateLimit-Global`/`X-RateLimit-Scope` for the global limit. The `Via`
header that discord.py requires before trusting a 429 is added to every response by the server.
"""

from __future__ import annotations

import hashlib
import math
from collections import deque
from dataclasses import dataclass
from typing import Any

from .clock import Clock

API_PREFIX = "/api/v10"


@dataclass
class ForcedLimit:
    method: str | None
    route: str
    remaining: int
    retry_after: float
    scope: str
    hits: int = 0

    def matches(self, method: str, path: str, template: str) -> bool:
        if self.method is not None and self.method != method:
            return False
        return self.route in (template, path)


@dataclass
class Limited:
    """A 429 to send instead of handling the request."""

    body: dict[str, Any]
    headers: dict[str, str]


def parse_route(route: str) -> tuple[str | None, str]:
    """'POST /channels/{channel_id}/messages' -> ('POST', '/channels/{channel_id}/messages')."""
    text = route.strip()
    method: str | None = None
    if " " in text:
        first, text = text.split(None, 1)
        method = first.upper()
    text = text.strip()
    if text.startswith(API_PREFIX):
        text = text[len(API_PREFIX) :]
    if not text.startswith("/"):
        raise ValueError(
            f"route must look like 'POST /channels/{{channel_id}}/messages': {route!r}"
        )
    return method, text


class RateLimits:
    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self.forced: list[ForcedLimit] = []
        self.global_per_second: int | None = None
        self._window: deque[float] = deque()

    def force(self, route: str, count: int, *, retry_after: float, scope: str) -> ForcedLimit:
        if count < 1:
            raise ValueError("rate_limit needs at least one 429 to send")
        if retry_after < 0:
            raise ValueError("retry_after cannot be negative")
        method, template = parse_route(route)
        limit = ForcedLimit(method, template, count, retry_after, scope)
        self.forced.append(limit)
        return limit

    def check(
        self, method: str, path: str, template: str, *, global_exempt: bool
    ) -> Limited | None:
        for limit in self.forced:
            if limit.remaining > 0 and limit.matches(method, path, template):
                limit.remaining -= 1
                limit.hits += 1
                return self._route_limited(template, limit)
        if self.global_per_second is None or global_exempt:
            return None
        now = self.clock.monotonic()
        while self._window and now - self._window[0] >= 1.0:
            self._window.popleft()
        if len(self._window) >= self.global_per_second:
            retry_after = max(0.001, 1.0 - (now - self._window[0]))
            return Limited(
                {
                    "message": "You are being rate limited.",
                    "retry_after": round(retry_after, 3),
                    "global": True,
                },
                {
                    "Retry-After": str(math.ceil(retry_after)),
                    "X-RateLimit-Global": "true",
                    "X-RateLimit-Scope": "global",
                },
            )
        self._window.append(now)
        return None

    def _route_limited(self, template: str, limit: ForcedLimit) -> Limited:
        bucket = hashlib.sha1(template.encode(), usedforsecurity=False).hexdigest()[:16]
        reset = self.clock.now().timestamp() + limit.retry_after
        headers = {
            "Retry-After": str(math.ceil(limit.retry_after)),
            "X-RateLimit-Limit": "5",
            "X-RateLimit-Remaining": "0",
            "X-RateLimit-Reset": f"{reset:.3f}",
            "X-RateLimit-Reset-After": f"{limit.retry_after:.3f}",
            "X-RateLimit-Bucket": bucket,
            "X-RateLimit-Scope": limit.scope,
        }
        body = {
            "message": "You are being rate limited.",
            "retry_after": limit.retry_after,
            "global": False,
        }
        return Limited(body, headers)

"""Guards in front of every request: body size and a per-client rate limit (pure ASGI)."""

from __future__ import annotations

import json
import threading
import time
from typing import Any, Awaitable, Callable

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]


async def send_error(send: Send, status: int, message: str,
                     headers: list[tuple[bytes, bytes]] | None = None) -> None:
    body = json.dumps({"error": {"status": status, "message": message}}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode())] + (headers or [])})
    await send({"type": "http.response.body", "body": body})


class BodyLimit:
    """Refuse request bodies over ``max_bytes`` (413), whether announced or streamed."""

    def __init__(self, app: Callable, max_bytes: int):
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        message = (f"the request body is over the server's limit of {self.max_bytes} bytes; "
                   "send fewer or shorter stories per request")
        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_bytes):
            return await send_error(send, 413, message)
        seen = 0
        started = False

        async def counted() -> dict[str, Any]:
            nonlocal seen
            event = await receive()
            seen += len(event.get("body", b""))
            if seen > self.max_bytes:
                raise BodyTooLarge(message)
            return event

        async def watched(event: dict[str, Any]) -> None:
            nonlocal started
            started = started or event["type"] == "http.response.start"
            await send(event)

        try:
            await self.app(scope, counted, watched)
        except BodyTooLarge:
            if not started:  # the app's own handler usually answered already
                await send_error(send, 413, message)


class BodyTooLarge(Exception):
    """A streamed body passed the limit (the app answers 413)."""


class RateLimit:
    """A token bucket per client address: ``per_minute`` requests, bursts of a fifth of it."""

    def __init__(self, app: Callable, per_minute: int):
        self.app = app
        self.rate = per_minute / 60.0
        self.burst = max(10.0, per_minute / 5)
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def allow(self, client: str) -> float:
        """0 if the request may go now, else the seconds to wait."""
        now = time.monotonic()
        with self._lock:
            tokens, last = self._buckets.get(client, (self.burst, now))
            tokens = min(self.burst, tokens + (now - last) * self.rate)
            if tokens >= 1:
                self._buckets[client] = (tokens - 1, now)
                return 0.0
            self._buckets[client] = (tokens, now)
            return (1 - tokens) / self.rate

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.rate <= 0:
            return await self.app(scope, receive, send)
        client = (scope.get("client") or ("?", 0))[0]
        wait = self.allow(client)
        if wait:
            retry = str(max(1, round(wait)))
            return await send_error(
                send, 429, f"too many requests from {client}; slow down and retry in {retry} s",
                [(b"retry-after", retry.encode())])
        await self.app(scope, receive, send)


LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]", "::1")


class LoopbackHosts:
    """On a loopback-bound server, answer only requests addressed to a loopback name: a web
    page elsewhere cannot then read the store through DNS rebinding."""

    def __init__(self, app: Callable):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        host = dict(scope.get("headers") or []).get(b"host", b"").decode("latin-1")
        name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        if name not in LOOPBACK_NAMES:
            return await send_error(send, 421, f"this server answers requests for "
                                               f"127.0.0.1 or localhost, not {host!r}")
        await self.app(scope, receive, send)

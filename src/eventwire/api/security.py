"""What the server lets in: bearer tokens compared in constant time, a cap on request bodies, a rate limit per
client, and security headers on every response. CORS stays closed unless origins are configured (see
:func:`create_app`)."""

from __future__ import annotations

import hmac
import threading
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from fastapi import HTTPException, Request, status

from eventwire.api.settings import Settings

NAME = "api.security.v1"

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def same_token(given: str | None, expected: str | None) -> bool:
    """Whether ``given`` equals ``expected``, in time that does not depend on where they differ."""
    if not given or not expected:
        return False
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def _unauthorized(detail: str) -> HTTPException:
    return HTTPException(status.HTTP_401_UNAUTHORIZED, detail, headers={"WWW-Authenticate": "Bearer"})


def require_write(request: Request) -> None:
    """Writes need the configured token; with no token configured, every write is refused."""
    settings: Settings = request.app.state.settings
    if not settings.token:
        raise HTTPException(status.HTTP_403_FORBIDDEN,
                            "writes are disabled: start the server with EVENTWIRE_TOKEN or --token")
    if not same_token(bearer(request), settings.token):
        raise _unauthorized("a valid bearer token is needed to write")


def require_read(request: Request) -> None:
    """Reads are open unless a read token is configured; then the read or the write token opens them."""
    settings: Settings = request.app.state.settings
    if not settings.read_token:
        return
    given = bearer(request)
    if not (same_token(given, settings.read_token) or same_token(given, settings.token)):
        raise _unauthorized("a valid bearer token is needed to read")


def content_security_policy(tile_url: str | None) -> str:
    images = "'self' data:"
    if tile_url and "://" in tile_url:
        scheme, rest = tile_url.split("://", 1)
        host = rest.split("/", 1)[0].replace("{s}", "*")
        images += f" {scheme}://{host}"
    return ("default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; "
            f"img-src {images}; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
            "form-action 'self'")


class RateLimit:
    """ASGI middleware: a token bucket per client address over ``/api`` (``rate`` requests per second,
    ``burst`` at once; a write costs ``write_cost``). Past it: 429 with ``Retry-After``."""

    MAX_CLIENTS = 10_000

    def __init__(self, app: ASGIApp, rate: float, burst: int, write_cost: int = 1) -> None:
        self.app = app
        self.rate = rate
        self.burst = float(max(burst, 1))
        self.write_cost = min(write_cost, max(burst, 1))  # a write must fit in a full bucket
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def take(self, client: str, cost: float, now: float | None = None) -> float:
        """Spend ``cost`` from ``client``'s bucket; 0 when allowed, else the seconds to wait."""
        now = time.monotonic() if now is None else now
        with self._lock:
            tokens, last = self._buckets.get(client, (self.burst, now))
            tokens = min(self.burst, tokens + (now - last) * self.rate)
            if tokens < cost:
                self._buckets[client] = (tokens, now)
                return (cost - tokens) / self.rate
            if len(self._buckets) >= self.MAX_CLIENTS and client not in self._buckets:
                full = [k for k, (t, seen) in self._buckets.items() if t + (now - seen) * self.rate >= self.burst]
                for key in full or list(self._buckets)[: self.MAX_CLIENTS // 10]:
                    del self._buckets[key]
            self._buckets[client] = (tokens - cost, now)
            return 0.0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.rate <= 0 or not str(scope.get("path", "")).startswith("/api"):
            await self.app(scope, receive, send)
            return
        client = (scope.get("client") or ("unknown", 0))[0]
        cost = self.write_cost if scope.get("method") in ("POST", "PUT", "PATCH", "DELETE") else 1
        wait = self.take(str(client), cost)
        if wait <= 0:
            await self.app(scope, receive, send)
            return
        body = b'{"detail":"too many requests: slow down"}'
        await send({"type": "http.response.start", "status": 429,
                    "headers": [(b"content-type", b"application/json"),
                                (b"content-length", str(len(body)).encode()),
                                (b"retry-after", str(max(1, round(wait + 0.5))).encode())]})
        await send({"type": "http.response.body", "body": body})


class Guard:
    """ASGI middleware: refuses bodies over ``max_body_bytes`` (413) and adds security headers."""

    def __init__(self, app: ASGIApp, max_body_bytes: int, csp: str) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.headers = [
            (b"content-security-policy", csp.encode()),
            (b"x-content-type-options", b"nosniff"),
            (b"x-frame-options", b"DENY"),
            (b"referrer-policy", b"no-referrer"),
            (b"cross-origin-opener-policy", b"same-origin"),
            (b"permissions-policy", b"geolocation=(), camera=(), microphone=()"),
        ]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in self.headers if k not in names]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_body_bytes):
            await self._too_large(send_with_headers)
            return
        if scope.get("method") in ("POST", "PUT", "PATCH"):
            body, ok = await self._read(receive)
            if not ok:
                await self._too_large(send_with_headers)
                return
            replayed = False

            async def replay() -> Message:
                nonlocal replayed
                if replayed:
                    return await receive()
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}

            await self.app(scope, replay, send_with_headers)
            return
        await self.app(scope, receive, send_with_headers)

    async def _read(self, receive: Receive) -> tuple[bytes, bool]:
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return b"", True
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body_bytes:
                return b"", False
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks), True

    async def _too_large(self, send: Send) -> None:
        body = b'{"detail":"request body too large"}'
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"),
                                (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})

"""What every response and request passes through: security headers, a body cap, token checks.

* ``SecurityHeaders`` sets a Content-Security-Policy that allows only this origin's own files:
  no inline script, no outside origin, no plugins, no framing. Article text shown by the page
  therefore cannot run even if some code path forgot to escape it.
* ``BodyLimit`` refuses a request body over ``max_body_bytes`` with 413 (E063), by its
  Content-Length or, for chunked uploads, as soon as the bytes read pass the limit.
* ``RequestErrors`` gives every request an id (``X-Request-ID``: the client's, when it is a short
  plain token, else a new one) and turns any exception nothing else handled into a JSON 500
  (E069) naming that id, logged with its traceback under the same id: never a bare error page.
* ``require_token`` compares Bearer tokens with ``hmac.compare_digest`` (constant time) and never
  echoes what was sent.

The middlewares are plain ASGI, so they sit under every route, static files included.
"""

from __future__ import annotations

import hmac
import json
import logging
import re
import uuid

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sitrep.errors import Errors

__all__ = [
    "CSP",
    "BodyLimit",
    "RequestErrors",
    "SecurityHeaders",
    "TokenError",
    "bearer_token",
    "require_token",
]

logger = logging.getLogger(__name__)

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "connect-src 'self'; font-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'; object-src 'none'"
)
"""Only this origin's files run or load; ``data:`` images for Leaflet's inline icons, ``blob:`` for downloads."""

_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
)


class SecurityHeaders:
    """Add the CSP and its companions to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in _HEADERS if k not in names]
                message["headers"] = list(message.get("headers", [])) + extra
            await send(message)

        await self.app(scope, receive, send_with_headers)


async def _answer(send: Send, status: int, code: str, detail: str) -> None:
    """Send a whole JSON error answer ``{"error": code, "detail": detail}``."""
    body = json.dumps({"error": code, "detail": detail}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


async def _refuse(send: Send, limit: int) -> None:
    await _answer(send, 413, "E063", Errors.E063.format(limit=limit))


_CLIENT_ID = re.compile(rb"[A-Za-z0-9._-]{1,64}")


class RequestErrors:
    """An id for every request (``X-Request-ID`` on the answer, ``scope["state"]["request_id"]``),
    and a JSON 500 (E069) naming it for any exception that reaches here, logged under that id."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        sent = dict(scope.get("headers", [])).get(b"x-request-id", b"")
        request_id = sent.decode() if _CLIENT_ID.fullmatch(sent) else uuid.uuid4().hex[:16]
        scope.setdefault("state", {})["request_id"] = request_id
        started = False

        async def send_with_id(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message["headers"] = [*message.get("headers", []), (b"x-request-id", request_id.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception:
            logger.exception("request %s: %s %s failed", request_id, scope.get("method"), scope.get("path"))
            if not started:  # else the answer is cut off where it failed; nothing more can be said
                await _answer(send_with_id, 500, "E069", Errors.E069.format(request_id=request_id))


class BodyLimit:
    """Refuse request bodies larger than ``limit`` bytes with 413 (E063)."""

    def __init__(self, app: ASGIApp, *, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = self.limit + 1
                if declared > self.limit:
                    await _refuse(send, self.limit)
                    return
        declared_length = any(name == b"content-length" for name, _ in scope.get("headers", []))
        if declared_length or scope.get("method") in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)  # the server holds the client to its declared length
            return
        # no declared length (chunked): read up to the limit, then hand the body on in one piece
        chunks: list[bytes] = []
        seen = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                await self.app(scope, _replay([message], receive), send)
                return
            body = message.get("body", b"")
            seen += len(body)
            if seen > self.limit:
                await _refuse(send, self.limit)
                return
            chunks.append(body)
            if not message.get("more_body", False):
                break
        whole: Message = {"type": "http.request", "body": b"".join(chunks), "more_body": False}
        await self.app(scope, _replay([whole], receive), send)


def _replay(messages: list[Message], receive: Receive) -> Receive:
    pending = list(messages)

    async def replayed() -> Message:
        return pending.pop(0) if pending else await receive()

    return replayed


class TokenError(Exception):
    """A request lacked the token an endpoint needs; ``status`` is 401 or 403, ``code`` E061/E062."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code


def bearer_token(request: Request) -> str:
    """The token of an ``Authorization: Bearer ...`` header, or ""."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def require_token(request: Request, expected: str, *, setting: str) -> None:
    """Raise ``TokenError`` unless the request carries ``expected`` (compared in constant time)."""
    sent = bearer_token(request)
    if not hmac.compare_digest(sent.encode(), expected.encode()):
        raise TokenError(401, "E061", Errors.E061.format(setting=setting))

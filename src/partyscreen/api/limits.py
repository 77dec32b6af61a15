"""Request limits: body size, enforced on the bytes received (a Content-Length can lie, or be absent);
no control characters in the path or query."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from urllib.parse import unquote_plus

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class BodyTooLarge(Exception):
    pass


class BodyLimit:
    """Refuse bodies over ``max_body`` bytes (``max_upload`` on upload paths) with 413 before they are read in full."""

    def __init__(self, app: ASGIApp, max_body: int, max_upload: int, is_upload: Callable[[str], bool]) -> None:
        self.app = app
        self.max_body = max_body
        self.max_upload = max_upload
        self.is_upload = is_upload

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if _has_control(scope.get("path", "")) or _has_control(unquote_plus(scope.get("query_string", b"").decode("latin-1"))):
            # A NUL or other control character in a path or parameter is never meaningful (and PostgreSQL refuses NUL).
            await _reply(send, 400, "control characters are not allowed in the path or the query")
            return
        limit = self.max_upload if self.is_upload(scope["path"]) else self.max_body
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None:
            try:
                too_big = int(declared) > limit
            except ValueError:
                await _reply(send, 400, "the Content-Length header is not a number")
                return
            if too_big:
                await _reply(send, 413, f"the request body is larger than {limit:,} bytes")
                return
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except BodyTooLarge:
            if not started:
                await _reply(send, 413, f"the request body is larger than {limit:,} bytes")


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _has_control(text: str) -> bool:
    return _CONTROL.search(text) is not None


async def _reply(send: Send, status: int, detail: str) -> None:
    body = json.dumps({"detail": detail}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()), (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})

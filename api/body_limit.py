"""A limit on request bodies in the API itself (`API_MAX_BODY_BYTES`), whatever stands in front of
it: a body announced or sent larger than the limit is refused with a 413 problem
(`body-too-large`) before any route reads or parses it, so nothing is changed.

A path may be allowed another limit (`wider`: the artwork upload takes files up to the artwork
limit, larger than the JSON bodies the rest of the API reads).

A pure ASGI middleware: a `Content-Length` over the limit is refused at once; a body without one
(chunked) is counted as it arrives and refused as soon as it passes the limit.
"""

from __future__ import annotations

from collections.abc import Mapping

from fastapi import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.problems import problem


class BodyLimit:
    def __init__(self, app: ASGIApp, *, max_bytes: int, wider: Mapping[str, int] | None = None) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.wider = dict(wider or {})

    def _detail(self, limit: int) -> str:
        return f"A request body may have at most {limit} bytes."

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.wider.get(str(scope.get("path") or ""), self.max_bytes)
        announced = dict(scope.get("headers") or []).get(b"content-length")
        if announced is not None and (not announced.isdigit() or int(announced) > limit):
            response = problem(413, "body-too-large", "Request body too large", self._detail(limit), limit=limit)
            await response(scope, receive, send)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:  # answered by the app's problem handler (a 413 problem)
                    raise HTTPException(413, self._detail(limit))
            return message

        await self.app(scope, counted, send)

"""Per-request plumbing: a request id on every log line and response, one JSON access-log line,
and a per-client rate limit.

The rate limit is a fixed one-minute window per client address, kept in each process: behind a
proxy with N API replicas a client gets at most N times the limit, which bounds abuse without
shared state on every request (docs/deploy.md).
"""

from __future__ import annotations

import re
import secrets
import threading
import time
from collections.abc import Awaitable, Callable

from fastapi import Request, Response
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.types import ASGIApp

from api.problems import problem
from store.logs import configure, request_id

_VALID_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
EXEMPT = ("/healthz", "/readyz")


class RequestContext(BaseHTTPMiddleware):
    """Takes a sane `X-Request-ID` from the proxy or makes one; logs the request when done."""

    async def dispatch(self, request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        given = request.headers.get("x-request-id", "")
        rid = given if _VALID_ID.match(given) else secrets.token_hex(8)
        token = request_id.set(rid)
        started = time.perf_counter()
        try:
            response = await call_next(request)
            response.headers["X-Request-ID"] = rid
            if not request.url.path.startswith(EXEMPT):
                configure().info(
                    "request",
                    extra={
                        "method": request.method,
                        "path": request.url.path,
                        "status": response.status_code,
                        "ms": round((time.perf_counter() - started) * 1000, 1),
                    },
                )
            return response
        finally:
            request_id.reset(token)


class RateLimit(BaseHTTPMiddleware):
    def __init__(self, app: ASGIApp, *, per_minute: int) -> None:
        super().__init__(app)
        self.per_minute = per_minute
        self._lock = threading.Lock()
        self._window = 0
        self._counts: dict[str, int] = {}

    def client_key(self, request: Request) -> str:
        return request.client.host if request.client else "unknown"

    async def dispatch(self, request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        if request.url.path.startswith(EXEMPT):
            return await call_next(request)
        now = time.time()
        window = int(now // 60)
        key = self.client_key(request)
        with self._lock:
            if window != self._window:
                self._window, self._counts = window, {}
            count = self._counts[key] = self._counts.get(key, 0) + 1
        if count > self.per_minute:
            response = problem(429, "rate-limited", "Too many requests", f"At most {self.per_minute} a minute.")
            response.headers["Retry-After"] = str(60 - int(now) % 60)
            return response
        return await call_next(request)

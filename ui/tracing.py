"""Request ids on the routes the shop adds to Streamlit's server (`ui.cookie`, `ui.probes`).

Each request runs under the proxy's `X-Request-ID` when it is sane (nginx sends `$request_id`),
a new id otherwise; the id goes back in the response and is carried by every log line written
meanwhile (`store.logs.request_id`), so one request can be followed across the proxy's log and
the replicas'. One JSON line per request: method, path (never the query string: it may hold a
one-time code), status and milliseconds.
"""

from __future__ import annotations

import logging
import re
import secrets
import time
from collections.abc import Callable

from starlette.requests import Request
from starlette.responses import Response

from store.logs import configure, request_id

Endpoint = Callable[[Request], Response]
_VALID_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")


def traced(endpoint: Endpoint, *, quiet_when_ok: bool = False) -> Endpoint:
    """`endpoint` under a request id, with one JSON log line per request (path only: a query
    string may hold a one-time code)."""

    def handler(request: Request) -> Response:
        given = request.headers.get("x-request-id", "")
        rid = given if _VALID_ID.fullmatch(given) else secrets.token_hex(8)
        token = request_id.set(rid)
        started = time.perf_counter()
        fields = {"event": "request", "method": request.method, "path": request.url.path}
        try:
            try:
                response = endpoint(request)
            except Exception:
                _log().exception("request failed", extra={**fields, "status": 500, **_ms(started)})
                raise
            response.headers["X-Request-ID"] = rid
            if response.status_code >= 400 or not quiet_when_ok:
                level = logging.WARNING if response.status_code >= 500 else logging.INFO
                _log().log(level, "request", extra={**fields, "status": response.status_code, **_ms(started)})
            return response
        finally:
            request_id.reset(token)

    return handler


def _log() -> logging.Logger:
    return configure().getChild("http")


def _ms(started: float) -> dict[str, float]:
    return {"ms": round((time.perf_counter() - started) * 1000, 1)}

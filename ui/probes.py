"""`/healthz` and `/readyz` on the shop's own server (`asgi_app.py`), as the API serves them.

`/healthz`: the process answers (a container restarts when it does not). `/readyz`: the database
answers and its schema is the newest migration (`store.health.readiness`); 503 otherwise, so a
proxy or orchestrator sends no buyers to a replica that would only show "not ready".

Both run under a request id (`ui.tracing`). A passing probe is not logged (the proxy asks every
few seconds); a failing one is, with why.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from store.health import readiness
from store.logs import configure
from ui.cookie import route_engine
from ui.tracing import traced

NO_STORE = {"Cache-Control": "no-store"}


def healthz(_request: Request) -> Response:
    return JSONResponse({"status": "ok"}, headers=NO_STORE)


def readyz(_request: Request) -> Response:
    report = readiness(route_engine())
    body = {
        "status": "ready" if report.ready else "not-ready",
        "database": report.database,
        "schema_current": report.schema_current,
        "revision": report.revision,
        "head": report.head,
        "detail": report.detail,
    }
    if not report.ready:
        configure().getChild("http").warning("not ready", extra={"event": "readiness", "detail": report.detail})
    return JSONResponse(body, status_code=200 if report.ready else 503, headers=NO_STORE)


def routes(base: str = "") -> list[Route]:
    """The probes under the server's base path (`server.baseUrlPath`, as `ui.cookie` uses)."""
    return [
        Route(f"{base}/healthz", traced(healthz, quiet_when_ok=True), methods=["GET"]),
        Route(f"{base}/readyz", traced(readyz, quiet_when_ok=True), methods=["GET"]),
    ]

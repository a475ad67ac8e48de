"""`/healthz`: the process answers. `/readyz`: the database answers and its schema is current (and
whether the start-up warm-up of the engine memos is still running: ready all the same)."""

from __future__ import annotations

import threading

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from api.deps import DbEngine
from store.health import readiness

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: str


class Ready(BaseModel):
    status: str
    database: bool
    schema_current: bool
    revision: str | None
    head: str
    detail: str = ""
    warming: bool = False  # the engine memos are still being warmed (start-up): the first calls may be slow


@router.get("/healthz", response_model=Health)
def healthz() -> Health:
    return Health(status="ok")


@router.get("/readyz", response_model=Ready, responses={503: {"model": Ready, "description": "not ready"}})
def readyz(engine: DbEngine, request: Request) -> JSONResponse:
    report = readiness(engine)
    warmed: threading.Event | None = getattr(request.app.state, "warmed", None)
    body = Ready(
        status="ready" if report.ready else "not-ready",
        database=report.database,
        schema_current=report.schema_current,
        revision=report.revision,
        head=report.head,
        detail=report.detail,
        warming=warmed is not None and not warmed.is_set(),
    )
    return JSONResponse(body.model_dump(), status_code=200 if report.ready else 503)

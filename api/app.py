"""`create_app()`: the API over one database (`DATABASE_URL`), routes under `/v1`, docs at `/docs`.

It never migrates the database: `python -m store migrate` (or `python -m store init`) does, once
per deployment; `/readyz` says whether the schema is current.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from starlette.exceptions import HTTPException

from api import problems
from api.body_limit import BodyLimit
from api.middleware import RateLimit, RequestContext
from api.routes import UNVERSIONED, V1, artwork
from settings import Settings, get_settings
from store import configuration
from store.db import Engine, make_engine
from store.errors import StoreError
from store.warm_up import start_warm_up

VERSION = "1.0.0"


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """At start-up, warm the engine memos in the background (`store.warm_up`): the server answers
    at once, `/readyz` says `warming` until every catalog on sale is compiled."""
    if app.state.settings.api_warm_up:
        app.state.warmed = start_warm_up(engine=app.state.engine)
    yield


def create_app(settings: Settings | None = None, *, engine: Engine | None = None) -> FastAPI:
    settings = settings or get_settings()
    app = FastAPI(
        lifespan=lifespan,
        title="Product configurator API",
        version=VERSION,
        description=(
            "Configure, price and order made-to-order products: valid choices after every pick, "
            "reasons and repairs, live prices, guest checkout and order tracking. "
            "Errors are `application/problem+json` with a stable `code`."
        ),
        openapi_url="/v1/openapi.json",
        docs_url="/docs",
        redoc_url=None,
    )
    app.state.engine = engine or make_engine(settings.database_url)
    configuration.use_artifacts(app.state.engine)  # compiled engines load from the database, not compile
    app.state.settings = settings
    app.add_exception_handler(StoreError, problems.store_error)
    app.add_exception_handler(RequestValidationError, problems.validation_error)
    app.add_exception_handler(HTTPException, problems.http_error)
    app.add_exception_handler(Exception, problems.unexpected_error)
    # Outermost last: the request id is set before the rate limit or CORS answer. The body limit
    # innermost: a body cut off while a route reads it reaches the route's own problem handling.
    wider = {f"/v1{artwork.PATH}": max(artwork.LIMIT, settings.api_max_body_bytes)}  # a file, not JSON
    app.add_middleware(BodyLimit, max_bytes=settings.api_max_body_bytes, wider=wider)
    app.add_middleware(RateLimit, per_minute=settings.api_rate_limit_per_minute)
    if settings.api_cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.api_cors_origins,
            allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
            allow_headers=["Authorization", "Content-Type", "Idempotency-Key", "X-Request-ID"],
            expose_headers=["X-Request-ID", "Retry-After"],
        )
    app.add_middleware(RequestContext)
    for router in V1:
        app.include_router(router, prefix="/v1")
    for router in UNVERSIONED:
        app.include_router(router)
    return app

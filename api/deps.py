"""What routes depend on: the database engine of this app, a session for one action, the payment
provider, the settings and the client's address."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlmodel import Session

from settings import Settings
from store.db import Engine
from store.orders import default_provider
from store.payments import PaymentProvider


def engine_of(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


def db_session(engine: Annotated[Engine, Depends(engine_of)]) -> Iterator[Session]:
    """A session for the request; each store service commits its own business action."""
    with Session(engine) as session:
        yield session


DbEngine = Annotated[Engine, Depends(engine_of)]
DbSession = Annotated[Session, Depends(db_session)]


def payment_provider(request: Request) -> PaymentProvider:
    """The app's payment provider (`app.state.payment_provider`), else the process-wide default."""
    provider: PaymentProvider | None = getattr(request.app.state, "payment_provider", None)
    return provider if provider is not None else default_provider()


def settings_of(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def client_address(request: Request) -> str | None:
    """The client's network address as this process saw it (the proxy's, behind one)."""
    return request.client.host if request.client else None


Provider = Annotated[PaymentProvider, Depends(payment_provider)]
AppSettings = Annotated[Settings, Depends(settings_of)]
ClientAddress = Annotated[str | None, Depends(client_address)]

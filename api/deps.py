"""What routes depend on: the database engine of this app, and a session for one action."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlmodel import Session

from store.db import Engine


def engine_of(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


def db_session(engine: Annotated[Engine, Depends(engine_of)]) -> Iterator[Session]:
    """A session for the request; each store service commits its own business action."""
    with Session(engine) as session:
        yield session


DbEngine = Annotated[Engine, Depends(engine_of)]
DbSession = Annotated[Session, Depends(db_session)]

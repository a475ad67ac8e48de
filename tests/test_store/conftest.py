"""Store fixtures: a migrated real database (SQLite file, and PostgreSQL when configured)."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from store.db import create_tables, make_engine


@pytest.fixture
def engine(database_url):
    engine = make_engine(database_url)
    create_tables(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine):
    with Session(engine) as session:
        yield session

"""Store fixtures: a migrated real database (SQLite file, and PostgreSQL when configured), and the
small mug shop on it. Plain helpers (carts, checkout, staff accounts) live in tests/store_helpers.py."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlmodel import Session

from store.db import create_tables, make_engine
from store.stock import receive_stock
from tests.store_helpers import mug_shop


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


@pytest.fixture
def shop(engine, tmp_path):
    mug_shop(engine, tmp_path)
    with Session(engine) as s:
        receive_stock(session=s, material_code="glaze", quantity=Decimal(100), actor="test")
    return engine

"""API fixtures: the app over a real database (an SQLite file, and PostgreSQL too when
TEST_DATABASE_URL is set) with every shipped catalog in catalogs/ published, and a test client.

- `api_engine` / `client`: a fresh database per test (what tests that change data need);
- `shared_api_engine` / `shared_client`: one database per test module and backend, for property
  tests and fuzzing that send many requests (Hypothesis runs each example on the same app).

The apps allow a million requests a minute per client: rate limiting has tests of its own.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.app import create_app
from settings import Settings
from store.catalogs import sync_folder
from store.db import Engine, create_tables, make_engine
from tests.conftest import ROOT, postgres_schema

PUBLIC_URL = "https://shop.example"


def api_settings(**overrides: Any) -> Settings:
    """Settings of a test app: no rate limit to speak of, a known public address."""
    values: dict[str, Any] = {"api_rate_limit_per_minute": 1_000_000, "public_url": PUBLIC_URL, **overrides}
    return Settings(**values)


def published_shop(url: str) -> Engine:
    """A migrated database at `url` with every catalog of catalogs/ published."""
    engine = make_engine(url)
    create_tables(engine)
    sync_folder(engine=engine, folder=ROOT / "catalogs")
    return engine


def api_app(engine: Engine, **overrides: Any) -> FastAPI:
    return create_app(api_settings(**overrides), engine=engine)


@pytest.fixture
def api_engine(database_url: str) -> Iterator[Engine]:
    engine = published_shop(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def client(api_engine: Engine) -> Iterator[TestClient]:
    with TestClient(api_app(api_engine), raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def shared_api_engine(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    if request.param == "sqlite":
        engine = published_shop(f"sqlite:///{tmp_path_factory.mktemp('api') / 'shop.sqlite3'}")
        yield engine
        engine.dispose()
        return
    server = os.environ.get("TEST_DATABASE_URL")
    if not server:
        pytest.skip("TEST_DATABASE_URL is not set")
    name = f"api_{os.getpid()}_{abs(hash(request.node.nodeid)) % 10**8}"
    with postgres_schema(server, name) as url:
        engine = published_shop(url)
        yield engine
        engine.dispose()


@pytest.fixture(scope="module")
def shared_client(shared_api_engine: Engine) -> Iterator[TestClient]:
    with TestClient(api_app(shared_api_engine), raise_server_exceptions=False) as test_client:
        yield test_client

"""`/healthz` and `/readyz` of the shop's server (ui.probes), and the request id every route of that
server runs under (ui.tracing): the routes as Streamlit mounts them, on a real database."""

from __future__ import annotations

import json
import logging
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.applications import Starlette
from starlette.testclient import TestClient

from settings import get_settings
from store.db import make_engine, migrate
from store.health import schema_head
from store.logs import LOGGER, JsonFormatter
from tests.test_ui.buyer_app import database
from ui import cookie, probes

SANE = re.compile(r"[A-Za-z0-9._-]{1,64}")


class Lines(logging.Handler):
    """The JSON lines the app logs meanwhile, as the server would print them."""

    def __init__(self) -> None:
        super().__init__()
        self.setFormatter(JsonFormatter())
        self.lines: list[dict] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(json.loads(self.format(record)))


@pytest.fixture
def lines():
    handler = Lines()
    logger = logging.getLogger(LOGGER)
    logger.addHandler(handler)
    yield handler.lines
    logger.removeHandler(handler)


@pytest.fixture
def server(tmp_path, monkeypatch):
    """The shop's own routes over an empty database; its engine, and a client."""
    with database(tmp_path, "probes") as url:
        monkeypatch.setenv("DATABASE_URL", url)
        get_settings.cache_clear()
        cookie.route_engine.cache_clear()
        engine = make_engine(url)
        with TestClient(Starlette(routes=[*cookie.routes(), *probes.routes()])) as client:
            yield engine, client
        cookie.route_engine().dispose()
        cookie.route_engine.cache_clear()
        engine.dispose()
        get_settings.cache_clear()


def test_healthz_answers_whatever_the_database(server):
    _, client = server
    answer = client.get("/healthz")
    assert (answer.status_code, answer.json()) == (200, {"status": "ok"})
    assert answer.headers["cache-control"] == "no-store"


def test_readyz_is_503_until_the_schema_is_migrated_then_200(server, lines):
    engine, client = server
    answer = client.get("/readyz", headers={"X-Request-ID": "probe-1"})
    assert answer.status_code == 503
    body = answer.json()
    assert (body["status"], body["database"], body["schema_current"], body["head"]) == (
        "not-ready",
        True,
        False,
        schema_head(),
    )
    failing = [line for line in lines if line.get("request_id") == "probe-1"]
    assert any(line.get("status") == 503 and line.get("path") == "/readyz" for line in failing)
    assert any(body["detail"] == line.get("detail") for line in failing)  # the log says why

    migrate(engine)
    lines.clear()
    answer = client.get("/readyz")
    assert answer.status_code == 200
    assert answer.json()["status"] == "ready" and answer.json()["revision"] == schema_head()
    assert lines == []  # a passing probe is not logged: the proxy asks every few seconds


def test_readyz_is_503_when_the_database_cannot_be_reached(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:9/none?connect_timeout=2")
    get_settings.cache_clear()
    cookie.route_engine.cache_clear()
    try:
        with TestClient(Starlette(routes=probes.routes())) as client:
            answer = client.get("/readyz")
        assert answer.status_code == 503
        assert answer.json()["database"] is False
        assert "nobody" not in answer.text  # no credentials or addresses in the answer
    finally:
        cookie.route_engine.cache_clear()
        get_settings.cache_clear()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(given_id=st.one_of(st.from_regex(SANE, fullmatch=True), st.text(max_size=100)))
def test_a_sane_request_id_is_kept_any_other_is_replaced(server, lines, given_id):
    _, client = server
    try:
        answer = client.get("/_session?code=one-time-secret", headers={"X-Request-ID": given_id})
    except UnicodeEncodeError:  # not a header value a client can send
        return
    rid = answer.headers["x-request-id"]
    assert SANE.fullmatch(rid)
    assert (rid == given_id) == bool(SANE.fullmatch(given_id))
    logged = [line for line in lines if line.get("path") == "/_session"][-1]
    assert logged["request_id"] == rid and logged["status"] == 200
    assert "one-time-secret" not in json.dumps(logged)  # the query string is never logged

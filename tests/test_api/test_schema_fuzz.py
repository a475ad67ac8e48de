"""Schemathesis over the app's own OpenAPI schema, in process: every operation the app documents
(each route added later is fuzzed too) gets generated valid and invalid requests, and every answer
must be no server error and exactly what the schema documents for its status. Then the documented
links are followed statefully (share a design, then open it by its share code).

The app is made at import (Schemathesis reads its schema then; that needs no database); the
database behind it, with every shipped catalog published, is made before the first request:
PostgreSQL when TEST_DATABASE_URL is set (it refuses more than SQLite does), an SQLite file
otherwise. The number of examples per operation is bounded so the file runs in a few minutes on
two cores.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import uuid
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from store.catalogs import sync_folder
from store.db import create_tables, make_engine
from tests.conftest import ROOT, postgres_schema
from tests.test_api.conftest import api_app

CHECKS = [not_a_server_error, response_schema_conformance]
QUIET = list(HealthCheck)  # the app and its database are shared by every example on purpose

_SERVER = os.environ.get("TEST_DATABASE_URL")
_FOLDER = Path(tempfile.mkdtemp(prefix="api-fuzz-"))
_PG_SCHEMA = f"fuzz_{os.getpid()}_{uuid.uuid4().hex[:8]}"
if _SERVER:
    _URL = f"{_SERVER}{'&' if '?' in _SERVER else '?'}options=-csearch_path%3D{_PG_SCHEMA}"
else:
    _URL = f"sqlite:///{_FOLDER / 'fuzz.sqlite3'}"
ENGINE = make_engine(_URL)
APP = api_app(ENGINE)
schema = schemathesis.openapi.from_asgi("/v1/openapi.json", APP)


@pytest.fixture(scope="module", autouse=True)
def published_shop():
    """The database behind APP: migrated, every shipped catalog published; dropped afterwards."""
    with contextlib.ExitStack() as stack:
        if _SERVER:
            url = stack.enter_context(postgres_schema(_SERVER, _PG_SCHEMA))
            assert url == _URL
        create_tables(ENGINE)
        sync_folder(engine=ENGINE, folder=ROOT / "catalogs")
        with TestClient(APP) as client:  # compile every catalog once, before requests are timed
            assert client.get("/v1/products").status_code == 200
        yield ENGINE
        ENGINE.dispose()
    shutil.rmtree(_FOLDER, ignore_errors=True)


@settings(max_examples=25, deadline=None, suppress_health_check=QUIET, phases=[Phase.explicit, Phase.generate])
@schema.parametrize()
def test_every_operation_answers_as_documented(case):
    case.call_and_validate(checks=CHECKS)


def test_documented_links_hold_statefully():
    class Checked(schema.as_state_machine()):  # type: ignore[misc]
        def validate_response(self, response: Any, case: Any, additional_checks: Any = None, **kwargs: Any) -> None:
            case.validate_response(response, checks=CHECKS, transport_kwargs=kwargs or None)

    Checked.run(
        settings=settings(
            max_examples=15, stateful_step_count=4, deadline=None, suppress_health_check=QUIET, phases=[Phase.generate]
        )
    )

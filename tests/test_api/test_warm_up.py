"""Start-up warm-up: the API process compiles every catalog on sale in a background thread, so its
first product list does not; `/readyz` answers at once and says when it is still warming."""

from __future__ import annotations

import threading

from fastapi.testclient import TestClient
from sqlmodel import Session

from store import configuration
from store.on_sale import on_sale_versions
from store.warm_up import start_warm_up, warm_up
from tests.test_api.conftest import api_app


def test_the_warm_up_compiles_and_prices_every_product_on_sale(api_engine):
    configuration._ENGINES.clear()
    configuration._VIEWS.clear()
    assert warm_up(engine=api_engine) == 6
    with Session(api_engine) as session:
        for product in on_sale_versions(session=session):
            assert (product.product_code, product.fingerprint) in configuration._ENGINES
            engine = configuration.compiled_engine(catalog=product.catalog, fingerprint=product.fingerprint)
            assert engine.engine._explainer is not None  # the explanation solver is built too


def test_readyz_reports_warming_until_the_warm_up_is_done(api_engine):
    app = api_app(api_engine)
    with TestClient(app) as client:
        warmed: threading.Event = app.state.warmed
        assert warmed.wait(60)
        ready = client.get("/readyz")
        assert ready.status_code == 200 and ready.json()["warming"] is False
        app.state.warmed = threading.Event()  # as while a warm-up is still under way
        warming = client.get("/readyz")
        assert warming.status_code == 200 and warming.json() == {**ready.json(), "warming": True}


def test_a_failed_warm_up_ends_and_the_api_still_answers(api_engine, tmp_path):
    from store.db import make_engine

    broken = make_engine(f"sqlite:///{tmp_path / 'empty.sqlite3'}")  # no tables: the warm-up fails
    assert start_warm_up(engine=broken).wait(30)
    app = api_app(api_engine, api_warm_up=False)
    with TestClient(app) as client:
        assert not hasattr(app.state, "warmed")
        assert client.get("/v1/products").status_code == 200

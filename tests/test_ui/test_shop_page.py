"""The shop page, run by Streamlit's AppTest against a real SQLite database."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from settings import get_settings
from store.catalogs import sync_folder
from store.db import create_tables, make_engine
from tests.conftest import ROOT


@pytest.fixture
def app(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'shop.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", url)
    get_settings.cache_clear()
    engine = make_engine(url)
    create_tables(engine)
    sync_folder(engine=engine, folder=ROOT / "catalogs")
    engine.dispose()
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    yield at
    get_settings.cache_clear()


def test_shop_lists_every_published_product(app):
    app.run()
    assert not app.exception
    titles = [s.value for s in app.subheader]
    assert "Custom T-shirt" in titles
    assert len(titles) == len(list((ROOT / "catalogs").glob("*.yaml")))


def test_search_narrows_the_list(app):
    app.run()
    app.text_input[0].input("hoodie").run()
    assert [s.value for s in app.subheader] == ["Custom T-shirt"]


def test_design_button_opens_the_configurator_on_that_product(app):
    app.run()
    app.button(key="configure:pc").click().run()
    assert not app.exception
    assert app.query_params["product"] == ["pc"] or app.query_params["product"] == "pc"
    assert any(t.value == "Custom desktop PC" for t in app.title)

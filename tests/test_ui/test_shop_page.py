"""The shop page, run by Streamlit's AppTest against a real SQLite database."""

from __future__ import annotations

import pytest

from tests.conftest import ROOT
from tests.test_ui.buyer_app import app_at


@pytest.fixture
def app(db):
    return app_at("pages/buyer/shop.py")


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

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


def test_prices_read_with_a_currency_symbol_and_thousands_separator(app, db):
    from decimal import Decimal

    from pricing.money import Money
    from store.catalogs import catalog_of, current_version
    from store.db import transaction
    from ui.format import money

    with transaction(db) as session:
        car = catalog_of(current_version(session=session, product_code="car"))
    assert car.base.price >= Decimal(1000)  # big enough to need a separator
    app.run()
    captions = " ".join(c.value for c in app.caption)
    assert f"from the base price {money(Money(car.base.price, car.currency))}" in captions
    assert f"{car.base.price} {car.currency}" not in captions
    assert "version" not in captions  # a catalog version number means nothing to a buyer
    assert "€" in money(Money(car.base.price, car.currency)) and "," in money(Money(car.base.price, car.currency))


def test_every_product_card_shows_its_standard_design(app, db):
    import base64

    from configurator.catalog_engine import CatalogEngine
    from render.preview.svg import preview_svg
    from store.catalogs import catalog_of, current_version
    from store.db import transaction

    app.run()
    assert not app.exception
    pictures = {im.proto.imgs[0].alt: im.proto.imgs[0].url for im in app.get("image")}
    assert len(pictures) == len(app.subheader)
    with transaction(db) as session:
        tshirt = catalog_of(current_version(session=session, product_code="tshirt"))
    url = pictures["Custom T-shirt, standard design"]
    assert url.startswith("data:image/svg+xml;base64,")
    drawn = base64.b64decode(url.split(",", 1)[1]).decode()
    assert drawn == preview_svg(tshirt, CatalogEngine(tshirt).complete({}))

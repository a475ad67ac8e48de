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

    from store.catalogs import catalog_of, current_version
    from store.db import transaction
    from ui.format import money

    with transaction(db) as session:
        car = catalog_of(current_version(session=session, product_code="car"))
    assert car.base.price >= Decimal(1000)  # big enough to need a separator
    cheapest = lowest_total(car)
    app.run()
    captions = " ".join(c.value for c in app.caption)
    assert f"from {money(cheapest)}" in captions
    assert f"{cheapest.amount} {car.currency}" not in captions
    assert "version" not in captions  # a catalog version number means nothing to a buyer
    assert "€" in money(cheapest) and "," in money(cheapest)


def lowest_total(catalog, currency=None):  # type: ignore[no-untyped-def]
    """The cheapest valid product of `catalog` today, as the rules engine finds it."""
    import datetime as dt

    from store import configuration

    bounds = configuration.price_bounds(
        catalog=catalog, fingerprint=catalog.fingerprint(), day=dt.date.today(), quantity=1, currency=currency
    )
    found = bounds.cheapest()
    assert found is not None
    return found[0]


@pytest.mark.parametrize("currency", [None, "USD"])
def test_each_card_starts_at_the_cheapest_valid_product_not_at_the_base_price(app, db, currency):
    """The PC's base price is the assembly alone: a processor, a board, memory, a drive, a case,
    a cooler and a power supply are required, so no PC sells at it. The card says "from" the
    lowest total a valid PC reaches under the rules, in the buyer's currency."""
    from pricing.money import Money
    from store.catalogs import catalog_of, current_version
    from store.db import transaction
    from ui.format import money
    from ui.session_keys import CURRENCY_KEY

    with transaction(db) as session:
        pc = catalog_of(current_version(session=session, product_code="pc"))
    cheapest = lowest_total(pc, currency)
    assert cheapest.amount > pc.base.price  # the required parts cost something
    if currency:
        app.session_state[CURRENCY_KEY] = currency
    app.run()
    assert not app.exception
    captions = [c.value for c in app.caption]
    assert any(c.endswith(f" · from {money(cheapest)}") for c in captions), captions
    assert not any(money(Money(pc.base.price, cheapest.currency)) in c for c in captions)
    assert not any("base price" in c for c in captions)


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


def test_categories_are_named_in_the_buyers_language_and_found_by_those_names(app):
    """The category filter and each card's category were the catalogs' English codes on every
    language's shop ("bicycles · от 890,00 €")."""
    from ui.session_keys import LANGUAGE_KEY

    app.session_state[LANGUAGE_KEY] = "ru"
    app.run()
    assert not app.exception
    (filter_,) = app.get("button_group")
    labels = [str(option.content) for option in filter_.proto.options]
    assert "Велосипеды" in labels and "Одежда" in labels and labels[0] == "Все"
    assert not {"Bicycles", "Clothing", "Furniture"} & set(labels)
    assert any(c.value.startswith("велосипеды · ") for c in app.caption)
    app.text_input[0].input("мебель").run()  # found by its name in the card's words
    from modules.loader import load_catalog
    from modules.translations import translated

    table = translated(load_catalog(ROOT / "catalogs" / "table.yaml"), "ru")
    assert [s.value for s in app.subheader] == [table.name]


def test_category_buttons_read_as_words_with_a_capital(app):
    """The filter buttons showed the catalogs' lower-case words ("all", "bicycles") as labels."""
    app.run()
    (filter_,) = app.get("button_group")
    labels = [str(option.content) for option in filter_.proto.options]
    assert labels[0] == "All" and "Bicycles" in labels and all(label[:1].isupper() for label in labels)
    assert any(c.value.startswith("bicycles · from ") for c in app.caption)  # the card keeps its wording

"""The cart page prices the cart in the currency the buyer picks, or the delivery country's."""

from __future__ import annotations

from store.carts import view_cart
from store.db import transaction
from tests.test_ui.buyer_app import HOME, app_at, full_tee, seed_cart


def test_picking_a_currency_reprices_the_cart_on_the_server(db):
    token = seed_cart(db, ("tshirt", full_tee(db), 1))
    at = app_at("pages/buyer/cart.py")
    at.session_state["cart:token"] = token
    at.run()
    assert any(m.value.startswith("€") for m in at.metric)
    at.selectbox(key="w:cart:currency").set_value("RUB").run()
    assert not at.exception
    with transaction(db) as session:
        quote = view_cart(session=session, cart=token, delivery=HOME).quote
    assert quote.currency == "RUB"
    total = next(m for m in at.metric if m.label == "Total")
    assert "RUB" in total.value or "₽" in total.value


def test_delivering_to_russia_prices_in_roubles_until_the_buyer_chooses(db):
    token = seed_cart(db, ("tshirt", full_tee(db), 1))
    at = app_at("pages/buyer/cart.py")
    at.session_state["cart:token"] = token
    at.run()
    at.selectbox(key="w:cart:country").set_value("RU").run()
    assert not at.exception
    with transaction(db) as session:
        assert view_cart(session=session, cart=token, delivery=HOME).cart.currency == "RUB"
    at.selectbox(key="w:cart:currency").set_value("EUR").run()
    with transaction(db) as session:
        assert view_cart(session=session, cart=token, delivery=HOME).cart.currency == "EUR"


def test_countries_are_named_in_the_buyers_language_not_by_code(db):
    token = seed_cart(db, ("tshirt", full_tee(db), 1))
    at = app_at("pages/buyer/cart.py")
    at.session_state["cart:token"] = token
    at.run()
    assert (
        "Portugal" in at.selectbox(key="w:cart:country").options
        and "PT" not in at.selectbox(key="w:cart:country").options
    )
    at.session_state["ui:language"] = "ru"
    at.run()
    assert "Россия" in at.selectbox(key="w:cart:country").options

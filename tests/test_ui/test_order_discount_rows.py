"""The buyer's order page lists each discount by the name the cart gave it, in the page's
language, and says why delivery was free when a free-shipping coupon made it so (the coupon's
name, as in the cart, where it read "coupon FREESHIP" before)."""

from __future__ import annotations

import uuid

from sqlmodel import select

from store.carts import set_coupon, view_cart
from store.db import transaction
from store.orders import Buyer, PaymentDetails, place_order
from store.tables import Order
from tests.test_ui.buyer_app import HOME, app_at, full_tee, seed_cart, texts


def _order(engine, code: str, quantity: int) -> str:
    cart = seed_cart(engine, ("tshirt", full_tee(engine), quantity))
    with transaction(engine) as session:
        set_coupon(session=session, cart=cart, code=code)
        total = view_cart(session=session, cart=cart, delivery=HOME).quote.total.to_minor()
        order = place_order(
            session=session,
            cart=cart,
            buyer=Buyer(email="ana@example.org", name="Ana Lima", language="es"),
            delivery=HOME,
            payment=PaymentDetails(card="4242 4242 4242 4242", amount_minor=total),
            idempotency_key=uuid.uuid4().hex,
        )
    return order.token


def _page(token: str, lang: str) -> str:
    at = app_at("pages/buyer/order.py", order=token)
    at.session_state["ui:language"] = lang
    at.run()
    assert not at.exception
    return texts(at)


def test_the_order_page_names_the_coupon_in_the_page_s_language(db):
    token = _order(db, "TEES20", 2)
    spanish = _page(token, "es")
    assert "20 % de descuento en camisetas" in spanish and "Descuentos" not in spanish
    assert "20% off T-shirts" in _page(token, "en")


def test_an_older_order_keeps_one_discounts_row(db):
    token = _order(db, "TEES20", 2)
    with transaction(db) as session:
        row = session.exec(select(Order).where(Order.token == token)).one()
        row.pricing = {**row.pricing, "discounts": [{"kind": "coupon", "code": "TEES20", "amount": "6.00"}]}
    spanish = _page(token, "es")
    assert "Descuentos" in spanish and "camisetas" not in spanish


def test_a_free_shipping_coupon_is_named_on_the_order_page_and_in_the_cart(db):
    token = _order(db, "FREESHIP", 3)
    assert "Envío: Terrestre estándar (Envío gratis)" in _page(token, "es")
    assert "Delivery: Standard ground (Free shipping)" in _page(token, "en")
    cart = seed_cart(db, ("tshirt", full_tee(db), 3))
    with transaction(db) as session:
        set_coupon(session=session, cart=cart, code="FREESHIP")
    at = app_at("pages/buyer/cart.py")
    at.session_state["cart:token"] = cart
    at.session_state["ui:language"] = "pt"
    at.run()
    assert not at.exception
    assert "(Portes grátis)" in texts(at) and "FREESHIP" not in texts(at)

"""A guest who creates an account on the order confirmation finds the orders this browser
session placed in the new account; an order placed elsewhere with the same e-mail address is
not attached (nobody verified the address)."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from store.db import transaction
from store.lifecycle import account_orders
from store.orders import claim_guest_orders
from tests.test_ui.buyer_app import app_at, full_tee, register_buyer, seed_cart, seed_order, texts

CONTACT = {
    "co:email": "ada@example.com",
    "co:name": "Ada Guest",
    "co:line1": "Rua Augusta 1",
    "co:postal": "1100-048",
    "co:city": "Lisboa",
    "co:card": "4242 4242 4242 4242",
}


def place_as_guest(db, at=None):
    token = seed_cart(db, ("tshirt", full_tee(db), 1))
    at = at or app_at("pages/buyer/checkout.py")
    at.session_state["cart:token"] = token
    at.switch_page("pages/buyer/checkout.py")
    at.run()
    for key, value in CONTACT.items():
        at.text_input(key=key).input(value)
    at.run()
    at.button(key="co:place").click().run()
    assert not at.exception
    return at, at.session_state["checkout:placed"]


def owner_of(db, token: str):
    with db.connect() as conn:
        return conn.execute(text("SELECT customer_id FROM orders WHERE token = :t"), {"t": token}).scalar_one()


def test_sign_up_after_checkout_attaches_this_sessions_orders_only(db):
    elsewhere = seed_order(db)  # same e-mail address (ada@example.com), another browser
    at, first = place_as_guest(db)
    at.button(key="checkout:again").click().run()
    at, second = place_as_guest(db, at)
    at.text_input(key="co-signup:password").input("a-long-password")
    at.button(key="co-signup:create").click().run()
    assert not at.exception
    assert "Your 2 orders from this visit are in your account now." in texts(at)
    customer = owner_of(db, first)
    assert customer is not None and owner_of(db, second) == customer
    assert owner_of(db, elsewhere) is None  # an e-mail address alone attaches nothing
    with transaction(db) as session:
        assert {o.order.token for o in account_orders(session=session, customer_id=customer)} == {first, second}


def test_one_order_claimed_is_named_as_one(db):
    at, token = place_as_guest(db)
    at.text_input(key="co-signup:password").input("a-long-password")
    at.button(key="co-signup:create").click().run()
    assert not at.exception
    assert "Your order from this visit is in your account now." in texts(at)
    assert owner_of(db, token) is not None


def test_claiming_never_moves_an_order_of_another_account(db):
    owner = register_buyer(db, "owner@example.com")
    other = register_buyer(db, "other@example.com")
    token = seed_order(db)
    with transaction(db) as session:
        assert claim_guest_orders(session=session, customer_id=owner, order_tokens=[token, "made-up"]) == [token]
    with transaction(db) as session:
        assert claim_guest_orders(session=session, customer_id=other, order_tokens=[token]) == []
    assert owner_of(db, token) == owner


def test_claiming_for_an_unknown_account_is_refused(db):
    from store.errors import StoreError

    token = seed_order(db)
    with pytest.raises(StoreError), transaction(db) as session:
        claim_guest_orders(session=session, customer_id=987_654, order_tokens=[token])
    assert owner_of(db, token) is None

"""ui.actions: one way for every page to call a store service. A refusal is shown (escaped, never
markdown) and the transaction rolls back; a success returns the service's answer."""

from __future__ import annotations

from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

from store.tables import Cart
from tests.test_ui.buyer_app import full_tee, seed_cart


def script(cart: str, code: str) -> None:
    import streamlit as st

    from store.carts import set_coupon
    from ui.actions import attempt

    outcome = attempt(set_coupon, cart=cart, code=code, customer_id=None)
    st.session_state["outcome"] = outcome.ok


def run(cart: str, code: str) -> AppTest:
    return AppTest.from_function(script, kwargs={"cart": cart, "code": code}, default_timeout=60).run()


def coupon_of(engine, cart: str) -> str | None:  # type: ignore[no-untyped-def]
    with Session(engine) as session:
        return session.exec(select(Cart.coupon_code).where(Cart.token == cart)).one()


def test_a_refusal_is_shown_as_plain_text_and_changes_nothing(db):
    cart = seed_cart(db, ("tshirt", full_tee(db), 1))
    at = run(cart, "A" * 40)  # over 32 characters
    assert at.session_state["outcome"] is False
    assert len(at.error) == 1 and "coupon" in at.error[0].value.lower()
    assert coupon_of(db, cart) is None


def test_a_success_commits_and_shows_no_error(db):
    cart = seed_cart(db, ("tshirt", full_tee(db), 1))
    at = run(cart, "welcome10")
    assert at.session_state["outcome"] is True and not at.error
    assert coupon_of(db, cart) == "WELCOME10"


def test_an_unknown_cart_is_refused_with_the_store_s_sentence(db):
    at = run("no-such-cart", "welcome10")
    assert at.session_state["outcome"] is False
    assert len(at.error) == 1 and "cart" in at.error[0].value.lower()

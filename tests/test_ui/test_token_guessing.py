"""A buyer cannot reach another buyer's order, design or cart by guessing: 1,000 guesses each,
through the same services the pages call, and one through the order page itself."""

from __future__ import annotations

import secrets

import pytest

from store.carts import view_cart
from store.db import transaction
from store.designs import get_design, save_design
from store.errors import ErrorCode, StoreError
from store.lifecycle import get_order
from store.tables import DesignCreate
from tests.test_ui.buyer_app import HOME, app_at, full_tee, seed_cart, seed_order, texts

GUESSES = 1_000


def guesses(real: list[str]):
    """Random tokens of the real shape, plus near misses of the real ones (one character off)."""
    near = [t[:-1] + ("A" if t[-1] != "A" else "B") for t in real] + [t.upper() for t in real] + [t[:-2] for t in real]
    return [*near, *(secrets.token_urlsafe(24) for _ in range(GUESSES - len(near)))]


def test_guessed_tokens_find_no_order_design_or_cart(db):
    orders = [seed_order(db) for _ in range(2)]
    carts = [seed_cart(db, ("tshirt", full_tee(db), 1))]
    with transaction(db) as session:
        designs = [save_design(session=session, data=DesignCreate(name="d", product_code="tshirt")).token]
    attempts = {
        "order": (orders, lambda s, t: get_order(session=s, order=t)),
        "design": (designs, lambda s, t: get_design(session=s, token=t)),
        "cart": (carts, lambda s, t: view_cart(session=s, cart=t, delivery=HOME)),
    }
    with transaction(db) as session:
        for real, reach in attempts.values():
            tried = guesses(real)
            assert len(tried) == GUESSES
            for token in tried:
                with pytest.raises(StoreError) as refused:
                    reach(session, token)
                assert refused.value.code == ErrorCode.NOT_FOUND
            for token in real:  # the real tokens still work: the guesses failed for the right reason
                reach(session, token)


def test_another_accounts_order_is_not_shown_even_with_its_token(db):
    from sqlalchemy import text

    from tests.test_ui.buyer_app import register_buyer, sign_in_as

    token = seed_order(db)
    owner = register_buyer(db, "owner@example.com")
    with db.begin() as conn:  # make the order belong to an account
        conn.execute(text("UPDATE orders SET customer_id = :c"), {"c": owner})
    intruder = register_buyer(db, "intruder@example.com")
    at = app_at("pages/buyer/order.py", order=token)
    sign_in_as(at, intruder)
    at.run()
    assert "Order not found" in texts(at)

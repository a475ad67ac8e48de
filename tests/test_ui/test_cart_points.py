"""Loyalty points in the cart: a signed-in buyer sees the balance and picks how many points to
spend (capped by the balance and by what the cart can take); the choice is kept with the cart."""

from __future__ import annotations

from store.carts import view_cart
from store.db import transaction
from store.tables import LoyaltyEntry
from tests.test_ui.buyer_app import HOME, app_at, full_tee, register_buyer, seed_cart, sign_in_as, texts


def points_input(at):
    return next(n for n in at.number_input if n.key and n.key.startswith("points:"))


def give_points(engine, customer_id: int, points: int) -> None:
    with transaction(engine) as session:
        session.add(LoyaltyEntry(customer_id=customer_id, points=points, reason="welcome"))


def member_cart(db, points: int):
    customer = register_buyer(db)
    give_points(db, customer, points)
    token = seed_cart(db, ("tshirt", full_tee(db), 1))
    at = app_at("pages/buyer/cart.py")
    sign_in_as(at, customer)
    at.session_state["cart:token"] = token
    return at.run(), token, customer


def test_a_member_spends_points_and_the_choice_is_kept_with_the_cart(db):
    at, token, customer = member_cart(db, 500)
    assert not at.exception
    field = points_input(at)
    assert "you have 500" in field.label
    assert field.max == 500
    field.set_value(300).run()
    assert not at.exception
    assert "300 loyalty points" in texts(at)
    with transaction(db) as session:
        view = view_cart(session=session, cart=token, delivery=HOME, customer_id=customer)
    assert view.cart.redeem_points == 300 and view.quote.points_redeemed == 300


def test_the_field_is_capped_by_what_the_cart_can_take(db):
    at, token, customer = member_cart(db, 1_000_000)
    with transaction(db) as session:
        view = view_cart(session=session, cart=token, delivery=HOME, customer_id=customer)
    assert points_input(at).max == view.points_usable < 1_000_000


def test_a_guest_is_told_to_sign_in_and_gets_no_points_field(db):
    token = seed_cart(db, ("tshirt", full_tee(db), 1))
    at = app_at("pages/buyer/cart.py")
    at.session_state["cart:token"] = token
    at.run()
    assert not at.exception
    assert not any(n.key and n.key.startswith("points:") for n in at.number_input)
    assert "spend them here: sign in" in texts(at)


def test_points_spent_elsewhere_meanwhile_are_named_and_not_deducted(db):
    from store.carts import set_redeem_points

    at, token, customer = member_cart(db, 500)
    with transaction(db) as session:
        set_redeem_points(session=session, cart=token, points=400, customer_id=customer)
    give_points(db, customer, -300)  # spent in another order meanwhile
    at.run()
    assert not at.exception
    assert "Loyalty points: you have 200 points, not 400" in texts(at)
    assert "400 loyalty points" not in texts(at)

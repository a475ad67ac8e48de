"""A cart with a line that no longer makes a valid product shows that line's problem instead of
failing as a whole; loyalty points chosen in the cart are kept with it, spent by the order
(balance checked again) and given back once when the order is cancelled."""

from __future__ import annotations

import pytest
from sqlmodel import Session, col, func, select

from store.carts import set_redeem_points, view_cart
from store.customers import register
from store.errors import ErrorCode, StoreError
from store.lifecycle import cancel_order, change_status, find_order, restore_points_once
from store.orders import Buyer
from store.quotes import loyalty_balance
from store.states import OrderStatus
from store.tables import Cart, CartLine, CustomerCreate, LoyaltyEntry, Order
from tests.store_helpers import HOME, MUG, checkout, fill_cart

LARGE = {"size": "large", "glaze": "blue", "extras": ["lid"]}


def count(session, table) -> int:
    return session.exec(select(func.count()).select_from(table)).one()


def member(session, points: int = 0) -> Buyer:
    customer = register(
        session=session, data=CustomerCreate(email="m@example.org", name="Mia", password="tea-for-two0")
    )
    if points:
        session.add(LoyaltyEntry(customer_id=customer.id, points=points, reason="welcome"))
        session.commit()
    return Buyer(email="m@example.org", name="Mia", customer_id=customer.id)


def break_line(session, cart: str, position: int) -> int:
    """Edit one line behind the cart service's back into a product the rules forbid."""
    row = session.exec(select(Cart).where(Cart.token == cart)).one()
    line = session.exec(select(CartLine).where(CartLine.cart_id == row.id).order_by(col(CartLine.id))).all()[position]
    line.selection = {"size": "small", "glaze": "white", "extras": ["lid"]}
    session.add(line)
    session.commit()
    assert line.id is not None
    return line.id


# -- per-line problems ---------------------------------------------------------------------------


def test_an_invalid_line_is_listed_with_its_reason_and_left_out_of_the_quote(shop):
    with Session(shop) as session:
        cart = fill_cart(session, MUG, LARGE)
        whole = view_cart(session=session, cart=cart, delivery=HOME)
        bad = break_line(session, cart, 1)

        view = view_cart(session=session, cart=cart, delivery=HOME)

        assert [line.id for line in view.lines] == [line.id for line in whole.lines]  # every line is still listed
        assert view.problems == {bad: ["Lids fit the large mug only."]}
        assert [line.id for line in view.priced_lines] == [whole.lines[0].id]
        assert view.quote is not None and len(view.quote.items) == 1
        assert view.quote.subtotal < whole.quote.subtotal
        assert not view.can_check_out


def test_checkout_refuses_while_a_line_is_invalid_and_writes_nothing(shop):
    with Session(shop) as session:
        cart = fill_cart(session, MUG, LARGE)
        break_line(session, cart, 1)
        amount = view_cart(session=session, cart=cart, delivery=HOME).quote.total.to_minor()
        with pytest.raises(StoreError) as caught:
            checkout(session, cart, amount=amount)
        assert caught.value.code == ErrorCode.INVALID_LINE
        assert caught.value.data["position"] == 2
        assert count(session, Order) == 0


def test_a_cart_whose_only_line_is_invalid_has_no_quote_but_still_lists_it(shop):
    with Session(shop) as session:
        cart = fill_cart(session, MUG)
        bad = break_line(session, cart, 0)
        view = view_cart(session=session, cart=cart, delivery=HOME)
        assert view.quote is None
        assert [line.id for line in view.lines] == [bad] and bad in view.problems


# -- loyalty points ------------------------------------------------------------------------------


def test_points_chosen_in_the_cart_are_kept_and_priced(shop):
    with Session(shop) as session:
        buyer = member(session, points=500)
        cart = fill_cart(session, buyer=buyer)
        set_redeem_points(session=session, cart=cart, points=300, customer_id=buyer.customer_id)

        view = view_cart(session=session, cart=cart, delivery=HOME, customer_id=buyer.customer_id)

        assert view.cart.redeem_points == 300
        assert view.points_balance == 500
        assert view.quote is not None and view.quote.points_redeemed == 300
        assert view.points_usable == 500  # the mug costs more than 500 points are worth


def test_points_usable_are_capped_by_what_pricing_allows(shop):
    with Session(shop) as session:
        buyer = member(session, points=100_000)
        cart = fill_cart(session, buyer=buyer)
        view = view_cart(session=session, cart=cart, delivery=HOME, customer_id=buyer.customer_id)
        goods_left = view.quote.subtotal - view.quote.discount_total
        assert view.points_usable == int(goods_left.amount * 100)  # a point is worth 0.01
        assert view.points_usable < 100_000


def test_more_points_than_held_or_as_a_guest_are_refused_and_nothing_changes(shop):
    with Session(shop) as session:
        buyer = member(session, points=200)
        cart = fill_cart(session, buyer=buyer)
        with pytest.raises(StoreError) as caught:
            set_redeem_points(session=session, cart=cart, points=201, customer_id=buyer.customer_id)
        assert caught.value.code == ErrorCode.BAD_INPUT and caught.value.data["field"] == "redeem_points"
        guest_cart = fill_cart(session)
        with pytest.raises(StoreError):
            set_redeem_points(session=session, cart=guest_cart, points=10, customer_id=None)
        with pytest.raises(StoreError):
            set_redeem_points(session=session, cart=cart, points=-1, customer_id=buyer.customer_id)
        assert (
            view_cart(session=session, cart=cart, delivery=HOME, customer_id=buyer.customer_id).cart.redeem_points == 0
        )


def test_the_order_spends_the_stored_points(shop):
    with Session(shop) as session:
        buyer = member(session, points=500)
        cart = fill_cart(session, buyer=buyer)
        set_redeem_points(session=session, cart=cart, points=300, customer_id=buyer.customer_id)
        order = checkout(session, cart, buyer=buyer)
        row = find_order(session=session, order=order.token)
        spent = session.exec(
            select(LoyaltyEntry.points).where(LoyaltyEntry.order_id == row.id, LoyaltyEntry.reason == "redeemed")
        ).all()
        assert spent == [-300]
        assert row.discount_minor >= 300


def test_the_order_checks_the_balance_again_inside_its_transaction(shop):
    with Session(shop) as session:
        buyer = member(session, points=500)
        cart = fill_cart(session, buyer=buyer)
        set_redeem_points(session=session, cart=cart, points=400, customer_id=buyer.customer_id)
        amount = view_cart(session=session, cart=cart, delivery=HOME, customer_id=buyer.customer_id).quote.total
        # Meanwhile the points are spent elsewhere (another order, another tab).
        session.add(LoyaltyEntry(customer_id=buyer.customer_id, points=-300, reason="spent elsewhere"))
        session.commit()
        with pytest.raises(StoreError) as caught:
            checkout(session, cart, buyer=buyer, amount=amount.to_minor())
        assert caught.value.code == ErrorCode.BAD_INPUT and caught.value.data["balance"] == 200
        assert count(session, Order) == 0
        assert loyalty_balance(session=session, customer_id=buyer.customer_id) == 200


def test_cancelling_gives_the_spent_points_back_exactly_once(shop):
    with Session(shop) as session:
        buyer = member(session, points=500)
        cart = fill_cart(session, buyer=buyer)
        set_redeem_points(session=session, cart=cart, points=300, customer_id=buyer.customer_id)
        order = checkout(session, cart, buyer=buyer)
        assert loyalty_balance(session=session, customer_id=buyer.customer_id) < 500  # spent 300, earned a few

        cancel_order(session=session, order=order.token, customer_id=buyer.customer_id)
        assert loyalty_balance(session=session, customer_id=buyer.customer_id) == 500  # earned ones withdrawn too

        with pytest.raises(StoreError):
            change_status(session=session, order=order.token, to=OrderStatus.CANCELLED, actor="merchant")
        row = find_order(session=session, order=order.token)
        assert restore_points_once(session=session, order=row) == 0
        session.commit()
        assert loyalty_balance(session=session, customer_id=buyer.customer_id) == 500


def test_a_refunded_return_gives_the_spent_points_back_and_withdraws_the_earned_ones(shop):
    from store.aftersales import request_return, resolve_return
    from store.tables import ReturnRequestCreate

    with Session(shop) as session:
        buyer = member(session, points=500)
        cart = fill_cart(session, buyer=buyer)
        set_redeem_points(session=session, cart=cart, points=300, customer_id=buyer.customer_id)
        order = checkout(session, cart, buyer=buyer)
        for step in (OrderStatus.IN_PRODUCTION, OrderStatus.SHIPPED, OrderStatus.DELIVERED):
            change_status(session=session, order=order.token, to=step, actor="merchant")
        request = request_return(
            session=session, order=order.token, data=ReturnRequestCreate(kind="return", reason="x")
        )
        resolve_return(session=session, return_id=request.id, outcome="refund", actor="merchant")
        assert loyalty_balance(session=session, customer_id=buyer.customer_id) == 500

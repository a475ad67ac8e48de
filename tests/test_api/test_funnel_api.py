"""Carts and orders made through the API count in the staff's configuration funnel: an item put in
a cart through the API counts the cart as having started to configure the product (once per cart
and product, as the configure page counts a browser visit), and the stages are counted as a cohort,
so no stage shows more than the one before and no share is above 100%."""

from __future__ import annotations

import datetime as dt
import itertools

from sqlmodel import Session, col, select

from store.analytics_filter import AnalyticsFilter
from store.carts import add_to_cart, create_cart
from store.funnel import Funnel, funnel
from store.tables import CartLine, CartLineCreate, FunnelEvent, Order
from tests.store_helpers import HOME
from tests.test_api.fixtures_commerce import (  # noqa: F401
    HOODIE,
    TEE,
    Commerce,
    commerce,
    new_cart,
    place,
    shop_engine,
    staff_account,
)


def the_funnel(engine, actor: int, **filters) -> Funnel:
    with Session(engine) as session:
        return funnel(session=session, actor_id=actor, filters=AnalyticsFilter(**filters))


def assert_a_funnel(result: Funnel) -> None:
    counts = [step.count for step in result.steps]
    assert all(later <= earlier for earlier, later in itertools.pairwise(counts)), counts
    assert all(0.0 <= step.share <= 1.0 for step in result.steps), [step.share for step in result.steps]
    assert all(step.dropped >= 0 for step in result.steps)


def test_carts_and_an_order_made_through_the_api_start_the_funnel(commerce: Commerce):  # noqa: F811
    api = commerce.client
    ordered = new_cart(api, (TEE, 1), (HOODIE, 2))  # two items of one product: one start
    new_cart(api, (TEE, 3))
    placed = place(api, ordered)
    assert placed.status_code in (200, 201), placed.text
    actor = staff_account(commerce.engine, "operations")

    result = the_funnel(commerce.engine, actor, product_code="tshirt")
    assert [(step.stage, step.count) for step in result.steps] == [
        ("Started configuring", 2),
        ("Added to cart", 2),
        ("Ordered", 1),
    ]
    assert_a_funnel(result)
    assert result.steps[2].share == 0.5 and result.open_carts == 1
    with Session(commerce.engine) as session:
        events = session.exec(select(FunnelEvent)).all()
    assert sorted((e.product_code, e.stage) for e in events) == [("tshirt", "configure")] * 2
    assert all(ordered not in e.visit for e in events)  # the cart's private token is not kept in analytics


def test_a_cart_without_a_recorded_start_and_an_older_cart_still_make_a_cohort(commerce: Commerce):  # noqa: F811
    api = commerce.client
    old = new_cart(api, (TEE, 1))
    with Session(commerce.engine) as session:  # a cart filled before starts were recorded through the API
        bare = create_cart(session=session).token
        add_to_cart(
            session=session,
            cart=bare,
            line=CartLineCreate(product_code="tshirt", selection=TEE),
            delivery=HOME,
        )
    assert place(api, old).status_code in (200, 201)
    with Session(commerce.engine) as session:  # the ordered cart was filled and started last week
        lines = session.exec(select(CartLine).join(Order, col(Order.cart_id) == CartLine.cart_id)).all()
        for line in lines:
            line.added_at -= dt.timedelta(days=7)
            session.add(line)
        for event in session.exec(select(FunnelEvent)).all():
            event.created_at -= dt.timedelta(days=7)
            session.add(event)
        session.commit()
    actor = staff_account(commerce.engine, "operations")

    today = dt.datetime.now(dt.UTC).date()
    this_week = the_funnel(commerce.engine, actor, since=today - dt.timedelta(days=1))
    assert [step.count for step in this_week.steps] == [2, 2, 1]  # the order's cart, and the bare one
    assert_a_funnel(this_week)
    everything = the_funnel(commerce.engine, actor)
    assert [step.count for step in everything.steps] == [2, 2, 1]
    assert_a_funnel(everything)

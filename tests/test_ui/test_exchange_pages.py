"""Exchanges on the pages: the buyer picks the item and new choices (preselected with what was
bought), staff see the change before approving, and both orders point at each other after."""

from __future__ import annotations

from sqlmodel import func, select
from streamlit.testing.v1 import AppTest

from store.aftersales import request_return
from store.customers import register
from store.db import transaction
from store.lifecycle import change_status
from store.states import OrderStatus
from store.tables import CustomerCreate, Order, OrderLine, ReturnRequest, ReturnRequestCreate
from tests.conftest import ROOT
from tests.test_ui.buyer_app import app_at, seed_order, sign_in_as, texts

ORDERS = "pages/operations/orders.py"


def delivered_order(engine) -> tuple[str, int]:
    token = seed_order(engine)
    with transaction(engine) as session:
        for step in (OrderStatus.IN_PRODUCTION, OrderStatus.SHIPPED, OrderStatus.DELIVERED):
            change_status(session=session, order=token, to=step, actor="merchant")
        order = session.exec(select(Order).where(Order.token == token)).one()
        line = session.exec(select(OrderLine).where(OrderLine.order_id == order.id)).one()
        return token, line.id  # type: ignore[return-value]


def exchange_form(engine, token: str) -> AppTest:
    at = app_at("pages/buyer/order.py", order=token).run()
    at.radio(key="order:kind").set_value("exchange").run()
    assert not at.exception
    return at


def requests(engine) -> list[ReturnRequest]:
    with transaction(engine) as session:
        rows = session.exec(select(ReturnRequest)).all()
        session.expunge_all()
        return list(rows)


def links(at: AppTest) -> list[tuple[str, str]]:
    """(label, query string) of every page link on the page."""
    found = []
    for element in at.get("page_link"):
        proto = element.proto
        found.append((proto.label, proto.query_string))
    return found


def test_the_buyer_asks_for_another_size_with_the_bought_choices_preselected(db):
    token, line_id = delivered_order(db)
    at = exchange_form(db, token)
    size = at.selectbox(key=f"order:exchange:{line_id}:size")
    assert size.value == "m"
    assert at.selectbox(key=f"order:exchange:{line_id}:colour").value == "white"
    size.set_value("l")
    at.text_area(key="order:reason").input("Too tight")
    at.button(key="order:return").click().run()
    assert not at.exception
    assert "We received your request." in texts(at)
    assert "Item 1: Custom T-shirt, instead: Size: M -> L" in texts(at)
    (request,) = requests(db)
    assert request.kind == "exchange" and request.order_line_id == line_id
    assert request.replacement_selection["size"] == "l"
    assert request.replacement_selection["colour"] == "white"


def test_a_dearer_choice_is_refused_on_the_page_and_nothing_is_asked(db):
    token, line_id = delivered_order(db)
    at = exchange_form(db, token)
    at.selectbox(key=f"order:exchange:{line_id}:size").set_value("xxxl")
    at.text_area(key="order:reason").input("Bigger please")
    at.button(key="order:return").click().run()
    assert not at.exception
    assert any(
        "costs €5.00 more; return this one and order the new one instead" in e.value.replace("\\", "") for e in at.error
    )
    assert requests(db) == []
    with transaction(db) as session:
        assert session.exec(select(Order.status).where(Order.token == token)).one() == "delivered"


def test_staff_see_the_change_approve_it_and_both_orders_point_at_each_other(db):
    token, line_id = delivered_order(db)
    with transaction(db) as session:
        ops = register(
            session=session,
            data=CustomerCreate(email="ops@example.org", name="Ops", password="long-enough-1"),
            role="operations",
        ).id
        request_return(
            session=session,
            order=token,
            data=ReturnRequestCreate(
                kind="exchange",
                reason="<b>too tight</b>",
                order_line_id=line_id,
                replacement_selection={**seeded_selection(db, line_id), "size": "l"},
            ),
        )
    (request,) = requests(db)
    at = AppTest.from_file(str(ROOT / ORDERS), default_timeout=60)
    sign_in_as(at, ops)
    at.run()
    page = texts(at)
    assert "Exchange Item 1: Custom T-shirt" in page and "Wanted instead: Size: M -> L" in page
    assert "Reason: <b>too tight</b>" in page  # plain text
    approve = at.button(key=f"ops:return:{request.id}:approve")
    assert approve.label == "Approve and make the replacement"
    approve.click().run()
    assert not at.exception
    assert "The exchange is approved." in texts(at)
    with transaction(db) as session:
        assert session.exec(select(func.count()).select_from(Order)).one() == 2
        replacement = session.exec(select(Order).where(Order.token != token)).one()
        number, replacement_token = replacement.id, replacement.token
        original_number = session.exec(select(Order.id).where(Order.token == token)).one()
        assert replacement.total_minor == 0 and replacement.status == "paid"
    at.selectbox(key="ops:order").set_value(token).run()
    assert f"Replaced by order #{number}" in texts(at) and replacement_token in texts(at)
    at.selectbox(key="ops:order").set_value(replacement_token).run()
    assert f"Replacement (exchange, no charge) for order #{original_number}" in texts(at)

    buyer = app_at("pages/buyer/order.py", order=token).run()
    assert ("Follow your replacement (no charge)", f"order={replacement_token}") in links(buyer)
    other = app_at("pages/buyer/order.py", order=replacement_token).run()
    assert not other.exception
    assert "This order replaces an item you exchanged, at no charge." in texts(other)
    assert ("See the original order", f"order={token}") in links(other)
    assert "Size: L" in texts(other)


def seeded_selection(engine, line_id: int) -> dict:
    with transaction(engine) as session:
        return dict(session.get(OrderLine, line_id).configuration)

"""Exchanges that replace something: the buyer names an item and new choices; approval makes one
replacement order at no charge, with steps, reservations and purchase needs like any order."""

from __future__ import annotations

import pytest
from sqlmodel import Session, col, func, select

from store.aftersales import after_sales, request_return, resolve_return
from store.catalogs import sync_folder
from store.customers import register
from store.errors import ErrorCode, StoreError
from store.lifecycle import change_status, get_order
from store.order_actions import settle_return
from store.order_detail import order_detail
from store.states import OrderStatus
from store.tables import (
    AuditEntry,
    CustomerCreate,
    Material,
    Notification,
    Order,
    OrderEvent,
    OrderLine,
    Payment,
    ProductionStep,
    PurchaseNeed,
    ReturnRequest,
    ReturnRequestCreate,
    StockMovement,
)
from tests.factories import WORKSHOP_MUG
from tests.store_helpers import GUEST, MUG, checkout, fill_cart, mug_shop

BLUE = {**MUG, "glaze": "blue"}
LARGE = {"size": "large", "glaze": "white", "extras": [], "engraving": None}


@pytest.fixture
def shop(engine, tmp_path):
    """The mug shop with production steps; clay for 5 mugs, no glaze in stock (blue needs some)."""
    return mug_shop(engine, tmp_path, WORKSHOP_MUG)


def delivered_order(session, *, selection=MUG, buyer=GUEST):
    token = checkout(session, fill_cart(session, selection, buyer=buyer), buyer=buyer).token
    for status in (OrderStatus.IN_PRODUCTION, OrderStatus.SHIPPED, OrderStatus.DELIVERED):
        change_status(session=session, order=token, to=status, actor="merchant")
    return token


def line_of(session, token):
    order = session.exec(select(Order).where(Order.token == token)).one()
    return session.exec(select(OrderLine).where(OrderLine.order_id == order.id)).one()


def ask(session, token, selection, *, line_id=None, customer_id=None):
    return request_return(
        session=session,
        order=token,
        data=ReturnRequestCreate(
            kind="exchange",
            reason="wrong colour",
            order_line_id=line_id or line_of(session, token).id,
            replacement_selection=selection,
        ),
        customer_id=customer_id,
    )


def count(session, model, *where):
    return session.exec(select(func.count()).select_from(model).where(*where)).one()


def available(session, code):
    return session.exec(select(Material.available_micro).where(Material.code == code)).one()


def test_an_approved_exchange_makes_one_replacement_with_the_new_choices_at_no_charge(shop):
    with Session(shop) as session:
        token = delivered_order(session)
        original = session.exec(select(Order).where(Order.token == token)).one()
        assert available(session, "clay") == 1_600_000
        request = ask(session, token, BLUE)
        assert request.changes == ["Glaze: White -> Blue"]

        settled = resolve_return(session=session, return_id=request.id, outcome="exchange", actor="staff:1")

        assert settled.status == "exchanged" and settled.replacement_token
        replacement = session.exec(select(Order).where(Order.token == settled.replacement_token)).one()
        assert count(session, Order) == 2
        assert (replacement.total_minor, replacement.shipping_minor, replacement.tax_minor) == (0, 0, 0)
        assert replacement.status == "paid" and replacement.pricing["replaces"] == token
        assert (replacement.ship_city, replacement.contact_email, replacement.currency) == (
            original.ship_city,
            original.contact_email,
            original.currency,
        )
        assert count(session, Payment, Payment.order_id == replacement.id) == 0  # nothing charged
        [line] = session.exec(select(OrderLine).where(OrderLine.order_id == replacement.id)).all()
        assert line.configuration["glaze"] == "blue" and line.product_code == "mug"
        steps = session.exec(
            select(ProductionStep.name)
            .where(ProductionStep.order_id == replacement.id)
            .order_by(col(ProductionStep.position))
        ).all()
        assert steps == ["Throw", "Fire", "Glaze"]
        # The returned mug's clay came back once, then the replacement reserved its own;
        # the blue glaze nobody stocked became a purchase need.
        assert available(session, "clay") == 1_600_000
        kinds = session.exec(
            select(StockMovement.kind, StockMovement.order_id, StockMovement.quantity_micro).where(
                StockMovement.kind != "receipt"
            )
        ).all()
        assert sorted(kinds) == sorted(
            [
                ("reservation", original.id, -400_000),
                ("restock", original.id, 400_000),
                ("reservation", replacement.id, -400_000),
            ]
        )
        need = session.exec(select(PurchaseNeed).where(PurchaseNeed.order_id == replacement.id)).one()
        assert need.quantity_micro == 20_000_000 and need.status == "open"
        # Both orders name each other; the buyer is told with the replacement's private link.
        assert get_order(session=session, order=token).order.status == OrderStatus.EXCHANGED
        assert any(
            f"#{replacement.id}" in e.message
            for e in session.exec(select(OrderEvent).where(OrderEvent.order_id == original.id))
        )
        assert [e.status for e in get_order(session=session, order=replacement.token).events] == ["placed", "paid"]
        assert f"#{original.id}" in get_order(session=session, order=replacement.token).events[0].message
        mail = session.exec(select(Notification).where(Notification.order_id == replacement.id)).one()
        assert mail.body.rstrip().endswith(f"/order?order={replacement.token}") and "Glaze: White -> Blue" in mail.body
        assert "://" in mail.body  # the whole address, not a path without the shop
        assert after_sales(session=session, order=token).returns[0].replacement_token == replacement.token
        assert count(session, AuditEntry, AuditEntry.action == "order.replacement") == 1


def test_a_member_exchange_keeps_the_account_and_only_its_owner_sees_the_replacement(shop):
    with Session(shop) as session:
        owner = register(session=session, data=CustomerCreate(email="o@example.org", name="O", password="tea-for-two1"))
        other = register(session=session, data=CustomerCreate(email="x@example.org", name="X", password="tea-for-two2"))
        buyer = GUEST.__class__(email="o@example.org", name="O", customer_id=owner.id)
        token = delivered_order(session, buyer=buyer)
        with pytest.raises(StoreError) as caught:  # another account cannot ask for it
            ask(session, token, BLUE, customer_id=other.id)
        assert caught.value.code == ErrorCode.NOT_FOUND
        request = ask(session, token, BLUE, customer_id=owner.id)
        settled = resolve_return(session=session, return_id=request.id, outcome="exchange", actor="staff:1")
        replacement = session.exec(select(Order).where(Order.token == settled.replacement_token)).one()
        assert replacement.customer_id == owner.id
        assert (
            get_order(session=session, order=replacement.token, customer_id=owner.id).lines[0].configuration["glaze"]
            == "blue"
        )
        with pytest.raises(StoreError):
            get_order(session=session, order=replacement.token, customer_id=other.id)
        mine = after_sales(session=session, order=token, customer_id=owner.id).returns
        assert [r.replacement_token for r in mine] == [replacement.token]


def test_a_dearer_replacement_is_refused_with_the_difference_and_nothing_changes(shop):
    with Session(shop) as session:
        token = delivered_order(session)
        with pytest.raises(StoreError) as caught:
            ask(session, token, LARGE)
        assert caught.value.code == ErrorCode.BAD_INPUT
        assert "costs EUR 3.00 more" in caught.value.message
        assert "return this one and order the new one instead" in caught.value.message
        assert get_order(session=session, order=token).order.status == OrderStatus.DELIVERED
        assert count(session, ReturnRequest) == 0


def test_a_cheaper_replacement_is_free(shop):
    with Session(shop) as session:
        token = delivered_order(session, selection=LARGE)
        request = ask(session, token, {**LARGE, "size": "small", "engraving": None})
        settled = resolve_return(session=session, return_id=request.id, outcome="exchange", actor="staff:1")
        replacement = session.exec(select(Order).where(Order.token == settled.replacement_token)).one()
        assert replacement.total_minor == 0 and replacement.subtotal_minor == replacement.discount_minor == 1200


@pytest.mark.parametrize(
    ("selection", "code", "words"),
    [
        ({**MUG, "extras": ["lid"]}, ErrorCode.INVALID_LINE, "Lids fit the large mug only."),
        ({**MUG, "glaze": "gold"}, ErrorCode.INVALID_LINE, "gold"),
        (MUG, ErrorCode.BAD_INPUT, "choose at least one thing to change"),
    ],
)
def test_an_invalid_replacement_is_refused_and_nothing_changes(shop, selection, code, words):
    with Session(shop) as session:
        token = delivered_order(session)
        with pytest.raises(StoreError) as caught:
            ask(session, token, selection)
        assert caught.value.code == code and words in caught.value.message
        assert get_order(session=session, order=token).order.status == OrderStatus.DELIVERED
        assert count(session, ReturnRequest) == 0


def test_the_item_must_belong_to_the_order(shop):
    with Session(shop) as session:
        token = delivered_order(session)
        other = delivered_order(session)
        with pytest.raises(StoreError) as caught:
            ask(session, token, BLUE, line_id=line_of(session, other).id)
        assert caught.value.code == ErrorCode.NOT_FOUND
        with pytest.raises(StoreError) as caught:
            request_return(
                session=session,
                order=token,
                data=ReturnRequestCreate(kind="return", reason="x", replacement_selection=BLUE),
            )
        assert caught.value.code == ErrorCode.BAD_INPUT
        assert count(session, ReturnRequest) == 0


def test_approving_twice_is_refused_and_makes_no_second_replacement(shop):
    with Session(shop) as session:
        token = delivered_order(session)
        request = ask(session, token, BLUE)
        resolve_return(session=session, return_id=request.id, outcome="exchange", actor="staff:1")
        with pytest.raises(StoreError) as caught:
            resolve_return(session=session, return_id=request.id, outcome="exchange", actor="staff:1")
        assert caught.value.code == ErrorCode.ILLEGAL_TRANSITION
        assert count(session, Order) == 2
        assert count(session, StockMovement, StockMovement.kind == "restock") == 1


def test_a_choice_that_became_dearer_before_approval_is_refused_and_nothing_changes(shop, tmp_path):
    with Session(shop) as session:
        token = delivered_order(session)
        request = ask(session, token, BLUE)
        dearer = WORKSHOP_MUG.replace('hex: "#1144AA",', 'hex: "#1144AA", price: 5.00,')
        (tmp_path / "catalogs" / "mug.yaml").write_text(dearer)
        sync_folder(engine=shop, folder=tmp_path / "catalogs")
        session.expire_all()
        with pytest.raises(StoreError) as caught:
            resolve_return(session=session, return_id=request.id, outcome="exchange", actor="staff:1")
        assert "costs EUR 5.00 more" in caught.value.message
        session.rollback()
        assert count(session, Order) == 1
        assert session.get(ReturnRequest, request.id).status == "requested"
        assert get_order(session=session, order=token).order.status == OrderStatus.RETURN_REQUESTED
        assert count(session, StockMovement, StockMovement.kind == "restock") == 0


def test_staff_see_the_requested_change_and_the_link_between_the_orders(shop):
    with Session(shop) as session:
        ops = register(
            session=session,
            data=CustomerCreate(email="ops@shop.example.org", name="ops", password="long-enough-1"),
            role="operations",
        ).id
        token = delivered_order(session)
        request = ask(session, token, BLUE)
        before = order_detail(session=session, actor_id=ops, order=token)
        assert before.returns[0].changes == ["Glaze: White -> Blue"] and before.replaced_by == []
        settled = settle_return(session=session, actor_id=ops, return_id=request.id, approve=True)
        after = order_detail(session=session, actor_id=ops, order=token)
        replacement = order_detail(session=session, actor_id=ops, order=settled.replacement_token)
        assert [link.token for link in after.replaced_by] == [replacement.order.token]
        assert replacement.replaces is not None and replacement.replaces.token == token
        assert replacement.replaces.number == after.number


def test_a_replacement_is_not_counted_as_a_new_sale(shop):
    from store.analytics import sold_orders
    from store.analytics_filter import AnalyticsFilter

    with Session(shop) as session:
        token = delivered_order(session)
        request = ask(session, token, BLUE)
        resolve_return(session=session, return_id=request.id, outcome="exchange", actor="staff:1")
        assert count(session, Order) == 2
        sales = sold_orders(session, AnalyticsFilter(), leave_out=("cancelled", "returned"))
        assert [sale.order_id for sale in sales] == [line_of(session, token).order_id]

"""Order lifecycle, returns window, stock restored once, reviews, support, snapshot immutability."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import Session, func, select

from store.aftersales import (
    add_review,
    messages,
    post_message,
    reply_to_review,
    request_return,
    resolve_return,
    reviews_for_product,
)
from store.catalogs import sync_folder
from store.errors import ErrorCode, StoreError
from store.lifecycle import cancel_order, change_status, get_order
from store.notify import FolderSender, deliver_outbox
from store.states import OrderStatus
from store.tables import (
    Material,
    Notification,
    Order,
    OrderLine,
    PurchaseNeed,
    ReturnRequestCreate,
    ReviewCreate,
    StockMovement,
    SupportMessageCreate,
)
from tests.factories import SMALL_CATALOG
from tests.store_helpers import MUG, checkout, fill_cart

STARS = ReviewCreate(overall=5, product_quality=5, delivery_speed=4, service=5, text="Lovely")


def deliver(session, token):
    for status in (OrderStatus.IN_PRODUCTION, OrderStatus.SHIPPED, OrderStatus.DELIVERED):
        change_status(session=session, order=token, to=status, actor="merchant")


def clay(session):
    return session.exec(select(Material).where(Material.code == "clay")).one()


def movements_add_up(session):
    for material in session.exec(select(Material)).all():
        moved = session.exec(
            select(func.sum(StockMovement.quantity_micro)).where(StockMovement.material_id == material.id)
        ).one()
        assert material.available_micro == (moved or 0) and material.available_micro >= 0


def test_an_order_walks_the_lifecycle_and_the_buyer_sees_each_step(shop, tmp_path):
    with Session(shop) as session:
        order = checkout(session, fill_cart(session))
        deliver(session, order.token)
        detail = get_order(session=session, order=order.token)
        assert [e.status for e in detail.events] == ["placed", "paid", "in_production", "shipped", "delivered"]
        assert detail.order.delivered_at is not None
        sent = deliver_outbox(session=session, sender=FolderSender(tmp_path / "mailbox"))
        assert sent == 4  # confirmation + three updates
        assert len(list((tmp_path / "mailbox").glob("*.eml"))) == 4
        assert session.exec(select(Notification).where(Notification.status == "pending")).all() == []


def test_illegal_transitions_are_refused_with_what_is_allowed(shop):
    with Session(shop) as session:
        order = checkout(session, fill_cart(session))
        with pytest.raises(StoreError) as caught:
            change_status(session=session, order=order.token, to=OrderStatus.DELIVERED, actor="merchant")
        assert caught.value.code == ErrorCode.ILLEGAL_TRANSITION
        assert caught.value.data == {
            "current": "paid",
            "requested": "delivered",
            "allowed": ["cancelled", "in_production"],
        }
        assert get_order(session=session, order=order.token).order.status == "paid"


def test_cancelling_gives_stock_back_and_cancels_purchase_needs(shop):
    with Session(shop) as session:
        order = checkout(session, fill_cart(session, MUG, quantity=6))
        assert clay(session).available_micro == 0
        cancel_order(session=session, order=order.token)
        assert clay(session).available_micro == 2_000_000 and clay(session).reserved_micro == 0
        assert {n.status for n in session.exec(select(PurchaseNeed)).all()} == {"cancelled"}
        with pytest.raises(StoreError):
            cancel_order(session=session, order=order.token)
        assert clay(session).available_micro == 2_000_000
        movements_add_up(session)


def test_a_refund_within_the_window_restores_stock_exactly_once(shop):
    with Session(shop) as session:
        order = checkout(session, fill_cart(session))
        deliver(session, order.token)
        assert clay(session).available_micro == 1_600_000
        request = request_return(
            session=session, order=order.token, data=ReturnRequestCreate(kind="return", reason="too small")
        )
        resolved = resolve_return(session=session, return_id=request.id, outcome="refund", actor="merchant")
        assert resolved.status == "refunded" and resolved.refund_minor == order.total_minor
        assert clay(session).available_micro == 2_000_000
        with pytest.raises(StoreError) as caught:
            resolve_return(session=session, return_id=request.id, outcome="refund", actor="merchant")
        assert caught.value.code == ErrorCode.ILLEGAL_TRANSITION
        assert clay(session).available_micro == 2_000_000
        assert get_order(session=session, order=order.token).order.status == "returned"
        movements_add_up(session)


def test_returns_close_after_the_policy_window(shop):
    with Session(shop) as session:
        order = checkout(session, fill_cart(session))
        with pytest.raises(StoreError) as caught:
            request_return(session=session, order=order.token, data=ReturnRequestCreate(kind="return", reason="x"))
        assert caught.value.code == ErrorCode.NOT_DELIVERED
        deliver(session, order.token)
        delivered = get_order(session=session, order=order.token).order.delivered_at
        late = delivered + dt.timedelta(days=7, minutes=1)
        with pytest.raises(StoreError) as caught:
            request_return(
                session=session, order=order.token, data=ReturnRequestCreate(kind="exchange", reason="x"), at=late
            )
        assert caught.value.code == ErrorCode.RETURN_WINDOW_CLOSED
        longer = request_return(
            session=session,
            order=order.token,
            data=ReturnRequestCreate(kind="exchange", reason="wrong colour"),
            at=late,
            window_days=14,
        )
        assert resolve_return(session=session, return_id=longer.id, outcome="exchange", actor="m").status == "exchanged"
        assert clay(session).available_micro == 1_600_000  # an exchange refunds nothing and restocks nothing


def test_one_review_per_delivered_line_with_one_reply(shop):
    with Session(shop) as session:
        order = checkout(session, fill_cart(session))
        line_id = session.exec(select(OrderLine.id)).one()
        with pytest.raises(StoreError) as caught:
            add_review(session=session, order=order.token, order_line_id=line_id, data=STARS)
        assert caught.value.code == ErrorCode.NOT_DELIVERED
        deliver(session, order.token)
        review = add_review(session=session, order=order.token, order_line_id=line_id, data=STARS)
        assert (review.overall, review.delivery_speed, review.author_name) == (5, 4, "Ana")
        with pytest.raises(StoreError) as caught:
            add_review(session=session, order=order.token, order_line_id=line_id, data=STARS)
        assert caught.value.code == ErrorCode.ALREADY_REVIEWED
        reply_to_review(session=session, review_id=review.id, text="Thank you!", actor="merchant")
        with pytest.raises(StoreError) as caught:
            reply_to_review(session=session, review_id=review.id, text="Again", actor="merchant")
        assert caught.value.code == ErrorCode.ALREADY_REPLIED
        (shown,) = reviews_for_product(session=session, product_code="mug")
        assert shown.reply == "Thank you!"


def test_support_messages_stay_on_their_order(shop):
    with Session(shop) as session:
        mine = checkout(session, fill_cart(session))
        theirs = checkout(session, fill_cart(session))
        post_message(session=session, order=mine.token, data=SupportMessageCreate(body="Gift wrap?"), author="buyer")
        post_message(session=session, order=mine.token, data=SupportMessageCreate(body="Sure"), author="merchant")
        assert [m.body for m in messages(session=session, order=mine.token)] == ["Gift wrap?", "Sure"]
        assert messages(session=session, order=theirs.token) == []


def test_a_later_catalog_version_does_not_change_an_order(shop, tmp_path):
    with Session(shop) as session:
        order = checkout(session, fill_cart(session))
        before = get_order(session=session, order=order.token).lines[0]
    folder = tmp_path / "v2"
    folder.mkdir()
    changed = SMALL_CATALOG.replace("price: 12.00", "price: 14.00").replace("name: White", "name: Snow")
    (folder / "mug.yaml").write_text(changed)
    sync_folder(engine=shop, folder=folder)
    with Session(shop) as session:
        after = get_order(session=session, order=order.token)
        assert after.lines[0] == before
        assert after.order.total_minor == order.total_minor
        assert before.unit_price_minor == 1200 and before.catalog_version == 1
        newer = checkout(session, fill_cart(session))
        line = session.exec(select(OrderLine).join(Order).where(Order.token == newer.token)).one()
        assert line.unit_price_minor == 1400 and line.catalog_version == 2
        assert [
            o["name"] for m in line.snapshot["modules"] for o in m.get("options", []) if m["module"] == "glaze"
        ] == ["Snow"]


def test_the_buyer_cannot_cancel_once_production_started_and_the_store_says_why(shop):
    """What the order page offers (store.states.buyer_may_cancel) is what the service enforces."""
    with Session(shop) as session:
        order = checkout(session, fill_cart(session))
        change_status(session=session, order=order.token, to=OrderStatus.IN_PRODUCTION, actor="merchant")
        with pytest.raises(StoreError) as caught:
            cancel_order(session=session, order=order.token)
        assert caught.value.code == ErrorCode.ILLEGAL_TRANSITION
        assert "no longer be cancelled: it is in production" in caught.value.message
        assert get_order(session=session, order=order.token).order.status == OrderStatus.IN_PRODUCTION

"""Placing orders: server-side re-validation and re-pricing, snapshots, stock, idempotency."""

from __future__ import annotations

import pytest
from sqlmodel import Session, func, select

from store.errors import ErrorCode, StoreError
from store.lifecycle import get_order
from store.payments import TEST_CARD_DECLINED
from store.tables import (
    AuditEntry,
    Cart,
    CartLine,
    Material,
    Notification,
    Order,
    OrderEvent,
    OrderLine,
    ProductionStep,
    PurchaseNeed,
    StockMovement,
)
from tests.store_helpers import GUEST, MUG, checkout, fill_cart


def count(session, table):
    return session.exec(select(func.count()).select_from(table)).one()


def test_an_order_snapshots_prices_names_and_materials(shop):
    with Session(shop) as session:
        cart = fill_cart(session, {"size": "large", "glaze": "blue", "extras": ["lid"]})
        order = checkout(session, cart)
        detail = get_order(session=session, order=order.token)
    assert order.status == "paid"
    assert len(order.token) >= 22 and not order.token.isdigit()
    (line,) = detail.lines
    assert line.unit_price_minor == 1900  # 12.00 + 3.00 large + 4.00 lid
    assert line.configuration == {"size": "large", "glaze": "blue", "extras": ["lid"], "engraving": ""}
    names = {m["module"]: [o["name"] for o in m.get("options", [])] for m in line.snapshot["modules"]}
    assert names["glaze"] == ["Blue"] and names["extras"] == ["Lid"]
    assert line.snapshot["bill_of_materials"] == {"clay": "0.4", "glaze": "20"}
    assert line.catalog_version == 1 and len(line.catalog_fingerprint) == 64
    assert [e.status for e in detail.events] == ["placed", "paid"]


def test_everything_an_order_needs_is_written_in_one_go(shop):
    with Session(shop) as session:
        order = checkout(session, fill_cart(session))
        row = session.exec(select(Order).where(Order.token == order.token)).one()
        assert count(session, OrderLine) == 1
        assert count(session, OrderEvent) == 2
        assert session.exec(select(StockMovement).where(StockMovement.order_id == row.id)).all()
        assert session.exec(select(AuditEntry).where(AuditEntry.action == "order.place")).one()
        assert session.exec(select(Notification).where(Notification.order_id == row.id)).one()
        assert session.exec(select(Cart)).one().status == "ordered"


def test_a_changed_price_places_nothing_and_says_the_new_total(shop):
    with Session(shop) as session:
        cart = fill_cart(session)
        with pytest.raises(StoreError) as caught:
            checkout(session, cart, amount=1)
        assert caught.value.code == ErrorCode.PRICE_CHANGED
        assert caught.value.data["expected_minor"] == 1
        assert caught.value.data["total_minor"] > 1
        assert count(session, Order) == 0 and count(session, StockMovement) == 2  # the two receipts


def test_a_declined_card_places_nothing(shop):
    with Session(shop) as session:
        with pytest.raises(StoreError) as caught:
            checkout(session, fill_cart(session), card=TEST_CARD_DECLINED)
        assert caught.value.code == ErrorCode.PAYMENT_DECLINED
        assert caught.value.data["test_mode"] is True
        assert count(session, Order) == 0


def test_a_line_that_breaks_a_rule_is_refused_at_checkout(shop):
    with Session(shop) as session:
        cart = fill_cart(session)
        # The cart line is edited behind the cart service's back into an invalid product.
        line = session.exec(select(CartLine)).one()
        line.selection = {"size": "small", "glaze": "white", "extras": ["lid"]}
        session.commit()
        with pytest.raises(StoreError) as caught:
            checkout(session, cart, amount=1900)
        assert caught.value.code == ErrorCode.INVALID_LINE
        assert "Lids fit the large mug only." in caught.value.data["problems"]
        assert count(session, Order) == 0


def test_the_same_key_gives_back_the_same_order(shop):
    with Session(shop) as session:
        cart = fill_cart(session)
        first = checkout(session, cart, key="same-key-123")
        again = checkout(session, cart, key="same-key-123", amount=first.total_minor)
        assert again.token == first.token
        assert count(session, Order) == 1


def test_stock_short_of_an_order_becomes_a_purchase_need(shop):
    with Session(shop) as session:
        checkout(session, fill_cart(session, MUG, quantity=7))  # 7 x 0.4 kg clay, 2 kg in stock
        clay = session.exec(select(Material).where(Material.code == "clay")).one()
        assert clay.available_micro == 0 and clay.reserved_micro == 2_000_000
        (need,) = session.exec(select(PurchaseNeed)).all()
        assert need.quantity_micro == 800_000 and need.status == "open"


def test_production_steps_come_from_the_order(shop):
    with Session(shop) as session:
        checkout(session, fill_cart(session))
        steps = session.exec(select(ProductionStep)).all()
    # The small mug catalog declares no steps: none are invented.
    assert steps == []


def test_another_buyer_cannot_read_an_order(shop):
    from store.customers import register
    from store.tables import CustomerCreate

    with Session(shop) as session:
        owner = register(session=session, data=CustomerCreate(email="o@example.org", name="O", password="tea-for-two1"))
        other = register(session=session, data=CustomerCreate(email="x@example.org", name="X", password="tea-for-two2"))
        buyer = GUEST.__class__(email="o@example.org", name="O", customer_id=owner.id)
        order = checkout(session, fill_cart(session, buyer=buyer), buyer=buyer)
        with pytest.raises(StoreError) as caught:
            get_order(session=session, order=order.token, customer_id=other.id)
        assert caught.value.code == ErrorCode.NOT_FOUND
        with pytest.raises(StoreError):
            get_order(session=session, order="not-a-token")
        assert get_order(session=session, order=order.token, customer_id=owner.id).order.token == order.token


def test_a_stored_coupon_is_counted_and_never_used_past_its_limit(shop):
    from store.carts import set_coupon
    from store.coupons import create_coupon
    from store.tables import Coupon, CouponCreate, CouponRedemption

    with Session(shop) as session:
        create_coupon(
            session=session,
            data=CouponCreate(code="mug10", label="10% off", kind="percent", percent=10, max_uses=1),
            actor="merchant",
        )
        first, second = fill_cart(session), fill_cart(session)
        set_coupon(session=session, cart=first, code="mug10")
        set_coupon(session=session, cart=second, code="mug10")
        order = checkout(session, first)
        assert order.discount_minor == 120
        assert session.exec(select(Coupon)).one().uses == 1
        assert session.exec(select(CouponRedemption)).one().amount_minor == 120
        placed = checkout(session, second)  # used up: pricing refuses it, the buyer pays the full price
        assert placed.discount_minor == 0
        assert session.exec(select(Coupon)).one().uses == 1


def test_a_failure_after_the_charge_refunds_it_and_writes_nothing(shop, monkeypatch):
    from store import order_record
    from store.carts import view_cart
    from store.orders import PaymentDetails, place_order
    from store.payments import TEST_CARD_OK, TestPaymentProvider
    from tests.store_helpers import HOME

    class Recording(TestPaymentProvider):
        def __init__(self):
            super().__init__()
            self.refunds = []

        def refund(self, *, reference, amount_minor, currency, idempotency_key=None):
            self.refunds.append((reference, amount_minor, currency))
            return super().refund(
                reference=reference, amount_minor=amount_minor, currency=currency, idempotency_key=idempotency_key
            )

    def broken_reserve(*args, **kwargs):
        raise RuntimeError("stock service down")

    provider = Recording()
    with Session(shop) as session:
        cart = fill_cart(session)
        total = view_cart(session=session, cart=cart, delivery=HOME, customer_id=None).quote.total.to_minor()
        monkeypatch.setattr(order_record, "reserve", broken_reserve)
        with pytest.raises(RuntimeError):
            place_order(
                session=session,
                cart=cart,
                buyer=GUEST,
                delivery=HOME,
                payment=PaymentDetails(card=TEST_CARD_OK, amount_minor=total),
                idempotency_key="refund-key-0001",
                provider=provider,
            )
        assert [(amount, currency) for _, amount, currency in provider.refunds] == [(total, "EUR")]
        assert count(session, Order) == 0 and count(session, OrderLine) == 0
        assert session.exec(select(Cart)).one().status == "open"

"""Order lifecycle: which status may follow which, and reading orders (only your own).

    placed -> paid -> in_production -> shipped -> delivered -> return_requested -> returned | exchanged
    placed | paid -> cancelled;  return_requested -> delivered (request declined)

Every transition is a conditional UPDATE (`WHERE status = :from`), an event the buyer sees, an
e-mail in the outbox and an audit row, in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, col, select

import i18n
from i18n.words import N_
from store.audit import audit
from store.db import atomic
from store.errors import ErrorCode, StoreError
from store.input_checks import plausible_token
from store.notify import notify_buyer
from store.payments import PaymentProvider
from store.states import OrderStatus, buyer_may_cancel, status_label
from store.stock import consume, give_back
from store.tables import (
    LoyaltyEntry,
    Order,
    OrderEvent,
    OrderEventPublic,
    OrderLine,
    OrderLinePublic,
    OrderPublic,
    Payment,
    ProductionStep,
    now,
)

TRANSITIONS: dict[OrderStatus, frozenset[OrderStatus]] = {
    OrderStatus.PLACED: frozenset({OrderStatus.PAID, OrderStatus.CANCELLED}),
    OrderStatus.PAID: frozenset({OrderStatus.IN_PRODUCTION, OrderStatus.CANCELLED}),
    OrderStatus.IN_PRODUCTION: frozenset({OrderStatus.SHIPPED}),
    OrderStatus.SHIPPED: frozenset({OrderStatus.DELIVERED}),
    OrderStatus.DELIVERED: frozenset({OrderStatus.RETURN_REQUESTED}),
    OrderStatus.RETURN_REQUESTED: frozenset({OrderStatus.RETURNED, OrderStatus.EXCHANGED, OrderStatus.DELIVERED}),
    OrderStatus.CANCELLED: frozenset(),
    OrderStatus.RETURNED: frozenset(),
    OrderStatus.EXCHANGED: frozenset(),
}

MESSAGES: dict[OrderStatus, str] = {
    OrderStatus.PAID: N_("Payment received"),
    OrderStatus.IN_PRODUCTION: N_("Your order is being made"),
    OrderStatus.SHIPPED: N_("Your order has shipped"),
    OrderStatus.DELIVERED: N_("Your order has been delivered"),
    OrderStatus.CANCELLED: N_("Your order has been cancelled"),
    OrderStatus.RETURN_REQUESTED: N_("We received your return request"),
    OrderStatus.RETURNED: N_("Your return is complete and refunded"),
    OrderStatus.EXCHANGED: N_("Your exchange is on its way"),
}


@dataclass(frozen=True, slots=True)
class OrderDetail:
    order: OrderPublic
    lines: list[OrderLinePublic]
    events: list[OrderEventPublic]
    number: int = 0  # the order number staff and buyer quote to each other (#12)
    made: tuple[int, int] = (0, 0)  # the workshop's production steps: (done, all)
    pricing: dict[str, Any] = field(default_factory=dict)  # the server's quote as sold (amounts as text)
    paid_minor: int = 0  # what the buyer's payments charged
    refunded_minor: int = 0  # what was paid back to them (positive)


def find_order(*, session: Session, order: str, customer_id: int | None = None, lock: bool = False) -> Order:
    """The order with this private token. An account's order is refused to another account."""
    if not plausible_token(order):
        raise StoreError(ErrorCode.NOT_FOUND, "no such order")
    query = select(Order).where(Order.token == order).execution_options(populate_existing=True)
    row = session.exec(query.with_for_update() if lock else query).first()
    if row is None or (customer_id is not None and row.customer_id not in (None, customer_id)):
        raise StoreError(ErrorCode.NOT_FOUND, "no such order")
    return row


def get_order(*, session: Session, order: str, customer_id: int | None = None) -> OrderDetail:
    """What the buyer's tracking page shows: the order, its lines (as sold) and its events."""
    with atomic(session):
        row = find_order(session=session, order=order, customer_id=customer_id)
        lines = session.exec(
            select(OrderLine).where(OrderLine.order_id == row.id).order_by(col(OrderLine.position))
        ).all()
        events = session.exec(
            select(OrderEvent).where(OrderEvent.order_id == row.id).order_by(col(OrderEvent.id))
        ).all()
        steps = session.exec(select(ProductionStep.status).where(ProductionStep.order_id == row.id)).all()
        payments = session.exec(select(Payment.kind, Payment.amount_minor).where(Payment.order_id == row.id)).all()
        return OrderDetail(
            OrderPublic.model_validate(row),
            [OrderLinePublic.model_validate(line) for line in lines],
            [OrderEventPublic.model_validate(e) for e in events],
            number=row.id or 0,
            made=(sum(1 for status in steps if status == "done"), len(steps)),
            pricing=dict(row.pricing or {}),
            paid_minor=sum(amount for kind, amount in payments if kind == "charge"),
            refunded_minor=-sum(amount for kind, amount in payments if kind == "refund"),
        )


def get_invoice(*, session: Session, order: str, customer_id: int | None = None) -> OrderDetail:
    """What the buyer's invoice says, read from the stored order: the order as `get_order` gives it
    (the same check: the private token, an account's order refused to another account), refused
    as well while nothing has been paid for it."""
    detail = get_order(session=session, order=order, customer_id=customer_id)
    if detail.paid_minor <= 0:
        raise StoreError(ErrorCode.NOT_FOUND, "this order has no invoice: nothing has been paid for it")
    return detail


@dataclass(frozen=True, slots=True)
class AccountOrder:
    """One line of a buyer's order history: the order, its number and what was in it."""

    order: OrderPublic
    number: int
    items: list[tuple[str, str, int]]  # (product code, product name as sold, quantity), in order


def account_orders(*, session: Session, customer_id: int) -> list[AccountOrder]:
    """The account's orders, newest first, each with its number and items (two queries)."""
    rows = session.exec(
        select(Order).where(Order.customer_id == customer_id).order_by(col(Order.placed_at).desc())
    ).all()
    items: dict[int, list[tuple[str, str, int]]] = {row.id or 0: [] for row in rows}
    if items:
        lines = session.exec(
            select(OrderLine)
            .where(col(OrderLine.order_id).in_(list(items)))
            .order_by(col(OrderLine.order_id), col(OrderLine.position))
        ).all()
        for line in lines:
            items[line.order_id].append((line.product_code, line.product_name, line.quantity))
    return [AccountOrder(OrderPublic.model_validate(row), row.id or 0, items[row.id or 0]) for row in rows]


def advance(*, session: Session, order: Order, to: OrderStatus, actor: str, note: str = "") -> None:
    """Move `order` to `to` inside the caller's transaction; ILLEGAL_TRANSITION if not allowed."""
    current = OrderStatus(order.status)
    if to not in TRANSITIONS[current]:
        raise StoreError(
            ErrorCode.ILLEGAL_TRANSITION,
            f"an order that is {current.value} cannot become {to.value}",
            current=current.value,
            requested=to.value,
            allowed=sorted(s.value for s in TRANSITIONS[current]),
        )
    values: dict[str, object] = {"status": to.value}
    if to == OrderStatus.DELIVERED and order.delivered_at is None:
        values["delivered_at"] = now()
    moved = session.execute(
        update(Order).where(col(Order.id) == order.id, col(Order.status) == current.value).values(**values)
    )
    if moved.rowcount != 1:  # type: ignore[attr-defined]  # someone else moved it meanwhile
        raise StoreError(
            ErrorCode.ILLEGAL_TRANSITION, N_("the order changed meanwhile; reload it"), current=current.value
        )
    session.refresh(order)
    message = MESSAGES[to] + (f": {note}" if note else "")
    session.add(
        OrderEvent(order_id=order.id, previous_status=current.value, status=to.value, message=message, actor=actor)  # type: ignore[arg-type]
    )
    lang = i18n.language(order.language)  # the e-mail in the language the buyer ordered in
    said = i18n.gettext(MESSAGES[to], lang) + (f": {note}" if note else "")
    notify_buyer(
        session=session,
        order=order,
        subject=i18n.gettext("Order #{number}: {status}", lang).format(
            number=order.id, status=i18n.gettext(status_label(to), lang)
        ),
        body=said,
    )
    audit(session=session, actor=actor, action=f"order.{to.value}", entity=order, data={"from": current.value})
    if to == OrderStatus.SHIPPED:
        consume(session=session, order_id=order.id)  # type: ignore[arg-type]
    if to == OrderStatus.IN_PRODUCTION:
        pass  # production steps were written with the order; the workshop ticks them off


def restore_stock_once(*, session: Session, order: Order, kind: str) -> bool:
    """Give the order's reserved materials back, at most once per order (cancel or refund)."""
    flipped = session.execute(
        update(Order).where(col(Order.id) == order.id, col(Order.stock_restored).is_(False)).values(stock_restored=True)
    )
    if flipped.rowcount != 1:  # type: ignore[attr-defined]
        return False
    give_back(session=session, order_id=order.id, kind=kind)  # type: ignore[arg-type]
    return True


def restore_points_once(*, session: Session, order: Order, withdraw_earned: bool = True) -> int:
    """Give back the loyalty points the order spent (and take back those it earned), at most once
    per order; returns the points given back. Inside the caller's transaction."""
    if order.customer_id is None:
        return 0
    entries = session.exec(select(LoyaltyEntry).where(LoyaltyEntry.order_id == order.id)).all()
    if any(e.reason == "restored" for e in entries):
        return 0
    spent = -sum(e.points for e in entries if e.reason == "redeemed")
    earned = sum(e.points for e in entries if e.reason == "earned")
    already_withdrawn = -sum(e.points for e in entries if e.reason in ("refund", "withdrawn"))
    if spent > 0:
        session.add(LoyaltyEntry(customer_id=order.customer_id, order_id=order.id, points=spent, reason="restored"))
    if withdraw_earned and earned - already_withdrawn > 0:
        session.add(
            LoyaltyEntry(
                customer_id=order.customer_id,
                order_id=order.id,
                points=-(earned - already_withdrawn),
                reason="withdrawn",
            )
        )
    session.flush()
    return spent


def refund(*, session: Session, order: Order, amount_minor: int, provider: PaymentProvider) -> None:
    charge = session.exec(
        select(Payment).where(Payment.order_id == order.id, Payment.kind == "charge").order_by(col(Payment.id))
    ).first()
    if charge is None or amount_minor <= 0:
        return
    result = provider.refund(reference=charge.reference, amount_minor=amount_minor, currency=order.currency)
    session.add(
        Payment(
            order_id=order.id,  # type: ignore[arg-type]
            provider=provider.name,
            kind="refund",
            reference=result.reference,
            amount_minor=-amount_minor,
            currency=order.currency,
            test_mode=result.test_mode,
        )
    )


def change_status(
    *,
    session: Session,
    order: str,
    to: OrderStatus,
    actor: str,
    note: str = "",
    provider: PaymentProvider | None = None,
) -> OrderPublic:
    """A merchant (or the system) moves an order on. Cancelling gives stock back and refunds."""
    from store.orders import default_provider

    with atomic(session):
        row = find_order(session=session, order=order, lock=True)
        was_paid = row.status == OrderStatus.PAID
        advance(session=session, order=row, to=to, actor=actor, note=note)
        if to == OrderStatus.CANCELLED:
            restore_stock_once(session=session, order=row, kind="release")
            restore_points_once(session=session, order=row)
            if was_paid:
                refund(
                    session=session, order=row, amount_minor=row.total_minor, provider=provider or default_provider()
                )
        return OrderPublic.model_validate(row)


def cancel_order(
    *, session: Session, order: str, customer_id: int | None = None, provider: PaymentProvider | None = None
) -> OrderPublic:
    """The buyer cancels before production starts (refunded in full, through `provider`)."""
    with atomic(session):
        found = find_order(session=session, order=order, customer_id=customer_id)  # access check
        if not buyer_may_cancel(found.status):
            state = found.status.replace("_", " ")
            raise StoreError(ErrorCode.ILLEGAL_TRANSITION, f"this order can no longer be cancelled: it is {state}")
    return change_status(session=session, order=order, to=OrderStatus.CANCELLED, actor="buyer", provider=provider)

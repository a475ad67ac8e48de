"""What operations staff read about orders: a filtered, paginated list and one order in full.

Every read re-checks the caller's role on the server (`store.staff.authorize`). The actions that
change an order (advance it, tick off a production step, settle a return, answer a message or a
review) are in `store.order_actions`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, func, or_
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from store.db import atomic
from store.lifecycle import TRANSITIONS, Status, find_order
from store.staff import OPERATIONS, authorize
from store.tables import (
    Material,
    MerchantReply,
    Order,
    OrderEvent,
    OrderLine,
    OrderLinePublic,
    OrderPublic,
    Payment,
    ProductionStep,
    PurchaseNeed,
    ReturnRequest,
    ReturnRequestPublic,
    Review,
    SupportMessage,
    SupportMessagePublic,
)

OPEN_STATUSES = (Status.PLACED, Status.PAID, Status.IN_PRODUCTION, Status.SHIPPED)
MAX_PAGE_SIZE = 200


@dataclass(frozen=True, slots=True, kw_only=True)
class OrderFilter:
    """What the staff order list shows; every field is optional (None / "" / False: no filter)."""

    status: str | None = None
    placed_from: dt.date | None = None  # inclusive, UTC day
    placed_to: dt.date | None = None  # inclusive, UTC day
    product_code: str | None = None
    text: str = ""  # order reference or number, buyer e-mail or name (contains, any case)
    needs_attention: bool = False


@dataclass(frozen=True, slots=True)
class OrderRow:
    number: int
    reference: str
    placed_at: dt.datetime
    status: str
    contact_name: str
    contact_email: str
    products: str
    total_minor: int
    currency: str
    promised_delivery: dt.date | None
    attention: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class OrderListPage:
    rows: list[OrderRow]
    total: int
    page: int
    page_size: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))


@dataclass(frozen=True, slots=True)
class StepRow:
    id: int
    line_position: int
    position: int
    module_code: str | None
    name: str
    status: str
    done_at: dt.datetime | None


@dataclass(frozen=True, slots=True)
class NeedRow:
    id: int
    material_code: str
    material_name: str
    unit: str
    quantity_micro: int
    status: str
    created_at: dt.datetime
    ordered_at: dt.datetime | None
    received_at: dt.datetime | None


@dataclass(frozen=True, slots=True)
class EventRow:
    at: dt.datetime
    previous_status: str | None
    status: str
    message: str
    actor: str


@dataclass(frozen=True, slots=True)
class ReviewRow:
    id: int
    line_position: int
    product_code: str
    author_name: str
    overall: int
    product_quality: int
    delivery_speed: int
    service: int
    text: str
    created_at: dt.datetime
    reply: str | None


@dataclass(frozen=True, slots=True)
class PaymentRow:
    at: dt.datetime
    kind: str
    provider: str
    reference: str
    amount_minor: int
    currency: str
    test_mode: bool


@dataclass(frozen=True, slots=True)
class BomRow:
    material_code: str
    material_name: str
    unit: str
    quantity: str  # exact decimal text, as sold (all lines)


@dataclass(frozen=True, kw_only=True)
class StaffOrderDetail:
    number: int
    order: OrderPublic
    lines: list[OrderLinePublic]
    bill_of_materials: list[BomRow]
    steps: list[StepRow]
    needs: list[NeedRow]
    events: list[EventRow]
    returns: list[ReturnRequestPublic]
    reviews: list[ReviewRow]
    messages: list[SupportMessagePublic]
    payments: list[PaymentRow]
    next_states: list[str]
    attention: tuple[str, ...]
    pricing: dict[str, Any]  # the server's quote as sold (amounts as decimal text)


def staff_next_states(status: str) -> list[str]:
    """States staff may move an order to by hand. A return request is settled with its own
    action (refund, exchange or refusal) and only a buyer asks for one."""
    current = Status(status)
    if current == Status.RETURN_REQUESTED:
        return []
    return sorted(s.value for s in TRANSITIONS[current] if s != Status.RETURN_REQUESTED)


def _open_return() -> ColumnElement[bool]:
    return exists().where(col(ReturnRequest.order_id) == col(Order.id), col(ReturnRequest.status) == "requested")


def _unanswered_message() -> ColumnElement[bool]:
    later = aliased(SupportMessage)
    answered = exists().where(
        col(later.order_id) == col(SupportMessage.order_id),
        col(later.author) == "merchant",
        col(later.id) > col(SupportMessage.id),
    )
    return exists().where(
        col(SupportMessage.order_id) == col(Order.id), col(SupportMessage.author) == "buyer", ~answered
    )


def _overdue(today: dt.date) -> ColumnElement[bool]:
    return and_(
        col(Order.promised_delivery).is_not(None),
        col(Order.promised_delivery) < today,
        col(Order.status).in_([s.value for s in OPEN_STATUSES]),
    )


def _conditions(filters: OrderFilter, today: dt.date) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    if filters.status:
        where.append(col(Order.status) == filters.status)
    if filters.placed_from:
        start = dt.datetime.combine(filters.placed_from, dt.time.min, tzinfo=dt.UTC)
        where.append(col(Order.placed_at) >= start)
    if filters.placed_to:
        end = dt.datetime.combine(filters.placed_to + dt.timedelta(days=1), dt.time.min, tzinfo=dt.UTC)
        where.append(col(Order.placed_at) < end)
    if filters.product_code:
        where.append(
            exists().where(
                col(OrderLine.order_id) == col(Order.id), col(OrderLine.product_code) == filters.product_code
            )
        )
    text = filters.text.strip().lower()
    if text:
        plain = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        like = f"%{plain}%"
        matches: list[ColumnElement[bool]] = [
            func.lower(col(Order.token)).like(like, escape="\\"),
            func.lower(col(Order.contact_email)).like(like, escape="\\"),
            func.lower(col(Order.contact_name)).like(like, escape="\\"),
        ]
        number = text.lstrip("#")
        if number.isdigit() and len(number) < 18:
            matches.append(col(Order.id) == int(number))
        where.append(or_(*matches))
    if filters.needs_attention:
        where.append(or_(_open_return(), _unanswered_message(), _overdue(today)))
    return where


def _attention(session: Session, orders: list[Order], today: dt.date) -> dict[int, tuple[str, ...]]:
    ids = [o.id for o in orders if o.id is not None]
    if not ids:
        return {}
    returns = set(
        session.exec(
            select(ReturnRequest.order_id).where(
                col(ReturnRequest.order_id).in_(ids), col(ReturnRequest.status) == "requested"
            )
        ).all()
    )
    last_author: dict[int, str] = {}
    for order_id, author in session.exec(
        select(SupportMessage.order_id, SupportMessage.author)
        .where(col(SupportMessage.order_id).in_(ids))
        .order_by(col(SupportMessage.id))
    ).all():
        last_author[order_id] = author
    reasons: dict[int, tuple[str, ...]] = {}
    for order in orders:
        assert order.id is not None
        found = []
        if order.id in returns:
            found.append("open return")
        if last_author.get(order.id) == "buyer":
            found.append("unanswered message")
        if (
            order.promised_delivery is not None
            and order.promised_delivery < today
            and order.status in {s.value for s in OPEN_STATUSES}
        ):
            found.append("overdue")
        reasons[order.id] = tuple(found)
    return reasons


def list_orders(
    *,
    session: Session,
    actor_id: int,
    filters: OrderFilter | None = None,
    page: int = 1,
    page_size: int = 25,
    today: dt.date | None = None,
) -> OrderListPage:
    """Orders matching `filters`, newest first, one page of them, with why each needs attention."""
    filters = filters or OrderFilter()
    page_size = min(max(page_size, 1), MAX_PAGE_SIZE)
    page = max(page, 1)
    today = today or dt.datetime.now(dt.UTC).date()
    with atomic(session):
        authorize(session=session, actor_id=actor_id, roles=OPERATIONS)
        where = _conditions(filters, today)
        total = session.exec(select(func.count()).select_from(Order).where(*where)).one()
        orders = list(
            session.exec(
                select(Order)
                .where(*where)
                .order_by(col(Order.placed_at).desc(), col(Order.id).desc())
                .offset((page - 1) * page_size)
                .limit(page_size)
            ).all()
        )
        products: dict[int, list[str]] = {}
        for order_id, name in session.exec(
            select(OrderLine.order_id, OrderLine.product_name)
            .where(col(OrderLine.order_id).in_([o.id for o in orders]))
            .order_by(col(OrderLine.order_id), col(OrderLine.position))
        ).all():
            products.setdefault(order_id, []).append(name)
        attention = _attention(session, orders, today)
        rows = [
            OrderRow(
                number=o.id,  # type: ignore[arg-type]
                reference=o.token,
                placed_at=o.placed_at,
                status=o.status,
                contact_name=o.contact_name,
                contact_email=o.contact_email,
                products=", ".join(products.get(o.id, [])),  # type: ignore[arg-type]
                total_minor=o.total_minor,
                currency=o.currency,
                promised_delivery=o.promised_delivery,
                attention=attention.get(o.id, ()),  # type: ignore[arg-type]
            )
            for o in orders
        ]
        return OrderListPage(rows=rows, total=int(total), page=page, page_size=page_size)


def order_detail(*, session: Session, actor_id: int, order: str, today: dt.date | None = None) -> StaffOrderDetail:
    """One order as operations see it: lines as sold, BOM, steps, needs, history and after-sales."""
    today = today or dt.datetime.now(dt.UTC).date()
    with atomic(session):
        authorize(session=session, actor_id=actor_id, roles=OPERATIONS)
        row = find_order(session=session, order=order)
        order_id = row.id
        lines = session.exec(
            select(OrderLine).where(OrderLine.order_id == order_id).order_by(col(OrderLine.position))
        ).all()
        position = {line.id: line.position for line in lines}
        steps = session.exec(
            select(ProductionStep)
            .where(ProductionStep.order_id == order_id)
            .order_by(col(ProductionStep.order_line_id), col(ProductionStep.position))
        ).all()
        needs = session.exec(
            select(PurchaseNeed, Material)
            .join(Material, col(Material.id) == col(PurchaseNeed.material_id))
            .where(PurchaseNeed.order_id == order_id)
            .order_by(col(PurchaseNeed.id))
        ).all()
        events = session.exec(
            select(OrderEvent).where(OrderEvent.order_id == order_id).order_by(col(OrderEvent.id))
        ).all()
        returns = session.exec(
            select(ReturnRequest).where(ReturnRequest.order_id == order_id).order_by(col(ReturnRequest.id))
        ).all()
        reviews = session.exec(
            select(Review, MerchantReply.text)
            .join(MerchantReply, col(MerchantReply.review_id) == col(Review.id), isouter=True)
            .where(Review.order_id == order_id)
            .order_by(col(Review.id))
        ).all()
        messages = session.exec(
            select(SupportMessage).where(SupportMessage.order_id == order_id).order_by(col(SupportMessage.id))
        ).all()
        payments = session.exec(select(Payment).where(Payment.order_id == order_id).order_by(col(Payment.id))).all()
        return StaffOrderDetail(
            number=order_id,  # type: ignore[arg-type]
            order=OrderPublic.model_validate(row),
            lines=[OrderLinePublic.model_validate(line) for line in lines],
            bill_of_materials=_bom(session, [line.snapshot for line in lines]),
            steps=[
                StepRow(s.id, position.get(s.order_line_id, 0), s.position, s.module_code, s.name, s.status, s.done_at)  # type: ignore[arg-type]
                for s in steps
            ],
            needs=[
                NeedRow(
                    n.id,  # type: ignore[arg-type]
                    m.code,
                    m.name,
                    m.unit,
                    n.quantity_micro,
                    n.status,
                    n.created_at,
                    n.ordered_at,
                    n.received_at,
                )
                for n, m in needs
            ],
            events=[EventRow(e.created_at, e.previous_status, e.status, e.message, e.actor) for e in events],
            returns=[ReturnRequestPublic.model_validate(r) for r in returns],
            reviews=[
                ReviewRow(
                    r.id,  # type: ignore[arg-type]
                    position.get(r.order_line_id, 0),
                    r.product_code,
                    r.author_name,
                    r.overall,
                    r.product_quality,
                    r.delivery_speed,
                    r.service,
                    r.text,
                    r.created_at,
                    reply,
                )
                for r, reply in reviews
            ],
            messages=[SupportMessagePublic.model_validate(m) for m in messages],
            payments=[
                PaymentRow(p.created_at, p.kind, p.provider, p.reference, p.amount_minor, p.currency, p.test_mode)
                for p in payments
            ],
            next_states=staff_next_states(row.status),
            attention=_attention(session, [row], today).get(order_id, ()),  # type: ignore[arg-type]
            pricing=dict(row.pricing or {}),
        )


def _bom(session: Session, snapshots: list[dict[str, Any]]) -> list[BomRow]:
    """The order's bill of materials as sold (from the line snapshots), summed over its lines."""
    totals: dict[str, Decimal] = {}
    for snapshot in snapshots:
        for code, amount in dict(snapshot.get("bill_of_materials") or {}).items():
            try:
                totals[str(code)] = totals.get(str(code), Decimal(0)) + Decimal(str(amount))
            except InvalidOperation:
                continue
    if not totals:
        return []
    known = {m.code: m for m in session.exec(select(Material).where(col(Material.code).in_(list(totals)))).all()}
    rows = []
    for code in sorted(totals):
        material = known.get(code)
        rows.append(
            BomRow(
                code,
                material.name if material else code,
                material.unit if material else "",
                format(totals[code].normalize(), "f"),
            )
        )
    return rows

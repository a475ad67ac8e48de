"""What operations staff read about orders: a filtered, paginated list (this module) and one
order in full (`store.order_detail`).

Every read re-checks the caller's role on the server (`store.staff.authorize`). The actions that
change an order (advance it, tick off a production step, settle a return, answer a message or a
review) are in `store.order_actions`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, exists, func, or_
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from store.db import atomic
from store.lifecycle import TRANSITIONS
from store.staff import authorize
from store.states import OPERATIONS, OrderStatus, ReturnStatus
from store.tables import Order, OrderLine, ReturnRequest, SupportMessage

OPEN_STATUSES = (OrderStatus.PLACED, OrderStatus.PAID, OrderStatus.IN_PRODUCTION, OrderStatus.SHIPPED)
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


def staff_next_states(status: str) -> list[str]:
    """States staff may move an order to by hand. A return request is settled with its own
    action (refund, exchange or refusal) and only a buyer asks for one."""
    current = OrderStatus(status)
    if current == OrderStatus.RETURN_REQUESTED:
        return []
    return sorted(s.value for s in TRANSITIONS[current] if s != OrderStatus.RETURN_REQUESTED)


def _open_return() -> ColumnElement[bool]:
    return exists().where(
        col(ReturnRequest.order_id) == col(Order.id), col(ReturnRequest.status) == ReturnStatus.REQUESTED
    )


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


def attention_of(session: Session, orders: list[Order], today: dt.date) -> dict[int, tuple[str, ...]]:
    ids = [o.id for o in orders if o.id is not None]
    if not ids:
        return {}
    returns = set(
        session.exec(
            select(ReturnRequest.order_id).where(
                col(ReturnRequest.order_id).in_(ids), col(ReturnRequest.status) == ReturnStatus.REQUESTED
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
        attention = attention_of(session, orders, today)
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

"""One order as operations staff see it: lines as sold, bill of materials, production steps,
purchase needs, history, payments and after-sales. The role is re-checked on every read."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlmodel import Session, col, select

from store.db import atomic
from store.exchanges import public
from store.lifecycle import find_order
from store.operations import attention_of, staff_next_states
from store.snapshots import LineSnapshot
from store.staff import authorize
from store.states import OPERATIONS
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


@dataclass(frozen=True, slots=True)
class OrderLink:
    """Another order tied to this one by an exchange."""

    number: int
    token: str
    status: str


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
    replaces: OrderLink | None = None  # this order is the replacement of an approved exchange
    replaced_by: list[OrderLink] = field(default_factory=list)  # replacements made for this order

    @property
    def paid_minor(self) -> int:
        """What the buyer's payments charged."""
        return sum(p.amount_minor for p in self.payments if p.kind == "charge")

    @property
    def refunded_minor(self) -> int:
        """What was paid back to the buyer (positive)."""
        return -sum(p.amount_minor for p in self.payments if p.kind == "refund")


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
        replaced_by = session.exec(
            select(Order)
            .join(ReturnRequest, col(ReturnRequest.replacement_order_id) == col(Order.id))
            .where(ReturnRequest.order_id == order_id)
            .order_by(col(Order.id))
        ).all()
        replaces = session.exec(
            select(Order)
            .join(ReturnRequest, col(ReturnRequest.order_id) == col(Order.id))
            .where(ReturnRequest.replacement_order_id == order_id)
        ).first()
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
            returns=[public(session, r) for r in returns],
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
            attention=attention_of(session, [row], today).get(order_id, ()),  # type: ignore[arg-type]
            pricing=dict(row.pricing or {}),
            replaces=_link(replaces) if replaces else None,
            replaced_by=[_link(o) for o in replaced_by],
        )


def _link(order: Order) -> OrderLink:
    return OrderLink(order.id, order.token, order.status)  # type: ignore[arg-type]


def _bom(session: Session, snapshots: list[dict[str, Any]]) -> list[BomRow]:
    """The order's bill of materials as sold (from the line snapshots), summed over its lines."""
    totals: dict[str, Decimal] = {}
    for snapshot in snapshots:
        for code, amount in LineSnapshot.of(snapshot).materials().items():
            totals[code] = totals.get(code, Decimal(0)) + amount
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

"""Request and response bodies of the buyer's order routes: the order as sold (line snapshots),
its timeline, and its after-sales (messages, returns and exchanges, reviews)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from api.responses import MoneyOut, minor
from i18n import gettext
from store.aftersales import AfterSales
from store.lifecycle import OrderDetail
from store.snapshots import LineSnapshot
from store.states import (
    TRACKED_PATH,
    buyer_may_cancel,
    buyer_may_return,
    return_status_label,
    status_label,
)
from store.tables import OrderLinePublic, OrderPublic, ReturnRequestPublic, ReviewPublic, SupportMessagePublic

# The way an order normally goes; the timeline marks how far it got.
PATH = TRACKED_PATH


class MessageIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"body": "Can it ship by Friday?"}]})

    body: str = Field(min_length=1, max_length=4_000)


class ReturnIn(BaseModel):
    """A return (money back) or an exchange (optionally: one line and the choices wanted instead)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"kind": "return", "reason": "It does not fit."}]},
    )

    kind: Literal["return", "exchange"]
    reason: str = Field(min_length=1, max_length=2_000)
    order_line_id: int | None = Field(default=None, ge=1, le=2**31 - 1, description="exchange: the line to replace")
    replacement_selection: dict[str, Any] | None = Field(
        default=None, description="exchange: module code -> value wanted instead (checked and priced by the store)"
    )


class ReviewIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"order_line_id": 1, "overall": 5, "product_quality": 5, "delivery_speed": 4, "service": 5, "text": ""}
            ]
        },
    )

    order_line_id: int = Field(ge=1, le=2**31 - 1)
    overall: int = Field(ge=1, le=5)
    product_quality: int = Field(ge=1, le=5)
    delivery_speed: int = Field(ge=1, le=5)
    service: int = Field(ge=1, le=5)
    text: str = Field(default="", max_length=4_000)


class MessageOut(BaseModel):
    author: str = Field(description="buyer | merchant")
    body: str
    created_at: dt.datetime


class ReturnOut(BaseModel):
    id: int
    kind: str
    status: str
    status_label: str
    reason: str
    item: str | None = Field(description="exchange: the line to replace")
    changes: list[str] = Field(description="exchange: 'Size: Small -> Large'")
    refund: MoneyOut | None
    created_at: dt.datetime
    resolved_at: dt.datetime | None
    replacement_token: str | None = Field(description="the replacement order's private token, once approved")


class ReviewOut(BaseModel):
    id: int
    product: str
    author_name: str
    overall: int
    product_quality: int
    delivery_speed: int
    service: int
    text: str
    created_at: dt.datetime
    reply: str | None


class StepOut(BaseModel):
    status: str
    label: str
    reached: bool
    current: bool
    at: dt.datetime | None


class EventOut(BaseModel):
    status: str
    label: str
    message: str
    at: dt.datetime


class OrderLineOut(BaseModel):
    id: int
    position: int
    product: str
    product_name: str
    choices: list[str] = Field(description="as sold: 'Size: M'")
    configuration: dict[str, Any]
    quantity: int
    unit_price: MoneyOut
    line_total: MoneyOut
    catalog_version: int = Field(description="the catalog version the line was sold under")


class OrderTotalsOut(BaseModel):
    subtotal: MoneyOut
    discount: MoneyOut
    shipping: MoneyOut
    tax: MoneyOut
    tax_included: bool
    total: MoneyOut
    coupon: str | None


class AddressOut(BaseModel):
    name: str
    line1: str
    line2: str
    postal_code: str
    city: str
    country: str


class DeliveryOut(BaseModel):
    promised_by: dt.date | None = Field(description="the latest day of the delivery window")
    earliest: dt.date | None
    ships_on: dt.date | None
    delivered_at: dt.datetime | None


class OrderOut(BaseModel):
    number: int
    token: str
    status: str
    status_label: str
    placed_at: dt.datetime
    steps: list[StepOut] = Field(description="the way an order goes, and how far this one got")
    timeline: list[EventOut] = Field(description="everything that happened, oldest first")
    lines: list[OrderLineOut]
    totals: OrderTotalsOut
    delivery: DeliveryOut
    ship_to: AddressOut
    contact_name: str
    contact_email: str
    returns: list[ReturnOut]
    reviews: dict[str, ReviewOut] = Field(description="order line id -> its review")
    can_cancel: bool
    can_return: bool
    return_window_closes_at: dt.datetime | None
    replaces: str | None = Field(description="this order replaces (exchange) the order with this token")


def line_out(line: OrderLinePublic) -> OrderLineOut:
    return OrderLineOut(
        id=line.id,
        position=line.position,
        product=line.product_code,
        product_name=line.product_name,
        choices=list(LineSnapshot.of(line.snapshot).choices()),
        configuration=line.configuration,
        quantity=line.quantity,
        unit_price=minor(line.unit_price_minor, line.currency),
        line_total=minor(line.line_total_minor, line.currency),
        catalog_version=line.catalog_version,
    )


def totals_out(order: OrderPublic, pricing: dict[str, Any]) -> OrderTotalsOut:
    c = order.currency
    tax = pricing.get("tax")
    return OrderTotalsOut(
        subtotal=minor(order.subtotal_minor, c),
        discount=minor(order.discount_minor, c),
        shipping=minor(order.shipping_minor, c),
        tax=minor(order.tax_minor, c),
        tax_included=bool(tax.get("included", True)) if isinstance(tax, dict) else True,
        total=minor(order.total_minor, c),
        coupon=pricing.get("coupon") if isinstance(pricing.get("coupon"), str) else None,
    )


def address_out(order: OrderPublic) -> AddressOut:
    return AddressOut(
        name=order.ship_name,
        line1=order.ship_line1,
        line2=order.ship_line2,
        postal_code=order.ship_postal_code,
        city=order.ship_city,
        country=order.ship_country,
    )


def _day(value: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def return_out(request: ReturnRequestPublic) -> ReturnOut:
    return ReturnOut(
        id=request.id,
        kind=request.kind,
        status=request.status,
        status_label=return_status_label(request.status),
        reason=request.reason,
        item=request.item,
        changes=request.changes,
        refund=minor(request.refund_minor, request.currency) if request.refund_minor else None,
        created_at=request.created_at,
        resolved_at=request.resolved_at,
        replacement_token=request.replacement_token,
    )


def review_out(review: ReviewPublic) -> ReviewOut:
    return ReviewOut(product=review.product_code, **review.model_dump(exclude={"product_code"}))


def message_out(message: SupportMessagePublic) -> MessageOut:
    return MessageOut(author=message.author, body=message.body, created_at=message.created_at)


def order_out(
    detail: OrderDetail, after: AfterSales, *, window_days: int, moment: dt.datetime, language: str | None = None
) -> OrderOut:
    """The order as its buyer tracks it; status labels in `language` (anything unknown: English)."""
    order = detail.order
    reached = {event.status: event.created_at for event in detail.events}

    def label(status: str) -> str:
        return gettext(status_label(status), language)

    steps = [
        StepOut(status=s, label=label(s), reached=s in reached, current=s == order.status, at=reached.get(s))
        for s in PATH
    ]
    closes = order.delivered_at + dt.timedelta(days=window_days) if order.delivered_at else None
    window = detail.pricing.get("delivery") if isinstance(detail.pricing.get("delivery"), dict) else {}
    assert isinstance(window, dict)
    return OrderOut(
        number=detail.number,
        token=order.token,
        status=order.status,
        status_label=label(order.status),
        placed_at=order.placed_at,
        steps=steps,
        timeline=[
            EventOut(status=e.status, label=label(e.status), message=e.message, at=e.created_at) for e in detail.events
        ],
        lines=[line_out(line) for line in detail.lines],
        totals=totals_out(order, detail.pricing),
        delivery=DeliveryOut(
            promised_by=order.promised_delivery,
            earliest=_day(window.get("earliest")),
            ships_on=_day(window.get("ships_on")),
            delivered_at=order.delivered_at,
        ),
        ship_to=address_out(order),
        contact_name=order.contact_name,
        contact_email=order.contact_email,
        returns=[return_out(r) for r in after.returns],
        reviews={str(line_id): review_out(review) for line_id, review in after.reviews.items()},
        can_cancel=buyer_may_cancel(order.status),
        can_return=buyer_may_return(order.status) and closes is not None and moment <= closes,
        return_window_closes_at=closes,
        replaces=after.replaces,
    )

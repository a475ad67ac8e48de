"""Read-only figures for staff (any staff role): what sells, revenue, lead times, reviews, returns.

Each function re-checks the role, reads in one transaction and returns plain dataclasses; the
charts are drawn by `ui.analytics_figures`. Orders count from when they were placed; cancelled
and returned orders are left out of sales (option popularity, revenue, KPIs). With a product
family chosen, revenue is that family's line totals. The funnel is in `store.funnel`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import literal
from sqlalchemy import select as columns
from sqlmodel import Session, col, select

from pricing.shop import shop_settings
from store.analytics_filter import AnalyticsFilter, window
from store.db import atomic
from store.errors import ErrorCode, StoreError
from store.order_amounts import SOLD_AT, in_shop_minor
from store.snapshots import LineSnapshot
from store.staff import authorize
from store.states import STAFF_ROLES
from store.tables import Order, OrderLine, ReturnRequest, Review

NOT_SOLD = ("cancelled", "returned")
DIMENSIONS = (
    ("overall", "Overall"),
    ("product_quality", "Product quality"),
    ("delivery_speed", "Delivery speed"),
    ("service", "Service"),
)
Bucket = Literal["day", "week", "month"]


@dataclass(frozen=True, slots=True)
class OptionCount:
    product_code: str
    module_code: str
    module_name: str
    option_code: str
    option_name: str
    units: int  # items sold with this option (line quantities)


@dataclass(frozen=True, slots=True)
class RevenuePoint:
    start: dt.date  # first day of the day, week (Monday) or month
    orders: int
    revenue_minor: int
    average_minor: int  # average order value (0 without orders)


@dataclass(frozen=True, slots=True)
class LeadTime:
    order_token: str
    placed_on: dt.date
    promised: dt.date
    delivered: dt.date
    promised_days: int
    actual_days: int
    late_days: int  # delivered minus promised: negative is early


@dataclass(frozen=True, slots=True)
class DimensionScore:
    dimension: str
    label: str
    average: float
    count: int
    stars: tuple[int, int, int, int, int]  # how many 1..5 star answers


@dataclass(frozen=True, slots=True)
class ReasonCount:
    reason: str
    kind: str  # return | exchange
    count: int
    refund_minor: int  # in the shop currency (a refund in another one at the rate its order was sold at)


@dataclass(frozen=True, slots=True)
class SoldLine:
    product_code: str
    quantity: int
    line_total_minor: int
    snapshot: dict[str, Any]
    configuration: dict[str, Any]  # the design as ordered (module -> raw value); read with snapshots


@dataclass(frozen=True, slots=True)
class Sale:
    order_id: int
    placed_at: dt.datetime
    total_minor: int
    currency: str
    contact_email: str
    lines: list[SoldLine]  # of the chosen family (all lines without one)


def sold_orders(
    session: Session, filters: AnalyticsFilter, *, leave_out: tuple[str, ...] = NOT_SOLD, snapshots: bool = False
) -> list[Sale]:
    """Orders placed in the window (not cancelled or returned, not exchange replacements) that
    have lines of the family, their amounts in the shop currency (a sale in another currency at
    the rate it was sold at: revenue adds up euros, not euros and kopecks, and stays as it was
    when the shop changes a rate).

    Plain columns, not ORM objects: these lists are long and outlive the transaction.
    """
    start, end = window(filters)
    replacements = select(ReturnRequest.replacement_order_id).where(
        col(ReturnRequest.replacement_order_id).is_not(None)
    )
    placed = [
        col(Order.placed_at) >= start,
        col(Order.placed_at) < end,
        col(Order.status).not_in(leave_out),
        col(Order.id).not_in(replacements),  # an exchange's replacement is not a new sale
    ]
    snapshot_column: Any = col(OrderLine.snapshot) if snapshots else literal(None)  # JSON is costly to read
    configuration_column: Any = col(OrderLine.configuration) if snapshots else literal(None)
    line_query = columns(
        col(OrderLine.order_id),
        col(OrderLine.product_code),
        col(OrderLine.quantity),
        col(OrderLine.line_total_minor),
        snapshot_column,
        configuration_column,
    ).join(Order, col(Order.id) == OrderLine.order_id)
    line_query = line_query.where(*placed)
    if filters.product_code is not None:
        line_query = line_query.where(col(OrderLine.product_code) == filters.product_code)
    shop = shop_settings()
    orders = session.execute(
        columns(
            col(Order.id),
            col(Order.placed_at),
            col(Order.total_minor),
            col(Order.currency),
            SOLD_AT,
            col(Order.contact_email),
        )
        .where(*placed)
        .order_by(col(Order.placed_at))
    ).all()
    sold_in = {order_id: (currency, sold_at) for order_id, _, _, currency, sold_at, _ in orders}
    lines: dict[int, list[SoldLine]] = defaultdict(list)
    for order_id, product, quantity, total, snapshot, configuration in session.execute(line_query).all():
        total = in_shop_minor(shop, total, *sold_in.get(order_id, (shop.currency, None)))
        lines[order_id].append(SoldLine(product, quantity, total, snapshot or {}, configuration or {}))
    return [
        Sale(order_id, placed_at, in_shop_minor(shop, total, currency, sold_at), shop.currency, email, lines[order_id])
        for order_id, placed_at, total, currency, sold_at, email in orders
        if order_id in lines
    ]


def read_check(session: Session, actor_id: int) -> None:
    authorize(session=session, actor_id=actor_id, roles=STAFF_ROLES)


def option_popularity(*, session: Session, actor_id: int, filters: AnalyticsFilter | None = None) -> list[OptionCount]:
    """Units sold per chosen option, per module and product, from the lines as sold: by product,
    its modules in the order the buyer met them (the catalog's, as the lines were sold under), most
    sold first within a module."""
    filters = filters or AnalyticsFilter()
    with atomic(session):
        read_check(session, actor_id)
        units: Counter[tuple[str, str, str, str, str]] = Counter()
        place: dict[tuple[str, str], int] = {}
        for sale in sold_orders(session, filters, snapshots=True):
            for line in sale.lines:
                for position, module in enumerate(LineSnapshot.of(line.snapshot).modules):
                    where = (line.product_code, module.module)
                    place[where] = min(place.get(where, position), position)
                    for option in module.options or []:
                        key = (line.product_code, module.module, module.name, option.code, option.name)
                        units[key] += line.quantity
    rows = [OptionCount(*key, units=n) for key, n in units.items()]
    return sorted(
        rows,
        key=lambda r: (r.product_code, place[(r.product_code, r.module_code)], r.module_code, -r.units, r.option_code),
    )


def bucket_start(day: dt.date, bucket: Bucket) -> dt.date:
    """The first day of the period `day` falls in (weeks start on Monday).

    >>> bucket_start(dt.date(2026, 11, 26), "week"), bucket_start(dt.date(2026, 11, 26), "month")
    (datetime.date(2026, 11, 23), datetime.date(2026, 11, 1))
    """
    if bucket == "week":
        return day - dt.timedelta(days=day.weekday())
    if bucket == "month":
        return day.replace(day=1)
    return day


def _next(start: dt.date, bucket: Bucket) -> dt.date:
    if bucket == "month":
        return (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return start + dt.timedelta(days=7 if bucket == "week" else 1)


def revenue_over_time(
    *, session: Session, actor_id: int, filters: AnalyticsFilter | None = None, bucket: Bucket = "day"
) -> list[RevenuePoint]:
    """Revenue and average order value per day, week or month (empty periods in between as zero)."""
    if bucket not in ("day", "week", "month"):
        raise StoreError(ErrorCode.BAD_INPUT, "group by day, week or month", field="bucket")
    filters = filters or AnalyticsFilter()
    with atomic(session):
        read_check(session, actor_id)
        sold = sold_orders(session, filters)
    totals: dict[dt.date, list[int]] = defaultdict(lambda: [0, 0])
    for sale in sold:
        start = bucket_start(sale.placed_at.date(), bucket)
        revenue = sale.total_minor if filters.product_code is None else sum(li.line_total_minor for li in sale.lines)
        totals[start][0] += 1
        totals[start][1] += revenue
    if not totals:
        return []
    points = []
    day, last = min(totals), max(totals)
    while day <= last:
        orders, revenue = totals.get(day, [0, 0])
        points.append(RevenuePoint(day, orders, revenue, round(revenue / orders) if orders else 0))
        day = _next(day, bucket)
    return points


def lead_times(*, session: Session, actor_id: int, filters: AnalyticsFilter | None = None) -> list[LeadTime]:
    """Delivered orders: the delivery date promised at checkout against the day it was delivered
    (`delivered_at`, which the order lifecycle sets when the order becomes delivered)."""
    filters = filters or AnalyticsFilter()
    with atomic(session):
        read_check(session, actor_id)
        start, end = window(filters)
        query = columns(
            col(Order.token), col(Order.placed_at), col(Order.promised_delivery), col(Order.delivered_at)
        ).where(
            col(Order.placed_at) >= start,
            col(Order.placed_at) < end,
            col(Order.promised_delivery).is_not(None),
            col(Order.delivered_at).is_not(None),
        )
        if filters.product_code:
            query = query.where(
                col(Order.id).in_(select(OrderLine.order_id).where(OrderLine.product_code == filters.product_code))
            )
        rows = session.execute(query.order_by(col(Order.placed_at))).all()
    out = []
    for token, placed_at, promised, delivered_at in rows:
        placed, done = placed_at.date(), delivered_at.date()
        out.append(
            LeadTime(
                token, placed, promised, done, (promised - placed).days, (done - placed).days, (done - promised).days
            )
        )
    return out


def review_scores(*, session: Session, actor_id: int, filters: AnalyticsFilter | None = None) -> list[DimensionScore]:
    """Average stars per review dimension (reviews written in the window)."""
    filters = filters or AnalyticsFilter()
    with atomic(session):
        read_check(session, actor_id)
        start, end = window(filters)
        query = select(Review).where(col(Review.created_at) >= start, col(Review.created_at) < end)
        if filters.product_code:
            query = query.where(Review.product_code == filters.product_code)
        # Read the stars before the commit expires the rows (else one query per review).
        reviews = session.exec(query).all()
        stars_of = {field: [int(getattr(r, field)) for r in reviews] for field, _ in DIMENSIONS}
    out = []
    for field, label in DIMENSIONS:
        values = stars_of[field]
        stars = tuple(values.count(n) for n in range(1, 6))
        average = round(sum(values) / len(values), 2) if values else 0.0
        out.append(DimensionScore(field, label, average, len(values), stars))  # type: ignore[arg-type]
    return out


def reason_label(text: str) -> str:
    """Free-text reasons grouped by their first line, trimmed and lower-case.

    >>> reason_label("  Too SMALL\\nit pinches")
    'too small'
    """
    first = " ".join(text.strip().splitlines()[0].split()).lower() if text.strip() else ""
    return (first[:57] + "...") if len(first) > 60 else (first or "(no reason given)")


def returns_by_reason(*, session: Session, actor_id: int, filters: AnalyticsFilter | None = None) -> list[ReasonCount]:
    """Return and exchange requests made in the window, grouped by reason, most frequent first."""
    filters = filters or AnalyticsFilter()
    with atomic(session):
        read_check(session, actor_id)
        start, end = window(filters)
        query = (
            columns(
                col(ReturnRequest.reason),
                col(ReturnRequest.kind),
                col(ReturnRequest.refund_minor),
                col(ReturnRequest.currency),
                SOLD_AT,
            )
            .join(Order, col(Order.id) == ReturnRequest.order_id)
            .where(col(ReturnRequest.created_at) >= start, col(ReturnRequest.created_at) < end)
        )
        if filters.product_code:
            query = query.where(
                col(ReturnRequest.order_id).in_(
                    select(OrderLine.order_id).where(OrderLine.product_code == filters.product_code)
                )
            )
        shop = shop_settings()
        requests = [
            (reason, kind, in_shop_minor(shop, refund, currency, sold_at))
            for reason, kind, refund, currency, sold_at in session.execute(query).all()
        ]
    groups: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for reason, kind, refund in requests:
        group = groups[(reason_label(reason), kind)]
        group[0] += 1
        group[1] += refund
    rows = [ReasonCount(reason, kind, n, refund) for (reason, kind), (n, refund) in groups.items()]
    return sorted(rows, key=lambda r: (-r.count, r.reason, r.kind))

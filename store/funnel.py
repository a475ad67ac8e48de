"""The configuration funnel: started configuring -> added to cart -> ordered, per product family.

"Started configuring" is recorded by the configure page through `record_configure_started`
(once per browser visit and product; the visit id is random and says nothing about the person).
Carts and orders are already in the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, select

from store.analytics_filter import AnalyticsFilter, window
from store.db import atomic
from store.errors import ErrorCode, StoreError
from store.staff import authorize
from store.states import STAFF_ROLES
from store.tables import Cart, CartLine, Design, FunnelEvent, Order, OrderLine


def record_configure_started(
    *, session: Session, product_code: str, visit: str, customer_id: int | None = None
) -> bool:
    """Count this visit as having started to configure the product; False if it already was."""
    if not 8 <= len(visit) <= 64 or not 1 <= len(product_code) <= 64:
        raise StoreError(ErrorCode.BAD_INPUT, "a visit id has 8 to 64 characters, a product code 1 to 64")
    try:
        with atomic(session):
            seen = session.exec(
                select(FunnelEvent.id).where(
                    FunnelEvent.visit == visit,
                    FunnelEvent.product_code == product_code,
                    FunnelEvent.stage == "configure",
                )
            ).first()
            if seen is not None:
                return False
            session.add(FunnelEvent(product_code=product_code, visit=visit, customer_id=customer_id))
            session.flush()
            return True
    except IntegrityError:  # the same visit, twice at once (a double rerun)
        return False


@dataclass(frozen=True, slots=True)
class FunnelStep:
    stage: str
    count: int
    dropped: int  # how many fewer than the step before (0 for the first)
    share: float  # of the first step (1.0 for the first; 0.0 when the first is empty)


@dataclass(frozen=True, slots=True)
class Funnel:
    steps: list[FunnelStep]
    designs_saved: int
    open_carts: int  # carts with this product that were never ordered (abandoned or still open)


STAGES = ("Started configuring", "Added to cart", "Ordered")


def steps_of(counts: list[int]) -> list[FunnelStep]:
    """Drop-off between consecutive counts.

    >>> [(s.count, s.dropped, s.share) for s in steps_of([10, 4, 1])]
    [(10, 0, 1.0), (4, 6, 0.4), (1, 3, 0.1)]
    """
    first = counts[0] if counts else 0
    out = []
    for index, (stage, count) in enumerate(zip(STAGES, counts, strict=False)):
        dropped = max(counts[index - 1] - count, 0) if index else 0
        out.append(FunnelStep(stage, count, dropped, round(count / first, 4) if first else 0.0))
    return out


def funnel(*, session: Session, actor_id: int, filters: AnalyticsFilter | None = None) -> Funnel:
    """How many visits started configuring, how many carts got an item, how many orders followed."""
    filters = filters or AnalyticsFilter()
    start, end = window(filters)
    with atomic(session):
        authorize(session=session, actor_id=actor_id, roles=STAFF_ROLES)

        def within(column: Any) -> list[ColumnElement[bool]]:
            return [col(column) >= start, col(column) < end]

        product = filters.product_code
        started_q = select(func.count(func.distinct(FunnelEvent.visit))).where(
            FunnelEvent.stage == "configure", *within(FunnelEvent.created_at)
        )
        carts_q = (
            select(Cart.id, Cart.status)
            .join(CartLine, col(CartLine.cart_id) == Cart.id)
            .where(*within(CartLine.added_at))
            .distinct()
        )
        orders_q = (
            select(func.count(func.distinct(Order.id)))
            .join(OrderLine, col(OrderLine.order_id) == Order.id)
            .where(*within(Order.placed_at))
        )
        designs_q = select(func.count()).select_from(Design).where(*within(Design.created_at))
        if product:
            started_q = started_q.where(FunnelEvent.product_code == product)
            carts_q = carts_q.where(CartLine.product_code == product)
            orders_q = orders_q.where(OrderLine.product_code == product)
            designs_q = designs_q.where(Design.product_code == product)
        carts = session.exec(carts_q).all()
        counts = [int(session.exec(started_q).one()), len(carts), int(session.exec(orders_q).one())]
        return Funnel(
            steps=steps_of(counts),
            designs_saved=int(session.exec(designs_q).one()),
            open_carts=sum(1 for _, status in carts if status == "open"),
        )


__all__ = ["STAGES", "Funnel", "FunnelStep", "funnel", "record_configure_started", "steps_of"]

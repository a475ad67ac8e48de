"""The configuration funnel: started configuring -> added to cart -> ordered, per product family.

"Started configuring" is recorded through `record_configure_started`: by the configure page once
per browser visit and product (the visit id is random and says nothing about the person), and by
the API once per cart and product when an item goes into the cart (`cart_visit`: a digest of the
cart's token, which it does not reveal). Carts and orders are already in the database.

The stages are counted as a cohort: whoever ordered had a cart, and whoever had a cart started
configuring. A cart counts when an item went into it in the period or an order in the period came
from it, and the first stage never counts fewer than the carts (a cart made without a recorded
start, e.g. by a client before the API recorded them, still started), so no stage shows more than
the one before and no share is above 100%.
"""

from __future__ import annotations

import hashlib
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


def cart_visit(cart_token: str) -> str:
    """The visit id under which the API records a cart's start: the same cart always gives the
    same id, and the id does not give the cart's token away.

    >>> cart_visit("abc") == cart_visit("abc") != cart_visit("abd"), len(cart_visit("abc"))
    (True, 41)
    """
    return "api-cart-" + hashlib.sha256(cart_token.encode("utf-8", "replace")).hexdigest()[:32]


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


def cohort(counts: list[int]) -> list[int]:
    """The counts of a cohort: each stage at least the one after it (whoever reached a stage passed
    the ones before).

    >>> cohort([0, 3, 1]), cohort([10, 4, 5]), cohort([])
    ([3, 3, 1], [10, 5, 5], [])
    """
    out = list(counts)
    for index in range(len(out) - 2, -1, -1):
        out[index] = max(out[index], out[index + 1])
    return out


def steps_of(counts: list[int]) -> list[FunnelStep]:
    """Drop-off between consecutive counts, counted as a cohort (`cohort`): no step has more than
    the one before, and no share is above 1.

    >>> [(s.count, s.dropped, s.share) for s in steps_of([10, 4, 1])]
    [(10, 0, 1.0), (4, 6, 0.4), (1, 3, 0.1)]
    >>> [(s.count, s.dropped, s.share) for s in steps_of([0, 2, 1])]
    [(2, 0, 1.0), (2, 0, 1.0), (1, 1, 0.5)]
    """
    counts = cohort(counts)
    first = counts[0] if counts else 0
    out = []
    for index, (stage, count) in enumerate(zip(STAGES, counts, strict=False)):
        dropped = max(counts[index - 1] - count, 0) if index else 0
        out.append(FunnelStep(stage, count, dropped, round(count / first, 4) if first else 0.0))
    return out


def funnel(*, session: Session, actor_id: int, filters: AnalyticsFilter | None = None) -> Funnel:
    """How many visits started configuring, how many carts got an item, how many orders followed
    (as a cohort: see the module's notes)."""
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
            select(Order.id, Order.cart_id)
            .join(OrderLine, col(OrderLine.order_id) == Order.id)
            .where(*within(Order.placed_at))
            .distinct()
        )
        designs_q = select(func.count()).select_from(Design).where(*within(Design.created_at))
        if product:
            started_q = started_q.where(FunnelEvent.product_code == product)
            carts_q = carts_q.where(CartLine.product_code == product)
            orders_q = orders_q.where(OrderLine.product_code == product)
            designs_q = designs_q.where(Design.product_code == product)
        carts = session.exec(carts_q).all()
        orders = session.exec(orders_q).all()
        had_cart = {cart_id for cart_id, _ in carts} | {cart_id for _, cart_id in orders if cart_id is not None}
        without_cart = sum(1 for _, cart_id in orders if cart_id is None)  # each was a cart of its own
        counts = [int(session.exec(started_q).one()), len(had_cart) + without_cart, len(orders)]
        return Funnel(
            steps=steps_of(counts),
            designs_saved=int(session.exec(designs_q).one()),
            open_carts=sum(1 for _, status in carts if status == "open"),
        )


__all__ = [
    "STAGES",
    "Funnel",
    "FunnelStep",
    "cart_visit",
    "cohort",
    "funnel",
    "record_configure_started",
    "steps_of",
]

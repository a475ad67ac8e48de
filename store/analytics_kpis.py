"""Headline numbers for the analytics page: orders, revenue, average order, customers, returns,
deliveries on time and the average rating, for one filter."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from pricing.shop import shop_settings
from store import analytics
from store.analytics_filter import AnalyticsFilter
from store.db import atomic


@dataclass(frozen=True, slots=True)
class Kpis:
    currency: str
    orders: int
    revenue_minor: int
    average_minor: int
    customers: int  # distinct order e-mails
    units: int
    return_rate: float  # return or exchange requests per order placed (cancelled ones left out)
    on_time_rate: float | None  # delivered by the promised date (None: nothing delivered yet)
    average_rating: float | None


def kpis(*, session: Session, actor_id: int, filters: AnalyticsFilter | None = None) -> Kpis:
    """Headline numbers for the filter: orders, revenue, average order, customers, returns, ratings;
    amounts in the shop currency (sales in other currencies at the rate each was sold at)."""
    filters = filters or AnalyticsFilter()
    with atomic(session):
        analytics.read_check(session, actor_id)
        sold = analytics.sold_orders(session, filters)
        placed = len(analytics.sold_orders(session, filters, leave_out=("cancelled",)))
    revenue = sum(
        sale.total_minor if filters.product_code is None else sum(li.line_total_minor for li in sale.lines)
        for sale in sold
    )
    returns = sum(r.count for r in analytics.returns_by_reason(session=session, actor_id=actor_id, filters=filters))
    leads = analytics.lead_times(session=session, actor_id=actor_id, filters=filters)
    overall = analytics.review_scores(session=session, actor_id=actor_id, filters=filters)[0]
    orders = len(sold)
    return Kpis(
        currency=shop_settings().currency,
        orders=orders,
        revenue_minor=revenue,
        average_minor=round(revenue / orders) if orders else 0,
        customers=len({sale.contact_email for sale in sold}),
        units=sum(li.quantity for sale in sold for li in sale.lines),
        return_rate=round(returns / placed, 4) if placed else 0.0,
        on_time_rate=round(sum(1 for x in leads if x.late_days <= 0) / len(leads), 4) if leads else None,
        average_rating=overall.average if overall.count else None,
    )

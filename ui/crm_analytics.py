"""The analytics page's glue: filters (product family, date range, grouping), KPIs and charts.

The figures come from `ui.analytics_figures` (pure); the numbers from `store.analytics` and
`store.funnel`, which re-check that the reader is staff.
"""

from __future__ import annotations

import datetime as dt
from typing import cast

import streamlit as st

from store import analytics
from store.analytics_filter import AnalyticsFilter
from store.analytics_kpis import kpis
from store.funnel import funnel
from ui import analytics_figures as figures
from ui.actions import call
from ui.auth import User
from ui.crm_customers import family_codes, shop_currency, shop_money
from ui.format import counted

ALL = "All product families"


def filters_form() -> tuple[AnalyticsFilter, analytics.Bucket]:
    today = dt.datetime.now(dt.UTC).date()
    family_col, range_col, bucket_col = st.columns([2, 3, 2])
    family = family_col.selectbox("Product family", [ALL, *family_codes()], key="an:family")
    picked = range_col.date_input("Orders placed", value=(today - dt.timedelta(days=90), today), key="an:range")
    bucket = bucket_col.radio("Group revenue by", ["day", "week", "month"], horizontal=True, key="an:bucket")
    days = list(picked) if isinstance(picked, tuple | list) else [picked]
    since = days[0] if days else None
    until = days[1] if len(days) > 1 else since
    product = None if family == ALL else family
    return AnalyticsFilter(product_code=product, since=since, until=until), cast(analytics.Bucket, bucket)


def kpi_row(user: User, filters: AnalyticsFilter) -> bool:
    numbers = call(kpis, actor_id=user.id, filters=filters)
    if numbers is None:
        return False
    # two rows of four: a revenue of seven figures stays on one line at a laptop's width
    cells = [*st.columns(4), *st.columns(4)]
    cells[0].metric("Orders", numbers.orders)
    cells[1].metric("Revenue", shop_money(numbers.revenue_minor))
    cells[2].metric("Average order", shop_money(numbers.average_minor))
    cells[3].metric("Customers", numbers.customers)
    cells[4].metric("Return rate", f"{numbers.return_rate:.0%}")
    cells[5].metric("On time", "-" if numbers.on_time_rate is None else f"{numbers.on_time_rate:.0%}")
    cells[6].metric("Average rating", "-" if numbers.average_rating is None else f"{numbers.average_rating:.1f} / 5")
    st.caption(f"Amounts in {numbers.currency}; a sale in another currency counts at the rate it was sold at.")
    return True


def funnel_note(designs_saved: int, open_carts: int) -> str:
    """What the funnel does not show, in words a person writes.

    >>> funnel_note(0, 0)
    'No design saved; every cart with an item was ordered.'
    >>> funnel_note(1, 1)
    '1 design saved; 1 cart with an item was not ordered.'
    >>> funnel_note(1200, 3)
    '1,200 designs saved; 3 carts with an item were not ordered.'
    """
    saved = f"{counted(designs_saved, 'design')} saved" if designs_saved else "No design saved"
    if not open_carts:
        carts = "every cart with an item was ordered"
    else:
        carts = f"{counted(open_carts, 'cart')} with an item {'was' if open_carts == 1 else 'were'} not ordered"
    return f"{saved}; {carts}."


def charts(user: User, filters: AnalyticsFilter, bucket: analytics.Bucket) -> None:
    shown = {"actor_id": user.id, "filters": filters}
    points = call(analytics.revenue_over_time, bucket=bucket, **shown) or []
    st.plotly_chart(figures.revenue(points, currency=shop_currency(), bucket=bucket), width="stretch", key="an:revenue")
    left, right = st.columns(2)
    steps = call(funnel, **shown)
    if steps is not None:
        left.plotly_chart(figures.funnel(steps), width="stretch", key="an:funnel")
        left.caption(funnel_note(steps.designs_saved, steps.open_carts))
    right.plotly_chart(
        figures.lead_times(call(analytics.lead_times, **shown) or []), width="stretch", key="an:lead-times"
    )
    st.plotly_chart(
        figures.option_popularity(call(analytics.option_popularity, **shown) or []),
        width="stretch",
        key="an:options",
    )
    left, right = st.columns(2)
    left.plotly_chart(
        figures.review_scores(call(analytics.review_scores, **shown) or []), width="stretch", key="an:reviews"
    )
    right.plotly_chart(
        figures.returns_by_reason(call(analytics.returns_by_reason, **shown) or []), width="stretch", key="an:returns"
    )

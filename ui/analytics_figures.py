"""Plotly figures of the analytics page: pure functions from `store.analytics` results.

Each builder takes plain data and returns a figure with a title; with no data it returns a
figure that says "No data yet" (no traces) instead of failing or drawing empty axes.
"""

from __future__ import annotations

import datetime as dt
import html
from collections import Counter
from collections.abc import Sequence

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from store.analytics import Bucket, DimensionScore, LeadTime, OptionCount, ReasonCount, RevenuePoint
from store.funnel import Funnel

NO_DATA = "No data yet"
INK, ACCENT, WARN, PALE = "#2c3e50", "#2980b9", "#c0392b", "#7fb3d5"
TOP_OPTIONS = 15  # options shown across several products: the best sellers only
LONG = 40  # characters of a label on an axis; the whole name is on hover
DAY_MS = 86_400_000
# a period's length in days (a month as 30), and how many periods the date axis shows at least
PERIOD_DAYS = {"day": 1, "week": 7, "month": 30}
MIN_PERIODS = {"day": 7, "week": 5, "month": 4}


def _layout(figure: go.Figure, title: str, *, height: int = 360) -> go.Figure:
    figure.update_layout(title={"text": title}, height=height, margin={"l": 10, "r": 10, "t": 50, "b": 10})
    return figure


def empty(title: str, why: str = "") -> go.Figure:
    """A titled figure with no traces and a centred "No data yet", with what is missing under it."""
    figure = go.Figure()
    text = f"{NO_DATA}<br><span style='font-size:13px'>{label(why)}</span>" if why else NO_DATA
    figure.add_annotation(text=text, x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False, font={"size": 16})
    figure.update_xaxes(visible=False)
    figure.update_yaxes(visible=False)
    return _layout(figure, title, height=220)


def label(text: str) -> str:
    """Text for an axis or legend: plotly reads tags (links included) in labels, so escape them."""
    return html.escape(text, quote=False)


def short(text: str, limit: int = LONG) -> str:
    """A label cut to `limit` characters with an ellipsis, so long names do not squeeze the bars."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def major(minor: int) -> float:
    """Minor units (cents) as a plotted amount."""
    return minor / 100


def whole_ticks(highest: float) -> dict[str, object]:
    """Axis ticks for counts: whole numbers only (plotly ticks 0.5 steps for small counts)."""
    return {"dtick": 1, "tick0": 0} if highest <= 10 else {"tickformat": ",d"}


def option_popularity(rows: Sequence[OptionCount], *, title: str = "Option popularity (items sold)") -> go.Figure:
    """Which options sell, as one bar per option labelled "Module: Option" with the items sold on it.

    One product: every option sold, grouped by module, most sold first within a
    module (modules in the order given). Several products: the `TOP_OPTIONS` best sellers overall, most sold
    first, the product named only where two labels would otherwise be the same. No legend.
    """
    if not rows:
        return empty(title, "no items sold in these dates")
    products = {r.product_code for r in rows}
    names = {r: f"{r.module_name}: {r.option_name}" for r in rows}
    if len(products) == 1:
        modules = list(dict.fromkeys(r.module_code for r in rows))
        shown = sorted(rows, key=lambda r: (modules.index(r.module_code), -r.units, r.option_name))
        colours = [ACCENT if modules.index(r.module_code) % 2 == 0 else PALE for r in shown]
        heading = title
    else:
        shown = sorted(rows, key=lambda r: (-r.units, names[r], r.product_code))[:TOP_OPTIONS]
        seen = Counter(names[r] for r in shown)
        names = {r: f"{r.product_code} · {names[r]}" if seen[names[r]] > 1 else names[r] for r in shown}
        colours = [ACCENT] * len(shown)
        heading = f"{title}: top {len(shown)} of {len(rows)} options" if len(rows) > len(shown) else title
    figure = go.Figure(
        go.Bar(
            x=[r.units for r in shown],
            y=[label(short(names[r])) for r in shown],
            orientation="h",
            text=[r.units for r in shown],
            textposition="outside",
            cliponaxis=False,
            marker_color=colours,
            customdata=[[label(r.product_code), label(names[r])] for r in shown],
            hovertemplate="%{customdata[1]} (%{customdata[0]}): %{x} items sold<extra></extra>",
            name="items sold",
        )
    )
    highest = max(r.units for r in shown)
    figure.update_layout(showlegend=False, xaxis_title="items sold")
    figure.update_xaxes(rangemode="tozero", range=[0, highest * 1.15], **whole_ticks(highest))
    figure.update_yaxes(autorange="reversed", type="category")  # first row on top
    return _layout(figure, heading, height=max(260, 24 * len(shown) + 110))


def funnel(data: Funnel, *, title: str = "Configuration funnel") -> go.Figure:
    """Started configuring -> added to cart -> ordered, with the share of the first step."""
    if not data.steps or not any(step.count for step in data.steps):
        return empty(title, "nobody started configuring in these dates")
    figure = go.Figure(
        go.Funnel(
            y=[step.stage for step in data.steps],
            x=[step.count for step in data.steps],
            textinfo="value+percent initial",
            marker={"color": [ACCENT, INK, "#27ae60"][: len(data.steps)]},
        )
    )
    return _layout(figure, title, height=300)


def revenue(
    points: Sequence[RevenuePoint],
    *,
    currency: str = "EUR",
    bucket: Bucket = "day",
    title: str = "Revenue and average order value",
) -> go.Figure:
    """Revenue per period as bars, the average order value as a line on a second axis.

    The x axis is a date axis: each bar is one period wide (a day, a week or a month) however few
    periods there are, and the axis shows at least `MIN_PERIODS` periods around the sales.
    """
    if not points:
        return empty(title, "no orders placed in these dates")
    period = PERIOD_DAYS[bucket]
    days = [p.start.isoformat() for p in points]  # a bar is centred on its period's first day
    named = {"day": "%d %b %Y", "week": "week of %d %b %Y", "month": "%B %Y"}[bucket]
    orders = [[p.orders, p.start.strftime(named)] for p in points]
    figure = make_subplots(specs=[[{"secondary_y": True}]])
    figure.add_trace(
        go.Bar(
            x=days,
            y=[major(p.revenue_minor) for p in points],
            width=[0.8 * period * DAY_MS] * len(points),
            customdata=orders,
            name="Revenue",
            marker_color=INK,
            hovertemplate=f"%{{customdata[1]}}: %{{y:,.2f}} {currency}, %{{customdata[0]}} orders<extra></extra>",
        ),
        secondary_y=False,
    )
    figure.add_trace(
        go.Scatter(
            x=days,
            y=[major(p.average_minor) for p in points],
            customdata=orders,
            name="Average order",
            mode="lines+markers",
            line={"color": ACCENT},
            # white-ringed, so the average stays visible on top of a bar of the same height
            marker={"size": 10, "line": {"color": "white", "width": 2}},
            hovertemplate=f"%{{customdata[1]}}: average order %{{y:,.2f}} {currency}<extra></extra>",
        ),
        secondary_y=True,
    )
    # Both axes from zero: a single period (or equal averages) would otherwise get an axis spanning
    # a few cents around the value, ticked "13.632768" to "13.63091k".
    figure.update_yaxes(title_text=f"revenue ({currency})", rangemode="tozero", secondary_y=False)
    figure.update_yaxes(
        title_text=f"average order ({currency})", rangemode="tozero", tickmode="auto", showgrid=False, secondary_y=True
    )
    half = dt.timedelta(days=period / 2)
    first = dt.datetime.combine(points[0].start, dt.time()) - half
    last = dt.datetime.combine(points[-1].start, dt.time()) + half
    spare = max(MIN_PERIODS[bucket] * period - (last - first).days, 0)
    before = dt.timedelta(days=spare // 2 + spare % 2)
    after = dt.timedelta(days=spare // 2)
    figure.update_xaxes(
        type="date",
        range=[(first - before).isoformat(), (last + after).isoformat()],
        tickformat="%b %Y" if bucket == "month" else "%d %b",
    )
    if spare:  # few periods: one tick per period, on its first day (plotly would tick every 12 hours)
        figure.update_xaxes(tick0=days[0], dtick="M1" if bucket == "month" else period * DAY_MS)
    figure.update_layout(legend={"orientation": "h", "x": 1, "xanchor": "right", "y": 1.02, "yanchor": "bottom"})
    return _layout(figure, title)


def lead_times(rows: Sequence[LeadTime], *, title: str = "Delivered vs promised (days late)") -> go.Figure:
    """How many orders arrived N days after (positive, red) or before (negative) the promised date.

    The axis always shows "on time" (0) and at least a week around it, so a single bar (every
    order on time, say) is one day wide instead of filling the chart.
    """
    if not rows:
        return empty(title, "no order delivered in these dates")
    counts = Counter(r.late_days for r in rows)
    days = list(range(min(*counts, 0), max(*counts, 0) + 1))
    low, high = min(days[0], -3), max(days[-1], 3)
    figure = go.Figure(
        go.Bar(
            x=days,
            y=[counts.get(d, 0) for d in days],
            text=[counts.get(d, "") or "" for d in days],
            textposition="outside",
            cliponaxis=False,
            marker_color=[WARN if d > 0 else INK for d in days],
            hovertemplate="%{x} days late: %{y} orders<extra></extra>",
            name="orders",
        )
    )
    figure.update_layout(xaxis_title="days late (negative: early)", yaxis_title="orders", showlegend=False)
    figure.update_xaxes(range=[low - 0.5, high + 0.5], **whole_ticks(high - low))
    figure.update_yaxes(rangemode="tozero", range=[0, max(counts.values()) * 1.2], **whole_ticks(max(counts.values())))
    return _layout(figure, title)


def review_scores(scores: Sequence[DimensionScore], *, title: str = "Review scores per dimension") -> go.Figure:
    """Average stars (1 to 5) per review dimension, with how many reviews each average is from.

    A dimension nobody rated has no bar (an average of 0 would read as terrible) but keeps its
    place on the axis, labelled "no reviews".
    """
    if not scores or not any(s.count for s in scores):
        return empty(title, "no reviews in these dates")
    figure = go.Figure(
        go.Bar(
            x=[label(s.label) if s.count else f"{label(s.label)}<br>(no reviews)" for s in scores],
            y=[s.average if s.count else None for s in scores],
            text=[f"{s.average:.1f} ★, {s.count} review{'s' * (s.count > 1)}" if s.count else "" for s in scores],
            textposition="outside",
            cliponaxis=False,
            customdata=[s.count for s in scores],
            hovertemplate="%{x}: %{y:.1f} of 5 stars from %{customdata} reviews<extra></extra>",
            marker_color=ACCENT,
            name="average stars",
        )
    )
    figure.update_layout(yaxis={"range": [0, 5.6], "title": "average stars", "dtick": 1}, showlegend=False)
    return _layout(figure, title)


def returns_by_reason(rows: Sequence[ReasonCount], *, title: str = "Returns by reason") -> go.Figure:
    """Requests per reason, one trace per kind (return, exchange), most frequent reason on top."""
    if not rows:
        return empty(title, "no return or exchange requested in these dates")
    totals: Counter[str] = Counter()
    for row in rows:
        totals[row.reason] += row.count
    order = sorted(totals, key=lambda reason: (totals[reason], reason))
    figure = go.Figure()
    for kind, colour in (("return", WARN), ("exchange", ACCENT)):
        counts = {r.reason: r.count for r in rows if r.kind == kind}
        if counts:
            figure.add_trace(
                go.Bar(
                    x=[counts.get(reason, 0) for reason in order],
                    y=[label(short(reason)) for reason in order],
                    customdata=[label(reason) for reason in order],
                    orientation="h",
                    name=kind,
                    marker_color=colour,
                    hovertemplate=f"%{{customdata}}: %{{x}} {kind} requests<extra></extra>",
                )
            )
    most = max(totals.values())
    figure.update_layout(barmode="stack", xaxis_title="requests")
    figure.update_xaxes(rangemode="tozero", **whole_ticks(most))
    figure.update_layout(legend={"orientation": "h", "x": 1, "xanchor": "right", "y": 1.02, "yanchor": "bottom"})
    return _layout(figure, title, height=max(240, 26 * len(order) + 90))

"""Plotly figures of the analytics page: pure functions from `store.analytics` results.

Each builder takes plain data and returns a figure with a title; with no data it returns a
figure that says "No data yet" (no traces) instead of failing or drawing empty axes.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Sequence

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from store.analytics import DimensionScore, LeadTime, OptionCount, ReasonCount, RevenuePoint
from store.funnel import Funnel

NO_DATA = "No data yet"
INK, ACCENT, WARN = "#2c3e50", "#2980b9", "#c0392b"


def _layout(figure: go.Figure, title: str, *, height: int = 360) -> go.Figure:
    figure.update_layout(title={"text": title}, height=height, margin={"l": 10, "r": 10, "t": 50, "b": 10})
    return figure


def empty(title: str) -> go.Figure:
    """A titled figure with no traces and a centred "No data yet"."""
    figure = go.Figure()
    figure.add_annotation(text=NO_DATA, x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False, font={"size": 16})
    figure.update_xaxes(visible=False)
    figure.update_yaxes(visible=False)
    return _layout(figure, title, height=220)


def label(text: str) -> str:
    """Text for an axis or legend: plotly reads tags (links included) in labels, so escape them."""
    return html.escape(text, quote=False)


def major(minor: int) -> float:
    """Minor units (cents) as a plotted amount."""
    return minor / 100


def option_popularity(rows: Sequence[OptionCount], *, title: str = "Option popularity (items sold)") -> go.Figure:
    """A horizontal bar per option, one colour (trace) per product module, most sold first."""
    if not rows:
        return empty(title)
    several = len({r.product_code for r in rows}) > 1
    figure = go.Figure()
    groups: dict[tuple[str, str], list[OptionCount]] = {}
    for row in rows:
        groups.setdefault((row.product_code, row.module_code), []).append(row)
    for (product, _), options in groups.items():
        options = sorted(options, key=lambda r: r.units)
        name = label(f"{product} · {options[0].module_name}" if several else options[0].module_name)
        figure.add_trace(
            go.Bar(
                x=[r.units for r in options],
                y=[f"{name}: {label(r.option_name)}" for r in options],
                orientation="h",
                name=name,
                hovertemplate="%{y}: %{x} sold<extra></extra>",
            )
        )
    figure.update_layout(xaxis_title="items sold", legend_title_text="module")
    return _layout(figure, title, height=max(260, 22 * len(rows) + 90))


def funnel(data: Funnel, *, title: str = "Configuration funnel") -> go.Figure:
    """Started configuring -> added to cart -> ordered, with the share of the first step."""
    if not data.steps or not any(step.count for step in data.steps):
        return empty(title)
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
    points: Sequence[RevenuePoint], *, currency: str = "EUR", title: str = "Revenue and average order value"
) -> go.Figure:
    """Revenue per period as bars, the average order value as a line on a second axis."""
    if not points:
        return empty(title)
    figure = make_subplots(specs=[[{"secondary_y": True}]])
    days = [p.start.isoformat() for p in points]
    figure.add_trace(
        go.Bar(x=days, y=[major(p.revenue_minor) for p in points], name="Revenue", marker_color=INK),
        secondary_y=False,
    )
    figure.add_trace(
        go.Scatter(
            x=days,
            y=[major(p.average_minor) for p in points],
            name="Average order",
            mode="lines+markers",
            line={"color": ACCENT},
        ),
        secondary_y=True,
    )
    # Both axes from zero: a single period (or equal averages) would otherwise get an axis spanning
    # a few cents around the value, ticked "13.632768" to "13.63091k".
    figure.update_yaxes(title_text=f"revenue ({currency})", rangemode="tozero", secondary_y=False)
    figure.update_yaxes(title_text=f"average order ({currency})", rangemode="tozero", secondary_y=True)
    figure.update_xaxes(type="category")
    return _layout(figure, title)


def lead_times(rows: Sequence[LeadTime], *, title: str = "Delivered vs promised (days late)") -> go.Figure:
    """How many orders arrived N days after (positive, red) or before (negative) the promised date."""
    if not rows:
        return empty(title)
    counts = Counter(r.late_days for r in rows)
    days = list(range(min(counts), max(counts) + 1))
    figure = go.Figure(
        go.Bar(
            x=days,
            y=[counts.get(d, 0) for d in days],
            marker_color=[WARN if d > 0 else INK for d in days],
            hovertemplate="%{x} days late: %{y} orders<extra></extra>",
            name="orders",
        )
    )
    figure.update_layout(xaxis_title="days late (negative: early)", yaxis_title="orders", showlegend=False)
    return _layout(figure, title)


def review_scores(scores: Sequence[DimensionScore], *, title: str = "Review scores per dimension") -> go.Figure:
    """Average stars (1 to 5) per review dimension, with how many reviews each average is from."""
    if not scores or not any(s.count for s in scores):
        return empty(title)
    figure = go.Figure(
        go.Bar(
            x=[s.label for s in scores],
            y=[s.average for s in scores],
            text=[f"{s.average:.1f} ({s.count})" for s in scores],
            textposition="auto",
            marker_color=ACCENT,
            name="average stars",
        )
    )
    figure.update_layout(yaxis={"range": [0, 5], "title": "average stars"}, showlegend=False)
    return _layout(figure, title)


def returns_by_reason(rows: Sequence[ReasonCount], *, title: str = "Returns by reason") -> go.Figure:
    """Requests per reason, one trace per kind (return, exchange), most frequent reason on top."""
    if not rows:
        return empty(title)
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
                    y=[label(reason) for reason in order],
                    orientation="h",
                    name=kind,
                    marker_color=colour,
                )
            )
    figure.update_layout(barmode="stack", xaxis_title="requests")
    return _layout(figure, title, height=max(240, 26 * len(order) + 90))

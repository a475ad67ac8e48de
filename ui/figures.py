"""Plotly figure builders: pure functions from plain data to figures (unit-tested)."""

from __future__ import annotations

import plotly.graph_objects as go

from pricing.model import Quote
from pricing.money import Money


def price_breakdown(quote: Quote) -> go.Figure:
    """A horizontal bar per priced line (discounts negative), largest first, then shipping."""
    rows: list[tuple[str, float]] = [(line.label, float(line.net.amount)) for line in quote.lines if line.net.amount]
    rows.sort(key=lambda row: row[1], reverse=True)
    rows += [(f"Discount: {d.label}", -float(d.amount.amount)) for d in quote.discounts]
    if quote.shipping.amount.amount:
        rows.append((quote.shipping.label, float(quote.shipping.amount.amount)))
    labels = [label for label, _ in rows][::-1]
    values = [value for _, value in rows][::-1]
    figure = go.Figure(
        go.Bar(
            x=values,
            y=labels,
            orientation="h",
            marker_color=["#c0392b" if v < 0 else "#2c3e50" for v in values],
            text=[Money(str(v), quote.currency).display() for v in values],
            textposition="auto",
            hovertemplate="%{y}: %{x:,.2f} " + quote.currency + "<extra></extra>",
        )
    )
    figure.update_layout(
        height=max(160, 28 * len(rows) + 60),
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        xaxis_title=quote.currency,
        showlegend=False,
    )
    return figure

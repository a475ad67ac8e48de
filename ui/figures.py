"""Plotly figure builders: pure functions from plain data to figures (unit-tested)."""

from __future__ import annotations

import textwrap

import plotly.graph_objects as go

from i18n import gettext
from modules.catalog import Catalog
from pricing import formatting
from pricing.formatting import DEFAULT_LANGUAGE
from pricing.labels import DISCOUNT, discount_label, line_label
from pricing.model import Quote
from pricing.money import Money


def price_breakdown(quote: Quote, lang: str = DEFAULT_LANGUAGE, catalog: Catalog | None = None) -> go.Figure:
    """A horizontal bar per priced line (discounts negative), largest first, then shipping; the
    lines named in `lang` (module and option names from `catalog`'s translations)."""
    rows: list[tuple[str, Money]] = [
        (line_label(line, catalog, lang), line.net) for line in quote.lines if line.net.amount
    ]
    rows.sort(key=lambda row: row[1].amount, reverse=True)
    rows += [(gettext(DISCOUNT, lang).format(label=discount_label(d, lang)), -d.amount) for d in quote.discounts]
    if quote.shipping.amount.amount:
        rows.append((gettext(quote.shipping.label, lang), quote.shipping.amount))
    # The amount goes in the label, not on the bar: a short or negative bar clips its own text.
    # Long labels wrap (a phone leaves the axis about a third of 390 px: an unwrapped label is cut).
    labels = [f"{wrapped(label)}  {formatting.money(amount, lang)}" for label, amount in rows][::-1]
    values = [float(amount.amount) for _, amount in rows][::-1]
    lines = sum(label.count("<br>") + 1 for label in labels)
    figure = go.Figure(
        go.Bar(
            x=values,
            y=labels,
            orientation="h",
            marker_color=["#c0392b" if v < 0 else "#2c3e50" for v in values],
            hovertemplate="%{y}<extra></extra>",
        )
    )
    figure.update_layout(
        height=max(160, 28 * len(rows) + 14 * (lines - len(rows)) + 60),
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        # Each bar's amount is in its label, in the page's format; the axis keeps no amounts of its
        # own (plotly would write them the English way whatever the page's language).
        xaxis={"title": quote.currency, "showticklabels": False},
        showlegend=False,
    )
    return figure


def wrapped(label: str, width: int = 28) -> str:
    """`label` in lines of at most `width` characters (plotly's line break), words kept whole.

    >>> wrapped("Pack: rear camera, front and rear parking sensors")
    'Pack: rear camera, front and<br>rear parking sensors'
    >>> wrapped("Sewn garment")
    'Sewn garment'
    """
    return "<br>".join(textwrap.wrap(label, width)) or label

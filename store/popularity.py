"""What buyers chose: per product, how many items were sold and how many of them took each option.

Aggregates only (no buyer is named), so the storefront may read it without a staff role; it
feeds "finish for me with the most popular choices".
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session

from store.analytics import sold_orders
from store.analytics_filter import AnalyticsFilter
from store.db import atomic
from store.snapshots import LineSnapshot

WINDOW_DAYS = 365


@dataclass(frozen=True)
class Popularity:
    sold: int = 0  # items of the product sold in the window
    chosen: dict[tuple[str, str], int] = field(default_factory=dict)  # (module, option) -> items
    designs: tuple[tuple[dict[str, Any], int], ...] = ()  # (design as ordered, items), for learning


def option_popularity(*, session: Session, product_code: str, today: dt.date | None = None) -> Popularity:
    """Items of `product_code` sold in the last year (orders neither cancelled nor returned) and,
    per (module, option), how many of those items chose it, and each item's design as ordered
    (what `configurator.completion.learn_from_orders` learns which choices go together from),
    without what buyers typed (engravings, names)."""
    since = (today or dt.date.today()) - dt.timedelta(days=WINDOW_DAYS)
    sold = 0
    chosen: Counter[tuple[str, str]] = Counter()
    designs: list[tuple[dict[str, Any], int]] = []
    with atomic(session):
        for sale in sold_orders(session, AnalyticsFilter(product_code=product_code, since=since), snapshots=True):
            for line in sale.lines:
                if line.product_code != product_code:
                    continue
                sold += line.quantity
                sold_as = LineSnapshot.of(line.snapshot)
                typed = {module.module for module in sold_as.modules if module.kind == "text"}
                design = {code: value for code, value in line.configuration.items() if code not in typed}
                designs.append((design, line.quantity))  # choices only: a buyer's typed text stays theirs
                for module in sold_as.modules:
                    for option in module.options or []:
                        chosen[(module.module, option.code)] += line.quantity
    return Popularity(sold, dict(chosen), tuple(designs))

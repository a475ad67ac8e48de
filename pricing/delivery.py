"""Delivery dates: production lead time plus transit, counted in business days.

Production days of an item = the base's days + the options' extra days (the slowest option
when the catalog's `lead_time_mode` is `max`, all of them when it is `sum`) + the extra days
of the numeric, text and quantity modules in use (a numeric module with a value, a non-empty
text, a quantity above zero), which always add up. Production starts on the first business
day after the order date and the item ships on its last production day (the next business day
when nothing needs making); a cart ships when its slowest item is made. Business days skip
Saturdays, Sundays and the closing days (`pricing.closing_days`): production those of the shop's
home country, transit those of the destination.

>>> add_business_days(dt.date(2026, 11, 6), 1)  # a Friday
datetime.date(2026, 11, 9)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Container, Mapping
from dataclasses import dataclass

from modules.catalog import Catalog
from modules.expr import Attributes, Value
from modules.kinds import MultiChoice, NumericModule, QuantityModule, SingleChoice, TextModule
from modules.selection import visible
from pricing.shop import DeliveryMode


@dataclass(frozen=True, slots=True)
class DeliveryEstimate:
    mode: str
    production_days: int  # business days
    ships_on: dt.date
    earliest: dt.date
    latest: dt.date

    def as_json(self) -> dict[str, object]:
        return {
            "mode": self.mode,
            "production_days": self.production_days,
            "ships_on": self.ships_on.isoformat(),
            "earliest": self.earliest.isoformat(),
            "latest": self.latest.isoformat(),
        }


def is_business_day(day: dt.date, holidays: Container[dt.date] = ()) -> bool:
    return day.weekday() < 5 and day not in holidays


def next_business_day(day: dt.date, holidays: Container[dt.date] = ()) -> dt.date:
    """`day` itself if it is a business day, else the next one."""
    while not is_business_day(day, holidays):
        day += dt.timedelta(days=1)
    return day


def add_business_days(day: dt.date, days: int, holidays: Container[dt.date] = ()) -> dt.date:
    """The date `days` business days after `day` (`day` itself when `days` is 0)."""
    if days < 0:
        raise ValueError("days must not be negative")
    while days:
        day += dt.timedelta(days=1)
        if is_business_day(day, holidays):
            days -= 1
    return day


def production_days(catalog: Catalog, env: Mapping[str, Value], attributes: Attributes) -> int:
    option_days: list[int] = []
    module_days = 0
    for module in catalog.modules:
        if not visible(module, env, attributes):
            continue
        value = env.get(module.code)
        if isinstance(module, SingleChoice | MultiChoice):
            picks = {value} if isinstance(value, str) else value if isinstance(value, frozenset) else set()
            option_days += [o.lead_time_days for o in module.options if o.code in picks]
        elif (
            (isinstance(module, NumericModule) and value is not None)
            or (isinstance(module, TextModule) and isinstance(value, str) and value)
            or (isinstance(module, QuantityModule) and value is not None and value != 0)
        ):
            module_days += module.lead_time_days
    extra = sum(option_days) if catalog.lead_time_mode == "sum" else max(option_days, default=0)
    return catalog.base.lead_time_days + extra + module_days


def estimate(
    *,
    order_date: dt.date,
    production: int,
    mode: DeliveryMode,
    holidays: Container[dt.date] = (),
    transit_holidays: Container[dt.date] | None = None,
) -> DeliveryEstimate:
    """Ship after `production` business days (counted from the day after the order, skipping
    `holidays`), then arrive within the mode's transit business days (skipping `transit_holidays`,
    the destination's; the same `holidays` when not given)."""
    ships = add_business_days(order_date, max(production, 1), holidays)  # in stock: ships next business day
    transit = holidays if transit_holidays is None else transit_holidays
    return DeliveryEstimate(
        mode.code,
        production,
        ships,
        add_business_days(ships, mode.transit_days_min, transit),
        add_business_days(ships, mode.transit_days_max, transit),
    )

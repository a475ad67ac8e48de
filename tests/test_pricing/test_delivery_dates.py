"""Delivery dates: production lead time plus transit, in business days (weekends skipped)."""

from __future__ import annotations

import datetime as dt
import textwrap

import pytest
from pricing_factories import MUG, context, mug

from modules.loader import load_catalog_text
from pricing.delivery import add_business_days, is_business_day, next_business_day
from pricing.quote import quote

FULL = {"size": "large", "extras": ["lid", "gift-box"], "engraving": "AB", "coasters": 2, "handle": 8}
PLAIN = {"size": "small", "extras": [], "coasters": 0, "handle": 6}
CHRISTMAS = (dt.date(2026, 12, 25),)


@pytest.mark.parametrize(
    ("start", "days", "end"),
    [
        ("2026-11-06", 0, "2026-11-06"),  # Friday, nothing to add
        ("2026-11-06", 1, "2026-11-09"),  # Friday + 1 -> Monday
        ("2026-11-07", 1, "2026-11-09"),  # Saturday + 1 -> Monday
        ("2026-11-04", 5, "2026-11-11"),  # Wednesday + 5 -> next Wednesday
        ("2026-11-02", 10, "2026-11-16"),  # two full weeks
    ],
)
def test_business_days_skip_weekends(start, days, end):
    assert add_business_days(dt.date.fromisoformat(start), days) == dt.date.fromisoformat(end)


def test_holidays_are_skipped():
    assert add_business_days(dt.date(2026, 12, 24), 1, CHRISTMAS) == dt.date(2026, 12, 28)
    assert not is_business_day(dt.date(2026, 12, 25), CHRISTMAS)
    assert next_business_day(dt.date(2026, 12, 26), CHRISTMAS) == dt.date(2026, 12, 28)
    with pytest.raises(ValueError):
        add_business_days(dt.date(2026, 1, 1), -1)


def test_slowest_option_plus_module_lead_times():
    q = quote(catalog=mug(), selection=FULL, quantity=1, context=context())
    # base 2 + slowest option (lid, 2 days) + engraving text 1 = 5 business days from Wednesday 4 November
    assert q.delivery.production_days == 5
    assert q.delivery.ships_on == dt.date(2026, 11, 11)
    assert (q.delivery.earliest, q.delivery.latest) == (dt.date(2026, 11, 13), dt.date(2026, 11, 18))  # 2..5 days


def test_sum_mode_adds_every_option():
    catalog = load_catalog_text(textwrap.dedent(MUG).replace("lead_time_mode: max", "lead_time_mode: sum"), file="m")
    q = quote(catalog=catalog, selection=FULL, quantity=1, context=context())
    assert q.delivery.production_days == 2 + (1 + 2) + 1


def test_express_over_a_weekend_and_nothing_to_make():
    q = quote(
        catalog=mug(), selection=PLAIN, quantity=1, context=context(date=dt.date(2026, 11, 6), delivery="express")
    )
    assert q.delivery.production_days == 2
    assert q.delivery.ships_on == dt.date(2026, 11, 10)  # Friday + 2 business days
    assert (q.delivery.earliest, q.delivery.latest) == (dt.date(2026, 11, 11), dt.date(2026, 11, 12))
    ordered_saturday = quote(catalog=mug(), selection=PLAIN, quantity=1, context=context(date=dt.date(2026, 11, 7)))
    assert ordered_saturday.delivery.ships_on == dt.date(2026, 11, 10)  # Monday and Tuesday of production


def test_shop_holidays_delay_delivery():
    q = quote(catalog=mug(), selection=PLAIN, quantity=1, context=context(date=dt.date(2026, 12, 22)))
    # production 23 and 24 December; the 25th is a holiday, so transit starts on Monday the 28th
    assert q.delivery.ships_on == dt.date(2026, 12, 24)
    assert q.delivery.earliest == dt.date(2026, 12, 29)
    assert q.delivery.as_json()["earliest"] == "2026-12-29"

"""Public holidays per country from the `holidays` package, plus the shop's own closing days.

The typed list the shop kept before knew only Christmas and New Year; Portugal also stops on
Good Friday, 25 April, 1 May, Corpus Christi, 10 June, 15 August, 5 October, 1 November,
1 December and 8 December.
"""

from __future__ import annotations

import datetime as dt

import pytest
from pricing_factories import context, mug

from modules.errors import CatalogError, ProblemCode
from pricing.closing_days import ClosingDays, public_holidays
from pricing.delivery import add_business_days
from pricing.quote import quote
from pricing.shop import load_shop, load_shop_text

PLAIN = {"size": "small", "extras": [], "coasters": 0, "handle": 6}
MISSED_BY_THE_TYPED_LIST = [
    "2026-04-03",  # Good Friday
    "2026-04-25",  # Freedom Day (a Saturday this year, still a holiday)
    "2026-06-04",  # Corpus Christi
    "2026-06-10",  # Portugal Day
    "2026-08-15",
    "2026-10-05",  # Republic Day
    "2026-12-01",  # Restoration of Independence
    "2026-12-08",  # Immaculate Conception
]


@pytest.mark.parametrize("day", MISSED_BY_THE_TYPED_LIST)
def test_portuguese_holidays_the_typed_list_missed_are_closing_days(day):
    assert dt.date.fromisoformat(day) in load_shop().closing_days_in("PT")


def test_production_in_portugal_waits_out_restoration_day():
    # Ordered Monday 30 November 2026; 1 December is a Portuguese holiday, so two days of making
    # are Wednesday 2 and Thursday 3 December (the typed list said Tuesday 1 and Wednesday 2).
    q = quote(catalog=mug(), selection=PLAIN, quantity=1, context=context(date=dt.date(2026, 11, 30), shop=load_shop()))
    assert q.delivery.production_days == 2
    assert q.delivery.ships_on == dt.date(2026, 12, 3)
    # standard transit 2..5 business days in Portugal: Friday 4, Monday 7, (8th a holiday) Wednesday 9 ...
    assert q.delivery.earliest == dt.date(2026, 12, 7)
    assert q.delivery.latest == dt.date(2026, 12, 11)


def test_transit_counts_the_destination_holidays_not_the_home_ones():
    shop = load_shop()
    # Portugal's 8 December is also a Spanish holiday; Germany works that day.
    to_germany = quote(
        catalog=mug(), selection=PLAIN, quantity=1, context=context(date=dt.date(2026, 12, 3), shop=shop, country="DE")
    )
    to_portugal = quote(
        catalog=mug(), selection=PLAIN, quantity=1, context=context(date=dt.date(2026, 12, 3), shop=shop, country="PT")
    )
    assert to_germany.delivery.ships_on == to_portugal.delivery.ships_on == dt.date(2026, 12, 7)
    assert to_germany.delivery.earliest == dt.date(2026, 12, 9)  # Tuesday 8, Wednesday 9
    assert to_portugal.delivery.earliest == dt.date(2026, 12, 10)  # the 8th is skipped


def test_the_shop_own_closing_days_add_to_the_public_holidays():
    text = load_shop_text(
        SHOP + "closing_days: [2026-11-18]\n",
        file="shop.yaml",
    )
    days = text.closing_days_in("PT")
    assert dt.date(2026, 11, 18) in days and dt.date(2026, 12, 1) in days
    assert add_business_days(dt.date(2026, 11, 17), 1, days) == dt.date(2026, 11, 19)


def test_public_holidays_can_be_switched_off():
    shop = load_shop_text(SHOP + "public_holidays: false\nclosing_days: [2026-12-25]\n", file="shop.yaml")
    days = shop.closing_days_in("PT")
    assert dt.date(2026, 12, 1) not in days and dt.date(2026, 12, 25) in days


def test_a_country_without_known_holidays_is_refused_where_it_is_written():
    with pytest.raises(CatalogError) as caught:
        load_shop_text(SHOP.replace("vat_rates: {PT: 23}", "vat_rates: {PT: 23, QQ: 10}"), file="shop.yaml")
    problem = caught.value.problems[0]
    assert problem.code == ProblemCode.UNKNOWN_REFERENCE
    assert "QQ" in problem.message and problem.line == 2
    with pytest.raises(ValueError, match="QQ"):
        ClosingDays("QQ")


def test_holidays_are_looked_up_for_any_year():
    assert dt.date(2031, 12, 1) in ClosingDays("PT")
    assert public_holidays("PT", 2027) == public_holidays("PT", 2027)  # cached per year
    assert "2026-12-01" not in ClosingDays("PT")  # only dates are days


SHOP = """\
home_country: PT
vat_rates: {PT: 23}
delivery_modes:
  - {code: standard, label: Standard, transit_days_min: 1, transit_days_max: 3}
default_delivery: standard
"""

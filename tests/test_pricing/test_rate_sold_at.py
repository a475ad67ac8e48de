"""A quote names the rate it converted at; a sale counts in the shop currency at that rate, not at
the shop's rate of the day (an older sale without one counts at today's)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from pricing_factories import context, mug

from pricing.currencies import CurrencyRate, Exchange
from pricing.quote import quote
from pricing.shop import load_shop

MUG = {"size": "large", "extras": ["lid"], "coasters": 0, "handle": 8}


@pytest.mark.parametrize(("currency", "rate"), [("EUR", "1"), ("USD", "1.08"), ("RUB", "98.5"), ("CNY", "7.83")])
def test_a_quote_names_the_rate_it_converted_at(currency, rate):
    q = quote(catalog=mug(), selection=MUG, quantity=1, context=context(shop=load_shop(), currency=currency))
    assert q.exchange == Exchange("EUR", Decimal(rate))
    assert q.as_json()["exchange"] == {"shop_currency": "EUR", "rate": rate}


def test_a_sale_counts_at_the_rate_it_was_sold_at_whatever_the_rate_is_today():
    shop = load_shop()
    dearer = shop.model_copy(update={"currencies": {**shop.currencies, "RUB": CurrencyRate(rate=Decimal(200))}})
    sold = shop.exchange("RUB")
    assert shop.in_shop_minor(1_970_00, "RUB", sold) == dearer.in_shop_minor(1_970_00, "RUB", sold) == 20_00
    assert dearer.in_shop_minor(1_970_00, "RUB") == 9_85  # no kept rate: today's


def test_without_a_usable_kept_rate_today_s_rate_applies():
    shop = load_shop()
    in_dollars = shop.model_copy(update={"currency": "USD", "currencies": {"RUB": CurrencyRate(rate=Decimal(100))}})
    sold_in_euros = Exchange("EUR", Decimal("98.5"))  # kept when the shop sold in euros
    assert in_dollars.in_shop_minor(1_000_00, "RUB", sold_in_euros) == 10_00
    assert in_dollars.in_shop_minor(1_000_00, "USD", sold_in_euros) == 1_000_00  # the shop currency itself


def test_a_kept_rate_still_converts_a_currency_the_shop_no_longer_sells_in():
    shop = load_shop().model_copy(update={"currencies": {}})
    assert shop.in_shop_minor(1_970_00, "RUB", Exchange("EUR", Decimal("98.5"))) == 20_00
    assert shop.in_shop_minor(1_970_00, "RUB") == 1_970_00  # nothing to convert with: kept as it is


@pytest.mark.parametrize(
    "kept",
    [None, "98.5", {}, {"rate": "98.5"}, {"shop_currency": "EUR", "rate": 98.5}, {"shop_currency": "EUR", "rate": "x"}]
    + [{"shop_currency": "EUR", "rate": bad} for bad in ("0", "-1", "NaN", "Infinity")],
)
def test_an_unreadable_kept_rate_is_no_rate(kept):
    assert Exchange.from_json(kept) is None

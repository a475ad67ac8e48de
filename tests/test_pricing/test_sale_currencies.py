"""Prices in other currencies: the shop's rate and rounding rule, applied to every catalog amount."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from pricing_factories import context, mug

from modules.errors import CatalogError
from pricing.currencies import CurrencyRate
from pricing.errors import QuoteError, QuoteErrorCode
from pricing.quote import quote
from pricing.shop import load_shop, load_shop_text

FULL = {"size": "large", "extras": ["lid", "gift-box"], "engraving": "AB", "coasters": 2, "handle": 8}


def test_rounding_rule_is_half_up_to_a_power_of_ten():
    assert CurrencyRate(rate=Decimal(100), round_to=Decimal(10)).convert(Decimal("1.05")) == 110
    assert CurrencyRate(rate=Decimal(100), round_to=Decimal(10)).convert(Decimal("1.04")) == 100
    assert CurrencyRate(rate=Decimal("1.08")).convert(Decimal("0.005")) == Decimal("0.01")
    with pytest.raises(ValueError, match="power of ten"):
        CurrencyRate(rate=Decimal(1), round_to=Decimal("0.05"))


@pytest.mark.parametrize("currency", ["USD", "RUB", "CNY"])
def test_a_quote_in_another_currency_adds_up_in_it(currency):
    shop = load_shop()
    q = quote(catalog=mug(), selection=FULL, quantity=3, context=context(shop=shop, currency=currency))
    assert q.currency == currency
    assert {line.amount.currency for line in q.lines} == {currency}
    step = shop.currencies[currency].round_to
    assert all(line.unit.amount % step == 0 for line in q.lines)  # the shop's rounding rule
    assert q.total == q.subtotal - q.discount_total + q.shipping.amount
    assert q.to_minor_units()  # every figure fits the currency's minor unit


def test_the_currency_follows_the_destination_unless_given():
    shop = load_shop()
    assert quote(catalog=mug(), selection=FULL, quantity=1, context=context(shop=shop, country="RU")).currency == "RUB"
    chosen = context(shop=shop, country="RU", currency="EUR")
    assert quote(catalog=mug(), selection=FULL, quantity=1, context=chosen).currency == "EUR"


def test_thresholds_and_coupons_are_converted_too():
    shop = load_shop()
    roubles = shop.in_currency("RUB")
    assert roubles.coupon("SAVE15").amount == 1478  # EUR 15 at 98.5, whole roubles
    assert roubles.delivery_mode("standard").free_from == 7880  # free from EUR 80
    assert roubles.offers[0].threshold == 19700


def test_a_quote_in_another_currency_takes_coupons_offers_and_points_converted():
    """€15 off is 1,478 roubles off (not 15), the €500 offer threshold is 49,250 roubles and its
    €60 is 5,910; points are earned per euro's worth whatever the currency (not per rouble)."""
    shop = load_shop()
    euros, roubles = (
        quote(
            catalog=mug(),
            selection=FULL,
            quantity=20,
            context=context(shop=shop, currency=c, coupon="SAVE15", signed_in=True),
        )
        for c in ("EUR", "RUB")
    )
    assert [(d.code, d.amount.amount) for d in roubles.discounts][1:] == [("SAVE15", 1478), ("spend-500", 5910)]
    assert [(d.code, d.amount.amount) for d in euros.discounts][1:] == [("SAVE15", 15), ("spend-500", 60)]
    assert roubles.points_earned == euros.points_earned == 447
    few = quote(catalog=mug(), selection=FULL, quantity=3, context=context(shop=shop, currency="RUB"))
    assert few.subtotal.amount > 500 and not few.discounts  # 500 roubles is not the €500 threshold


def test_a_currency_the_shop_does_not_sell_in_gives_no_price():
    with pytest.raises(QuoteError) as caught:
        quote(catalog=mug(), selection=FULL, quantity=1, context=context(shop=load_shop(), currency="JPY"))
    assert caught.value.code is QuoteErrorCode.CURRENCY_MISMATCH and "JPY" in caught.value.message


SHOP = """\
home_country: PT
vat_rates: {PT: 23}
delivery_modes:
  - {code: standard, label: Standard, transit_days_min: 1, transit_days_max: 3}
default_delivery: standard
"""


@pytest.mark.parametrize(
    ("extra", "words", "line"),
    [
        ("currencies:\n  EUR: {rate: 1}\n", "shop currency", 7),
        ("currencies:\n  ZZZ: {rate: 2}\n", "not a known currency", 7),
        ("currencies:\n  RUB: {rate: 98, round_to: 0.001}\n", "finer than the minor unit", 7),
        ("currencies:\n  RUB: {rate: 0}\n", "greater than 0", 7),
        ("country_currencies: {PT: USD}\n", "USD", 6),
    ],
)
def test_currency_mistakes_are_located(extra, words, line):
    with pytest.raises(CatalogError) as caught:
        load_shop_text(SHOP + extra, file="shop.yaml")
    problem = caught.value.problems[0]
    assert words in problem.message and problem.line == line


def test_days_and_dates_are_the_same_in_every_currency():
    shop = load_shop()
    day = dt.date(2026, 11, 30)
    eur = quote(catalog=mug(), selection=FULL, quantity=1, context=context(shop=shop, date=day))
    usd = quote(catalog=mug(), selection=FULL, quantity=1, context=context(shop=shop, date=day, currency="USD"))
    assert eur.delivery == usd.delivery

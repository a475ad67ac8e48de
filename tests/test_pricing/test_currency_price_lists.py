"""Price lists per sale currency in the catalog: listed amounts as written, the rest converted by
the shop's rate and rounded by its rule, in quotes and in the configure page's price bounds."""

from __future__ import annotations

import datetime as dt
import textwrap
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pricing_factories import DAY, MUG, compiled, context, sample, shop

from modules.errors import CatalogError
from modules.loader import load_catalog_text
from pricing.bounds import PriceBounds, concrete_selection
from pricing.money import Money
from pricing.quote import quote

FULL = {"size": "large", "extras": ["lid", "gift-box"], "engraving": "AB", "coasters": 2, "handle": 8}
JUMBO = {**FULL, "size": "jumbo"}

USD_LIST = """\
    - code: usd
      label: Dollar prices
      currency: USD
      valid_from: 2026-01-01
      base_price: 12.90
      options: {size.large: 2.90, extras.lid: 3.90}
      surcharges: {glaze-jumbo: 0.99}
      setup_fees: {engraving-setup: 7.90}
    - code: rub
      label: Rouble prices
      currency: RUB
      valid_from: 2026-01-01
      base_price: 1190
"""


def mug_with(lists: str = USD_LIST):
    return load_catalog_text(textwrap.dedent(MUG) + lists, file="mug.yaml")


def lines(q) -> dict[str, Money]:
    return {line.code: line.unit for line in q.lines}


def eur_units(selection) -> dict[str, Decimal]:
    q = quote(catalog=mug_with(), selection=selection, quantity=1, context=context(currency="EUR"))
    return {code: unit.amount for code, unit in lines(q).items()}


def test_a_dollar_list_gives_its_own_prices_and_converts_what_it_leaves_out():
    usd = shop().currencies["USD"]
    q = quote(catalog=mug_with(), selection=FULL, quantity=1, context=context(currency="USD"))
    units, euros = lines(q), eur_units(FULL)
    assert q.currency == "USD" and q.items[0].price_list == "usd"
    assert units["base"] == Money("12.90", "USD")
    assert units["size.large"] == Money("2.90", "USD")
    assert units["extras.lid"] == Money("3.90", "USD")
    assert units["engraving-setup"] == Money("7.90", "USD")
    # Not listed: the euro price converted at 1.08 and rounded to the cent.
    for code in ("extras.gift-box", "engraving", "coasters", "long-handle", "handling"):
        assert units[code] == Money(usd.convert(euros[code]), "USD"), code
    assert units["handling"] == Money("2.15", "USD")  # EUR 1.99 x 1.08 = 2.1492
    # A percentage of the base follows the listed dollar base (10 % of 12.90), not the euro one.
    assert units["box-service"] == Money("1.29", "USD")


def test_a_percent_option_follows_the_listed_base_rounded_by_the_currency_rule():
    dollars = quote(catalog=mug_with(), selection=JUMBO, quantity=1, context=context(currency="USD"))
    assert lines(dollars)["size.jumbo"] == Money("3.23", "USD")  # 25 % of 12.90 = 3.225, half-up
    assert lines(dollars)["glaze-jumbo"] == Money("0.99", "USD")
    roubles = quote(catalog=mug_with(), selection=JUMBO, quantity=1, context=context(currency="RUB"))
    assert lines(roubles)["base"] == Money(1190, "RUB")
    assert lines(roubles)["size.jumbo"] == Money(298, "RUB")  # 25 % of 1190 = 297.5 -> whole roubles


@pytest.mark.parametrize(("currency", "step"), [("RUB", Decimal(1)), ("CNY", Decimal("0.1")), ("USD", Decimal("0.01"))])
def test_every_unit_price_keeps_the_shop_rounding_of_its_currency(currency, step):
    q = quote(catalog=mug_with(), selection=JUMBO, quantity=7, context=context(currency=currency))
    assert {line.unit.currency for line in q.lines} == {currency}
    assert all(line.unit.amount % step == 0 for line in q.lines if line.code != "tier")
    assert q.subtotal == Money.total((line.amount for line in q.lines), currency)


def test_without_a_list_for_the_currency_every_price_is_converted():
    cny = shop().currencies["CNY"]
    q = quote(catalog=mug_with(), selection=FULL, quantity=1, context=context(currency="CNY"))
    euros = eur_units(FULL)
    assert q.items[0].price_list is None
    assert all(line.unit == Money(cny.convert(euros[line.code]), "CNY") for line in q.lines)


def test_a_currency_list_holds_only_within_its_dates_and_converts_the_catalog_list_in_force():
    usd = shop().currencies["USD"]
    later = mug_with(
        "    - {code: usd-later, label: From mid 2027, currency: USD, valid_from: 2027-06-01, base_price: 12.9}\n"
    )
    now, spring, summer = DAY, dt.date(2027, 2, 1), dt.date(2027, 7, 1)
    priced = {
        day: lines(quote(catalog=later, selection=FULL, quantity=1, context=context(currency="USD", date=day)))
        for day in (now, spring, summer)
    }
    assert priced[now]["base"] == Money(usd.convert(Decimal("12.00")), "USD")  # the catalog's base, converted
    assert priced[spring]["base"] == Money(usd.convert(Decimal("13.00")), "USD")  # the euro list y2027, converted
    assert priced[summer]["base"] == Money("12.90", "USD")  # the dollar list
    assert priced[spring]["extras.lid"] == priced[summer]["extras.lid"] == Money(usd.convert(Decimal("4.20")), "USD")


def test_the_delivery_country_picks_the_currency_and_the_buyer_choice_wins():
    by_country = quote(catalog=mug_with(), selection=FULL, quantity=1, context=context(country="RU"))
    chosen = quote(catalog=mug_with(), selection=FULL, quantity=1, context=context(country="RU", currency="USD"))
    assert by_country.currency == "RUB" and by_country.items[0].price_list == "rub"
    assert lines(by_country)["base"] == Money(1190, "RUB")
    assert chosen.currency == "USD" and lines(chosen)["base"] == Money("12.90", "USD")


def test_the_shipped_tshirt_and_bicycle_have_dollar_lists():
    tee = {
        "cut": "hoodie",
        "fabric": "fleece",
        "colour": "white",
        "size": "m",
        "print_method": "embroidery",
        "placement": "chest-left",
    }
    q = quote(catalog=sample("tshirt.yaml"), selection=tee, quantity=1, context=context(currency="USD"))
    assert q.items[0].price_list == "usd-2026"
    assert (lines(q)["base"], lines(q)["cut.hoodie"]) == (Money("15.90", "USD"), Money("25.90", "USD"))
    cp, engine = compiled("bicycle.yaml")
    found = PriceBounds(cp, engine, date=DAY).cheapest({"frame_material": "carbon"})
    assert found is not None
    bike = quote(catalog=sample("bicycle.yaml"), selection=found[1], quantity=1, context=context(currency="USD"))
    assert bike.items[0].price_list == "usd-2026" and lines(bike)["frame_material.carbon"] == Money("1490.00", "USD")


@pytest.mark.parametrize("name", ["tshirt.yaml", "bicycle.yaml"])
@pytest.mark.parametrize("currency", ["EUR", "USD", "RUB", "CNY"])
def test_price_bounds_in_a_currency_equal_its_quotes(name, currency):
    cp, engine = compiled(name)
    bounds = PriceBounds(cp, engine, date=context().date, quantity=3, sale=shop().sale_currency(currency))
    found = bounds.cheapest()
    assert found is not None
    from_price, selection = found
    q = quote(catalog=sample(name), selection=selection, quantity=3, context=context(currency=currency))
    assert from_price.currency == currency and q.subtotal == from_price
    for seed in range(3):
        costs = np.random.default_rng(seed).random(int(engine.val_off[-1]))
        assignment = engine.complete({}, costs)
        assert assignment is not None
        design = concrete_selection(cp, assignment)
        priced = quote(catalog=sample(name), selection=design, quantity=3, context=context(currency=currency))
        assert bounds.total_of(assignment) == priced.subtotal


@pytest.mark.parametrize(
    ("change", "line", "words"),
    [
        ("currency: USD", 3, "unknown currency ZZZ"),
        ("options: {size.large: 2.90, extras.lid: 3.90}", 6, "'size.huge' in price list 'usd'"),
        ("surcharges: {glaze-jumbo: 0.99}", 7, "'glaze-jumbbo' in price list 'usd'"),
        ("setup_fees: {engraving-setup: 7.90}", 8, "greater than or equal to 0"),
        ("base_price: 12.90", 5, "12.905 USD in price list 'usd' has more than 2 decimal places"),
    ],
)
def test_mistakes_in_a_currency_list_are_located(change, line, words):
    wrong = {
        "currency: USD": "currency: ZZZ",
        "options: {size.large: 2.90, extras.lid: 3.90}": "options: {size.huge: 2.90, extras.lid: 3.90}",
        "surcharges: {glaze-jumbo: 0.99}": "surcharges: {glaze-jumbbo: 0.99}",
        "setup_fees: {engraving-setup: 7.90}": "setup_fees: {engraving-setup: -7.90}",
        "base_price: 12.90": "base_price: 12.905",
    }[change]
    with pytest.raises(CatalogError) as caught:
        mug_with(USD_LIST.replace(change, wrong))
    first_line = MUG.count("\n") + 1
    (problem,) = caught.value.problems
    assert words in problem.message and problem.line == first_line + line - 1, problem


def test_lists_overlap_only_within_one_currency():
    mug_with(USD_LIST)  # the euro list y2027 and the dollar list run at the same time: fine
    twice = USD_LIST + USD_LIST.split("    - code: rub")[0].replace("code: usd", "code: usd-b")
    with pytest.raises(CatalogError) as caught:
        mug_with(twice)
    (problem,) = caught.value.problems
    assert "'usd-b' overlaps 'usd'" in problem.message


CURRENCIES = ["EUR", "USD", "RUB", "CNY"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.sampled_from(["tshirt.yaml", "bicycle.yaml"]),
    currency=st.sampled_from(CURRENCIES),
    country=st.sampled_from(["PT", "DE", "RU", "CN"]),
    seed=st.integers(0, 10_000),
    quantity=st.integers(1, 30),
    coupon=st.sampled_from([None, "SAVE15", "WELCOME10", "FREESHIP"]),
)
def test_totals_are_the_sum_of_lines_in_one_currency_and_never_negative(
    name, currency, country, seed, quantity, coupon
):
    cp, engine = compiled(name)
    costs = np.random.default_rng(seed).random(int(engine.val_off[-1]))
    found = engine.complete({}, costs)
    assert found is not None
    q = quote(
        catalog=sample(name),
        selection=concrete_selection(cp, found),
        quantity=quantity,
        context=context(currency=currency, country=country, coupon=coupon),
    )
    zero = Money.zero(currency)
    assert q.currency == currency
    figures = [line.amount for line in q.lines] + [line.unit for line in q.lines]
    figures += [q.subtotal, q.discount_total, q.shipping.amount, q.tax.amount, q.total]
    assert {m.currency for m in figures} == {currency}
    assert q.subtotal == Money.total((line.amount for line in q.lines), currency)
    assert q.total == q.subtotal - q.discount_total + q.shipping.amount + q.tax.added
    assert all(line.amount >= zero for line in q.lines if line.code != "tier")
    assert q.total >= zero and q.subtotal >= zero and q.to_minor_units()["total"] == q.total.to_minor()

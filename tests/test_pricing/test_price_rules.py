"""Each price rule kind on a small catalog, with hand-checked amounts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from pricing_factories import context, mug, net_mug

from pricing.errors import QuoteError, QuoteErrorCode
from pricing.lines import LineKind
from pricing.quote import quote

FULL = {"size": "large", "extras": ["lid", "gift-box"], "engraving": "AB", "coasters": 2, "handle": 8}
PLAIN = {"size": "small", "extras": [], "coasters": 0, "handle": 6}


def amounts(q):
    return {line.code: line.amount.text() for line in q.lines}


def test_every_line_kind_once():
    q = quote(catalog=mug(), selection=FULL, quantity=1, context=context())
    assert amounts(q) == {
        "base": "12.00",
        "size.large": "3.00",
        "extras.lid": "4.00",
        "extras.gift-box": "2.50",
        "engraving": "1.70",  # 1.00 when present + 2 x 0.35
        "coasters": "2.50",  # 2 x 1.25
        "long-handle": "1.50",  # (8 - 6) x 0.75
        "box-service": "1.20",  # 10 % of the base
        "engraving-setup": "8.00",
        "handling": "1.99",
    }
    assert q.subtotal.text() == "38.39"
    labels = {line.code: line.label for line in q.lines}
    assert labels["size.large"] == "Size: Large" and labels["engraving"] == "Engraving: 2 characters"
    assert {line.kind for line in q.lines} >= {
        LineKind.BASE,
        LineKind.OPTION,
        LineKind.TEXT,
        LineKind.QUANTITY,
        LineKind.FORMULA,
        LineKind.SURCHARGE,
        LineKind.SETUP_FEE,
    }


def test_nothing_extra_costs_the_base_and_unconditional_fees():
    q = quote(catalog=mug(), selection=PLAIN, quantity=1, context=context())
    assert amounts(q) == {"base": "12.00", "size.small": "0.00", "handling": "1.99"}


def test_percent_option_and_surcharge_amount():
    q = quote(catalog=mug(), selection={**PLAIN, "size": "jumbo"}, quantity=1, context=context())
    assert amounts(q)["size.jumbo"] == "3.00"  # 25 % of 12.00
    assert amounts(q)["glaze-jumbo"] == "1.10"


@pytest.mark.parametrize(
    ("quantity", "tier", "subtotal"),
    [
        (1, None, "38.39"),
        (5, None, "151.99"),  # 5 x 28.40 + 9.99 of set-up fees
        (6, "-8.52", "171.87"),  # 5 % of 170.40
        (7, "-9.96", "198.83"),  # 5 % per line, each rounded half-up: 0.875 -> 0.88, 0.595 -> 0.60 ...
        (24, "-85.20", "606.39"),  # 12.5 % of 681.60
    ],
)
def test_tiers_discount_each_item_but_not_setup_fees(quantity, tier, subtotal):
    q = quote(catalog=mug(), selection=FULL, quantity=quantity, context=context())
    assert amounts(q).get("tier") == tier
    assert q.subtotal.text() == subtotal
    fees = [line for line in q.lines if line.kind is LineKind.SETUP_FEE]
    assert all(line.quantity == 1 and line.tier_discount.amount == 0 for line in fees)


def test_price_list_by_date():
    before = quote(catalog=mug(), selection={**FULL, "size": "jumbo"}, quantity=1, context=context())
    during = quote(
        catalog=mug(), selection={**FULL, "size": "jumbo"}, quantity=1, context=context(date=dt.date(2027, 6, 1))
    )
    after = quote(catalog=mug(), selection=FULL, quantity=1, context=context(date=dt.date(2028, 1, 1)))
    assert before.items[0].price_list is None and during.items[0].price_list == "y2027"
    assert amounts(during)["base"] == "13.00"
    assert amounts(during)["size.jumbo"] == "3.25"  # the percentage follows the listed base price
    assert amounts(during)["extras.lid"] == "4.20"
    assert amounts(during)["box-service"] == "1.30"
    assert amounts(after)["base"] == "12.00" and amounts(after)["size.large"] == "3.00"
    listed = quote(catalog=mug(), selection=FULL, quantity=1, context=context(date=dt.date(2027, 12, 31)))
    assert amounts(listed)["size.large"] == "3.50"


def test_gross_prices_contain_vat_of_the_destination():
    q = quote(catalog=mug(), selection=FULL, quantity=1, context=context())
    assert q.shipping.amount.text() == "5.64"  # 4.90 + 0.50 per item + 0.40 x 0.6 kg
    assert q.total.text() == "44.03"
    assert q.tax.included and q.tax.country == "PT" and q.tax.amount.text() == "8.23"  # 44.03 x 23/123
    de = quote(catalog=mug(), selection=FULL, quantity=1, context=context(country="DE"))
    assert de.total == q.total and de.tax.amount.text() == "7.03"  # 44.03 x 19/119


def test_net_prices_get_vat_added():
    q = quote(catalog=net_mug(), selection=FULL, quantity=1, context=context(country="DE"))
    assert not q.tax.included
    assert q.tax.amount.text() == "8.37"  # 19 % of 44.03
    assert q.total.text() == "52.40"


def test_rule_forbidden_or_incomplete_selections_get_no_price():
    with pytest.raises(QuoteError) as caught:
        quote(catalog=mug(), selection={**PLAIN, "extras": ["lid"]}, quantity=1, context=context())
    assert caught.value.code is QuoteErrorCode.INVALID_SELECTION
    assert [v.rule for v in caught.value.violations] == ["no-lid-small"]
    assert caught.value.violations[0].message == "Lids fit the large mugs only."
    with pytest.raises(QuoteError) as caught:
        quote(catalog=mug(), selection={"size": "small"}, quantity=1, context=context())
    assert {v.rule for v in caught.value.violations} == {"module:coasters", "module:handle"}
    with pytest.raises(QuoteError) as caught:
        quote(catalog=mug(), selection={**PLAIN, "engraving": "AB"}, quantity=1, context=context())
    assert [v.kind for v in caught.value.violations] == ["visibility"]
    with pytest.raises(QuoteError) as caught:
        quote(catalog=mug(), selection={**PLAIN, "size": "huge"}, quantity=1, context=context())
    assert "not an option" in caught.value.violations[0].message


def test_bad_quantity_country_and_delivery_mode():
    for bad in (0, -1, True):
        with pytest.raises(QuoteError) as caught:
            quote(catalog=mug(), selection=FULL, quantity=bad, context=context())
        assert caught.value.code is QuoteErrorCode.BAD_QUANTITY
    with pytest.raises(QuoteError) as caught:
        quote(catalog=mug(), selection=FULL, quantity=1, context=context(country="US"))
    assert caught.value.code is QuoteErrorCode.UNKNOWN_COUNTRY
    with pytest.raises(QuoteError) as caught:
        quote(catalog=mug(), selection=FULL, quantity=1, context=context(delivery="drone"))
    assert caught.value.code is QuoteErrorCode.UNKNOWN_DELIVERY_MODE
    assert caught.value.as_json()["error"] == "unknown-delivery-mode"


def test_minor_units_snapshot_adds_up():
    q = quote(catalog=mug(), selection=FULL, quantity=7, context=context())
    snap = q.to_minor_units()
    assert snap["subtotal"] == sum(line["amount"] for line in snap["lines"]) == 19883
    assert snap["total"] == snap["subtotal"] - snap["discount_total"] + snap["shipping"]
    assert Decimal(q.as_json()["total"]) * 100 == snap["total"]

"""Shop settings: defaults load; mistakes are reported at file:line:column."""

from __future__ import annotations

from decimal import Decimal

import pytest

from modules.errors import CatalogError, ProblemCode
from pricing.shop import load_shop, load_shop_text
from tests.test_pricing.pricing_factories import MINIMAL_SHOP


def test_default_settings():
    shop = load_shop()
    for country in ["DE", "FR", "ES", "IT", "PT", "NL", "BE", "AT", "IE", "PL", "SE"]:
        assert shop.vat_rate(country) is not None
    assert shop.vat_rate("DE") == Decimal(19) and shop.vat_rate("SE") == Decimal(25)
    assert {m.code for m in shop.delivery_modes} == {"standard", "express", "air"}
    assert shop.delivery_mode(shop.default_delivery) is not None
    assert shop.coupon("welcome10") is not None  # codes are case-insensitive for buyers


GOOD = MINIMAL_SHOP


def test_minimal_settings_load():
    assert load_shop_text(GOOD, file="shop.yaml").home_country == "DE"


@pytest.mark.parametrize(
    ("text", "code", "where", "words"),
    [
        (GOOD.replace("fee_per_shipment", "fee_per_shipmnt"), ProblemCode.UNKNOWN_KEY, (4, 39), "fee_per_shipmnt"),
        (
            GOOD.replace("default_delivery: standard", "default_delivery: drone"),
            ProblemCode.UNKNOWN_REFERENCE,
            (5, 19),
            "drone",
        ),
        (GOOD.replace("home_country: DE", "home_country: FR"), ProblemCode.UNKNOWN_REFERENCE, (1, 15), "FR"),
        (GOOD.replace("fee_per_shipment: 4.90", "fee_per_shipment: -1"), ProblemCode.TYPE, (4, 57), "fee_per_shipment"),
        (GOOD.replace("transit_days_max: 3", "transit_days_max: 0"), ProblemCode.TYPE, (4, 5), "transit_days_min"),
        (GOOD + "coupons:\n  - {code: X1, label: X, kind: percent, amount: 5}\n", ProblemCode.TYPE, (7, 5), "percent"),
    ],
)
def test_mistakes_are_located(text, code, where, words):
    with pytest.raises(CatalogError) as caught:
        load_shop_text(text, file="shop.yaml")
    problem = caught.value.problems[0]
    assert problem.code == code
    assert (problem.line, problem.column) == where
    assert words in problem.message
    assert str(problem).startswith(f"shop.yaml:{where[0]}:{where[1]}: ")


def test_duplicate_codes_and_bad_yaml():
    doubled = GOOD.replace(
        "default_delivery", "  - {code: standard, label: B, transit_days_min: 1, transit_days_max: 2}\ndefault_delivery"
    )
    with pytest.raises(CatalogError) as caught:
        load_shop_text(doubled, file="shop.yaml")
    assert caught.value.codes == {ProblemCode.DUPLICATE_CODE}
    with pytest.raises(CatalogError) as caught:
        load_shop_text("home_country: [", file="shop.yaml")
    assert caught.value.codes == {ProblemCode.SYNTAX}

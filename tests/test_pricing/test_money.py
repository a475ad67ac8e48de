"""Money: exact amounts, one currency, half-up rounding to the minor unit, minor-unit storage."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pricing.money import CurrencyMismatchError, Money, minor_unit


def test_floats_are_refused():
    with pytest.raises(TypeError, match="not float"):
        Money(0.1, "EUR")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Money("1.00", "EUR") * 1.5  # type: ignore[operator]


def test_exact_arithmetic_and_text():
    assert Money("0.10", "EUR") + Money("0.20", "EUR") == Money("0.30", "EUR")
    assert (Money("19.90", "EUR") * 3).text() == "59.70"
    assert str(Money("50", "EUR")) == "EUR 50.00"
    assert Money("1.005", "EUR").exact_text() == "1.005"
    assert Money(0, "EUR").exact_text() == "0.00"


def test_currencies_never_mix():
    with pytest.raises(CurrencyMismatchError):
        Money("1", "EUR") + Money("1", "USD")
    with pytest.raises(CurrencyMismatchError):
        _ = Money("1", "EUR") < Money("2", "GBP")
    assert Money("1", "EUR") != Money("1", "USD")


@pytest.mark.parametrize(
    ("amount", "currency", "rounded"),
    [
        ("0.125", "EUR", "0.13"),
        ("0.124", "EUR", "0.12"),
        ("-0.125", "EUR", "-0.13"),
        ("2.5", "JPY", "3"),
        ("1499.5", "JPY", "1500"),
        ("0.0005", "BHD", "0.001"),
    ],
)
def test_rounding_is_half_up_to_the_minor_unit(amount, currency, rounded):
    assert Money(amount, currency).rounded().amount == Decimal(rounded)


def test_minor_units_round_trip():
    assert minor_unit("EUR") == 2 and minor_unit("JPY") == 0 and minor_unit("BHD") == 3
    assert Money("19.90", "EUR").to_minor() == 1990
    assert Money.from_minor(1990, "EUR") == Money("19.90", "EUR")
    assert Money.from_minor(1500, "JPY").text() == "1500"
    with pytest.raises(ValueError, match="not rounded"):
        Money("0.125", "EUR").to_minor()
    with pytest.raises(TypeError):
        Money.from_minor(True, "EUR")


def test_unknown_currency_and_bad_amounts_are_refused():
    with pytest.raises(ValueError, match="unknown currency"):
        Money("1", "XXX")
    with pytest.raises(ValueError):
        Money("NaN", "EUR")
    with pytest.raises(ValueError):
        Money("abc", "EUR")


def test_money_is_immutable_and_hashable():
    m = Money("1", "EUR")
    with pytest.raises(AttributeError):
        m.amount = Decimal(2)  # type: ignore[misc]
    assert len({Money("1.0", "EUR"), Money("1.00", "EUR")}) == 1
    assert Money("3", "EUR").percent(10) == Money("0.3", "EUR")

"""Amounts, numbers and dates read the way each buyer language writes them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from pricing import formatting
from pricing.money import Money

NBSP = "\xa0"


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "€19,900.00"),
        ("es", f"19.900,00{NBSP}€"),
        ("pt", f"19{NBSP}900,00{NBSP}€"),
        ("ru", f"19{NBSP}900,00{NBSP}€"),
        ("zh_Hans", "€19,900.00"),
    ],
)
def test_a_price_reads_per_language_never_as_bare_code(lang, expected):
    text = formatting.money(Money("19900", "EUR"), lang)
    assert text == expected
    assert "EUR" not in text


def test_each_currency_keeps_its_minor_unit_and_symbol():
    assert formatting.money(Money("1500", "JPY"), "en") == "¥1,500"
    assert formatting.money(Money("1500.5", "RUB"), "ru") == f"1{NBSP}500,50{NBSP}₽"
    assert formatting.money(Money("88", "CNY"), "zh_Hans") == "¥88.00"
    assert formatting.money(Money("0.125", "EUR"), "en") == "€0.13"  # rounded half-up once


def test_price_effects_carry_their_sign_in_every_language():
    assert formatting.effect(Money("3", "EUR"), "es") == f"+3,00{NBSP}€"
    assert formatting.effect(Money("-2.5", "EUR"), "ru") == f"-2,50{NBSP}€"
    assert formatting.effect(Money("0.001", "EUR"), "en") == ""


def test_dates_and_numbers_per_language():
    day = dt.date(2026, 12, 3)
    assert formatting.date(day, "en") == "Dec 3, 2026"
    assert formatting.date(day, "es") == "3 dic 2026"
    assert formatting.date(day, "zh_Hans") == "2026年12月3日"
    assert formatting.day(day, "ru") == "чт, 3 дек."
    assert formatting.number(Decimal("1234.5"), "pt") == f"1{NBSP}234,5"
    assert formatting.number(Decimal("1234.5"), "es") == "1.234,5"
    assert formatting.number(Decimal("12345.5"), "es") == "12.345,5"


@pytest.mark.parametrize("code", [None, "", "xx", "<script>", "de_DE", "en" * 500])
def test_an_unknown_language_falls_back_to_english(code):
    assert formatting.language(code) == "en"
    assert formatting.money(Money("1", "EUR"), code) == "€1.00"

"""How amounts and dates read on the pages: `pricing.formatting` in the tab's language."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from pricing import formatting
from pricing.money import Money
from store.states import STATUS_LABELS, status_label
from ui.language import current

__all__ = [
    "STATUS_LABELS",
    "cents",
    "counted",
    "date",
    "day",
    "effect",
    "moment",
    "money",
    "number",
    "status_label",
    "tenths",
]


def money(amount: Money) -> str:
    """
    >>> money(Money("1234.5", "EUR"))
    '€1,234.50'
    >>> money(Money("-3", "USD"))
    '-$3.00'
    """
    return formatting.money(amount, current())


def cents(minor: int, currency: str) -> str:
    """An amount stored in minor units: `cents(19900_00, "EUR")` reads '€19,900.00'."""
    return formatting.minor(minor, currency, current())


def effect(amount: Money) -> str:
    """A price effect next to an option: '+€3.00', '-€2.50' when cheaper, '' when it changes nothing.

    >>> effect(Money("3", "EUR")), effect(Money("-2.5", "EUR")), effect(Money("0", "EUR"))
    ('+€3.00', '-€2.50', '')
    """
    return formatting.effect(amount, current())


def number(value: int | Decimal) -> str:
    """A count or a quantity with the language's separators: '10,128', '10.128', '10 128'."""
    return formatting.number(value, current())


def tenths(value: Decimal) -> str:
    """An average of stars with one decimal: '4.6' ('4,6' in Spanish)."""
    return formatting.tenths(value, current())


def day(value: dt.date) -> str:
    return formatting.day(value, current())


def date(value: dt.date) -> str:
    return formatting.date(value, current())


def moment(value: dt.datetime) -> str:
    return formatting.moment(value, current())


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """A count with its noun, as staff pages write it (they are in English).

    >>> counted(1, "material"), counted(51, "material"), counted(0, "guest"), counted(2, "need", "needs")
    ('1 material', '51 materials', '0 guests', '2 needs')
    >>> counted(1200, "order")
    '1,200 orders'
    """
    return f"{n:,} {noun if n == 1 else plural or noun + 's'}"

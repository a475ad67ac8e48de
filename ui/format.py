"""How amounts and dates read on the pages."""

from __future__ import annotations

import datetime as dt

from pricing.money import Money
from store.states import STATUS_LABELS, status_label

__all__ = ["STATUS_LABELS", "day", "effect", "money", "status_label"]


def money(amount: Money) -> str:
    """
    >>> money(Money("1234.5", "EUR"))
    '€1,234.50'
    >>> money(Money("-3", "USD"))
    '-$3.00'
    """
    return amount.display()


def effect(amount: Money) -> str:
    """A price effect next to an option: '+€3.00', '-€2.50' when cheaper, '' when it changes nothing.

    >>> effect(Money("3", "EUR")), effect(Money("-2.5", "EUR")), effect(Money("0", "EUR"))
    ('+€3.00', '-€2.50', '')
    """
    return f"+{money(amount)}" if amount.amount > 0 else money(amount) if amount.amount < 0 else ""


def day(value: dt.date) -> str:
    return f"{value:%a} {value.day} {value:%b}"

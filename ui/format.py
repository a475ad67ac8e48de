"""How amounts and dates read on the pages."""

from __future__ import annotations

import datetime as dt

from pricing.money import Money

SYMBOLS = {"EUR": "€", "GBP": "£", "USD": "$"}


def money(amount: Money) -> str:
    """
    >>> money(Money("1234.5", "EUR"))
    '€1,234.50'
    >>> money(Money("-3", "USD"))
    '-$3.00'
    """
    rounded = amount.rounded().amount
    sign = "-" if rounded < 0 else ""
    places = max(0, -int(rounded.as_tuple().exponent)) if isinstance(rounded.as_tuple().exponent, int) else 2
    number = f"{abs(rounded):,.{places}f}"
    symbol = SYMBOLS.get(amount.currency)
    return f"{sign}{symbol}{number}" if symbol else f"{sign}{number} {amount.currency}"


def effect(amount: Money) -> str:
    """A price effect next to an option: '+€3.00', '-€2.50' when cheaper, '' when it changes nothing.

    >>> effect(Money("3", "EUR")), effect(Money("-2.5", "EUR")), effect(Money("0", "EUR"))
    ('+€3.00', '-€2.50', '')
    """
    return f"+{money(amount)}" if amount.amount > 0 else money(amount) if amount.amount < 0 else ""


def day(value: dt.date) -> str:
    return f"{value:%a} {value.day} {value:%b}"

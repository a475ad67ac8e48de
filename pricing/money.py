"""Money: an exact Decimal amount in one ISO 4217 currency.

Floats are refused (they cannot hold 0.10 exactly); currencies never mix; amounts stay exact
through the arithmetic and are rounded half-up to the currency's minor unit once, where a
figure becomes part of a quote. The database stores integer minor units.

>>> price = Money("19.90", "EUR")
>>> (price * 3).amount
Decimal('59.70')
>>> Money("0.125", "EUR").rounded()
Money('0.13', 'EUR')
>>> Money.from_minor(1990, "EUR") == price
True
>>> Money("1500", "JPY").to_minor()
1500
>>> str(Money("50", "EUR"))
'EUR 50.00'
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import total_ordering
from typing import Any

from modules.currency_codes import MINOR_UNITS

# How a buyer reads the currency; a currency without a symbol here shows its code after the number.
CURRENCY_SYMBOLS: dict[str, str] = {"EUR": "€", "GBP": "£", "USD": "$"}


class CurrencyMismatchError(ValueError):
    """Two amounts in different currencies were combined."""


def minor_unit(currency: str) -> int:
    """Decimal places of the currency's minor unit (EUR 2, JPY 0, BHD 3)."""
    try:
        return MINOR_UNITS[currency]
    except KeyError:
        raise ValueError(f"unknown currency {currency!r}; add its minor unit to MINOR_UNITS") from None


def _decimal(value: Any) -> Decimal:
    if isinstance(value, bool | float):
        raise TypeError(f"money needs an exact amount (Decimal, int or text), not {type(value).__name__}")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int | str):
        try:
            result = Decimal(value)
        except InvalidOperation:
            raise ValueError(f"{value!r} is not an amount") from None
    else:
        raise TypeError(f"money needs an exact amount (Decimal, int or text), not {type(value).__name__}")
    if not result.is_finite():
        raise ValueError(f"{value!r} is not a finite amount")
    return result


@total_ordering
class Money:
    """An immutable amount of one currency. Arithmetic is exact; `rounded()` rounds half-up."""

    __slots__ = ("amount", "currency")
    amount: Decimal
    currency: str

    def __init__(self, amount: Decimal | int | str, currency: str) -> None:
        minor_unit(currency)  # refuses unknown currencies early
        object.__setattr__(self, "amount", _decimal(amount))
        object.__setattr__(self, "currency", currency)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("Money is immutable")

    @classmethod
    def zero(cls, currency: str) -> Money:
        return cls(Decimal(0), currency)

    @classmethod
    def from_minor(cls, units: int, currency: str) -> Money:
        """From integer minor units (cents), as the database stores them."""
        if isinstance(units, bool) or not isinstance(units, int):
            raise TypeError("minor units are a whole number")
        return cls(Decimal(units).scaleb(-minor_unit(currency)), currency)

    @classmethod
    def total(cls, items: Iterable[Money], currency: str) -> Money:
        result = cls.zero(currency)
        for item in items:
            result = result + item
        return result

    # -- rounding and storage -----------------------------------------------------------------
    @property
    def places(self) -> int:
        return minor_unit(self.currency)

    def rounded(self) -> Money:
        """Half-up to the currency's minor unit (0.125 EUR -> 0.13; -0.125 EUR -> -0.13)."""
        quantum = Decimal(1).scaleb(-self.places)
        return Money(self.amount.quantize(quantum, rounding=ROUND_HALF_UP), self.currency)

    @property
    def is_rounded(self) -> bool:
        return self.rounded().amount == self.amount

    def to_minor(self) -> int:
        """Integer minor units; the amount must already be rounded (rounding is a decision)."""
        if not self.is_rounded:
            raise ValueError(f"{self.amount} {self.currency} is not rounded to the minor unit")
        return int(self.amount.scaleb(self.places))

    def text(self) -> str:
        """The rounded amount as a plain decimal string, e.g. '59.70' (for JSON)."""
        return format(self.rounded().amount, "f")

    def display(self) -> str:
        """The rounded amount as a buyer reads it: symbol, thousands separators, minor unit.

        >>> Money("1234.5", "EUR").display(), Money("-3", "USD").display(), Money("1500", "JPY").display()
        ('€1,234.50', '-$3.00', '1,500 JPY')
        """
        rounded = self.rounded().amount
        sign = "-" if rounded < 0 else ""
        number = f"{abs(rounded):,.{self.places}f}"
        symbol = CURRENCY_SYMBOLS.get(self.currency)
        return f"{sign}{symbol}{number}" if symbol else f"{sign}{number} {self.currency}"

    def exact_text(self) -> str:
        """The exact amount with at least the minor unit's places, e.g. '0.00' or '1.005'."""
        if self.amount.as_tuple().exponent in ("n", "N", "F"):
            return format(self.amount, "f")
        places = max(self.places, -int(self.amount.normalize().as_tuple().exponent))
        return format(self.amount.quantize(Decimal(1).scaleb(-places)), "f")

    # -- arithmetic ---------------------------------------------------------------------------
    def _same(self, other: object) -> Money:
        if not isinstance(other, Money):
            raise TypeError(f"cannot combine Money with {type(other).__name__}")
        if other.currency != self.currency:
            raise CurrencyMismatchError(f"cannot combine {self.currency} with {other.currency}")
        return other

    def __add__(self, other: Money) -> Money:
        return Money(self.amount + self._same(other).amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        return Money(self.amount - self._same(other).amount, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def __mul__(self, factor: Decimal | int) -> Money:
        if isinstance(factor, Money):
            raise TypeError("cannot multiply money by money")
        return Money(self.amount * _decimal(factor), self.currency)

    __rmul__ = __mul__

    def percent(self, rate: Decimal | int) -> Money:
        """`rate` percent of this amount, exact (round it where it becomes a figure)."""
        return Money(self.amount * _decimal(rate) / 100, self.currency)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Money):
            return NotImplemented
        return self.currency == other.currency and self.amount == other.amount

    def __lt__(self, other: Money) -> bool:
        return self.amount < self._same(other).amount

    def __hash__(self) -> int:
        return hash((self.amount, self.currency))

    def __bool__(self) -> bool:
        return bool(self.amount)

    def __repr__(self) -> str:
        return f"Money('{self.amount}', '{self.currency}')"

    def __str__(self) -> str:
        return f"{self.currency} {self.text()}"

    def min(self, other: Money) -> Money:
        return self if self <= other else other

    def max(self, other: Money) -> Money:
        return self if self >= other else other

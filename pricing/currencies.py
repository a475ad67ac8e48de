"""Selling in more than one currency: the shop's rates and rounding rule (`shop.yaml`).

Catalog prices are written in the shop currency. A buyer who pays in another one sees every
catalog amount (base, options, formulas, fees, coupons, offers) converted at the shop's rate and
rounded half-up to the currency's `round_to` (whole roubles, tenths of a yuan), each amount on
its own, before any sum: totals, VAT and discounts are then computed in the sale currency exactly
as in the shop currency, so an order's figures always add up in the currency it was sold in.

>>> rule = CurrencyRate(rate=Decimal("98.5"), round_to=Decimal(1))
>>> rule.convert(Decimal("19.90"))
Decimal('1960')
>>> CurrencyRate(rate=Decimal("7.83"), round_to=Decimal("0.1")).convert(Decimal("19.90"))
Decimal('155.8')
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Annotated

from pydantic import Field, StringConstraints, model_validator

from modules.base import Frozen

CurrencyCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]


class CurrencyRate(Frozen):
    """How many units of this currency one unit of the shop currency buys, and its rounding."""

    rate: Decimal = Field(gt=0, le=1_000_000, max_digits=14, decimal_places=6)
    round_to: Decimal = Field(
        default=Decimal("0.01"),
        gt=0,
        le=1000,
        max_digits=10,
        decimal_places=4,
        description="prices are multiples of it",
    )

    @model_validator(mode="after")
    def _round_to_a_power_of_ten(self) -> CurrencyRate:
        normalized = self.round_to.normalize()
        if normalized.as_tuple().digits != (1,):
            raise ValueError(f"round_to {self.round_to} is not a power of ten (0.01, 0.1, 1, 10 ...)")
        return self

    def convert(self, amount: Decimal) -> Decimal:
        """`amount` of the shop currency in this one, rounded half-up to `round_to`."""
        return self.round(amount * self.rate)

    def round(self, amount: Decimal) -> Decimal:
        """An amount of this currency rounded half-up to `round_to` (a percentage of a listed price).

        >>> CurrencyRate(rate=Decimal("98.5"), round_to=Decimal(1)).round(Decimal("149.5"))
        Decimal('150')
        """
        steps = (amount / self.round_to).quantize(Decimal(1), rounding=ROUND_HALF_UP)
        return (steps * self.round_to).normalize() + Decimal(0).quantize(self.round_to.normalize())

    def exact(self, amount: Decimal) -> Decimal:
        """`amount` converted without rounding (a loyalty point's value, which is multiplied first)."""
        return amount * self.rate


@dataclass(frozen=True, slots=True)
class Exchange:
    """The rate a sale was made at: `rate` units of the sale currency per unit of `shop_currency`
    (1 for a sale in the shop currency). An order keeps it in its pricing (`as_json`), so reports
    count a past sale at the rate it was sold at, whatever the shop's rates are today.

    >>> Exchange("EUR", Decimal("98.5")).as_json()
    {'shop_currency': 'EUR', 'rate': '98.5'}
    >>> Exchange.from_json({'shop_currency': 'EUR', 'rate': '98.5'}), Exchange.from_json(None)
    (Exchange(shop_currency='EUR', rate=Decimal('98.5')), None)
    """

    shop_currency: str
    rate: Decimal

    def as_json(self) -> dict[str, str]:
        return {"shop_currency": self.shop_currency, "rate": format(self.rate, "f")}

    @classmethod
    def from_json(cls, data: object) -> Exchange | None:
        """The exchange an order kept; None for an order placed before rates were kept (or an
        unreadable one: a rate that is not a positive decimal string)."""
        if not isinstance(data, dict):
            return None
        shop_currency, rate = data.get("shop_currency"), data.get("rate")
        if not isinstance(shop_currency, str) or not isinstance(rate, str):
            return None
        try:
            value = Decimal(rate)
        except InvalidOperation:
            return None
        return cls(shop_currency, value) if value.is_finite() and value > 0 else None


def _unchanged(amount: Decimal) -> Decimal:
    return amount


@dataclass(frozen=True, slots=True)
class SaleCurrency:
    """The currency a buyer pays in, as pricing needs it: `convert` takes a catalog-currency amount
    to this one by the shop's rate and rounding rule; `round` applies that rule to an amount
    already in it. For the catalog currency itself both leave amounts as they are.

    >>> usd = SaleCurrency("USD", CurrencyRate(rate=Decimal("1.08")).convert, CurrencyRate(rate=Decimal("1.08")).round)
    >>> usd.convert(Decimal("14.90")), SaleCurrency.same("EUR").convert(Decimal("14.90"))
    (Decimal('16.09'), Decimal('14.90'))
    """

    code: str
    convert: Callable[[Decimal], Decimal]
    round: Callable[[Decimal], Decimal]

    @classmethod
    def same(cls, code: str) -> SaleCurrency:
        return cls(code, _unchanged, _unchanged)

"""The result of a quote, and its two serialisations: JSON for people and tools (amounts as
decimal strings) and integer minor units for an order snapshot in the database."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from modules.expr import Value
from pricing.currencies import Exchange
from pricing.delivery import DeliveryEstimate
from pricing.lines import Line
from pricing.money import Money
from pricing.promotions import Discount, Refusal


@dataclass(frozen=True, slots=True)
class ItemSummary:
    index: int
    product: str  # catalog code
    name: str
    quantity: int
    subtotal: Money  # the item's lines, tier discount included
    weight_kg: Decimal  # all units
    production_days: int
    price_list: str | None
    selection: dict[str, Value] = field(compare=False)


@dataclass(frozen=True, slots=True)
class Shipping:
    mode: str
    label: str
    amount: Money
    free_reason: str | None  # in English; `pricing.labels.free_reason_text` in a buyer's language
    weight_kg: Decimal
    free_from: Money | None = None  # the goods total from which this delivery is free, when that made it free
    free_coupon: str | None = None  # the coupon that made it free


@dataclass(frozen=True, slots=True)
class Tax:
    country: str
    rate: Decimal  # percent
    amount: Money
    included: bool  # True: contained in the prices (gross); False: added to the total (net)

    @property
    def added(self) -> Money:
        return Money.zero(self.amount.currency) if self.included else self.amount


def _value(value: Value) -> Any:
    if isinstance(value, frozenset):
        return sorted(value)
    if isinstance(value, Decimal):
        return format(value, "f")
    return value


@dataclass(frozen=True, kw_only=True)
class Quote:
    currency: str
    prices_include_tax: bool
    date: dt.date
    items: tuple[ItemSummary, ...]
    lines: tuple[Line, ...]
    subtotal: Money  # sum of the lines
    discounts: tuple[Discount, ...]
    refusals: tuple[Refusal, ...]
    discount_total: Money
    shipping: Shipping
    tax: Tax
    total: Money  # subtotal - discount_total + shipping + tax.added
    coupon: str | None  # the coupon that applied (count one use when the order is placed)
    points_redeemed: int
    points_earned: int
    delivery: DeliveryEstimate
    exchange: Exchange  # the shop's rate this quote converted catalog prices at (1 in the shop currency)

    def as_json(self) -> dict[str, Any]:
        """Amounts as decimal strings in the quote's currency."""
        return {
            "currency": self.currency,
            "prices_include_tax": self.prices_include_tax,
            "date": self.date.isoformat(),
            "items": [
                {
                    "index": s.index,
                    "product": s.product,
                    "name": s.name,
                    "quantity": s.quantity,
                    "subtotal": s.subtotal.text(),
                    "weight_kg": format(s.weight_kg, "f"),
                    "production_days": s.production_days,
                    "price_list": s.price_list,
                    "selection": {k: _value(v) for k, v in s.selection.items()},
                }
                for s in self.items
            ],
            "lines": [
                {
                    "item": line.item,
                    "kind": line.kind.value,
                    "code": line.code,
                    "label": line.label,
                    "unit": line.unit.exact_text(),
                    "quantity": line.quantity,
                    "amount": line.amount.text(),
                    "tier_discount": line.tier_discount.text(),
                }
                for line in self.lines
            ],
            "subtotal": self.subtotal.text(),
            "discounts": [
                {"kind": d.kind.value, "code": d.code, "label": d.label, "amount": d.amount.text()}
                for d in self.discounts
            ],
            "refusals": [{"promotion": r.promotion, "code": r.code.value, "message": r.message} for r in self.refusals],
            "discount_total": self.discount_total.text(),
            "shipping": {
                "mode": self.shipping.mode,
                "label": self.shipping.label,
                "amount": self.shipping.amount.text(),
                "free_reason": self.shipping.free_reason,
                "weight_kg": format(self.shipping.weight_kg, "f"),
            },
            "tax": {
                "country": self.tax.country,
                "rate": format(self.tax.rate, "f"),
                "amount": self.tax.amount.text(),
                "included": self.tax.included,
            },
            "total": self.total.text(),
            "coupon": self.coupon,
            "loyalty": {"redeemed": self.points_redeemed, "earned": self.points_earned},
            "delivery": self.delivery.as_json(),
            "exchange": self.exchange.as_json(),
        }

    def to_minor_units(self) -> dict[str, Any]:
        """The figures of an order snapshot as integer minor units (cents for EUR)."""
        return {
            "currency": self.currency,
            "lines": [
                {
                    "item": line.item,
                    "kind": line.kind.value,
                    "code": line.code,
                    "label": line.label,
                    "quantity": line.quantity,
                    "amount": line.amount.to_minor(),
                    "tier_discount": line.tier_discount.to_minor(),
                }
                for line in self.lines
            ],
            "subtotal": self.subtotal.to_minor(),
            "discounts": [
                {"kind": d.kind.value, "code": d.code, "amount": d.amount.to_minor()} for d in self.discounts
            ],
            "discount_total": self.discount_total.to_minor(),
            "shipping": self.shipping.amount.to_minor(),
            "tax": self.tax.amount.to_minor(),
            "tax_included": self.tax.included,
            "total": self.total.to_minor(),
        }

"""The result of a quote, and its two serialisations: JSON for people and tools (amounts as
decimal strings) and integer minor units for an order snapshot in the database."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from modules.expr import Value
from pricing.currencies import Exchange
from pricing.delivery import DeliveryEstimate
from pricing.lines import Line
from pricing.money import Money
from pricing.promotions import Discount, DiscountKind, Refusal


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
    free_coupon_label: str | None = None  # that coupon's English name
    free_coupon_labels: tuple[tuple[str, str], ...] = ()  # its names by language, as the merchant gave them


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


def _figure_json(value: Decimal | Money) -> Any:
    if isinstance(value, Money):
        return {"amount": value.exact_text(), "currency": value.currency}
    return format(value, "f")


def discount_json(discount: Discount) -> dict[str, Any]:
    """A discount as a stored quote keeps it: with what names it in every language (the merchant's
    names, the terms a name is worded from), so an order names it as it was sold."""
    return {
        "kind": discount.kind.value,
        "code": discount.code,
        "label": discount.label,
        "amount": discount.amount.text(),
        "value": None if discount.value is None else format(discount.value, "f"),
        "labels": dict(discount.labels),
        "terms": {name: _figure_json(value) for name, value in discount.terms},
        "converted": discount.converted,
    }


def free_shipping_json(shipping: Shipping) -> dict[str, Any]:
    """Why delivery was free, in figures and names (the English `free_reason` aside)."""
    return {
        "free_from": None if shipping.free_from is None else shipping.free_from.text(),
        "free_coupon": shipping.free_coupon,
        "free_coupon_label": shipping.free_coupon_label,
        "free_coupon_labels": dict(shipping.free_coupon_labels),
    }


def _figure_of(raw: Any) -> Decimal | Money:
    if isinstance(raw, dict):
        return Money(Decimal(str(raw["amount"])), str(raw["currency"]))
    return Decimal(str(raw))


def _names_of(raw: Any) -> tuple[tuple[str, str], ...]:
    if not isinstance(raw, dict):
        raise TypeError("names are a mapping")
    return tuple(sorted((str(code), str(name)) for code, name in raw.items()))


def recorded_discounts(recorded: Mapping[str, Any]) -> tuple[Discount, ...] | None:
    """The discounts of a stored quote (`Quote.as_json`, an order's `pricing`) read back with their
    names; None when the record does not keep what names them (an order placed before it did) or
    cannot be read.

    >>> from pricing.promotions import DiscountKind
    >>> offer = Discount(DiscountKind.OFFER, "spend-500", "€60 off orders from €500", Money("60", "EUR"),
    ...     labels=(("es", "Oferta"),), terms=(("amount", Money("60", "EUR")), ("threshold", Money("500", "EUR"))))
    >>> recorded_discounts({"currency": "EUR", "discounts": [discount_json(offer)]}) == (offer,)
    True
    >>> recorded_discounts({"currency": "EUR", "discounts": [{"kind": "offer", "code": "x", "amount": "5.00"}]})
    """
    rows = recorded.get("discounts")
    currency = recorded.get("currency")
    if not isinstance(rows, list) or not isinstance(currency, str):
        return None
    out = []
    try:
        for row in rows:
            if not isinstance(row, dict) or "labels" not in row or "terms" not in row:
                return None
            value = row.get("value")
            terms = row["terms"]
            if not isinstance(terms, dict):
                return None
            out.append(
                Discount(
                    DiscountKind(row["kind"]),
                    str(row["code"]),
                    str(row["label"]),
                    Money(Decimal(str(row["amount"])), currency),
                    None if value is None else Decimal(str(value)),
                    _names_of(row["labels"]),
                    tuple((str(name), _figure_of(figure)) for name, figure in terms.items()),
                    bool(row.get("converted", False)),
                )
            )
    except (KeyError, TypeError, ValueError, ArithmeticError):
        return None
    return tuple(out)


def recorded_shipping(recorded: Mapping[str, Any]) -> Shipping | None:
    """The delivery of a stored quote read back with why it was free; None when the record does
    not keep that (an order placed before it did) or cannot be read."""
    row = recorded.get("shipping")
    currency = recorded.get("currency")
    if not isinstance(row, dict) or not isinstance(currency, str) or "free_coupon" not in row:
        return None
    try:
        free_from = row.get("free_from")
        coupon = row.get("free_coupon")
        label = row.get("free_coupon_label")
        return Shipping(
            str(row["mode"]),
            str(row["label"]),
            Money(Decimal(str(row["amount"])), currency),
            None if row.get("free_reason") is None else str(row["free_reason"]),
            Decimal(str(row.get("weight_kg", "0"))),
            None if free_from is None else Money(Decimal(str(free_from)), currency),
            None if coupon is None else str(coupon),
            None if label is None else str(label),
            _names_of(row.get("free_coupon_labels") or {}),
        )
    except (KeyError, TypeError, ValueError, ArithmeticError):
        return None


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
            "discounts": [discount_json(d) for d in self.discounts],
            "refusals": [{"promotion": r.promotion, "code": r.code.value, "message": r.message} for r in self.refusals],
            "discount_total": self.discount_total.text(),
            "shipping": {
                "mode": self.shipping.mode,
                "label": self.shipping.label,
                "amount": self.shipping.amount.text(),
                "free_reason": self.shipping.free_reason,
                "weight_kg": format(self.shipping.weight_kg, "f"),
                **free_shipping_json(self.shipping),
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

"""An order's amounts in the shop currency, at the rate the order was sold at.

Every order keeps the shop's rate of its sale in its pricing (`pricing["exchange"]`, written
with the quote when the order is placed). Reports that add up orders sold in several
currencies (analytics, KPIs, customer spend) read that part of the JSON with `SOLD_AT` and turn
an amount into shop-currency minor units with `in_shop_minor`, so a rate changed later leaves
past revenue as it was; an order placed before rates were kept counts at today's rate
(`pricing.shop.ShopSettings.in_shop_minor` does the arithmetic).
"""

from __future__ import annotations

from typing import Any

from sqlmodel import col

from pricing.currencies import Exchange
from pricing.shop import ShopSettings
from store.tables import Order

# The order's kept rate, read in SQL: only that part of the pricing JSON leaves the database.
SOLD_AT: Any = col(Order.pricing)["exchange"]


def in_shop_minor(shop: ShopSettings, minor: int, currency: str, sold_at: object) -> int:
    """`minor` units of `currency` from an order whose `SOLD_AT` read `sold_at`, in shop-currency
    minor units."""
    return shop.in_shop_minor(minor, currency, Exchange.from_json(sold_at))

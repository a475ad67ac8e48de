"""What a quote needs to know beyond the product: the shop, the date, the buyer and the order."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pricing.shop import ShopSettings


@dataclass(frozen=True, kw_only=True)
class QuoteContext:
    shop: ShopSettings
    date: dt.date  # the order date: chooses price lists, checks coupon dates, starts the delivery count
    country: str | None = None  # destination (VAT); None: the shop's home country
    delivery: str | None = None  # delivery mode code; None: the shop's default
    coupon: str | None = None  # the code the buyer typed
    coupon_uses: int = 0  # uses of that coupon so far, by everyone (the store counts them)
    customer_coupon_uses: int = 0  # uses of that coupon so far by this buyer
    signed_in: bool = False  # member price and loyalty points need an account
    loyalty_balance: int = 0  # points the buyer holds
    redeem_points: int = 0  # points the buyer wants to spend on this order
    currency: str | None = None  # what the buyer pays in; None: the destination's (`country_currencies`)

    @property
    def sale_currency(self) -> str:
        return self.currency or self.shop.currency_for(self.destination)

    @property
    def destination(self) -> str:
        return (self.country or self.shop.home_country).upper()

    @property
    def delivery_code(self) -> str:
        return self.delivery or self.shop.default_delivery

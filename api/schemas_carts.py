"""Request and response bodies of the cart routes, and the cart as the server priced it.

Every figure comes from the store's quote (`store.carts.view_cart`); nothing is added up here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from api.responses import MoneyOut, minor, money
from api.schemas_common import LANGUAGE_HELP
from api.schemas_input import MAX_PLACEMENTS, Placements
from pricing.model import Quote
from pricing.money import Money
from store.cart_lines import LineText
from store.carts import CartView

ITEM_EXAMPLE: dict[str, Any] = {
    "product": "tshirt",
    "selection": {"cut": "tee", "fabric": "organic-180", "colour": "black", "size": "m", "print_method": "none"},
    "quantity": 2,
}

ADDRESS_EXAMPLE: dict[str, Any] = {
    "name": "Ana Lima",
    "line1": "Rua A 1",
    "postal_code": "1000-001",
    "city": "Lisboa",
    "country": "PT",
}


class CartItemIn(BaseModel):
    """A configured product to add: the store validates and prices it."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [ITEM_EXAMPLE]})

    product: str = Field(min_length=1, max_length=64, description="product code, e.g. 'tshirt'")
    selection: dict[str, Any] = Field(
        default_factory=dict, description="module code -> option code, list of codes, number or text"
    )
    quantity: int = Field(default=1, ge=1, le=10_000)
    artwork: Placements = Field(
        default_factory=dict,
        max_length=MAX_PLACEMENTS,
        description="print zone code -> the buyer's uploaded picture placed there (each zone priced as its own line)",
    )


class QuantityIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"quantity": 3}]})

    quantity: int = Field(ge=1, le=10_000)


class CouponIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"code": "WELCOME10"}]})

    code: str = Field(
        max_length=32,
        pattern=r"^([A-Za-z0-9][A-Za-z0-9_-]*)?$",
        description="letters, digits, - and _ (any case); empty removes the coupon",
    )


class AddressIn(BaseModel):
    """A delivery address; the store checks every field and says which are wrong."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [ADDRESS_EXAMPLE]},
    )

    name: str = Field(max_length=120)
    line1: str = Field(max_length=200)
    line2: str = Field(default="", max_length=200)
    postal_code: str = Field(max_length=20)
    city: str = Field(max_length=120)
    country: str = Field(pattern=r"^[A-Za-z]{2}$", description="ISO 3166-1 alpha-2, a country the shop delivers to")


class QuoteIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    address: AddressIn
    shipping: str | None = Field(default=None, max_length=64, description="a shipping option's code; none: default")
    currency: str | None = Field(
        default=None,
        pattern=r"^[A-Za-z]{3}$",
        description="ISO 4217 code to pay in (EUR, USD, RUB, CNY), kept by the cart; none: the one the address's "
        "country pays in. A currency the shop does not sell in is refused (`bad-input` on `currency`)",
    )
    language: str | None = Field(default=None, max_length=35, description=LANGUAGE_HELP)


class CartLineOut(BaseModel):
    id: int
    product: str
    product_name: str
    selection: dict[str, Any]
    choices: list[str] = Field(description="the choices in words: 'Size: M'")
    quantity: int
    valid: bool = Field(description="whether the line still makes a product on sale (else: `problems`)")
    problems: list[str]
    unit_price: MoneyOut | None = Field(description="re-priced now; none for a line that cannot be sold")
    line_total: MoneyOut | None
    unit_price_when_added: MoneyOut
    price_changed: bool = Field(description="the unit price now differs from when the line was added")


class DiscountOut(BaseModel):
    kind: str
    code: str
    label: str
    amount: MoneyOut


class ShippingOut(BaseModel):
    mode: str
    label: str
    amount: MoneyOut
    free_reason: str | None


class TaxOut(BaseModel):
    country: str
    rate: str = Field(description="percent, decimal text")
    amount: MoneyOut
    included: bool = Field(description="true: contained in the prices; false: added to the total")


class DeliveryWindowOut(BaseModel):
    mode: str
    production_days: int
    ships_on: dt.date
    earliest: dt.date
    latest: dt.date


class TotalsOut(BaseModel):
    subtotal: MoneyOut
    discounts: list[DiscountOut]
    discount_total: MoneyOut
    shipping: ShippingOut
    tax: TaxOut
    total: MoneyOut = Field(description="what checkout expects as `expected_total`")
    points_earned: int
    delivery: DeliveryWindowOut


class CouponOut(BaseModel):
    code: str
    applied: bool
    message: str | None = Field(description="why it does not apply")


class CartOut(BaseModel):
    token: str = Field(description="the cart's private token: whoever holds it can see and change the cart")
    status: str = Field(description="open | ordered")
    currency: str
    lines: list[CartLineOut]
    coupon: CouponOut | None
    totals: TotalsOut | None = Field(description="none while no line can be sold")
    can_check_out: bool
    country: str = Field(description="where the prices were estimated for")


class CartWithLineOut(CartOut):
    line_id: int = Field(description="the id of the line just added")


class ShippingOptionOut(BaseModel):
    code: str
    label: str
    transit_days_min: int
    transit_days_max: int
    price: MoneyOut | None = Field(description="for this cart; none for an empty cart")
    total: MoneyOut | None
    delivery: DeliveryWindowOut | None


def totals_of(quote: Quote) -> TotalsOut:
    return TotalsOut(
        subtotal=money(quote.subtotal),
        discounts=[
            DiscountOut(kind=d.kind.value, code=d.code, label=d.label, amount=money(d.amount)) for d in quote.discounts
        ],
        discount_total=money(quote.discount_total),
        shipping=ShippingOut(
            mode=quote.shipping.mode,
            label=quote.shipping.label,
            amount=money(quote.shipping.amount),
            free_reason=quote.shipping.free_reason,
        ),
        tax=TaxOut(
            country=quote.tax.country,
            rate=format(quote.tax.rate, "f"),
            amount=money(quote.tax.amount),
            included=quote.tax.included,
        ),
        total=money(quote.total),
        points_earned=quote.points_earned,
        delivery=window_of(quote),
    )


def window_of(quote: Quote) -> DeliveryWindowOut:
    w = quote.delivery
    return DeliveryWindowOut(
        mode=w.mode, production_days=w.production_days, ships_on=w.ships_on, earliest=w.earliest, latest=w.latest
    )


def _coupon(view: CartView) -> CouponOut | None:
    code = view.cart.coupon_code
    if not code:
        return None
    quote = view.quote
    refusal = next((r for r in quote.refusals if r.promotion.upper() == code.upper()), None) if quote else None
    applied = quote is not None and (quote.coupon or "").upper() == code.upper()
    return CouponOut(code=code, applied=applied, message=refusal.message if refusal else None)


def _unpriced(view: CartView) -> str:
    return "this cart has been ordered" if view.cart.status != "open" else "this item cannot be priced"


def cart_out(view: CartView, texts: dict[int, LineText], *, country: str) -> CartOut:
    currency = view.cart.currency
    items = dict(zip((line.id for line in view.priced_lines), view.quote.items if view.quote else (), strict=False))
    lines = []
    for line in view.lines:
        item = items.get(line.id)
        text = texts.get(line.id, LineText(line.product_code, ()))
        unit = Money(item.subtotal.amount / item.quantity, item.subtotal.currency).rounded() if item else None
        lines.append(
            CartLineOut(
                id=line.id,
                product=line.product_code,
                product_name=text.product_name if line.id in texts or item is None else item.name,
                selection=line.selection,
                choices=list(text.choices),
                quantity=line.quantity,
                valid=item is not None,
                problems=view.problems.get(line.id, [] if item else [_unpriced(view)]),
                unit_price=money(unit) if unit is not None else None,
                line_total=money(item.subtotal) if item else None,
                unit_price_when_added=minor(line.quoted_unit_minor, currency),
                price_changed=item is not None
                and item.subtotal.rounded().to_minor() // item.quantity != line.quoted_unit_minor,
            )
        )
    return CartOut(
        token=view.cart.token,
        status=view.cart.status,
        currency=currency,
        lines=lines,
        coupon=_coupon(view),
        totals=totals_of(view.quote) if view.quote else None,
        can_check_out=view.can_check_out,
        country=country,
    )

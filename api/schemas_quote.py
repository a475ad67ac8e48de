"""Response shapes of quotes, validation, shared designs: what a complete design costs, whether a
design can be sold, and a design kept under a share code."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from api.schemas_common import Money
from api.schemas_input import Placement, SelectionOut


class QuoteItem(BaseModel):
    product: str
    name: str
    quantity: int
    subtotal: Money = Field(description="the item's lines, quantity discount included")
    weight_kg: str
    production_days: int
    selection: SelectionOut = Field(description="the product priced: every module valued")


class QuoteLine(BaseModel):
    kind: str = Field(description="base | option | text | quantity | formula | surcharge | setup-fee")
    code: str
    label: str
    unit: Money = Field(description="exact price per item (per order line for setup fees)")
    quantity: int
    amount: Money = Field(description="unit x quantity, rounded once")
    tier_discount: Money = Field(description="this line's share of the quantity discount")


class QuoteDiscount(BaseModel):
    kind: str
    code: str
    label: str
    amount: Money


class QuoteShipping(BaseModel):
    mode: str
    label: str
    amount: Money
    free_reason: str | None


class QuoteTax(BaseModel):
    country: str
    rate: str = Field(description="percent")
    amount: Money
    included: bool = Field(description="true: contained in the prices; false: added to the total")


class QuoteDelivery(BaseModel):
    mode: str
    production_days: int
    ships_on: dt.date
    earliest: dt.date
    latest: dt.date


class QuoteOut(BaseModel):
    """The server's price of a complete design: `total = subtotal - discount_total + shipping +
    tax added` (VAT is contained in gross prices and added to net ones)."""

    currency: str
    prices_include_tax: bool
    date: dt.date
    items: list[QuoteItem]
    lines: list[QuoteLine]
    subtotal: Money
    discounts: list[QuoteDiscount]
    discount_total: Money
    shipping: QuoteShipping
    tax: QuoteTax
    total: Money
    delivery: QuoteDelivery
    valid_until: dt.date = Field(description="the quote's prices hold until this day (as the PDF says)")


class DesignProblem(BaseModel):
    loc: list[str] = Field(description="['selection', module] or ['rules', rule code]")
    kind: str = Field(description="conflict | incomplete | a rule kind | required | picks | visibility")
    message: str


class ValidationOut(BaseModel):
    valid: bool
    selection: SelectionOut | None = Field(description="when valid: the product the design stands for")
    violations: list[DesignProblem]


class ShareOut(BaseModel):
    code: str = Field(description="the share code: anyone with it can open a copy of the design")
    url: str = Field(description="the shop's configure page with the design")
    api_url: str = Field(description="this API's address of the design")
    product: str
    name: str
    created_at: dt.datetime
    artwork: dict[str, Placement] = Field(
        default_factory=dict, description="the pictures kept with the design, as checked (print zone -> placement)"
    )

"""Price rules of a catalog (the `pricing:` section); `pricing/` computes with them.

To add a price rule kind: add a model here and a field on `Pricing`, check its references in
`modules/checks.py`, and apply it in `pricing/`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

from pydantic import Field, StringConstraints, model_validator

from modules.base import Frozen
from modules.fields import Amount, Code, Condition, ExprText, Name, Percent

CurrencyCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]


class Formula(Frozen):
    """A price line computed from the selection, e.g. `width * depth / 10000 * 180` (EUR per m²)."""

    code: Code
    label: Name
    amount: ExprText
    when: Condition | None = None


class Surcharge(Frozen):
    """A surcharge for a combination, e.g. metallic paint on the sport trim."""

    code: Code
    label: Name
    when: Condition
    amount: Amount = Decimal(0)
    percent: Percent | None = Field(default=None, description="of the base price instead of an amount")

    @model_validator(mode="after")
    def _one_amount(self) -> Surcharge:
        if self.percent is not None and self.amount != 0:
            raise ValueError("give either amount or percent, not both")
        return self


class Tier(Frozen):
    """From `min_quantity` items on, each item costs `discount_percent` less."""

    min_quantity: int = Field(ge=2, le=1_000_000)
    discount_percent: Percent


class SetupFee(Frozen):
    """A one-off fee per order line, whatever the quantity (e.g. a print screen)."""

    code: Code
    label: Name
    amount: Amount
    when: Condition | None = None


class PriceList(Frozen):
    """A scheduled price change: from `valid_from` (until `valid_until`, if given) these prices
    replace the catalog's. Keys of `options` are `module.option`; keys of `surcharges` and
    `setup_fees` are their codes.

    With `currency` (e.g. USD) the list gives the prices a buyer paying in that currency sees,
    in that currency; what it does not name is the catalog-currency price in force, converted
    at the shop's rate and rounded by the shop's rule for that currency."""

    code: Code
    label: Name
    currency: CurrencyCode | None = Field(
        default=None, description="the currency of these prices; none: the catalog currency"
    )
    valid_from: dt.date
    valid_until: dt.date | None = None
    base_price: Amount | None = None
    options: dict[str, Amount] = Field(default_factory=dict)
    surcharges: dict[str, Amount] = Field(default_factory=dict, description="amounts by surcharge code")
    setup_fees: dict[str, Amount] = Field(default_factory=dict, description="amounts by setup fee code")

    @model_validator(mode="after")
    def _dates(self) -> PriceList:
        if self.valid_until is not None and self.valid_until < self.valid_from:
            raise ValueError(f"valid_until {self.valid_until} is before valid_from {self.valid_from}")
        return self


class Pricing(Frozen):
    formulas: tuple[Formula, ...] = ()
    surcharges: tuple[Surcharge, ...] = ()
    tiers: tuple[Tier, ...] = ()
    setup_fees: tuple[SetupFee, ...] = ()
    price_lists: tuple[PriceList, ...] = ()

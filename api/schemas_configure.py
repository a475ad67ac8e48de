"""Response shapes of configuring: the state of a design after every choice."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, Field

from api.schemas_common import Money
from api.schemas_input import Placement, SelectionOut
from api.schemas_quote import QuoteOut


class Conflict(BaseModel):
    module: str
    module_name: str
    value: str = Field(description="what the buyer chose, in words")


class RuleRef(BaseModel):
    code: str
    message: str


class Repair(BaseModel):
    change: list[str] = Field(description="modules whose choices are dropped")
    label: str = Field(description="e.g. 'Change Fabric and take Black'")
    selection: SelectionOut = Field(description="the design after the repair, with the wanted choice made")


class Unavailable(BaseModel):
    message: str = Field(description="e.g. 'Black (Colour) is not available because you chose Fabric: Linen.'")
    conflicts: list[Conflict] = Field(description="the buyer's choices that rule it out")
    rules: list[RuleRef]
    repair: Repair | None = Field(description="one change that frees it; null if no change of choices does")


class OptionState(BaseModel):
    code: str
    name: str
    available: bool = Field(description="some valid product has it with the buyer's other choices")
    selected: bool
    forced: bool = Field(description="not chosen, but every valid product has it")
    effect: Money | None = Field(description="price change if chosen (negative: cheaper); null when unavailable")
    unavailable: Unavailable | None = Field(default=None, description="why not, when it is unavailable")


class NumberValue(BaseModel):
    value: str
    effect: Money | None


class Lengths(BaseModel):
    min: int
    max: int


class ModuleState(BaseModel):
    code: str
    name: str
    kind: str
    applicable: bool = Field(description="false: no valid product has a value here (the module is hidden)")
    chosen: str | list[str] | None = Field(description="the buyer's value, if any")
    forced: str | None = Field(description="the only value left, when the buyer has not chosen")
    can_be_empty: bool = Field(description="an optional single choice may still be left without an option")
    options: list[OptionState] = Field(default_factory=list)
    values: list[NumberValue] = Field(default_factory=list, description="numbers still possible, with effects")
    lengths: Lengths | None = Field(default=None, description="text: lengths still possible")


class PriceRange(BaseModel):
    cheapest: Money = Field(description="cheapest valid product extending the choices (items, before shipping)")
    dearest: Money


class DeliveryWindow(BaseModel):
    mode: str
    production_days: int
    ships_on: dt.date
    earliest: dt.date
    latest: dt.date
    final: bool = Field(description="false: the design is unfinished; dates of the design finished with defaults")


class ModuleRef(BaseModel):
    code: str
    name: str


class StateOut(BaseModel):
    product: str
    version: int
    fingerprint: str
    quantity: int
    date: dt.date
    selection: SelectionOut = Field(description="the buyer's choices, as checked")
    full_selection: SelectionOut = Field(
        description="complete: the product the design is; unfinished: finished with the defaults (the preview)"
    )
    complete: bool = Field(description="every decision is made: the design is one valid product")
    still_to_choose: list[ModuleRef]
    count: int | None = Field(description="valid products the design may still become; null: unknown")
    price: PriceRange
    modules: list[ModuleState]
    delivery: DeliveryWindow | None
    quote: QuoteOut | None = Field(description="the full quote once complete")


class FinishOut(BaseModel):
    selection: SelectionOut
    state: StateOut


class DesignOut(BaseModel):
    """A shared design, re-checked against the catalog on sale now: choices that no longer exist or
    no longer fit are dropped, each with a notice."""

    code: str
    name: str
    product: str
    created_at: dt.datetime
    saved_selection: dict[str, Any] = Field(description="the choices as they were saved")
    selection: SelectionOut = Field(description="the choices that still fit the product on sale")
    saved_artwork: dict[str, Any] = Field(
        default_factory=dict, description="the pictures placed in print zones as they were saved"
    )
    artwork: dict[str, Placement] = Field(
        default_factory=dict,
        description="the placed pictures that still fit (print zone -> placement), each checked again like a cart "
        "item's against the choices kept; one that no longer does is left out with a notice",
    )
    notices: list[str]
    on_sale: bool = Field(description="false: the product is no longer sold (no state)")
    state: StateOut | None

"""Request shapes of the configuration routes: a selection, a quantity and a day.

A selection maps module codes to values: an option code (single choice), a list of option codes
(multi choice), a number (numeric and quantity modules: an integer, a decimal or a decimal string)
or text. The shapes only bound the input's size; every value is then checked against the catalog by
the store's own input checks (`modules.selection.parse_value`): unknown modules or options, wrong
types, values out of range, too many picks and unstorable text are refused with where and why.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import Path
from pydantic import BaseModel, ConfigDict, Field, PlainValidator, StringConstraints, WithJsonSchema
from pydantic.config import JsonDict

from modules.catalog import MAX_MODULES
from modules.fields import CODE_PATTERN
from modules.kinds import MAX_OPTIONS
from store.configuration import MAX_QUANTITY

ProductCode = Annotated[
    str, Path(description="product code, e.g. 'tshirt'", max_length=63, pattern=CODE_PATTERN, examples=["tshirt"])
]
MAX_TEXT = 2_000  # characters of one value: far above any text module (500); the module's own limit applies

Code = Annotated[str, StringConstraints(min_length=1, max_length=63)]
Currency = Annotated[str, StringConstraints(pattern=r"^[A-Za-z]{3}$")]
Language = Annotated[str, StringConstraints(max_length=35)]
MAX_NUMBER = 10**15
_VALUE_SCHEMA: JsonDict = {
    "anyOf": [
        {"type": "string", "maxLength": MAX_TEXT},
        {"type": "integer", "minimum": -MAX_NUMBER, "maximum": MAX_NUMBER},
        {"type": "number"},
        {"type": "array", "items": {"type": "string", "minLength": 1, "maxLength": 63}, "maxItems": MAX_OPTIONS},
        {"type": "null"},
    ],
    "description": "option code | list of option codes | number | text; null: no choice",
}


def _bounded(value: Any) -> Any:
    """One value's shape and size, refused in one sentence; what it means is for the catalog."""
    if value is None or isinstance(value, float):
        return value
    if isinstance(value, str):
        if len(value) > MAX_TEXT:
            raise ValueError(f"text of at most {MAX_TEXT:,} characters ({len(value):,} given)")
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        if not -MAX_NUMBER <= value <= MAX_NUMBER:
            raise ValueError("the number is out of range")
        return value
    if isinstance(value, list):
        if len(value) > MAX_OPTIONS:
            raise ValueError(f"at most {MAX_OPTIONS:,} option codes ({len(value):,} given)")
        if not all(isinstance(code, str) and 0 < len(code) <= 63 for code in value):
            raise ValueError("a list holds option codes (text of 1 to 63 characters)")
        return value
    raise ValueError("give an option code, a list of option codes, a number or text")


SelectionValue = Annotated[Any, PlainValidator(_bounded), WithJsonSchema(_VALUE_SCHEMA)]
Selection = Annotated[
    dict[Code, SelectionValue],
    Field(max_length=MAX_MODULES, description="module code -> value", examples=[{"cut": "hoodie", "colour": "black"}]),
]
# A selection as the API answers it: numbers as exact decimal strings, picks as sorted lists.
SelectionOut = dict[str, str | list[str] | None]

MAX_PLACEMENTS = 20  # far above any catalog's print zones; the catalog's own count applies


class Placement(BaseModel):
    """Where an uploaded picture (`uploadArtwork`) sits in a print zone: `x`, `y` its centre as a
    share of the zone (0 to 1 across and down), `scale` its width as a share of the zone's width.
    The store checks that the zone applies and the picture lies wholly inside it."""

    model_config = ConfigDict(allow_inf_nan=False)

    sha256: str = Field(pattern=r"^[0-9a-f]{64}$", description="the `sha256` the upload answered")
    x: float = Field(ge=0, le=1)
    y: float = Field(ge=0, le=1)
    scale: float = Field(gt=0, le=1)


class PlacementIn(Placement):
    __doc__ = Placement.__doc__
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


Placements = dict[str, PlacementIn]

_PICKS: JsonDict = {"cut": "hoodie", "fabric": "fleece", "colour": "black"}
_EXAMPLE: JsonDict = {"selection": _PICKS, "quantity": 2}
_COMPLETE: JsonDict = {"selection": {**_PICKS, "size": "l"}, "quantity": 2}


class DesignRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [_EXAMPLE]})

    selection: Selection = Field(default_factory=dict)
    quantity: int = Field(default=1, ge=1, le=MAX_QUANTITY, description="identical items of this design")
    date: dt.date | None = Field(
        default=None, description="the day of prices and delivery dates: today (default) up to a year ahead"
    )
    currency: Currency | None = Field(
        default=None,
        description="ISO 4217 code the buyer pays in (EUR, USD, RUB, CNY); default: the one the destination "
        "pays in (quotes) or the shop's; a currency the shop does not sell in is refused (`unknown-currency`)",
    )
    language: Language | None = Field(
        default=None,
        description="buyer language of names and labels (en, es, pt, ru, zh_Hans; 'pt-BR' reads as pt); "
        "anything else: English",
    )


class FinishRequest(DesignRequest):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{**_EXAMPLE, "mode": "cheapest"}]})

    mode: Literal["default", "cheapest", "popular"] = Field(
        default="default",
        description="default: the shop's defaults; cheapest: the lowest total the rules allow; "
        "popular: what buyers who made the same choices took most often",
    )


class SelectionRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"selection": _PICKS}]})

    selection: Selection = Field(default_factory=dict)


class QuoteRequest(DesignRequest):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {**_COMPLETE, "country": "PT", "delivery_mode": "standard"},
                {**_COMPLETE, "currency": "USD", "language": "es"},
            ]
        },
    )

    country: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")] | None = Field(
        default=None, description="destination (ISO 3166-1 alpha-2) for VAT and shipping; the shop's by default"
    )
    delivery_mode: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]{0,62}$")] | None = Field(
        default=None, description="a delivery mode of the shop; its default by default"
    )


class ShareRequest(SelectionRequest):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"selection": _PICKS, "name": "Winter hoodie"}]}
    )

    artwork: Placements = Field(
        default_factory=dict,
        max_length=MAX_PLACEMENTS,
        description="print zone code -> the buyer's uploaded picture placed there, as `addCartItem` takes it; "
        "checked like a cart item's (the zone applies to the selection, the picture exists, fits the zone's "
        "limits and lies wholly inside it), else a 422 problem (`bad-input`) whose `field` names the zone",
    )
    name: Annotated[str, StringConstraints(max_length=480)] | None = Field(
        default=None, description="what to call the design (at most 120 characters); 'Shared design' by default"
    )

"""Response shapes of the catalog routes: products on sale, one product's modules and options, and
the published versions of a product family."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.config import JsonDict

from api.schemas_common import Money

_TEE: JsonDict = {"amount": "14.90", "currency": "EUR", "display": "€14.90"}


class ProductRating(BaseModel):
    """What buyers rated a product in their published reviews."""

    count: int = Field(ge=1, description="published reviews")
    average: str = Field(
        description="average overall stars (1 to 5), one decimal", pattern=r"^[1-5]\.[0-9]$", examples=["4.6"]
    )


class ProductSummary(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "code": "tshirt",
                    "name": "Custom T-shirt",
                    "category": "clothing",
                    "description": "Organic T-shirts and hoodies, cut and printed to order in Porto.",
                    "version": 1,
                    "fingerprint": "9f2c…",
                    "currency": "EUR",
                    "from_price": _TEE,
                }
            ]
        }
    )

    code: str
    name: str
    category: str
    description: str
    version: int = Field(description="the catalog version on sale")
    fingerprint: str = Field(description="content hash of that version (sha256)")
    currency: str
    from_price: Money = Field(description="the cheapest valid product of one item (before shipping)")
    rating: ProductRating | None = Field(
        default=None, description="what buyers rated it (overall stars); null before its first review"
    )


class ProductList(BaseModel):
    items: list[ProductSummary]


class OptionPreview(BaseModel):
    layer: str = Field(description="the preview drawing's layer the option paints")
    colour: str | None = None
    texture: str | None = None
    variant: str | None = Field(default=None, description="the shape the layer takes, e.g. hoodie, alloy-17")
    artwork: str | None = Field(
        default=None, description="sha256 of the uploaded picture drawn over the layer (inside preview.svg)"
    )


class OptionInfo(BaseModel):
    code: str
    name: str
    description: str
    kind: Literal["plain", "colour", "material", "spec"]
    default: bool
    conditional: bool = Field(description="offered only with some other choices")
    lead_time_days: int = Field(description="extra production days")
    effect: Money | None = Field(
        description="price effect on an empty design (the live effect with choices: POST .../state); "
        "null when no valid product has it"
    )
    hex: str | None = Field(default=None, description="swatch colour (#RRGGBB)")
    texture: str | None = None
    grade: str | None = None
    finish: str | None = None
    attributes: dict[str, str] = Field(default_factory=dict, description="spec sheet values, as text")
    preview: OptionPreview | None = None


class NumberLimits(BaseModel):
    min: str
    max: str
    step: str
    unit: str
    default: str | None


class TextLimits(BaseModel):
    min_length: int
    max_length: int
    charset: str
    allowed_characters: str = Field(description="every character a buyer may type")
    uppercase: bool = Field(description="the text is set in capitals")
    price_per_character: Money
    price_if_present: Money


class ModuleInfo(BaseModel):
    code: str
    kind: Literal["single", "multi", "numeric", "text", "quantity"]
    name: str
    description: str
    group: str | None = Field(description="the configurator step it is shown in")
    required: bool = Field(description="a valid product needs a value here (when the module applies)")
    multi: bool = Field(description="several options may be picked")
    min_picks: int | None = None
    max_picks: int | None = None
    conditional: bool = Field(description="applies only with some other choices")
    numbers: NumberLimits | None = Field(default=None, description="numeric and quantity modules")
    text: TextLimits | None = Field(default=None, description="text modules")
    options: list[OptionInfo] = Field(default_factory=list, description="single and multi choice modules")


class ProductDetail(BaseModel):
    code: str
    name: str
    category: str
    description: str
    version: int
    fingerprint: str
    on_sale: bool = Field(description="this version is the one on sale now")
    effective_from: dt.datetime = Field(description="when this version went on sale")
    currency: str
    prices_include_tax: bool
    base_name: str
    base_description: str
    base_price: Money
    from_price: Money
    preview: str | None = Field(description="the preview drawing of the family, if any")
    modules: list[ModuleInfo]


class VersionInfo(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "version": 2,
                    "fingerprint": "9f2c…",
                    "effective_from": "2026-11-02T09:00:00Z",
                    "withdrawn_at": None,
                    "on_sale": True,
                }
            ]
        }
    )

    version: int
    fingerprint: str
    effective_from: dt.datetime = Field(description="when it went on sale (its publication date)")
    withdrawn_at: dt.datetime | None = Field(description="when it stopped being sold, if it was withdrawn")
    on_sale: bool


class VersionList(BaseModel):
    code: str
    items: list[VersionInfo] = Field(description="newest first; published versions never change")

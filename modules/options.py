"""Options of choice modules, as a tagged union on `kind` (default `plain`)."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import Discriminator, Field, Tag, model_validator

from modules.base import Frozen, MaterialUse, Preview
from modules.fields import Amount, AttributeName, Code, Condition, Days, Description, Hex, Name, Percent, Quantity


class OptionBase(Frozen):
    code: Code
    name: Name
    description: Description = ""
    price: Amount = Field(default=Decimal(0), description="fixed surcharge in the catalog currency")
    price_percent: Percent | None = Field(default=None, description="surcharge as a percentage of the base price")
    lead_time_days: Days = 0
    weight_kg: Quantity = Decimal(0)
    materials: tuple[MaterialUse, ...] = ()
    default: bool = False
    preview: Preview | None = None
    visible_if: Condition | None = None
    attributes: dict[AttributeName, Decimal | str] = Field(
        default_factory=dict, description="values rules and formulas read, e.g. {watts: 650}"
    )

    @model_validator(mode="after")
    def _one_price(self) -> OptionBase:
        if self.price_percent is not None and self.price != 0:
            raise ValueError("give either price or price_percent, not both")
        return self


class PlainOption(OptionBase):
    kind: Literal["plain"] = "plain"


class ColourOption(OptionBase):
    kind: Literal["colour"]
    hex: Hex
    texture: Code | None = None


class MaterialOption(OptionBase):
    kind: Literal["material"]
    grade: Name | None = None
    finish: Name | None = None
    hex: Hex | None = None


class SpecOption(OptionBase):
    """A technical choice (CPU, wheel size...): its `attributes` are shown as a spec sheet."""

    kind: Literal["spec"]


def _option_kind(value: Any) -> str:
    if isinstance(value, dict):
        kind = value.get("kind", "plain")
        return kind if isinstance(kind, str) else "?"
    return str(getattr(value, "kind", "plain"))


Option = Annotated[
    Annotated[PlainOption, Tag("plain")]
    | Annotated[ColourOption, Tag("colour")]
    | Annotated[MaterialOption, Tag("material")]
    | Annotated[SpecOption, Tag("spec")],
    Discriminator(_option_kind),
]
